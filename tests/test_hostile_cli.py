"""The hostile inputs of issue 10, through the command line: each is one `error:` line, the
documented exit code, no traceback, and the plan byte for byte as it was.

(Values through the models and imports: tests/test_hostile_values.py; disks and crashes:
tests/test_store*.py.)"""

from __future__ import annotations

import os

import pytest

from screenkit.errors import ExitCode

CASES = [
    # outputs
    (["export", "ics", "--out", "a-file"], ExitCode.OUTPUT, "is a file, not a folder"),
    (["export", "feed", "-o", "missing/feed.ics"], ExitCode.OUTPUT, "does not exist"),
    (["export", "feed", "-o", "a-folder"], ExitCode.OUTPUT, "is a folder"),
    (["export", "speaker", "amira", "-o", "screenkit.toml"], ExitCode.OUTPUT, "plan file"),
    (["export", "checklist", "clapham", "--out", "a-file"], ExitCode.OUTPUT, "not a folder"),
    # numbers and dates out of range
    (["film", "update", "return-to-homs", "--runtime", "9" * 25], ExitCode.USAGE, "runtime"),
    (["update", "clapham", "--talk", "9" * 25], ExitCode.USAGE, "talk"),
    (["tasks", "--due-within", "99999999999999999999"], ExitCode.USAGE, "due within"),
    (["update", "clapham", "--date", "9999-12-31"], ExitCode.USAGE, "out of range"),
    (["update", "clapham", "--date", "0001-01-01"], ExitCode.USAGE, "out of range"),
    (["update", "clapham", "--audience", "-5"], ExitCode.USAGE, "audience"),
    (["venue", "update", "ica", "--lat", "1e999", "--lon", "0"], ExitCode.USAGE, "lat"),
    # text that would break a calendar line or a terminal
    (["speaker", "update", "sam", "--name", "Sam\nOkafor"], ExitCode.USAGE, "line break"),
    (["film", "update", "return-to-homs", "--title", "a\x1b[2Jb"], ExitCode.USAGE, "control"),
    (["venue", "update", "ica", "--name", "x\x00y"], ExitCode.USAGE, "name"),
    # ids
    (
        [
            "new",
            "../evil",
            "--film",
            "return-to-homs",
            "--venue",
            "ica",
            "--date",
            "2027-07-01",
            "--start",
            "19:00",
        ],
        ExitCode.USAGE,
        "not a valid id",
    ),
    (["rename", "clapham", "Clapham Two"], ExitCode.USAGE, "not a valid id"),
    (["film", "remove", "return-to-homs"], ExitCode.USAGE, "still used by"),
    # files handed to commands
    (["import", "nowhere.csv"], ExitCode.USAGE, "no such file"),
    (["import", "a-folder"], ExitCode.USAGE, "is a folder"),
    (["replies", "nowhere.eml"], ExitCode.USAGE, "no such file"),
]


@pytest.mark.parametrize(("args", "code", "words"), CASES, ids=lambda v: str(v)[:40])
def test_a_hostile_input_is_one_error_line_and_the_plan_is_untouched(
    run, example, tmp_path, args, code, words
):
    (tmp_path / "a-file").write_text("not a folder")
    (tmp_path / "a-folder").mkdir()
    before = example.read_bytes()
    result = run(*args)
    assert result.exit_code == code, result.output
    errors = [line for line in result.stderr.splitlines() if not line.startswith("warning:")]
    assert len(errors) == 1 and errors[0].startswith("error: "), result.stderr
    assert words in errors[0], errors[0]
    assert "Traceback" not in result.output
    assert example.read_bytes() == before


def test_a_plan_that_cannot_be_read(run, example):
    if os.geteuid() == 0:
        pytest.skip("root reads a file whatever its mode")
    example.chmod(0)
    result = run("list")
    assert result.exit_code == ExitCode.PLAN
    assert result.stderr.startswith("error: ") and "cannot read" in result.stderr


@pytest.mark.parametrize(
    "text",
    [
        "[organiser]\nname = 'x'\n[settings]\ntalk = " + "9" * 5000 + "\n",
        "x = " + "[" * 600 + "]" * 600 + "\n",
        "[organiser]\nname = 'x'\n[films.f]\ntitle = 'F'\nruntime = true\n",
        "[organiser]\nname = 'x'\n[films.f]\ntitle = 'F'\nruntime = 90\nyear = 1e999\n",
    ],
    ids=["5000 digits", "deep", "bool runtime", "huge float"],
)
def test_a_hostile_plan_file_is_one_plan_error(run, plan_path, text):
    plan_path.write_text(text)
    for command in (["list"], ["check"], ["export", "--out", "out"], ["tasks"]):
        result = run(*command)
        assert result.exit_code == ExitCode.PLAN, (command, result.output)
        assert result.stderr.count("\n") >= 1 and "Traceback" not in result.output
        assert all(line.startswith("error: ") for line in result.stderr.splitlines())
    assert plan_path.read_text() == text
