import json

import pytest

from screenkit.errors import ExitCode


def test_clean_plan_exits_0(run, example):
    result = run("check")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr.endswith("0 error(s), 0 warning(s) in " + str(example) + "\n")
    assert json.loads(run("check", "--json").stdout) == []


def test_errors_exit_1_with_a_table(run, example):
    text = example.read_text().replace('venue = "clapham"', 'venue = "nowhere"')
    example.write_text(text)
    result = run("check")
    assert result.exit_code == ExitCode.PROBLEMS
    header, row = result.stdout.splitlines()
    assert header.split() == ["severity", "where", "message"]
    assert row.split(None, 2) == [
        "error",
        "screenings.clapham.venue",
        "no venue 'nowhere'; known: clapham, east-finchley, ica",
    ]
    data = json.loads(run("check", "--json").stdout)
    assert data == [
        {"severity": "error", "where": "screenings.clapham.venue",
         "message": "no venue 'nowhere'; known: clapham, east-finchley, ica"}
    ]  # fmt: skip


def test_warnings_fail_only_with_strict(run, example):
    text = example.read_text().replace("audience = 90", "audience = 500")
    example.write_text(text)
    assert run("check").exit_code == 0
    assert run("check", "--strict").exit_code == ExitCode.PROBLEMS


def test_quiet_silences_the_summary(run, example):
    assert run("-q", "check").stderr == ""


def test_a_conflict_key_with_a_line_break_cannot_forge_a_line_of_check(run, example):
    forged = "screenings.clapham.start\\nerror     FAKE: the plan is fine"
    with example.open("a") as handle:
        handle.write(f'\n[conflicts."{forged}"]\nours = "19:00"\ntheirs = "19:30"\n')
    result = run("check")
    assert result.exit_code == 1, result.output
    assert not any(line.startswith("error     FAKE") or line.startswith("FAKE")
                   for line in result.stdout.splitlines()), result.stdout  # fmt: skip
    assert "\\nerror     FAKE" in result.stdout


CONFLICT = '\n[conflicts."screenings.clapham.start"]\nours = "19:00"\ntheirs = "19:30"\n'


@pytest.mark.parametrize(
    "args",
    [
        ["export", "site", "--out", "site"],
        ["export", "poster", "clapham", "-o", "poster.html"],
        ["export", "listing", "clapham"],
        ["export", "feed", "-o", "feed.ics"],
        ["export", "--out", "out"],
        ["send", "--dry-run"],
    ],
)
def test_an_unsettled_conflict_stops_every_public_output(run, example, tmp_path, args):
    with example.open("a") as handle:
        handle.write(CONFLICT)
    result = run(*args)
    assert result.exit_code == ExitCode.USAGE, result.output
    assert "resolve" in result.stderr and result.stdout == ""
    assert not any((tmp_path / name).exists() for name in ("site", "poster.html", "feed.ics"))


def test_status_names_each_conflict_with_its_resolve_command(run, example):
    with example.open("a") as handle:
        handle.write(CONFLICT)
    said = run("status").stdout
    assert "screenings.clapham.start: changed both ways" in said
    assert "screenkit resolve screenings.clapham.start --ours" in said
