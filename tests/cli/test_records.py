"""init, film add, venue add, speaker add."""

import tomllib

import pytest

from screenkit.errors import ExitCode


def test_init_creates_a_plan_and_refuses_to_overwrite(run, plan_path):
    result = run("init", "--organiser", "Tour Team", "--email", "tour@example.org")
    assert result.exit_code == 0, result.output
    assert tomllib.loads(plan_path.read_text())["organiser"] == {
        "name": "Tour Team",
        "email": "tour@example.org",
    }
    before = plan_path.read_bytes()
    again = run("init", "--organiser", "Other", "--email", "o@example.org")
    assert again.exit_code == ExitCode.USAGE
    assert again.stderr == f"error: {plan_path} already exists; use --force to replace it\n"
    assert plan_path.read_bytes() == before
    forced = run("init", "--organiser", "Other", "--email", "o@example.org", "--force")
    assert forced.exit_code == 0
    assert tomllib.loads(plan_path.read_text())["organiser"]["name"] == "Other"


def test_init_refuses_an_existing_plan_before_asking_anything(run, plan_path):
    """A newcomer answered init's questions, and only then heard the plan was there."""
    assert run("init", "--organiser", "Tour Team", "--email", "tour@example.org").exit_code == 0
    again = run("init")  # would prompt for the organiser and email at a terminal
    assert again.exit_code == ExitCode.USAGE
    assert again.stderr == f"error: {plan_path} already exists; use --force to replace it\n"


def test_init_rejects_a_bad_email(run, plan_path):
    result = run("init", "--organiser", "T", "--email", "nope")
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.startswith("error: organiser.email: 'nope' is not a valid email")
    assert not plan_path.exists()


def test_film_add(run, basic):
    result = run("film", "add", "tahrir", "--title", "Tahrir", "--runtime", "90", "--year",
                 "2011", "--certificate", "unclassified", "--format", "Blu-ray",
                 "--licence-holder", "Dist", "--licence-ref", "L-1")  # fmt: skip
    assert result.exit_code == 0, result.output
    film = tomllib.loads(basic.read_text())["films"]["tahrir"]
    assert film == {"title": "Tahrir", "runtime": 90, "year": 2011,
                    "certificate": "unclassified", "format": "Blu-ray",
                    "licence_holder": "Dist", "licence_ref": "L-1"}  # fmt: skip


def test_venue_add_with_access_and_contact(run, basic):
    result = run("venue", "add", "hall", "--name", "Church Hall", "--address", "1 Road, Leeds",
                 "--postcode", "LS1 1AA", "--country", "gb", "--timezone", "Europe/London",
                 "--contact-name", "Jo", "--email", "jo@example.org", "--phone",
                 "+44 20 7946 0101", "--step-free", "--wheelchair-spaces", "3",
                 "--no-hearing-loop", "--curfew", "22:00",
                 "--lat", "53.8", "--lon", "-1.55")  # fmt: skip
    assert result.exit_code == 0, result.output
    venue = tomllib.loads(basic.read_text())["venues"]["hall"]
    assert venue["country"] == "GB"
    assert venue["contact"] == {"name": "Jo", "email": "jo@example.org",
                                "phone": "+44 20 7946 0101"}  # fmt: skip
    assert venue["access"] == {"step_free": True, "wheelchair_spaces": 3, "hearing_loop": False}
    assert venue["curfew"] == "22:00"


def test_speaker_add_with_needs(run, basic):
    result = run("speaker", "add", "talal", "--name", "Talal Derki", "--email",
                 "talal@example.org", "--role", "Director", "--need", "interpreter",
                 "--need", "step-free route")  # fmt: skip
    assert result.exit_code == 0, result.output
    speaker = tomllib.loads(basic.read_text())["speakers"]["talal"]
    assert speaker["needs"] == ["interpreter", "step-free route"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["film", "add", "homs", "--title", "X", "--runtime", "90"],
         "films.homs: a film with this id already exists"),
        (["film", "add", "new", "--title", "X", "--runtime", "0"],
         "films.new.runtime: 0 is out of range; use 1 to 1440 minutes"),
        (["film", "add", "../evil", "--title", "X", "--runtime", "9"],
         "films.../evil: '../evil' is not a valid id"),
        (["venue", "add", "v", "--name", "V", "--address", "A", "--timezone", "Mars/Base"],
         "venues.v.timezone: 'Mars/Base' is not an IANA time zone"),
        (["venue", "add", "v", "--name", "V", "--address", "A", "--timezone", "UTC",
          "--country", "XX"], "venues.v.country: 'XX' is not a country code"),
        (["venue", "add", "v", "--name", "V", "--address", "A", "--timezone", "UTC",
          "--capacity", "0"], "venues.v.capacity: 0 is out of range; use 1 to 1,000,000"),
        (["venue", "add", "v", "--name", "V", "--address", "A", "--timezone", "UTC",
          "--curfew", "late"], "--curfew: 'late' is not a time"),
        (["venue", "add", "v", "--name", "V", "--address", "A", "--timezone", "UTC",
          "--lat", "51"], "venues.v: give both lat and lon, or neither"),
        (["speaker", "add", "x", "--name", "X", "--email", "x@"],
         "speakers.x.email: 'x@' is not a valid email"),
        (["speaker", "add", "x", "--name", "X", "--email", "x@example.org", "--phone",
          "07700 900123"], "--phone: '07700 900123' is not in the international format"),
        (["film", "add", "f", "--title", "X", "--runtime", "ninety"],
         "Invalid value for '--runtime'"),
    ],
)  # fmt: skip
def test_bad_values_give_one_line_and_leave_the_file_alone(run, basic, args, message):
    before = basic.read_bytes()
    result = run(*args)
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.startswith(f"error: {message}")
    assert result.stderr.count("\n") == 1
    assert basic.read_bytes() == before


def test_init_into_an_empty_folder_makes_its_screenkit_toml(run, tmp_path):
    """`-f emptydir init` was refused as 'a folder, not a plan file', though -f takes folders."""
    (tmp_path / "leeds").mkdir()
    listed = run("-f", "leeds", "list")
    assert listed.exit_code == ExitCode.PLAN
    assert "leeds/screenkit.toml: no plan file here; create one with `screenkit init`" in (
        listed.stderr
    )
    made = run("-f", "leeds", "init", "--organiser", "Leeds", "--email", "leeds@example.org")
    assert made.exit_code == 0, made.output
    assert (tmp_path / "leeds" / "screenkit.toml").is_file()
