"""The hostile inputs of issue 10, through the command line: each is one `error:` line, the
documented exit code, no traceback, and the plan byte for byte as it was.

(Values through the models and imports: tests/test_hostile_values.py; disks and crashes:
tests/test_store*.py.)"""

from __future__ import annotations

import os
import shutil

import pytest

from screenkit.errors import ExitCode
from tests.support.plans import EXAMPLE

CASES = [
    # outputs
    (["export", "ics", "--out", "a-file"], ExitCode.OUTPUT, "is a file, not a folder"),
    (["privacy", "amirah"], ExitCode.USAGE, "did you mean"),
    (["tickets", "publish", "--held-back", "-5"], ExitCode.USAGE, "--held-back"),
    (["tickets", "publish"], ExitCode.USAGE, "SCREENKIT_PRETIX_URL"),
    (["tickets", "sync"], ExitCode.USAGE, "SCREENKIT_PRETIX_URL"),
    (["privacy", "amira"], ExitCode.USAGE, "is not private"),
    (["privacy", "\u202eevil"], ExitCode.USAGE, "speakers."),
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
    # the run-up: reminders, volunteers, the rota
    (["set", "settings.reminders", "1x"], ExitCode.USAGE, "settings.reminders[0]"),
    (["set", "settings.reminders", "7d", "0h"], ExitCode.USAGE, "between 1h and 366d"),
    (["set", "settings.reminders", "99999d"], ExitCode.USAGE, "too long before"),
    (["volunteer", "add", "zed", "--name", "Zed"], ExitCode.USAGE, "--email"),
    (["volunteer", "add", "zed", "--name", "Zed", "--email", "not-an-email"], ExitCode.USAGE,
     "email"),
    (["rota", "clapham", "--set", "bouncer=sam"], ExitCode.USAGE, "no role 'bouncer'"),
    (["rota", "clapham", "--set", "door=nobody"], ExitCode.USAGE, "no volunteer 'nobody'"),
    (["remind", "--dry-run", "--eml", "mail"], ExitCode.USAGE, "one of them at most"),
    (["remind", "--eml", "a-file"], ExitCode.OUTPUT, "not a folder"),
    # every audience: blanks that used to say "updated", repeats, hidden direction controls
    (["update", "clapham", "--access", ""], ExitCode.USAGE, "--access: is empty"),
    (["update", "clapham", "--language", " "], ExitCode.USAGE, "--language: is empty"),
    (["update", "clapham", "--access", "captioned", "--access", "captioned"], ExitCode.USAGE,
     "given twice"),
    (["film", "update", "return-to-homs", "--title", "\u0627\u0644\u0639\u0648\u062f \u202eevil"],
     ExitCode.USAGE, "hidden text-direction control (U+202E)"),
    (["set", "settings.reminders", "-1d"], ExitCode.USAGE, "put -- before it"),
    (["export", "site", "--out", "s", "--base-url", "https://example.org/\u202egpj.exe/"],
     ExitCode.USAGE, "--base-url"),
    # a network's plans and kits
    (["-f", "screenkit.toml", "-f", "a-copy.toml", "update", "clapham", "--notes", "x"],
     ExitCode.USAGE, "works on one plan"),
    (["-f", "nowhere/*.toml", "list"], ExitCode.USAGE, "no file matches"),
    (["-f", "screenkit.toml", "-f", "a-copy.toml", "show", "clapham"], ExitCode.USAGE,
     "2 plans have it"),
    (["-f", "screenkit.toml", "-f", "a-copy.toml", "show", "../clapham"], ExitCode.USAGE,
     "no plan named"),
    (["kit", "update", "a-copy.toml"], ExitCode.USAGE, "a kit holds only"),
    (["kit", "update", "a-folder"], ExitCode.USAGE, "is a folder"),
    (["kit", "update", "a-file"], ExitCode.USAGE, "not valid TOML"),
    (["kit", "export", "-o", "screenkit.toml"], ExitCode.OUTPUT, "plan file"),
    (["kit", "export", "-o", "a-folder"], ExitCode.OUTPUT, "is a folder"),
    (["init", "--from-kit", "nowhere.toml", "--organiser", "A", "--email", "a@example.org",
      "--force"], ExitCode.USAGE, "no kit file"),
    (["init", "--organiser", "A", "--email", "a@example.org", "--group", "Leeds Group",
      "--force"], ExitCode.USAGE, "tour.group"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "code", "words"), CASES, ids=lambda v: str(v)[:40])
def test_a_hostile_input_is_one_error_line_and_the_plan_is_untouched(
    run, example, tmp_path, args, code, words
):
    (tmp_path / "a-file").write_text("not a folder")
    (tmp_path / "a-folder").mkdir()
    shutil.copy(EXAMPLE, tmp_path / "a-copy.toml")
    before = example.read_bytes()
    result = run(*args)
    assert result.exit_code == code, result.output
    errors = [line for line in result.stderr.splitlines() if not line.startswith("warning:")]
    assert len(errors) == 1 and errors[0].startswith("error: "), result.stderr
    assert words in errors[0], errors[0]
    assert "Traceback" not in result.output
    assert example.read_bytes() == before


def test_a_kit_that_is_no_valid_plan_is_named_in_its_error(run, example, tmp_path):
    """Not the plan: the kit, so the error says which file is wrong."""
    (tmp_path / "kit.toml").write_text("[films.x]\ntitle = 'X'\nruntime = -5\n")
    before = example.read_bytes()
    for args in (["kit", "update", "kit.toml"],
                 ["-f", "new.toml", "init", "--from-kit", "kit.toml", "--organiser", "A",
                  "--email", "a@example.org"]):  # fmt: skip
        result = run(*args)
        assert result.exit_code == ExitCode.USAGE, result.output
        assert result.stderr.startswith("error: kit.toml: films.x.runtime: -5 is out of range")
        assert result.stderr.count("\n") == 1, result.stderr
    assert example.read_bytes() == before and not (tmp_path / "new.toml").exists()


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


# -- found by an adversarial pass --------------------------------------------------------------
def _device(path) -> bool:
    try:
        os.mknod(path, 0o666 | __import__("stat").S_IFCHR, os.makedev(1, 3))  # like /dev/null
    except (PermissionError, OSError):
        return False
    return True


def test_a_device_is_never_replaced_by_an_export_or_a_plan_write(run, example, tmp_path):
    null = tmp_path / "null"
    if not _device(null):
        pytest.skip("making a device node needs root")
    result = run("export", "feed", "-o", str(null))
    assert result.exit_code == ExitCode.OUTPUT and "not a regular file" in result.stderr
    assert null.is_char_device()
    result = run("-f", str(null), "init", "--organiser", "X", "--email", "x@example.org",
                 "--force")  # fmt: skip
    assert result.exit_code != 0 and null.is_char_device()


def test_a_plan_that_is_a_pipe_is_refused_without_waiting(run, tmp_path):
    fifo = tmp_path / "plan.toml"
    os.mkfifo(fifo)
    result = run("-f", str(fifo), "check")
    assert result.exit_code == ExitCode.PLAN and "not a regular file" in result.stderr


def test_a_poster_must_be_an_image_beside_the_plan(run, example, tmp_path):
    (tmp_path / "secret.jpg").write_text("hello secret\n")
    outside = tmp_path.parent / "outside.png"
    outside.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 10)
    for path, words in [("secret.jpg", "is not a JPEG image inside"),
                        (str(outside), "outside the plan's folder"),
                        ("../outside.png", "outside the plan's folder")]:  # fmt: skip
        assert run("film", "update", "return-to-homs", "--poster", path).exit_code == 0
        result = run("export", "site", "--out", "site")
        assert result.exit_code == ExitCode.USAGE, result.output
        assert words in result.stderr
        assert not (tmp_path / "site" / "images").exists()


def test_a_tick_that_names_no_task_any_more_can_be_unticked(run, example):
    assert run("tick", "clapham", "need-amira-handheld-mic").exit_code == 0
    assert run("speaker", "update", "amira", "--clear", "needs").exit_code == 0
    assert run("untick", "clapham", "need-amira-handheld-mic").exit_code == 0
    assert run("tick", "clapham", "need-amira-handheld-mic").exit_code == ExitCode.USAGE


def test_dash_output_is_standard_output(run, example, tmp_path):
    result = run("export", "feed", "-o", "-")
    assert result.exit_code == 0 and result.stdout.startswith("BEGIN:VCALENDAR")
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize("now", ["0001-01-01T00:00:00Z", "9999-12-31T23:59:59-12:00"])
def test_screenkit_now_out_of_range(run, example, monkeypatch, now):
    monkeypatch.setenv("SCREENKIT_NOW", now)
    result = run("tasks", "--overdue")
    assert result.exit_code == ExitCode.USAGE and "SCREENKIT_NOW" in result.stderr


def test_an_error_is_one_line_whatever_it_quotes(run, example):
    result = run("show", "x\ny\u2028z\u202e")
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.count("\n") == 1 and "\u202e" not in result.stderr


def test_a_group_without_its_command_says_so(run, example):
    result = run("film")
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.startswith("error: missing command: add, list, show, update, rename")
    assert result.stderr.endswith(" film --help')\n") and result.stderr.count("\n") == 1


def test_a_mail_server_url_that_cannot_be_read(run, example, monkeypatch):
    monkeypatch.setenv("SCREENKIT_SMTP_URL", "smtp://[::1")
    before = example.read_bytes()
    result = run("send")
    assert result.exit_code == ExitCode.USAGE and "cannot be read as a server address" in (
        result.stderr
    )
    assert example.read_bytes() == before


def test_a_read_only_plan_writes_no_export(run, example, tmp_path):
    example.chmod(0o444)
    result = run("export", "ics", "--out", "inv")
    assert result.exit_code == ExitCode.OUTPUT
    assert not (tmp_path / "inv").exists()


@pytest.mark.parametrize("link", ["symlink", "hard link"])
def test_an_export_never_writes_through_a_link_to_the_plan(run, example, tmp_path, link):
    out = tmp_path / "out"
    out.mkdir()
    where = out / "clapham.ics"
    where.symlink_to(example) if link == "symlink" else os.link(example, where)
    before = example.read_bytes()
    result = run("export", "ics", "clapham", "--out", str(out))
    assert result.exit_code == ExitCode.OUTPUT, result.output
    why = "would be written outside" if link == "symlink" else "would overwrite the plan file"
    assert result.output.startswith(f"error: clapham.ics: {why}") or why in result.output
    assert example.read_bytes() == before


# -- the merge driver's inputs (the team issue) -------------------------------------------------
@pytest.mark.parametrize(
    ("side", "content", "says"),
    [
        ("theirs", b"[screenings\nstart = 19:00\n", "not valid TOML"),
        ("theirs", b"<<<<<<< HEAD\nx = 1\n=======\nx = 2\n>>>>>>> b\n", "git conflict marker"),
        ("ours", b"<<<<<<< HEAD\nx = 1\n=======\nx = 2\n>>>>>>> b\n", "git conflict marker"),
        ("theirs", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a binary file"),
        ("base", None, "cannot read"),  # a base path that is not there
        ("theirs", b"\xff\xfe\x00a", "a binary file"),
    ],
)
def test_a_hostile_side_of_a_merge_is_one_error_and_ours_untouched(run, tmp_path, side,
                                                                    content, says):  # fmt: skip
    files = {name: tmp_path / f"{name}.toml" for name in ("base", "ours", "theirs")}
    for path in files.values():
        shutil.copy(EXAMPLE, path)
    if content is None:
        files[side].unlink()
    else:
        files[side].write_bytes(content)
    before = files["ours"].read_bytes()
    result = run("merge", *map(str, files.values()), "--path", "screenkit.toml")
    assert result.exit_code == ExitCode.USAGE, result.output
    errors = result.stderr.splitlines()
    assert len(errors) == 1 and errors[0].startswith("error: ") and says in errors[0], errors
    assert files["ours"].read_bytes() == before


@pytest.mark.parametrize(
    ("ours_adds", "theirs_adds", "says"),
    [
        # each side alone is a plan `check` accepts; together the values differ in kind
        ('\n[digest]\nlast = 2027-06-20\n', '\n[digest]\nlast = "2027-06-21"\n',
         "different kinds of value"),
        # an infinite SEQUENCE against a number: OverflowError, exit 70, before
        (("sequence = 0", "sequence = inf"), ("sequence = 0", "sequence = 7"),
         "cannot be merged by record"),
    ],
)  # fmt: skip
def test_sides_holding_different_kinds_of_value_are_one_error_and_ours_untouched(
    run, tmp_path, ours_adds, theirs_adds, says
):
    """The driver crashed (exit 70) comparing a date with a text."""
    base, ours, theirs = (tmp_path / f"{n}.toml" for n in ("base", "ours", "theirs"))
    shutil.copy(EXAMPLE, base)
    for side, adds in ((ours, ours_adds), (theirs, theirs_adds)):
        text = EXAMPLE.read_text()
        side.write_text(text.replace(*adds, 1) if isinstance(adds, tuple) else text + adds)
    before = ours.read_bytes()
    result = run("merge", str(base), str(ours), str(theirs), "--path", "screenkit.toml")
    assert result.exit_code == ExitCode.USAGE, result.output
    errors = result.stderr.splitlines()
    assert len(errors) == 1 and errors[0].startswith("error: ") and says in errors[0], errors
    assert ours.read_bytes() == before


def test_a_file_both_sides_added_merges_from_an_empty_base(run, tmp_path):
    base, ours, theirs = (tmp_path / f"{n}.toml" for n in ("base", "ours", "theirs"))
    base.write_text("")
    shutil.copy(EXAMPLE, ours)
    theirs.write_text(EXAMPLE.read_text().replace('notes = "UK premiere; press night"',
                                                  'notes = "Press night"'))  # fmt: skip
    result = run("merge", str(base), str(ours), str(theirs))
    assert result.exit_code == ExitCode.PROBLEMS  # the one field both wrote differently
    assert "[conflicts." in ours.read_text()
