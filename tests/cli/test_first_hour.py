"""The first hour of a new volunteer: each trap they met, watched from the command line."""

from __future__ import annotations

import json
import tomllib

import pytest

from screenkit.cli import ui
from screenkit.errors import ExitCode


def plan(path):
    return tomllib.loads(path.read_text())


@pytest.fixture
def exported(run, example):
    """The example with its calendar records made, and every person recorded as sent the
    current version (as a real send would leave it)."""
    assert run("export", "--out", "export").exit_code == 0
    text = example.read_text()
    data = tomllib.loads(text)
    for sid, s in data["screenings"].items():
        cal = s["calendar"]
        lines = [f"\n[screenings.{sid}.calendar.sent_to.{pid}]\nsequence = {cal['sequence']}\n"
                 f"digest = \"{cal['digest']}\"\nsent = \"{cal['sent']}\"\n"
                 for pid in cal["invited"]]  # fmt: skip
        text += "".join(lines)
    example.write_text(text)
    return example


# -- the tool says what is pending ---------------------------------------------------------------
def test_a_change_that_makes_invitations_old_says_so_in_one_line(run, exported):
    result = run("update", "east-finchley", "--talk", "60")
    assert result.exit_code == 0, result.output
    said = [line for line in result.stderr.splitlines() if "east-finchley:" in line]
    assert said == ["east-finchley: Amira Haddad and Sam Okafor have the old time (End: 21:54 → "
                    "22:09); run `screenkit send east-finchley`"]  # fmt: skip
    check = run("check")
    assert "have the old time" in check.stdout and "screenkit send east-finchley" in check.stdout


def test_status_lists_what_needs_doing_with_the_command_for_each(run, exported):
    assert run("update", "clapham", "--start", "19:30").exit_code == 0
    text = run("status").stdout
    assert "Invitations to send:" in text
    assert "clapham: Amira Haddad has the old time (Start: 19:00 → 19:30)" in text
    assert "run: screenkit send clapham" in text
    assert "export/ was written before the plan's last change" in text
    items = json.loads(run("status", "--json").stdout)
    people = [i for i in items if i["kind"] == "invitations" and i["person"]]
    assert [(i["screening"], i["person"]) for i in people] == [("clapham", "amira")]
    assert {i["command"] for i in items} >= {"screenkit send clapham", "screenkit export"}


@pytest.mark.parametrize("stamp", [b"garbage", b'{"digest": 7}', b"{" * 10_000])
def test_status_reads_past_a_broken_stamp(run, example, tmp_path, stamp):
    (tmp_path / "export").mkdir()
    (tmp_path / "export" / ".screenkit-export.json").write_bytes(stamp)
    result = run("status")
    assert result.exit_code == 0 and "export/" not in result.stdout


def test_status_of_a_broken_plan_is_one_error(run, example):
    example.write_text("[films\n")
    result = run("status")
    assert result.exit_code == ExitCode.PLAN and result.stderr.count("\n") == 1


def test_status_with_nothing_pending_says_so(run, basic):
    result = run("status")
    assert result.exit_code == 0 and result.stdout.startswith("Nothing pending")
    assert json.loads(run("status", "--json").stdout) == []


def test_send_offers_nothing_for_an_evening_already_over(run, exported, monkeypatch):
    assert run("update", "clapham", "--start", "19:30").exit_code == 0
    monkeypatch.setenv("SCREENKIT_NOW", "2027-06-30T10:00:00Z")  # after every evening
    result = run("send", "--dry-run")
    assert "clapham" not in result.stdout
    assert "Invitations" not in run("status").stdout


# -- every value can be set from the CLI ---------------------------------------------------------
def test_set_get_and_unset_any_value_keeping_comments(run, example):
    before = example.read_text()
    assert run("set", "tour.name", "Homs on tour").exit_code == 0
    assert run("set", "campaign.actions", "Sign the petition", "Join a group").exit_code == 0
    assert run("set", "venues.ica.access.notes", "Lift at the back").exit_code == 0
    assert run("set", "organiser.email", "team@example.org").exit_code == 0
    data = plan(example)
    assert data["tour"]["name"] == "Homs on tour"
    assert data["campaign"]["actions"] == ["Sign the petition", "Join a group"]
    assert data["venues"]["ica"]["access"]["notes"] == "Lift at the back"
    comments = [line for line in before.splitlines() if line.lstrip().startswith("#")]
    assert all(line in example.read_text() for line in comments)
    assert run("get", "tour.name").stdout == "Homs on tour\n"
    assert run("get", "campaign.actions", "--json").stdout.startswith('[\n  "Sign')
    default = run("get", "settings.earliest")
    assert default.stdout == "10:00\n" and "its default" in default.stderr
    assert run("unset", "venues.ica.access.notes").exit_code == 0
    assert "notes" not in plan(example)["venues"]["ica"]["access"]
    assert run("get", "venues.ica.access.notes").exit_code == ExitCode.PROBLEMS


@pytest.mark.parametrize("key", ["screenings.clapham", "screenings"])
def test_unset_of_a_sent_screening_is_refused_as_remove_refuses_it(run, example, key):
    """`remove clapham` says to cancel it; `unset` removed it with exit 0 and no CANCEL."""
    before = example.read_bytes()
    result = run("unset", key, *(["--force"] if key == "screenings" else []))
    assert result.exit_code == ExitCode.USAGE, result.output
    assert "cancel it instead" in result.stderr and result.stderr.count("\n") == 1
    assert example.read_bytes() == before


@pytest.mark.parametrize("key", ["settings", "tour", "screenings"])
def test_unset_of_a_whole_table_needs_force_and_says_what_goes(run, example, key):
    before = example.read_bytes()
    result = run("unset", key)
    assert result.exit_code == ExitCode.USAGE, result.output
    assert f"the whole [{key}] table" in result.stderr and "--force" in result.stderr
    assert example.read_bytes() == before


def test_unset_with_force_removes_a_table_and_a_trailing_dot_names_nothing(run, example):
    before = example.read_bytes()
    trailing = run("unset", "settings.")
    assert trailing.exit_code == ExitCode.USAGE and "ends in a dot" in trailing.stderr
    assert example.read_bytes() == before
    assert run("unset", "settings", "--force").exit_code == 0
    assert "settings" not in plan(example)


def test_get_json_prints_dates_and_times_as_iso_8601(run, example):
    whole = run("get", "screenings.clapham", "--json")
    assert whole.exit_code == 0, whole.output
    assert json.loads(whole.stdout)["date"] == "2027-06-28"
    day = run("get", "screenings.clapham.date", "--json")
    assert day.exit_code == 0 and json.loads(day.stdout) == "2027-06-28"


def test_set_takes_a_time_as_people_write_it_like_update_does(run, example):
    """`update --start 7pm` was taken, `set settings.curfew 11pm` refused."""
    assert run("set", "settings.curfew", "10.30pm").exit_code == 0
    assert run("set", "screenings.clapham.doors", "6.45pm").exit_code == 0
    data = plan(example)
    assert data["settings"]["curfew"] == "22:30"
    assert data["screenings"]["clapham"]["doors"] == "18:45"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["set", "tour.nme", "x"], "tour.nme: unknown key; did you mean 'name'?"),
        (["set", "venues.icaa.name", "x"], "venues.icaa: no venue 'icaa'; did you mean 'ica'?"),
        (["set", "settings.curfew", "25:00"], "settings.curfew: '25:00' is not a time"),
        (["set", "settings.currency", "POUNDS"], "settings.currency: 'POUNDS' is not an ISO"),
        (["set", "tour.name", "a", "b"], "tour.name: takes one value, not 2"),
        (["set", "venues.ica.access", "x"], "venues.ica.access: is a table; set its keys"),
        (["set", "screenings.clapham.calendar.sequence", "9"], "not set by hand"),
        (["set", "published.x", "y"], "published: is what publish recorded"),
        (["set", "tour.name.first", "x"], "tour.name: holds a single value, not keys"),
        (["set", "tour..name", "x"], "not a key"),
        (["set", 'tour."name', "x"], "not a key"),
        (["unset", "venues.ica.name"], "venues.ica.name: required, so it cannot be unset"),
        (["get", "nonsense"], "nonsense: unknown key"),
        (["set", "settings.confirm_by", "--", "-3"], "settings.confirm_by"),
        (["set", "settings.vat_registered", "perhaps"], "settings.vat_registered"),
        (["set", "organiser.name", "a\nb"], "organiser.name"),
    ],
)
def test_hostile_keys_and_values_are_one_error_and_the_plan_untouched(run, example, args, says):
    before = example.read_bytes()
    result = run(*args)
    assert result.exit_code == ExitCode.USAGE, result.output
    errors = result.stderr.splitlines()
    assert len(errors) == 1 and errors[0].startswith("error: ") and says in errors[0], errors
    assert example.read_bytes() == before


# -- input as people write it --------------------------------------------------------------------
def test_times_durations_and_amounts_as_people_type_them(run, example):
    assert run("update", "clapham", "--start", "7:30pm", "--talk", "1h34").exit_code == 0
    assert run("update", "clapham", "--price", "£6.50").exit_code == 0
    s = plan(example)["screenings"]["clapham"]
    assert (s["start"], s["talk"], s["price"]) == ("19:30", 94, "6.50")
    wrong = run("update", "clapham", "--price", "€6.50")
    assert wrong.exit_code == ExitCode.USAGE and "plan's amounts are in GBP" in wrong.stderr
    vague = run("update", "clapham", "--start", "7")
    assert vague.exit_code == ExitCode.USAGE and "give the minutes too" in vague.stderr


def test_phones_as_people_write_them(run, basic):
    drama = run("speaker", "add", "eve", "--name", "Eve", "--email", "eve@example.org",
                "--phone", "+44 7700 900123")  # fmt: skip
    assert drama.exit_code == 0, drama.output  # possible: taken, with a word of warning
    assert "not a number in use" in drama.stderr
    national = ["speaker", "update", "eve", "--phone", "07911 123456"]
    refused = run(*national)
    assert refused.exit_code == ExitCode.USAGE and "settings.country" in refused.stderr
    assert run("set", "settings.country", "GB").exit_code == 0
    assert run(*national).exit_code == 0
    assert plan(basic)["speakers"]["eve"]["phone"] == "+44 7911 123456"
    help_text = " ".join(run("speaker", "add", "--help").stdout.split())
    example = help_text.split("--phone TEXT")[1].split("e.g. ")[1].split(" (")[0]
    assert run("speaker", "add", "x", "--name", "X", "--email", "x@example.org",
               "--phone", example).exit_code == 0  # fmt: skip


def test_a_time_zone_from_the_country_or_a_city(run, basic):
    assert run("venue", "add", "hall", "--name", "Hall", "--address", "1 Road",
               "--country", "GB").exit_code == 0  # fmt: skip
    assert plan(basic)["venues"]["hall"]["timezone"] == "Europe/London"
    city = run("venue", "add", "x", "--name", "X", "--address", "1 Road", "--timezone", "London")
    assert city.exit_code == ExitCode.USAGE and "did you mean Europe/London?" in city.stderr


# -- changes that carry their consequences ---------------------------------------------------------
def test_moving_the_start_moves_the_doors_and_says_so(run, example):
    result = run("update", "clapham", "--start", "19:30")
    assert "doors moved with the start, 18:30 → 19:00" in result.stderr
    assert plan(example)["screenings"]["clapham"]["doors"] == "19:00"
    assert run("update", "clapham", "--start", "20:00", "--doors", "19:00").exit_code == 0
    assert plan(example)["screenings"]["clapham"]["doors"] == "19:00"


def test_a_cancelled_screening_whose_people_were_told_is_removed_without_force(run, exported):
    assert run("cancel", "clapham").exit_code == 0
    refused = run("remove", "clapham")
    assert refused.exit_code == ExitCode.USAGE and "still hold its invitation" in refused.stderr
    told = "[screenings.clapham.calendar.sent_to.amira]\n"
    text = exported.read_text().replace(told, told + 'method = "CANCEL"\n')
    exported.write_text(text)
    assert run("remove", "clapham").exit_code == 0
    assert "clapham" not in plan(exported)["screenings"]


# -- a terminal that fits ---------------------------------------------------------------------
def test_global_options_after_the_command(run, example, tmp_path):
    other = tmp_path / "other.toml"
    other.write_text(example.read_text().replace("clapham", "brixton"))
    assert "brixton" in run("list", "-f", str(other)).stdout
    quiet = run("update", "ica-premiere", "--notes", "x", "-q")
    assert quiet.exit_code == 0 and quiet.stderr == ""


def test_list_at_80_columns_breaks_nothing(run, example, monkeypatch):
    monkeypatch.setattr(ui, "stdout_is_terminal", lambda: True)
    monkeypatch.setenv("COLUMNS", "80")
    lines = run("list").stdout.replace("\x1b[1m", "").replace("\x1b[0m", "").splitlines()
    assert all(len(line) <= 80 for line in lines)
    for whole in ["east-finchley", "2027-06-29", "19:30–21:54", "tentative", "speakers"]:
        assert any(whole in line for line in lines), whole


def test_empty_results_say_so_in_a_sentence(run, basic):
    listed = run("list")
    assert listed.stdout == "" and "No screenings yet" in listed.stderr
    assert "Nothing to do" in run("tasks").stderr
    assert run("list", "--json").stdout == "[]\n"


def test_shell_completion_is_there_for_bash_zsh_and_fish(run, monkeypatch):
    assert "--install-completion" in run("--help").stdout
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")
    for shell in ("bash", "zsh", "fish"):
        result = run("--show-completion", shell)  # the test runner's program is "root"
        assert result.exit_code == 0 and "_ROOT_COMPLETE=complete_" in result.stdout, shell


# -- exports with one shape -------------------------------------------------------------------
def test_single_documents_go_to_a_file_unless_asked(run, example, tmp_path):
    poster = run("export", "poster", "ica-premiere")
    assert poster.stdout == "ica-premiere-poster-a4.html\n"
    assert (tmp_path / "ica-premiere-poster-a4.html").read_text().startswith("<!DOCTYPE html>")
    assert run("export", "poster", "ica-premiere", "-o", "-").stdout.startswith("<!DOCTYPE")
    checklist = run("export", "checklist", "clapham", "--format", "txt", "-o", "-")
    assert checklist.stdout.startswith("CHECKLIST") or "clapham" in checklist.stdout


def test_old_spellings_still_work_with_a_note(run, example, tmp_path):
    old = run("export", "site", "oldsite")
    assert old.exit_code == 0 and "will go in the next release" in old.stderr
    assert (tmp_path / "oldsite" / "index.html").exists()
    printed = run("export", "checklist", "clapham", "--format", "txt", "--out", "-")
    assert printed.exit_code == 0 and "use `-o -`" in printed.stderr and printed.stdout


def test_the_checklist_reads_right_without_an_audience(run, example):
    text = example.read_text().replace("audience = 90\n", "")
    example.write_text(text)
    sheet = run("export", "checklist", "clapham", "--format", "txt", "-o", "-").stdout
    assert "not estimated expected" not in sheet and "not estimated" in sheet


def test_set_takes_true_and_false_for_a_yes_no_field(run, example):
    """`set speakers.talal.private true` said "'true' is not true or false"."""
    assert run("set", "venues.ica.access.step_free", "false").exit_code == 0
    assert run("set", "settings.vat_registered", "TRUE").exit_code == 0
    data = plan(example)
    assert data["venues"]["ica"]["access"]["step_free"] is False
    assert data["settings"]["vat_registered"] is True
    refused = run("set", "settings.vat_registered", "yes")
    assert refused.exit_code == ExitCode.USAGE and "write true or false" in refused.stderr


def test_a_value_screenkit_keeps_can_be_read_but_not_set(run, example):
    """Issue 34, item 13: `get` reads a calendar record's SEQUENCE instead of refusing it."""
    assert run("export", "ics", "--out", "ex").exit_code == 0
    got = run("get", "screenings.clapham.calendar.sequence")
    assert got.exit_code == 0 and got.stdout.strip() == "0"
    refused = run("set", "screenings.clapham.calendar.sequence", "4")
    assert refused.exit_code == 2 and "not set by hand" in refused.stderr
    assert "screenkit get screenings.clapham.calendar" in refused.stderr
