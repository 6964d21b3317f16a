"""Time `screenkit publish` of 1,000 screenings to a local Radicale against a bare PUT loop.

    python benchmarks/publish.py             # 1,000 screenings
    python benchmarks/publish.py --size 200

In one run, on one Radicale server (on 127.0.0.1, a subprocess, storage in a temp folder), each
into its own new calendar:
- bare loop: the same 1,000 resources (written first by `screenkit export vdir`, not timed)
  PUT one after another with `If-None-Match: *` through one httpx client, in this process:
  the floor, what the server itself costs;
- the caldav library's `save_event` for the same resources, if it is installed, for the
  choice of client (screenkit does not use it);
- `screenkit publish` as a whole process: start, read and check the plan, build every
  resource, PROPFIND, the PUTs, and write the ETags back to the plan;
- `screenkit publish` again with nothing changed (no PUT at all).
The target: publish within 1.5x of the bare loop.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from run import generate, machine  # noqa: E402

from tests.support.radicale import PASSWORD, USER, radicale  # noqa: E402


def bare_loop(url: str, files: list[Path]) -> float:
    import httpx

    bodies = [(f.name, f.read_bytes()) for f in files]
    headers = {"Content-Type": "text/calendar; charset=utf-8", "If-None-Match": "*"}
    started = time.perf_counter()
    with httpx.Client(auth=(USER, PASSWORD), timeout=30) as client:
        for name, body in bodies:
            answer = client.put(url + name, content=body, headers=headers)
            assert answer.status_code == 201, answer.status_code
    return time.perf_counter() - started


def caldav_loop(url: str, files: list[Path]) -> float | None:
    try:
        import caldav
    except ImportError:
        return None
    bodies = [f.read_text() for f in files]
    started = time.perf_counter()
    with caldav.DAVClient(url=url, username=USER, password=PASSWORD) as client:
        calendar = client.calendar(url=url)
        for body in bodies:
            calendar.save_event(body)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000)
    args = parser.parse_args()
    screenkit = str(Path(sys.executable).parent / "screenkit")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        plan = generate(args.size, work, dt.date(2027, 3, 1))["plan"]
        env = {**os.environ, "SCREENKIT_NOW": "2026-11-25T10:00:00Z",
               "SCREENKIT_CALDAV_USER": USER, "SCREENKIT_CALDAV_PASSWORD": PASSWORD,
               "SCREENKIT_CONFIG": str(work / "none.toml")}  # fmt: skip
        # The resources the loops send: exactly what publish sends (same plan, same clock).
        vdir = work / "vdir"
        subprocess.run([screenkit, "-q", "-f", str(plan), "export", "vdir", str(vdir)],
                       check=True, env=env, stdout=subprocess.DEVNULL)  # fmt: skip
        files = sorted(vdir.glob("*.ics"))  # beside them, the folder's view (a marker)
        assert len(files) == args.size
        with radicale(work / "radicale") as server:
            server.mkcalendar("warm-up")
            results: list[tuple[str, float]] = []
            results.append(("bare httpx PUT loop", bare_loop(server.mkcalendar("bare"), files)))
            library = caldav_loop(server.mkcalendar("library"), files)
            if library is not None:
                results.append(("caldav library save_event loop", library))
            url = server.mkcalendar("screenkit")
            for label in ("screenkit publish (all new)", "screenkit publish (nothing changed)"):
                started = time.perf_counter()
                subprocess.run([screenkit, "-q", "-f", str(plan), "publish", url],
                               check=True, env=env, stdout=subprocess.DEVNULL)  # fmt: skip
                results.append((label, time.perf_counter() - started))
            assert len(server.query(url)) == args.size
    floor = results[0][1]
    print(f"{args.size} screenings, {machine()}")
    for label, seconds in results:
        print(f"  {label:<38} {seconds:7.2f} s  {seconds / floor:5.2f}x the bare loop")


if __name__ == "__main__":
    main()
