"""Writes keep what people wrote, are atomic, and never lose a parallel change."""

import codecs
import datetime as dt
import difflib
import errno
import os
import re
import shutil
import subprocess
import sys
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from screenkit import files
from screenkit.errors import PlanError, StorageError
from screenkit.planfile import store
from tests.support import users
from tests.support.plans import EXAMPLE


def test_every_comment_and_blank_line_survives_a_change(run, example):
    original = example.read_text()
    assert run("update", "clapham", "--start", "19:15", "--doors", "18:30").exit_code == 0
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
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(
        StorageError, match=re.escape("screenkit.toml: cannot write it (Input/output error)")
    ):
        store.atomic_write(example, "half")
    assert example.read_bytes() == before
    assert sorted(p.name for p in example.parent.iterdir()) == ["screenkit.toml"]


def test_a_write_that_would_not_parse_back_is_refused(example):
    text = example.read_text()
    data = tomllib.loads(text)
    with pytest.raises(PlanError, match="nothing was written"):
        store.render(text, {**data, "organiser": {}}, data)  # `old` does not match the text


def test_file_mode_is_kept(run, example):
    example.chmod(0o640)
    assert run("update", "clapham", "--start", "19:15", "--doors", "18:30").exit_code == 0
    assert example.stat().st_mode & 0o777 == 0o640


@pytest.mark.slow  # a real process run or a race: the whole suite's, not the quick loop's
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
    files.write_output(target, b"first")
    assert target.read_bytes() == b"first"
    files.write_output(target, b"second")  # an existing file is replaced atomically
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
    monkeypatch.setattr(files, "open", HalfWritten, raising=False)
    with pytest.raises(StorageError, match=re.escape("fresh.ics: cannot write it (disk full)")):
        files.write_output(fresh, b"never")
    assert not fresh.exists()


# -- bytes outside the changed lines (issue 10) --------------------------------------------


def test_a_byte_order_mark_is_kept(run, example):
    text = example.read_bytes()
    example.write_bytes(codecs.BOM_UTF8 + text)
    assert run("update", "clapham", "--start", "19:15", "--doors", "18:30").exit_code == 0
    after = example.read_bytes()
    assert after.startswith(codecs.BOM_UTF8) and not after.startswith(codecs.BOM_UTF8 * 2)
    assert after[3:] == text.replace(b'start = "19:00"', b'start = "19:15"', 1)


def test_each_untouched_line_keeps_its_own_ending(run, example):
    lines = example.read_bytes().split(b"\n")
    crlf_in_first_half = b"\n".join(
        line + b"\r" if k < len(lines) // 2 and line else line for k, line in enumerate(lines)
    )
    example.write_bytes(crlf_in_first_half)
    assert run("update", "clapham", "--start", "19:15", "--doors", "18:30").exit_code == 0
    assert example.read_bytes() == crlf_in_first_half.replace(
        b'start = "19:00"', b'start = "19:15"', 1
    )


# -- safety (issue 10) ---------------------------------------------------------------------


def one_error(result, exit_code: int, *words: str) -> str:
    """The result failed with `exit_code` and a single `error:` line holding `words`."""
    assert result.exit_code == exit_code, (result.exit_code, result.output)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert all(word in lines[0] for word in words), lines[0]
    return lines[0]


def test_a_symlinked_plan_is_written_through_and_locked_at_its_target(run, example, tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    target = real / "tour.toml"
    example.rename(target)
    example.symlink_to(Path("real") / "tour.toml")
    assert run("update", "clapham", "--start", "19:15", "--doors", "18:30").exit_code == 0
    assert example.is_symlink() and 'start = "19:15"' in target.read_text()
    assert (real / ".tour.toml.lock").exists()
    assert not (tmp_path / ".screenkit.toml.lock").exists()
    with store.locked(target):  # one lock for the link and the target
        assert store.lock_path(target).exists()


def test_a_read_only_plan_is_refused_even_for_root(run, example):
    before = example.read_bytes()
    example.chmod(0o444)
    result = run("update", "clapham", "--start", "19:15", "--doors", "18:30")
    one_error(result, 5, "screenkit.toml", "read-only", "chmod u+w")
    assert example.read_bytes() == before and example.stat().st_mode & 0o777 == 0o444


def test_a_plan_in_a_read_only_folder_is_refused(run, tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    plan = folder / "plan.toml"
    assert (
        run("-f", str(plan), "init", "--organiser", "A", "--email", "a@example.org").exit_code == 0
    )
    before = plan.read_bytes()
    folder.chmod(0o555)
    try:
        result = run("-f", str(plan), "film", "add", "f", "--title", "F", "--runtime", "90")
    finally:
        folder.chmod(0o755)
    one_error(result, 5, "plan.toml", "folder", "read-only")
    assert plan.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == [".plan.toml.lock", "plan.toml"]


def test_a_write_removes_what_killed_runs_left_of_that_plan_only(run, example, tmp_path):
    stale = [tmp_path / f".screenkit.toml.{'0' * 15}{k}.screenkit-tmp" for k in range(3)]
    others = [
        tmp_path / f".other.toml.{'0' * 16}.screenkit-tmp",  # another plan's
        tmp_path / ".screenkit-abc123.tmp",  # an export's
        tmp_path / ".screenkit.toml.notours.screenkit-tmp",
    ]
    for path in stale + others:
        path.write_bytes(b"x" * 100)
    assert run("list").exit_code == 0
    assert all(p.exists() for p in stale)  # reading never touches them
    assert run("update", "clapham", "--start", "19:15", "--doors", "18:30").exit_code == 0
    assert not any(p.exists() for p in stale)
    assert all(p.exists() for p in others)


def test_init_where_a_folder_is_refused(run, plan_path, tmp_path):
    plan_path.mkdir()
    for force in ([], ["--force"]):
        result = run("init", "--organiser", "A", "--email", "a@example.org", *force)
        one_error(result, 5, "screenkit.toml", "is a folder")
    assert plan_path.is_dir() and list(plan_path.iterdir()) == []
    missing = tmp_path / "nowhere" / "plan.toml"
    result = run("-f", str(missing), "init", "--organiser", "A", "--email", "a@example.org")
    one_error(result, 5, "does not exist")
    assert not missing.parent.exists()


def test_a_folder_or_a_missing_folder_is_no_plan(run, plan_path, tmp_path):
    plan_path.mkdir()
    one_error(run("list"), 3, "screenkit.toml", "is a folder")
    one_error(run("cancel", "x"), 3, "screenkit.toml", "is a folder")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["screenkit.toml"]  # no lock left
    missing = tmp_path / "nowhere" / "plan.toml"
    one_error(run("-f", str(missing), "cancel", "x"), 3, "no plan file")
    assert not missing.parent.exists()  # taking the lock did not make the folder


def test_an_unreadable_plan_is_a_plan_error():
    """As an ordinary user (root reads every file whatever its mode)."""
    where = users.folder()
    plan = where / "screenkit.toml"
    shutil.copy(EXAMPLE, plan)
    plan.chmod(0)
    readable = where / "readable.toml"
    shutil.copy(EXAMPLE, readable)
    result = users.as_user(("-f", str(readable), "list"), "-f", str(plan), "list")
    assert result.exit_code == 3, result.stderr
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert "screenkit.toml" in result.stderr and "permission denied" in result.stderr


@pytest.mark.parametrize(
    "value",
    ["[" * 450 + "]" * 450, "{ a = " * 450 + "1" + " }" * 450],
    ids=["arrays", "inline tables"],
)
def test_values_nested_too_deeply_are_a_plan_error(run, example, value):
    example.write_text(example.read_text() + f"\n[extra]\nx = {value}\n")
    one_error(run("list"), 3, "screenkit.toml", "nested too deeply")
    one_error(run("cancel", "clapham"), 3, "nested too deeply")


def test_keys_nested_too_deeply_are_a_plan_error(run, example):
    example.write_text(example.read_text() + "\n" + ".".join(["a"] * 1500) + " = 1\n")
    one_error(run("check"), 3, "nested too deeply")


def test_a_deep_plan_that_parses_is_refused_by_validation_not_a_crash(run, example):
    example.write_text(example.read_text() + "\n[" + ".".join(["a"] * 900) + "]\nx = 1\n")
    result = run("check")
    assert result.exit_code == 3 and "a: unknown key" in result.stderr


def test_a_change_to_one_screening_is_checked_with_the_evenings_it_shares_only(
    run, plan_path, monkeypatch
):
    """Checking a change costs what the change touches: its own evening and those at its
    venue or with its speaker (for double bookings), not the whole plan, twice."""
    from screenkit.rules import checks

    lines = ['[films.f]\ntitle = "F"\nruntime = 90\n']
    lines += [f'[venues.v{i}]\nname = "V"\naddress = "A"\ntimezone = "Europe/London"\n'
              for i in range(30)]  # fmt: skip
    lines += [f'[speakers.p{i}]\nname = "P"\nemail = "p{i}@example.org"\n' for i in range(10)]
    day = dt.date(2027, 1, 1)
    lines += [f'[screenings.s{k:03d}]\nfilm = "f"\nvenue = "v{k % 30}"\n'
              f'date = {day + dt.timedelta(days=k)}\nstart = "19:00"\nspeakers = ["p{k % 10}"]\n'
              for k in range(300)]  # one a day  # fmt: skip
    plan_path.write_text("\n".join(lines))
    timed: list[str] = []
    real = checks.timing

    def counting(plan, screening):
        timed.append(screening.venue)
        return real(plan, screening)

    monkeypatch.setattr(checks, "timing", counting)
    monkeypatch.delenv("SCREENKIT_SELF_CHECK")  # it checks the whole plan on purpose
    result = run("update", "s005", "--start", "19:30")
    assert result.exit_code == 0, result.output
    # Its speaker's 30 evenings (its venue's 10 among them), before and after: not 300.
    assert len(timed) == 2 * 30, len(timed)
