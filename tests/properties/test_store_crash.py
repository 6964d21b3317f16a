"""Writers killed at random (SIGKILL) never corrupt the plan, lose a reported write, or leave
temporary files behind after the next write (issue 10).

The writers are forked from this process, which has screenkit imported already, so a round
costs a fraction of a second instead of a Python start-up per writer.
"""

from __future__ import annotations

import datetime as dt
import itertools
import multiprocessing
import os
import random
import signal
import time
from pathlib import Path

import pytest

from screenkit.edits import changes
from screenkit.planfile import session, store

TODAY = dt.date(2026, 11, 25)
ROUNDS, WRITERS = 20, 3


def _writer(plan: Path, log: Path, name: str) -> None:
    """Add films until killed; after each write that returned, note its id in `log`."""
    out = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    for i in itertools.count():
        rid = f"{name}-{i}"

        def change(data, _plan, rid=rid):
            return changes.add_record(data, "film", rid, {"title": "T", "runtime": 90}), None

        session.edit(plan, change, TODAY, self_check=True)
        os.write(out, f"{rid}\n".encode())


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if "tmp" in p.name)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="forks its writers")
def test_writers_killed_at_random_lose_nothing_reported(basic, tmp_path):
    # A megabyte of comment makes each write long enough for kills to land inside it.
    with basic.open("a") as handle:
        handle.write("\n# " + "x" * 1_000_000 + "\n")
    log = tmp_path / "written.log"
    fork = multiprocessing.get_context("fork")
    rng = random.Random(10)
    left_behind = 0
    for round_ in range(ROUNDS):
        writers = [
            fork.Process(target=_writer, args=(basic, log, f"r{round_}w{k}"), daemon=True)
            for k in range(WRITERS)
        ]
        before = set(temporaries(tmp_path))
        started = time.monotonic()
        for writer in writers:
            writer.start()
        if round_ % 2:  # each at a random moment
            moments = sorted((rng.uniform(0.05, 0.4), k) for k in range(WRITERS))
            for at, k in moments:
                time.sleep(max(0.0, started + at - time.monotonic()))
                os.kill(writers[k].pid, signal.SIGKILL)
        else:  # all, as soon as a new temporary file shows that one of them is writing
            while time.monotonic() < started + 0.5 and set(temporaries(tmp_path)) <= before:
                time.sleep(0.0005)
            for writer in writers:
                os.kill(writer.pid, signal.SIGKILL)
        for writer in writers:
            writer.join()
            assert writer.exitcode == -signal.SIGKILL, "a writer failed before it was killed"
        left_behind += len(set(temporaries(tmp_path)) - before)

    plan = store.load(basic)  # parses and validates
    assert "# " + "x" * 1_000_000 + "\n" in basic.read_text()
    reported = log.read_text().split() if log.exists() else []
    assert reported, "no write finished: the rounds are too short to test anything"
    assert set(reported) <= set(plan.films)
    session.edit(basic, lambda data, _: (changes.add_record(data, "film", "last", {
        "title": "T", "runtime": 90}), None), TODAY)  # fmt: skip
    assert left_behind, "no kill landed during a write: nothing was left to clear"
    assert temporaries(tmp_path) == []
    print(f"{len(reported)} writes reported; kills left {left_behind} temporary files")
