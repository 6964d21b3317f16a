"""Time `tomldoc.patch` on big plans, in process: writes touching every screening, and one.

    python benchmarks/patch_scaling.py                  # 1,000 and 10,000 screenings
    python benchmarks/patch_scaling.py --sizes 20000

For each size it generates a plan (the layout of benchmarks/run.py: a table per screening)
and times the writes that touch every screening: the first export (a
`[screenings.<id>.calendar]` table added to each), changing one value in each, adding a key to
each, removing every other screening and renaming each; these cost time in proportion to the
plan. Then the writes of one command on one screening (`update`, `remove`, `new`), which share
the rest of the data as the commands do: these cost time in proportion to the change, plus a
few passes of `re` over the text. Each result is parsed back and compared with the data, as
`store.render` does; each time is the best of `--runs`.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import time

import tomli

from screenkit.planfile.tomldoc import patch


def plan_text(n: int) -> str:
    lines = ["[organiser]", 'name = "Benchmark"', 'email = "b@example.org"', "",
             "[films.homs]", 'title = "Return to Homs"', "runtime = 94", ""]  # fmt: skip
    for k in range(n):
        lines += [f"# screening {k}", f"[screenings.s{k:05d}]", 'film = "homs"',
                  f'venue = "v{k % 200}"', f"date = 2027-06-{k % 28 + 1:02d}",
                  'start = "19:00"  # doors at 18:30', f'uid = "u-{k}"', ""]  # fmt: skip
    return "\n".join(lines)


def first_export(data: dict) -> dict:
    stamp = dt.datetime(2026, 11, 25, 10, tzinfo=dt.UTC)
    screenings = {
        sid: {
            **s,
            "calendar": {
                "sequence": 0,
                "stamp": stamp,
                "sent": "2027-06-01T19:00/2027-06-01T21:24 Europe/London at v1, confirmed",
            },
        }
        for sid, s in data["screenings"].items()
    }
    return {**data, "screenings": screenings}


def change_start(data: dict) -> dict:
    new = copy.deepcopy(data)
    for s in new["screenings"].values():
        s["start"] = "19:30"
    return new


def remove_half(data: dict) -> dict:
    kept = {sid: s for k, (sid, s) in enumerate(data["screenings"].items()) if k % 2}
    return {**data, "screenings": kept}


def add_key(data: dict) -> dict:
    return {
        **data,
        "screenings": {sid: {**s, "audience": 90} for sid, s in data["screenings"].items()},
    }


def rename_all(data: dict) -> dict:
    return {**data, "screenings": {f"r{sid}": s for sid, s in data["screenings"].items()}}


def _one(data: dict, change) -> dict:
    screenings = dict(data["screenings"])
    change(screenings, "s00042")
    return {**data, "screenings": screenings}


def change_one(data: dict) -> dict:
    return _one(data, lambda s, sid: s.update({sid: {**s[sid], "start": "19:30"}}))


def add_key_to_one(data: dict) -> dict:
    return _one(data, lambda s, sid: s.update({sid: {**s[sid], "notes": "step-free"}}))


def remove_one(data: dict) -> dict:
    return _one(data, lambda s, sid: s.pop(sid))


def add_one(data: dict) -> dict:
    return _one(data, lambda s, sid: s.update(new={**s[sid], "uid": "u-new"}))


WRITES = [
    ("first export (add calendar tables)", first_export),
    ("change start everywhere", change_start),
    ("remove every other screening", remove_half),
    ("add a key to every screening", add_key),
    ("rename every screening", rename_all),
    ("change one value", change_one),
    ("add a key to one screening", add_key_to_one),
    ("remove one screening", remove_one),
    ("add one screening", add_one),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3, help="time each write this many times")
    args = parser.parse_args()
    for n in args.sizes:
        text = plan_text(n)
        old = tomli.loads(text)
        for name, change in WRITES:
            new = change(old)
            best = float("inf")
            for _ in range(args.runs):
                started = time.perf_counter()
                out = patch(text, old, new)
                best = min(best, time.perf_counter() - started)
            assert tomli.loads(out) == new, name
            print(f"[{n:>6}] {name:<36} {best:8.3f} s", flush=True)


if __name__ == "__main__":
    main()
