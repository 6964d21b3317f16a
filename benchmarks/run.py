"""Time screenkit as whole processes against the floors it cannot beat.

    python benchmarks/run.py                 # 100, 1,000 and 10,000 screenings
    python benchmarks/run.py --sizes 100 1000 --runs 3 --markdown RESULTS.md
    python benchmarks/run.py --startup-only  # 20 interleaved pairs against Typer's hello
    python benchmarks/run.py --runs 3 --markdown /tmp/all.md   # what RESULTS.md quotes

It generates plans (about 200 venues in five time zones and 50 speakers, nobody double
booked), then runs each command several times as a fresh process and quotes the median
wall time and the peak memory (max RSS). Cold rows run on a fresh copy of the plan each time
(the first export of a plan without calendar records: the run every user pays first); a
second plan shape (12 venues, one screening a day, so 10,000 span decades) runs beside it.
`send` and `publish` need a server: `benchmarks/send.py` and `benchmarks/publish.py`.
Two floors run in the same session: a minimal Typer
hello-world app (what any Typer CLI costs to start) and the bare icalendar serialisation of
the same events (what any exporter built on icalendar costs). Only the standard library and
screenkit's own dependencies are used.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "return-to-homs-tour.toml"
ZONES = ["Europe/London", "Europe/Paris", "America/New_York", "Australia/Sydney", "Asia/Tokyo"]
N_VENUES, N_SPEAKERS = 200, 50

HELLO = """\
import typer

app = typer.Typer()


@app.command()
def main(name: str = "world") -> None:
    print(f"hello {name}")


if __name__ == "__main__":
    app()
"""

# The floors for `export ics` and `export feed`: the same events, built and serialised with
# icalendar alone (one file per event, or one feed), with none of screenkit's checks, texts or
# VTIMEZONEs.
ICAL_FLOOR = """\
import datetime as dt, json, sys
from pathlib import Path
from zoneinfo import ZoneInfo
from icalendar import Alarm, Calendar, Event, vCalAddress

events = json.loads(Path(sys.argv[1]).read_text())
out = Path(sys.argv[2]); out.mkdir(exist_ok=True)
mode = sys.argv[3]
stamp = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
def event(e, invite):
    ev = Event()
    zone = ZoneInfo(e["tz"])
    ev.add("uid", e["uid"]); ev.add("sequence", 0); ev.add("dtstamp", stamp)
    ev.add("dtstart", dt.datetime.fromisoformat(e["start"]).replace(tzinfo=zone))
    ev.add("dtend", dt.datetime.fromisoformat(e["end"]).replace(tzinfo=zone))
    ev.add("summary", e["summary"]); ev.add("location", e["location"])
    ev.add("description", e["description"]); ev.add("status", "CONFIRMED")
    if invite:
        organizer = vCalAddress("mailto:network@example.org"); organizer.params["CN"] = "Network"
        ev.add("organizer", organizer)
        attendee = vCalAddress("mailto:" + e["email"])
        attendee.params.update({"CN": e["speaker"], "CUTYPE": "INDIVIDUAL",
            "ROLE": "REQ-PARTICIPANT", "PARTSTAT": "NEEDS-ACTION", "RSVP": "TRUE"})
        ev.add("attendee", attendee)
        alarm = Alarm(); alarm.add("action", "DISPLAY")
        alarm.add("description", "Tomorrow: " + e["summary"])
        alarm.add("trigger", dt.timedelta(days=-1)); ev.add_component(alarm)
    return ev
def calendar():
    cal = Calendar(); cal.add("prodid", "-//floor//EN"); cal.add("version", "2.0"); return cal
if mode == "invites":
    for e in events:
        cal = calendar(); cal.add("method", "REQUEST"); cal.add_component(event(e, True))
        (out / (e["id"] + ".ics")).write_bytes(cal.to_ical())
else:
    feed = calendar()
    for e in events:
        feed.add_component(event(e, False))
    (out / "feed.ics").write_bytes(feed.to_ical())
"""


def generate(
    n: int, folder: Path, start: dt.date, n_venues: int = N_VENUES, per_day: int = N_SPEAKERS
) -> dict[str, Path]:
    """A plan of n screenings, the same as CSV, and the events for the icalendar floor.
    `per_day` screenings a day: the default spreads them over months; 1 (with few venues)
    spreads 10,000 over decades, the shape of a long-running tour."""
    venues = [
        (f"venue-{i:03d}", f"Venue {i}", f"{i} High Street, Town {i}", ZONES[i % len(ZONES)])
        for i in range(n_venues)
    ]
    speakers = [(f"speaker-{i:02d}", f"Speaker {i}", f"speaker{i}@example.org")
                for i in range(N_SPEAKERS)]  # fmt: skip
    lines = [
        "[organiser]", 'name = "Benchmark Network"', 'email = "network@example.org"', "",
        "[films.homs]", 'title = "Return to Homs"', "runtime = 94", 'licence_ref = "L-1"', "",
    ]  # fmt: skip
    for vid, name, address, zone in venues:
        lines += [f"[venues.{vid}]", f'name = "{name}"', f'address = "{address}"',
                  f'timezone = "{zone}"', "capacity = 200", ""]  # fmt: skip
    for pid, name, email in speakers:
        lines += [f"[speakers.{pid}]", f'name = "{name}"', f'email = "{email}"', ""]
    rows, events = [], []
    for k in range(n):
        # 50 a day: each speaker once a day, each venue every fourth day.
        date = start + dt.timedelta(days=k // per_day)
        vid, vname, address, zone = venues[k % n_venues]
        pid, pname, email = speakers[k % N_SPEAKERS]
        sid, uid = f"s{k:05d}", f"00000000-0000-4000-8000-{k:012d}"
        lines += [f"[screenings.{sid}]", 'film = "homs"', f'venue = "{vid}"', f"date = {date}",
                  'start = "19:00"', f'speakers = ["{pid}"]', 'status = "confirmed"',
                  f'uid = "{uid}"', ""]  # fmt: skip
        rows.append({"id": sid, "date": date.isoformat(), "start": "19:00", "status": "confirmed",
                     "uid": uid, "film": "homs", "film_title": "Return to Homs",
                     "film_runtime": "94", "venue": vid, "venue_name": vname,
                     "venue_address": address, "venue_timezone": zone, "speakers": pid,
                     "speaker_name": pname, "speaker_email": email})  # fmt: skip
        end = dt.datetime.combine(date, dt.time(19)) + dt.timedelta(minutes=144)
        # The same content screenkit writes: its summary, location and run-sheet description.
        description = (
            "Return to Homs (94 min)\nFollowed by a talk and Q&A with " + pname + ".\n\n"
            f"Run sheet ({zone}):\n19:00  Introduction (5 min)\n19:05  Film (94 min)\n"
            "20:39  Talk and Q&A (45 min)\n21:24  End\n\n"
            f"Venue: {vname}, {address}\nAccess: not yet recorded\n"
            "Organiser: Benchmark Network <network@example.org>"
        )
        events.append({"id": sid, "uid": uid, "tz": zone, "start": f"{date}T19:00:00",
                       "end": end.isoformat(), "speaker": pname, "email": email,
                       "summary": f"Return to Homs: screening and talk with {pname}",
                       "location": f"{vname}, {address}", "description": description})  # fmt: skip
    tag = f"{n}" if per_day == N_SPEAKERS else f"{n}-decades"
    plan = folder / f"plan-{tag}.toml"
    plan.write_text("\n".join(lines))
    table = folder / f"plan-{tag}.csv"
    with table.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    floor = folder / f"events-{tag}.json"
    floor.write_text(json.dumps(events))
    return {"plan": plan, "csv": table, "events": floor}


def two_sides(plan: Path, folder: Path) -> dict[str, Path]:
    """OURS and THEIRS of a team's merge: the plan with 100 screenings changed on each side
    (start times ours, notes theirs, a few the same screening), written by screenkit's own
    text patcher, as `update` would."""
    import tomllib

    from screenkit.planfile.tomldoc import patch

    text = plan.read_text()
    base = tomllib.loads(text)
    ids = list(base["screenings"])
    out = {}
    changes = (("ours", ids[:100], "start", "19:30"),
               ("theirs", ids[50:150], "notes", "Bring flyers"))  # fmt: skip
    for side, picked, field, value in changes:
        data = {**base, "screenings": dict(base["screenings"])}
        for sid in picked:
            data["screenings"][sid] = {**data["screenings"][sid], field: value}
        out[side] = folder / f"{side}.toml"
        out[side].write_text(patch(text, base, data))
    return out


def with_languages(plan: str) -> str:
    """The plan with every screening in languages: cy+en and ar in turn."""
    lines, k = [], 0
    for line in plan.splitlines():
        lines.append(line)
        if line.startswith('status = "confirmed"'):
            lines.append('languages = ["cy", "en"]' if k % 2 == 0 else 'languages = ["ar"]')
            k += 1
    return "\n".join(lines)


def network(folder: Path, groups: int, each: int, start: dt.date) -> Path:
    """`groups` plans of `each` screenings in groups/gNN/screenkit.toml, as copies of one
    plan would be (the same ids and uids), in five regions, half their screenings with a
    result: the national office's read of them all."""
    root = folder / "groups"
    for g in range(groups):
        own = root / f"g{g:02d}"
        own.mkdir(parents=True)
        plan = generate(each, own, start, n_venues=5, per_day=1)["plan"]
        lines = plan.read_text().splitlines()
        lines[1] = f'name = "Group {g}"'
        lines += ["[tour]", 'name = "Benchmark Network"', f'region = "Region {g % 5}"', ""]
        for k in range(0, each, 2):
            lines += [f"[screenings.s{k:05d}.result]", "attendance = 80", 'takings = "400.00"',
                      "signups = 10", "actions = 25", ""]  # fmt: skip
        (own / "screenkit.toml").write_text("\n".join(lines))
        plan.unlink()
    return root


def measure(cmd: list[str], runs: int, env: dict[str, str], cwd: Path,
            before: list[str] | None = None, expect: int = 0) -> tuple[float, float]:  # fmt: skip
    """Median wall seconds and peak RSS (MB) over `runs` fresh processes."""
    times, peaks = [], []
    for _ in range(runs):
        if before:
            subprocess.run(before, env=env, cwd=cwd, check=True, capture_output=True)
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)  # fmt: skip
        _, status, usage = os.wait4(proc.pid, 0)
        times.append(time.perf_counter() - started)
        peaks.append(usage.ru_maxrss / 1024)
        if os.waitstatus_to_exitcode(status) != expect:
            stderr = proc.stderr.read().decode() if proc.stderr else ""
            raise SystemExit(f"failed: {' '.join(cmd)}\n{stderr}")
        if proc.stderr:
            proc.stderr.close()
    return statistics.median(times), max(peaks)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{os.cpu_count()} cores, {cpu}; {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[100, 1000, 10000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--markdown", type=Path, help="also write the results as Markdown")
    parser.add_argument(
        "--decades", type=int, default=10000, metavar="N",
        help="also a plan of N screenings at 12 venues, one a day (0 to skip)",
    )  # fmt: skip
    parser.add_argument(
        "--limit", type=int, default=20000, metavar="N",
        help="also import N rows (the file limit), and N rows that are all refused (0 to skip)",
    )  # fmt: skip
    parser.add_argument(
        "--merge", type=int, default=10000, metavar="N",
        help="also the merge driver on two N-screening plans that each changed 100 (0 to skip)",
    )  # fmt: skip
    parser.add_argument(
        "--network", type=int, nargs=2, default=[50, 20], metavar=("PLANS", "EACH"),
        help="also a network of PLANS plans of EACH screenings (0 0 to skip)",
    )  # fmt: skip
    parser.add_argument(
        "--startup-only", action="store_true",
        help="only the start-up rows against the Typer hello-world (4 x --runs pairs)",
    )  # fmt: skip
    args = parser.parse_args()
    if args.startup_only:
        args.sizes, args.decades, args.limit, args.merge, args.network = [], 0, 0, 0, [0, 0]
    screenkit = shutil.which("screenkit", path=str(Path(sys.executable).parent)) or "screenkit"
    py = sys.executable
    results: list[tuple[str, float, float, str]] = []
    with tempfile.TemporaryDirectory(prefix="screenkit-bench-") as tmp:
        work = Path(tmp)
        (work / "hello.py").write_text(HELLO)
        (work / "floor.py").write_text(ICAL_FLOOR)
        env = {**os.environ, "SCREENKIT_FILE": str(work / "x.toml")}
        env.pop("NO_COLOR", None)
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # users' installs keep their bytecode caches

        def record(name: str, seconds: float, peak: float, ratio: str = "") -> None:
            results.append((name, seconds, peak, ratio))
            print(f"{name:<44} {seconds * 1000:9.0f} ms {peak:7.0f} MB  {ratio}", flush=True)

        example = work / "example.toml"
        shutil.copy(EXAMPLE, example)
        startup = {
            "typer hello-world (floor)": [py, "hello.py"],
            "screenkit --version": [screenkit, "--version"],
            "screenkit list (example)": [screenkit, "-f", str(example), "list"],
            "screenkit list --json (example)": [screenkit, "-f", str(example), "list", "--json"],
        }
        for cmd in startup.values():  # warm the bytecode caches
            subprocess.run(cmd, env=env, cwd=work, capture_output=True)
        # Interleaved, so that a busy moment on the machine hits floor and screenkit alike.
        samples: dict[str, list[tuple[float, float]]] = {name: [] for name in startup}
        for _ in range(args.runs * 4):
            for name, cmd in startup.items():
                samples[name].append(measure(cmd, 1, env, work))
        hello_runs = [t for t, _ in samples["typer hello-world (floor)"]]
        for name, got in samples.items():
            seconds = statistics.median(t for t, _ in got)
            # The median of the pair ratios (A B A B …): a busy moment hits both of a pair.
            pairs = statistics.median(t / h for (t, _), h in zip(got, hello_runs, strict=True))
            ratio = "" if name.startswith("typer") else f"{pairs:.2f}x hello (paired)"
            record(name, seconds, max(m for _, m in got), ratio)
        start = dt.date.today() + dt.timedelta(days=90)
        for n in args.sizes:
            files = generate(n, work, start)
            plan = str(files["plan"])
            runs = max(1, args.runs if n < 10000 else args.runs // 2 + 1)
            base = [screenkit, "-f", plan]
            # Cold: the first export of a plan that has no calendar records yet, on a fresh
            # copy for every run (the one every user pays), before the warm re-runs below.
            cold_plan = work / f"cold-{n}.toml"
            cold = ["sh", "-c", f"cp {plan} {cold_plan} && rm -rf cold-out && sync"]
            cold_base = [screenkit, "-f", str(cold_plan)]
            seconds, peak = measure([*cold_base, "export", "--out", "cold-out"], runs, env,
                                    work, before=cold)  # fmt: skip
            record(f"[{n}] first export (cold: no calendar records)", seconds, peak)
            first_full = seconds
            if n >= 1000:
                some = [f"s{k:05d}" for k in range(0, n, n // 1000)][:1000]
                seconds, peak = measure([*cold_base, "export", "ics", *some, "--out", "cold-out"],
                                        runs, env, work, before=cold)  # fmt: skip
                record(f"[{n}] first export ics of 1,000 (cold)", seconds, peak)
            seconds, peak = measure([*cold_base, "update", "s00000", "--notes", "x"], runs, env,
                                    work, before=cold)  # fmt: skip
            record(f"[{n}] update one screening", seconds, peak)
            # One export first, so the plan holds its calendar records as it would in use.
            subprocess.run([*base, "export", "ics", "--out", "inv"], env=env, cwd=work,
                           check=True, capture_output=True)  # fmt: skip
            floors = {}
            # Every run writes anew; sync, so the deletions are not paid for inside the timing.
            fresh = ["sh", "-c", "rm -rf floor-out inv cl && sync"]
            for mode in ("invites", "feed"):
                cmd = [py, "floor.py", str(files["events"]), "floor-out", mode]
                floors[mode], floor_mb = measure(cmd, runs, env, work, before=fresh)
                record(f"[{n}] bare icalendar {mode} (floor)", floors[mode], floor_mb)
            for name, args_ in [("list --json", ["list", "--json"]), ("check", ["check"])]:
                seconds, peak = measure([*base, *args_], runs, env, work)
                record(f"[{n}] {name}", seconds, peak)
            ics, ics_mb = measure([*base, "export", "ics", "--out", "inv"], runs, env, work,
                                  before=fresh)  # fmt: skip
            feed, feed_mb = measure([*base, "export", "feed", "-o", "feed.ics"], runs, env, work)
            warm_full, warm_mb = measure([*base, "export", "--out", "cold-out"], runs, env, work)
            record(f"[{n}] export (warm: nothing changed)", warm_full, warm_mb,
                   f"cold is {first_full / warm_full:.2f}x warm")  # fmt: skip
            record(f"[{n}] export ics (invites)", ics, ics_mb,
                   f"{ics / floors['invites']:.2f}x icalendar")  # fmt: skip
            record(f"[{n}] export feed", feed, feed_mb, f"{feed / floors['feed']:.2f}x icalendar")
            seconds, peak = measure([*base, "export", "checklist", "--out", "cl"], runs, env, work,
                                    before=fresh)  # fmt: skip
            record(f"[{n}] export checklist --format html", seconds, peak)
            seconds, peak = measure([*base, "export", "site", "--out", "site-out"], runs, env, work,
                                    before=["sh", "-c", "rm -rf site-out && sync"])  # fmt: skip
            record(f"[{n}] export site (fresh folder)", seconds, peak)
            # The same site with every page in its languages: half bilingual Welsh-English,
            # half Arabic (Babel's dates and money, two renderings of a bilingual page).
            spoken = work / f"languages-{n}.toml"
            spoken.write_text(with_languages(files["plan"].read_text()))
            seconds, peak = measure([screenkit, "-f", str(spoken), "export", "site", "--out",
                                     "site-out"], runs, env, work,
                                    before=["sh", "-c", "rm -rf site-out && sync"])  # fmt: skip
            record(f"[{n}] export site, languages set (cy+en, ar)", seconds, peak)
            target = work / f"import-{n}.toml"
            init = [screenkit, "-f", str(target), "init", "--organiser", "B", "--email",
                    "b@example.org", "--force"]  # fmt: skip
            seconds, peak = measure([screenkit, "-f", str(target), "import", str(files["csv"])],
                                    runs, env, work, before=init)  # fmt: skip
            record(f"[{n}] import (CSV, into an empty plan)", seconds, peak)
            # `remind` from cron, most hours: no reminder due (the first screening is months
            # away) and today's digest already sent.
            quiet = work / f"remind-{n}.toml"
            quiet.write_text(files["plan"].read_text() + f"\n[digest]\nlast = {dt.date.today()}\n")
            seconds, peak = measure([screenkit, "-f", str(quiet), "remind"], runs, env, work)
            record(f"[{n}] remind, nothing due", seconds, peak)
        if args.decades:
            n = args.decades
            files = generate(n, work, start, n_venues=12, per_day=1)
            runs = max(1, args.runs // 2 + 1)
            cold_plan = work / "cold-decades.toml"
            cold = ["sh", "-c", f"cp {files['plan']} {cold_plan} && rm -rf cold-out && sync"]
            cold_base = [screenkit, "-f", str(cold_plan)]
            for name, args_ in [
                ("first export (cold)", ["export", "--out", "cold-out"]),
                ("check", ["check"]),
                ("update one screening", ["update", "s00000", "--notes", "x"]),
            ]:
                seconds, peak = measure([*cold_base, *args_], runs, env, work, before=cold)
                record(f"[{n}, 12 venues, over decades] {name}", seconds, peak)
            target = work / "import-decades.toml"
            init = [screenkit, "-f", str(target), "init", "--organiser", "B", "--email",
                    "b@example.org", "--force"]  # fmt: skip
            seconds, peak = measure([screenkit, "-f", str(target), "import", str(files["csv"])],
                                    runs, env, work, before=init)  # fmt: skip
            record(f"[{n}, 12 venues, over decades] import (CSV)", seconds, peak)
        if args.limit:  # the most rows an import takes, good and refused
            n = args.limit
            files = generate(n, work, start, n_venues=12, per_day=1)
            bad = work / "refused.csv"
            bad.write_text(files["csv"].read_text().replace(",19:00,", ",25:00,"))
            target = work / "import-limit.toml"
            init = [screenkit, "-f", str(target), "init", "--organiser", "B", "--email",
                    "b@example.org", "--force"]  # fmt: skip
            runs = max(1, args.runs // 2 + 1)
            refused = "import refused (a bad time in every row)"
            for name, table, code in [("import (CSV)", files["csv"], 0), (refused, bad, 2)]:
                seconds, peak = measure([screenkit, "-f", str(target), "import", str(table)],
                                        runs, env, work, before=init, expect=code)  # fmt: skip
                record(f"[{n}, the file limit] {name}", seconds, peak)
        if args.merge:  # a team: two laptops each changed 100 screenings of a big plan
            n = args.merge
            files = generate(n, work, start, n_venues=12, per_day=1)
            sides = two_sides(files["plan"], work)
            restore = ["sh", "-c", f"cp {sides['ours']} {work / 'merged.toml'}"]
            cmd = [screenkit, "merge", str(files["plan"]), str(work / "merged.toml"),
                   str(sides["theirs"]), "--path", "screenkit.toml"]  # fmt: skip
            seconds, peak = measure(cmd, max(1, args.runs // 2 + 1), env, work, before=restore)
            record(f"[{n}] merge driver: 100 changes on each side", seconds, peak)
        plans, each = args.network
        if plans:  # a national office reads every group's plan
            root = network(work, plans, each, start)
            later = {**env, "SCREENKIT_NOW": f"{start + dt.timedelta(days=each + 5)}T12:00:00Z"}
            for own in sorted(root.iterdir()):  # each group's own export: calendar identities
                subprocess.run([screenkit, "-f", str(own / "screenkit.toml"), "export", "feed",
                                "-o", "own-feed.ics"], env=later, cwd=work, check=True,
                               capture_output=True)  # fmt: skip
            many = [screenkit, "-f", str(root / "*" / "screenkit.toml")]
            label = f"[{plans} plans x {each}]"
            for name, cmd, before in (
                ("list", [*many, "list"], None),
                ("export site", [*many, "export", "site", "--out", "net-site"],
                 ["sh", "-c", "rm -rf net-site && sync"]),
                ("export report", [*many, "export", "report", "-o", "net-report.html"], None),
                ("export feed", [*many, "export", "feed", "-o", "net-feed.ics"], None),
                ("status", [*many, "status"], None),
            ):  # fmt: skip
                seconds, peak = measure(cmd, max(1, args.runs // 2 + 1), later, work,
                                        before=before)  # fmt: skip
                record(f"{label} {name}", seconds, peak)
    if args.markdown:
        lines = [f"Machine: {machine()}.", "", "| what | median | peak memory | ratio |",
                 "| --- | ---: | ---: | --- |"]  # fmt: skip
        lines += [f"| {name} | {s * 1000:.0f} ms | {mb:.0f} MB | {ratio} |"
                  for name, s, mb, ratio in results]  # fmt: skip
        args.markdown.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
