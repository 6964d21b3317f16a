"""The merge driver at a team's scale: two sides of a 10,000-screening plan, one of which added
2,500 screenings (issue: merges are linear in the plan's size, 2 x 10,000 with 2,500 added in
under 2 s). Times `screenkit merge` as a whole process, median of several runs, next to its
floor: parsing the three sides with tomli, which any merge must do.

    .venv/bin/python benchmarks/merge.py                 # 10,000 + 2,500
    .venv/bin/python benchmarks/merge.py --sizes 500 1500 2500   # the added counts, to see growth
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from run import generate, two_sides


def added(text: str, count: int, first: int) -> str:
    """THEIRS: the plan with `count` screenings appended, as a teammate's imports would be."""
    lines = [text.rstrip("\n"), ""]
    for k in range(first, first + count):
        lines += [f"# added by Bob, {k}", f"[screenings.n{k:05d}]", 'film = "homs"',
                  f'venue = "venue-{k % 200:03d}"', "date = 2031-01-01", 'start = "19:00"',
                  'status = "tentative"', ""]  # fmt: skip
    return "\n".join(lines)


def timed(cmd: list[str], runs: int, restore: list[str]) -> float:
    seconds = []
    for _ in range(runs):
        subprocess.run(restore, check=True)
        began = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, text=True)
        seconds.append(time.perf_counter() - began)
        if done.returncode not in (0, 1):
            raise SystemExit(f"merge failed ({done.returncode}): {done.stderr}")
    return statistics.median(seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--screenings", type=int, default=10_000)
    parser.add_argument("--sizes", type=int, nargs="+", default=[2500], help="records added")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    screenkit = str(Path(sys.executable).with_name("screenkit"))
    work = Path(tempfile.mkdtemp(prefix="sk-merge-"))
    try:
        files = generate(args.screenings, work, dt.date(2027, 1, 4))
        sides = two_sides(files["plan"], work)  # each side changed 100 screenings
        base = files["plan"]
        print(f"merge of 2 x {args.screenings:,} screenings (each side changed 100)")
        print("added  merge (s)  parse floor (s)  ratio")
        for count in args.sizes:
            theirs = work / f"theirs-{count}.toml"
            theirs.write_text(added(sides["theirs"].read_text(), count, 0))
            merged = work / "merged.toml"
            restore = ["cp", str(sides["ours"]), str(merged)]
            cmd = [screenkit, "merge", str(base), str(merged), str(theirs), "--path",
                   "screenkit.toml"]  # fmt: skip
            floor = timed([sys.executable, "-c", "import sys, tomli\nfor p in sys.argv[1:]: "
                           "tomli.loads(open(p).read())", str(base), str(merged), str(theirs)],
                          args.runs, restore)  # fmt: skip
            took = timed(cmd, args.runs, restore)
            print(f"{count:5d}  {took:9.2f}  {floor:15.2f}  {took / floor:5.1f}x")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
