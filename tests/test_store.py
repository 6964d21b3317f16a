"""Writes keep what people wrote, are atomic, and never lose a parallel change."""

import difflib
import os
import subprocess
import sys
import tomllib
from concurrent.futures import ThreadPoolExecutor

import pytest

from screenkit import store
from screenkit.errors import PlanError


def test_every_comment_and_blank_line_survives_a_change(run, example):
    original = example.read_text()
    assert run("update", "clapham", "--start", "19:15").exit_code == 0
    assert run("new", "--film", "return-to-homs", "--venue", "ica", "--date", "2027-07-01",
               "--start", "19:00", "--speaker", "amira").exit_code == 0  # fmt: skip
    changed = example.read_text()
    diff = [
        line
        for line in difflib.unified_diff(original.splitlines(), changed.splitlines(), n=0)
        if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]
    # The only differences: the new start, and the new screening appended at the end.
    assert diff[:3] == ['-start = "19:00"', '+start = "19:15"', "+"]
    assert diff[3:5] == ["+[screenings.ica-2027-07-01]", '+film = "return-to-homs"']
    assert all(line.startswith("+") for line in diff[1:])
    assert changed.startswith(original.split("[screenings.clapham]")[0])


def test_a_failed_write_leaves_the_old_file_and_no_temporary(example, monkeypatch):
    before = example.read_bytes()

    def crash(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        store.atomic_write(example, "half")
    assert example.read_bytes() == before
    assert [p.name for p in example.parent.iterdir() if p.suffix == ".tmp"] == []


def test_a_write_that_would_not_parse_back_is_refused(example):
    text = example.read_text()
    data = tomllib.loads(text)
    with pytest.raises(PlanError, match="nothing was written"):
        store.render(text, {**data, "organiser": {}}, data)  # `old` does not match the text


def test_file_mode_is_kept(run, example):
    example.chmod(0o640)
    assert run("update", "clapham", "--start", "19:15").exit_code == 0
    assert example.stat().st_mode & 0o777 == 0o640


def test_twenty_parallel_runs_lose_nothing(basic):
    env = {**os.environ, "SCREENKIT_FILE": str(basic)}

    def plan(day):
        cmd = [sys.executable, "-m", "screenkit", "-q", "new", "--film", "homs", "--venue",
               "ica", "--date", f"2027-07-{day:02d}", "--start", "19:00"]  # fmt: skip
        return subprocess.run(cmd, env=env, capture_output=True, text=True)

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(plan, range(1, 21)))
    assert [r.returncode for r in results] == [0] * 20, [r.stderr for r in results]
    assert len(tomllib.loads(basic.read_text())["screenings"]) == 20


def test_export_files_are_created_whole_or_not_at_all(tmp_path, monkeypatch):
    target = tmp_path / "new.ics"
    store.write_output(target, b"first")
    assert target.read_bytes() == b"first"
    store.write_output(target, b"second")  # an existing file is replaced atomically
    assert target.read_bytes() == b"second"

    class Full(OSError):
        pass

    real_open = open

    class HalfWritten:
        def __init__(self, path, mode):
            self.handle = real_open(path, mode)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def write(self, data):
            self.handle.write(data[:2])
            raise Full("disk full")

    fresh = tmp_path / "fresh.ics"
    monkeypatch.setattr(store, "open", HalfWritten, raising=False)
    with pytest.raises(Full):
        store.write_output(fresh, b"never")
    assert not fresh.exists()
