"""Time `screenkit send` of 100 screenings x 2 recipients to a local SMTP server.

    .venv/bin/python benchmarks/send.py [--runs 3] [--screenings 100]

Starts aiosmtpd on 127.0.0.1 (a free port) in this process, writes a plan of N screenings,
each with a speaker and a host, and times `screenkit send` as a whole process on a fresh copy
of the plan (every message goes out), then a second send with nothing changed. Prints the
median of the runs. Target: under 3 s for 100 x 2.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parent.parent
SCREENKIT = Path(sys.executable).with_name("screenkit")
PEOPLE = 100  # each a speaker or a host once a day


class Count:
    def __init__(self) -> None:
        self.messages = 0

    async def handle_DATA(self, server, session, envelope):
        self.messages += 1
        return "250 OK"


def plan_text(n: int) -> str:
    lines = ['[organiser]', 'name = "Benchmark Network"', 'email = "network@example.org"', "",
             "[films.homs]", 'title = "Return to Homs"', "runtime = 94", 'licence_ref = "L-1"',
             ""]  # fmt: skip
    half = PEOPLE // 2
    for i in range(half):
        lines += [f"[venues.v{i:02d}]", f'name = "Venue {i}"', f'address = "{i} High Street"',
                  'timezone = "Europe/London"', ""]  # fmt: skip
    for i in range(PEOPLE):
        lines += [f"[speakers.p{i:03d}]", f'name = "Person {i}"',
                  f'email = "person{i}@example.org"', ""]  # fmt: skip
    for k in range(n):
        day, slot = divmod(k, half)
        lines += [f"[screenings.s{k:04d}]", 'film = "homs"', f'venue = "v{slot:02d}"',
                  f"date = 2027-06-{1 + day:02d}", 'start = "19:00"',
                  f'speakers = ["p{slot:03d}"]', f'host = "p{slot + half:03d}"',
                  'status = "confirmed"', ""]  # fmt: skip
    return "\n".join(lines)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def timed(cmd: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """Wall-clock seconds, and the CPU seconds screenkit used (which other load on a shared
    machine does not inflate)."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - used.ru_utime + after.ru_stime - used.ru_stime
    if result.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({result.returncode}):\n{result.stderr}")
    return elapsed, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--screenings", type=int, default=100)
    args = parser.parse_args()
    n = args.screenings
    if n > PEOPLE // 2 * 28:
        sys.exit(f"at most {PEOPLE // 2 * 28} screenings")
    handler = Count()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    folder = Path(tempfile.mkdtemp(prefix="screenkit-send-"))
    try:
        source = folder / "source.toml"
        source.write_text(plan_text(n))
        env = {**os.environ, "SCREENKIT_SMTP_URL": f"smtp://127.0.0.1:{port}",
               "SCREENKIT_CONFIG": str(folder / "none.toml"),
               "SCREENKIT_NOW": "2026-11-25T10:00:00Z"}  # fmt: skip
        env.pop("SCREENKIT_SMTP_USER", None)
        env.pop("SCREENKIT_SMTP_PASSWORD", None)
        first, again = [], []
        for _ in range(args.runs):
            plan = folder / "plan.toml"
            shutil.copy(source, plan)
            before = handler.messages
            first.append(timed([str(SCREENKIT), "-f", str(plan), "send"], env, folder))
            sent = handler.messages - before
            if sent != 2 * n:
                sys.exit(f"expected {2 * n} messages, the server got {sent}")
            again.append(timed([str(SCREENKIT), "-f", str(plan), "send"], env, folder))
            if handler.messages - before != sent:
                sys.exit("the second send sent something")
        print(f"send of {n} screenings x 2 recipients ({2 * n} messages), median of {args.runs}:")
        for label, times in (("first send (everything goes)", first),
                             ("second send (nothing changed)", again)):  # fmt: skip
            wall = statistics.median(t[0] for t in times)
            cpu = statistics.median(t[1] for t in times)
            print(f"  {label}: {wall:.2f} s wall, {cpu:.2f} s CPU")
        print(f"  load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    finally:
        controller.stop()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
