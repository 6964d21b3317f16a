"""new, update, cancel, list, show."""

import json
import tomllib

import pytest

from screenkit.cli import ui
from screenkit.errors import ExitCode

NEW = ["new", "--film", "homs", "--venue", "ica", "--date", "2027-06-27", "--start", "18:30"]


def screenings(path):
    return tomllib.loads(path.read_text()).get("screenings", {})


def test_new_from_flags_makes_a_readable_id_and_a_uid(run, basic):
    result = run(*NEW, "--doors", "18:00", "--speaker", "amira", "--speaker", "sam",
                 "--host", "sam", "--status", "confirmed", "--audience", "120",
                 "--intro", "10", "--talk", "30")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == "ica-2027-06-27\n"
    s = screenings(basic)["ica-2027-06-27"]
    assert s["speakers"] == ["amira", "sam"] and s["host"] == "sam"
    assert s["start"] == "18:30" and s["doors"] == "18:00"
    assert len(s["uid"]) == 36
    again = run(*NEW, "--start", "21:30")
    assert again.stdout == "ica-2027-06-27-2\n"


def test_new_with_an_explicit_id(run, basic):
    result = run("new", "premiere", *NEW[1:])
    assert result.exit_code == 0, result.output
    assert "premiere" in screenings(basic)


def test_new_without_a_terminal_names_the_missing_options(run, basic, monkeypatch):
    monkeypatch.setattr(ui, "stdin_is_terminal", lambda: False)
    before = basic.read_bytes()
    result = run("new", "--film", "homs")
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr == (
        "error: missing --venue, --date, --start (stdin is not a terminal, so no prompting)\n"
    )
    assert basic.read_bytes() == before


def test_new_at_a_terminal_prompts_for_what_is_missing(run, basic, monkeypatch):
    monkeypatch.setattr(ui, "stdin_is_terminal", lambda: True)
    answers = "homs\nphoenix\n27/06\n2027-06-29\n19:30\namira\n"
    result = run("new", input=answers)
    assert result.exit_code == 0, result.output
    s = screenings(basic)["phoenix-2027-06-29"]
    assert (s["film"], s["start"], s["speakers"]) == ("homs", "19:30", ["amira"])
    assert "is not a date" in result.stderr  # the bad answer was asked again


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--date", "2027-02-30"], "--date: '2027-02-30' is not a date: February 2027 has 28 days"),
        (["--start", "25:00"], "--start: '25:00' is not a time"),
        (
            ["--status", "maybe"],
            "screenings.ica-2027-06-27.status: 'maybe' is not one of 'tentative', 'confirmed' or "
            "'cancelled'",
        ),
        (["--speaker", "nobody"], "screenings.ica-2027-06-27.speakers[0]: no speaker"),
        (["--audience", "0"], "screenings.ica-2027-06-27.audience: 0 is out of range"),
        (["--intro", "-1"], "screenings.ica-2027-06-27.intro: '-1' is not a duration"),
        (["--doors", "19:00"], "screenings.ica-2027-06-27.doors: doors open at 19:00"),
    ],
)
def test_new_refuses_bad_values(run, basic, extra, message):
    before = basic.read_bytes()
    result = run(*NEW, *extra)
    assert result.exit_code == ExitCode.USAGE, result.output
    assert result.stderr.startswith(f"error: {message}")
    assert basic.read_bytes() == before


def test_new_refuses_a_double_booking(run, basic):
    assert run(*NEW, "--speaker", "amira").exit_code == 0
    before = basic.read_bytes()
    result = run("new", "--film", "homs", "--venue", "phoenix", "--date", "2027-06-27",
                 "--start", "19:00", "--speaker", "amira")  # fmt: skip
    assert result.exit_code == ExitCode.USAGE
    assert (
        "amira is booked twice: ica-2027-06-27 18:30–20:54 and phoenix-2027-06-27 19:00–21:24 "
        "on 2027-06-27" in result.stderr
    )
    assert basic.read_bytes() == before


def test_new_warns_but_saves(run, basic):
    result = run(*NEW)  # no speaker
    assert result.exit_code == 0
    assert "warning: screenings.ica-2027-06-27.speakers: no speaker for the talk" in result.stderr


def test_update_changes_only_what_is_given_and_keeps_the_uid(run, basic):
    run(*NEW, "--speaker", "amira")
    uid = screenings(basic)["ica-2027-06-27"]["uid"]
    result = run("update", "ica-2027-06-27", "--start", "19:00", "--status", "confirmed")
    assert result.exit_code == 0, result.output
    s = screenings(basic)["ica-2027-06-27"]
    assert (s["start"], s["status"], s["speakers"], s["uid"]) == (
        "19:00", "confirmed", ["amira"], uid,
    )  # fmt: skip


def test_update_and_cancel_unknown_ids(run, basic):
    for args in (["update", "nope", "--start", "19:00"], ["cancel", "nope"]):
        result = run(*args)
        assert result.exit_code == ExitCode.USAGE
        assert (
            result.stderr
            == "error: screenings.nope: no screening 'nope'; there are no screenings yet\n"
        )


def test_cancel_keeps_the_screening(run, basic):
    run(*NEW, "--speaker", "amira")
    result = run("cancel", "ica-2027-06-27")
    assert result.exit_code == 0
    assert screenings(basic)["ica-2027-06-27"]["status"] == "cancelled"


def test_list_and_show(run, example):
    listed = run("list")
    assert listed.exit_code == 0
    lines = listed.stdout.splitlines()
    assert lines[0].split() == ["id", "date", "time", "film", "venue", "speakers", "status"]
    assert lines[1].split()[:5] == ["ica-premiere", "2027-06-27", "18:30–20:54", "Return", "to"]
    data = json.loads(run("list", "--json").stdout)
    assert [r["id"] for r in data] == ["ica-premiere", "clapham", "east-finchley"]
    assert data[1]["end"] == "21:19" and data[1]["talk"] == 40
    shown = json.loads(run("show", "clapham", "--json").stdout)
    assert shown == data[1]
    assert "Clapham Community Cinema" in run("show", "clapham").stdout
    assert run("show", "nope").exit_code == ExitCode.USAGE


def test_list_of_an_empty_plan_is_an_empty_json_list(run, basic):
    assert json.loads(run("list", "--json").stdout) == []


def test_a_broken_plan_file_is_exit_3_with_a_one_line_reason(run, plan_path):
    plan_path.write_text("[organiser\nname = 1\n")
    result = run("list")
    assert result.exit_code == ExitCode.PLAN
    assert result.stderr.startswith(f"error: {plan_path}: not valid TOML, line 1: ")
    assert "a [table] heading needs its closing ]" in result.stderr
    assert result.stderr.count("\n") == 1
    plan_path.write_text("[organiser]\nname = 'x'\nfax = 1\n")
    result = run("list")
    assert (result.exit_code, result.stderr) == (
        ExitCode.PLAN,
        "error: organiser.fax: unknown key\n",
    )


def test_a_missing_plan_file_is_exit_3(run, plan_path):
    result = run("list")
    assert result.exit_code == ExitCode.PLAN
    assert "no plan file here" in result.stderr


def test_file_option_and_env_var(run, example, tmp_path, monkeypatch):
    monkeypatch.delenv("SCREENKIT_FILE")
    other = tmp_path / "other.toml"
    example.rename(other)
    assert run("-f", str(other), "list", "--json").exit_code == 0
    monkeypatch.setenv("SCREENKIT_FILE", str(other))
    assert run("list", "--json").exit_code == 0


def test_display_commands_check_contacts_by_shape_and_the_rest_in_full(run, example):
    # +44 20 79 has the shape of a phone number but is far too short for one.
    text = example.read_text().replace("+44 20 7946 0202", "+44 20 79")
    example.write_text(text)
    assert run("list").exit_code == 0
    result = run("check")
    assert result.exit_code == ExitCode.PLAN
    assert result.stderr.startswith("error: venues.clapham.contact.phone: '+44 20 79'")
    text = text.replace("+44 20 79", "not a phone")
    example.write_text(text)
    assert run("list").exit_code == ExitCode.PLAN


def test_update_can_clear_fields(run, example):
    result = run("update", "ica-premiere", "--clear", "host", "--clear", "notes")
    assert result.exit_code == 0, result.output
    s = tomllib.loads(example.read_text())["screenings"]["ica-premiere"]
    assert "host" not in s and "notes" not in s and s["doors"] == "18:00"
    for bad, message in [
        (["--clear", "venue"], "screenings.clapham.venue: required, so it cannot be cleared"),
        (
            ["--clear", "doors", "--doors", "18:15"],
            "screenings.clapham.doors: both cleared and given",
        ),
    ]:
        result = run("update", "clapham", *bad)
        assert result.exit_code == ExitCode.USAGE
        assert result.stderr.startswith(f"error: {message}")
