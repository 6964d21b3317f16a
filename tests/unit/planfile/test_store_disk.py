"""Writes to a disk that is full or read-only: exit 5, one error line, the plan as it was and
no temporary file left (issue 10). Real file systems: a 64 KiB tmpfs, which needs root."""

from __future__ import annotations

import errno
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from screenkit import files
from screenkit.errors import StorageError


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    disk = tmp_path / "disk"
    disk.mkdir()
    mount = shutil.which("mount")
    if mount is None:
        pytest.skip("no mount command here")
    done = subprocess.run(
        [mount, "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(disk)], capture_output=True, text=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs (needs root): {done.stderr.strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def fill(disk: Path) -> None:
    """Fill the disk to the last byte."""
    with open(disk / "filler", "wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 4096)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
        try:
            while True:
                handle.write(b"\0")
        except OSError as exc:
            assert exc.errno == errno.ENOSPC


def new_plan(run, disk: Path) -> Path:
    plan = disk / "plan.toml"
    assert (
        run("-f", str(plan), "init", "--organiser", "A", "--email", "a@example.org").exit_code == 0
    )
    return plan


def refused(result, *words: str) -> None:
    assert result.exit_code == 5, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert all(word in lines[0] for word in words), lines[0]


def test_a_full_disk(run, small_disk):
    plan = new_plan(run, small_disk)
    before = plan.read_bytes()
    fill(small_disk)
    result = run("-f", str(plan), "film", "add", "f", "--title", "F", "--runtime", "90")
    refused(result, "plan.toml", "No space left on device", "free some space")
    assert plan.read_bytes() == before
    assert sorted(p.name for p in small_disk.iterdir()) == [
        ".plan.toml.lock",
        "filler",
        "plan.toml",
    ]


def test_an_export_file_on_a_full_disk(small_disk):
    target = small_disk / "feed.ics"
    target.write_bytes(b"old")
    fill(small_disk)
    with pytest.raises(
        StorageError, match=r"feed\.ics: cannot write it \(No space left on device\)"
    ):
        files.atomic_write_bytes(target, b"new" * 10_000)
    with pytest.raises(
        StorageError, match=r"new\.ics: cannot write it \(No space left on device\)"
    ):
        files.write_output(small_disk / "new.ics", b"new" * 10_000)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in small_disk.iterdir()) == ["feed.ics", "filler"]


def test_a_read_only_file_system(run, small_disk):
    plan = new_plan(run, small_disk)
    before = plan.read_bytes()
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    result = run("-f", str(plan), "film", "add", "f", "--title", "F", "--runtime", "90")
    refused(result, "plan.toml", "read-only")
    assert plan.read_bytes() == before
    assert run("-f", str(plan), "list").exit_code == 0  # reading still works


def test_an_export_to_a_full_disk_records_nothing_it_did_not_write(run, example, small_disk):
    """The plan (on a roomy disk) gains calendar records only for the invites written."""
    out = small_disk / "out"
    out.mkdir()
    fill(small_disk)
    example.write_text(example.read_text().replace('start = "19:00"', 'start = "19:15"'))
    before = example.read_bytes()
    result = run("export", "ics", "--out", str(out))
    assert result.exit_code == 5, result.output
    assert "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    (line,) = errors  # the first file names the reason; the rest are counted on its line
    assert str(out) in line and "No space left" in line and line.endswith("; 2 more not written")
    assert example.read_bytes() == before  # no sequence raised for what did not arrive
    (small_disk / "filler").unlink()
    assert run("export", "ics", "--out", str(out)).exit_code == 0
    assert example.read_bytes() != before
