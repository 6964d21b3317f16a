"""What a new user meets: prompts that help, errors that suggest, readable help and output."""

import json
import tomllib

import pytest

from screenkit.cli import ui
from screenkit.errors import ExitCode


def screenings(path):
    return tomllib.loads(path.read_text()).get("screenings", {})


@pytest.fixture
def terminal(monkeypatch):
    monkeypatch.setattr(ui, "stdin_is_terminal", lambda: True)


def test_new_reasks_an_unknown_venue_at_once_with_a_suggestion(run, basic, terminal):
    # A typo is offered its near id first (yes by default); an hour alone is refused.
    answers = "homs\nphoenx\n\n2027-02-30\n2027-06-29\n7\n7:30pm\n1 3\n1\n"
    result = run("new", input=answers)
    assert result.exit_code == 0, result.output
    assert "No venue 'phoenx'. Did you mean 'phoenix'? [y/n] (y)" in result.stderr
    assert "is not a date" in result.stderr and "give the minutes too" in result.stderr
    assert "3: no speaker has that number" in result.stderr  # checked as it is given
    s = screenings(basic)["phoenix-2027-06-29"]
    assert (s["venue"], s["start"], s["speakers"]) == ("phoenix", "19:30", ["amira"])
    assert result.stdout == "phoenix-2027-06-29\n"  # prompts go to stderr


def test_new_creates_a_missing_film_on_the_spot(run, basic, terminal):
    answers = "tahrir\ny\nTahrir\n90\nica\n2027-07-01\n19:00\n\n"
    result = run("new", input=answers)
    assert result.exit_code == 0, result.output
    data = tomllib.loads(basic.read_text())
    assert data["films"]["tahrir"] == {"title": "Tahrir", "runtime": 90}
    assert screenings(basic)["ica-2027-07-01"]["film"] == "tahrir"


def test_new_in_an_empty_plan_says_what_to_add_first(run, plan_path, terminal):
    assert run("init", "--organiser", "T", "--email", "t@example.org").exit_code == 0
    answers = "homs\ny\nReturn to Homs\n94\nhall\ny\nChurch Hall\n1 Road, Leeds\nEurope/London\n"
    answers += "2027-07-01\n19:00\n\n"
    result = run("new", input=answers)
    assert result.exit_code == 0, result.output
    assert "The plan has no films yet" in result.stderr
    assert "The plan has no venues yet" in result.stderr
    assert "hall-2027-07-01" in screenings(plan_path)


def test_init_prompts_at_a_terminal_only(run, plan_path, terminal, monkeypatch):
    result = run("init", input="Tour Team\nnot-an-email\ntour@example.org\n")
    assert result.exit_code == 0, result.output
    assert "is not a valid email" in result.stderr
    assert tomllib.loads(plan_path.read_text())["organiser"]["email"] == "tour@example.org"
    monkeypatch.setattr(ui, "stdin_is_terminal", lambda: False)
    result = run("-f", "other.toml", "init", "--organiser", "T")
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr == "error: missing --email (stdin is not a terminal, so no prompting)\n"


def test_unknown_ids_and_commands_suggest_the_nearest(run, example):
    result = run("update", "clapam", "--start", "19:00")
    assert (
        result.stderr
        == "error: screenings.clapam: no screening 'clapam'; did you mean 'clapham'?\n"
    )
    result = run("lst")
    assert result.exit_code == ExitCode.USAGE
    assert "no command 'lst'; did you mean 'list'?" in result.stderr
    result = run("venue", "shwo", "ica")
    assert "no command 'shwo'; did you mean 'show'?" in result.stderr


def test_a_double_booking_is_filed_under_the_screening_being_added(run, basic):
    new = ["new", "--film", "homs", "--date", "2027-06-27", "--speaker", "amira"]
    assert run(*new, "--venue", "ica", "--start", "19:00").exit_code == 0
    before = basic.read_bytes()
    result = run(*new, "--venue", "phoenix", "--start", "18:30")  # starts before the other
    assert result.exit_code == ExitCode.USAGE
    line = result.stderr.splitlines()[0]
    assert line.startswith("error: screenings.phoenix-2027-06-27.speakers: ")
    assert "ica-2027-06-27 19:00" in line and "phoenix-2027-06-27 18:30" in line
    assert basic.read_bytes() == before


def test_show_explains_a_clock_change(run, basic):
    assert run("new", "night", "--film", "homs", "--venue", "ica", "--date", "2027-03-28",
               "--start", "01:30").exit_code == 0  # fmt: skip
    text = run("show", "night").stdout
    assert "Clock change" in text and "does not exist" in text


def test_quiet_silences_warnings(run, example):
    text = example.read_text().replace("audience = 90", "audience = 900")
    example.write_text(text)
    loud = run("update", "clapham", "--notes", "x")
    assert "warning:" not in loud.stderr  # the warning was already there
    example.write_text(text.replace("audience = 900", "audience = 90"))
    loud = run("update", "clapham", "--audience", "900")
    assert "warning: screenings.clapham.audience" in loud.stderr
    quiet = run("-q", "update", "clapham", "--audience", "950")
    assert (quiet.exit_code, quiet.stderr) == (0, "")


def test_help_shows_readable_value_names(run):
    for args in (["venue", "add", "--help"], ["tasks", "--help"], ["new", "--help"]):
        text = run(*args).stdout
        assert "<bool>" not in text and "<str>" not in text and "<int>" not in text
        assert "list[" not in text
    assert "HH:MM" in run("new", "--help").stdout


def test_list_never_cuts_an_id(run, basic, monkeypatch):
    long_id = "a-very-long-screening-id-that-people-type-next-time"
    assert run("new", long_id, "--film", "homs", "--venue", "ica", "--date", "2027-06-27",
               "--start", "18:30").exit_code == 0  # fmt: skip
    monkeypatch.setattr(ui, "stdout_is_terminal", lambda: True)
    monkeypatch.setenv("COLUMNS", "80")
    assert long_id in run("list").stdout


def test_show_has_the_run_sheet_address_and_phones(run, example):
    text = run("show", "ica-premiere").stdout
    for expected in ["18:00  Doors open", "The Mall, London", "SW1Y 5AH", "+44 20 7946 0404",
                     "Duty Manager", "Run sheet (Europe/London)"]:  # fmt: skip
        assert expected in text, expected
    assert json.loads(run("show", "ica-premiere", "--json").stdout)["id"] == "ica-premiere"


def test_tasks_of_some_screenings_and_ticking_several(run, example):
    rows = json.loads(run("tasks", "clapham", "--json").stdout)
    assert rows and {r["screening"] for r in rows} == {"clapham"}
    result = run("tick", "clapham", "licence", "venue", "format")
    assert result.exit_code == 0, result.output
    assert screenings(example)["clapham"]["done"] == ["licence", "venue", "format"]
    again = run("tick", "clapham", "licence", "travel")
    assert "licence was already ticked" in again.stderr
    assert run("untick", "clapham", "licence", "venue").exit_code == 0
    assert screenings(example)["clapham"]["done"] == ["format", "travel"]
    assert run("tasks", "nope").exit_code == ExitCode.USAGE


@pytest.mark.parametrize("now", ["garbage", "2027-13-01"])
def test_a_bad_screenkit_now_is_one_error(run, example, monkeypatch, now):
    monkeypatch.setenv("SCREENKIT_NOW", now)
    result = run("tasks")
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.startswith("error: SCREENKIT_NOW: ")
    assert len(result.stderr.splitlines()) == 1


def test_an_internal_error_is_one_line_unless_debugging(run, example, monkeypatch):
    from screenkit.usecases import checking

    def broken(ws):
        raise RuntimeError("boom")

    monkeypatch.setattr(checking, "check", broken)
    result = run("check")
    assert result.exit_code == ExitCode.INTERNAL
    assert result.stderr == (
        "error: internal error: RuntimeError: boom; please report it, with SCREENKIT_DEBUG=1 "
        "for details\n"
    )
    monkeypatch.setenv("SCREENKIT_DEBUG", "1")
    assert isinstance(run("check").exception, RuntimeError)


@pytest.mark.parametrize(
    "args",
    [
        ["export", "feed", "-o", "screenkit.toml"],
        ["export", "speaker", "amira", "-o", "screenkit.toml"],
        ["export", "ics", "--out", "."],
        ["export", "checklist", "--out", "."],
    ],
)
def test_an_export_never_overwrites_the_plan(run, example, tmp_path, args):
    before = example.read_bytes()
    if "ics" in args or "checklist" in args:  # a folder that holds the plan under its name
        plan = tmp_path / ("ica-premiere.ics" if "ics" in args else "ica-premiere.html")
        example.rename(plan)
        args = ["-f", str(plan), *args]
        example = plan
    result = run(*args)
    assert result.exit_code == ExitCode.OUTPUT, result.output
    assert "plan file" in result.stderr
    assert example.read_bytes() == before


def test_a_failed_export_records_nothing(run, example, tmp_path):
    before = example.read_bytes()
    (tmp_path / "out").write_text("a file, not a folder")
    result = run("export", "--out", "out")
    assert result.exit_code == ExitCode.OUTPUT
    assert result.stderr == "error: out: is a file, not a folder; choose a folder to write to\n"
    example.write_text(example.read_text().replace('start = "19:00"', 'start = "19:15"'))
    changed = example.read_bytes()
    result = run("export", "-o" if False else "--out", "out")
    assert example.read_bytes() == changed  # the raised SEQUENCE was not recorded
    assert before != changed


def test_an_unknown_key_in_the_plan_suggests_the_right_one(run, example):
    text = example.read_text().replace("licence_status =", "license_status =")
    example.write_text(text)
    result = run("check")
    assert result.exit_code == ExitCode.PLAN
    assert result.stderr == (
        "error: films.return-to-homs.license_status: unknown key; did you mean 'licence_status'?\n"
    )


def test_an_unknown_reference_suggests_the_nearest_id(run, example):
    example.write_text(example.read_text().replace('venue = "clapham"', 'venue = "clapam"'))
    problems = json.loads(run("check", "--json").stdout)
    assert {"severity": "error", "where": "screenings.clapham.venue",
            "message": "no venue 'clapam'; did you mean 'clapham'?"} in problems  # fmt: skip


def test_a_typo_is_never_created_by_pressing_enter(run, basic, terminal):
    """`icaa` offers `ica`; declining it asks whether to create `icaa`, and there Enter
    means no (it used to create the typo)."""
    answers = "homs\nicaa\nn\n\nica\n2027-07-02\n19:00\n\n"
    result = run("new", input=answers)
    assert result.exit_code == 0, result.output
    assert "Create venue 'icaa' now? [y/n] (n)" in result.stderr
    data = tomllib.loads(basic.read_text())
    assert "icaa" not in data["venues"] and "ica-2027-07-02" in data["screenings"]


def test_a_speaker_can_be_created_on_the_spot(run, basic, terminal):
    answers = "homs\nica\n2027-07-03\n19:00\n1 laila\n\nLaila Nasser\nlaila@example.org\n"
    result = run("new", input=answers)
    assert result.exit_code == 0, result.output
    data = tomllib.loads(basic.read_text())
    assert data["speakers"]["laila"] == {"name": "Laila Nasser", "email": "laila@example.org"}
    assert data["screenings"]["ica-2027-07-03"]["speakers"] == ["amira", "laila"]
    assert "Did you mean" not in result.stderr  # laila is not a typo of anyone here


def test_a_single_known_film_is_offered_once(run, basic, terminal):
    result = run("new", input="\nica\n2027-07-04\n19:00\n\n")
    assert result.exit_code == 0, result.output
    assert "Film (homs):" in result.stderr and "(homs) (homs)" not in result.stderr
