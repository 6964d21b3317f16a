"""Every record can be listed, shown, changed, renamed and removed from the CLI."""

import json
import tomllib

import pytest

from screenkit.errors import ExitCode


def plan(path):
    return tomllib.loads(path.read_text())


@pytest.mark.parametrize("kind", ["film", "venue", "speaker"])
def test_list_and_show_every_kind(run, example, kind):
    listed = json.loads(run(kind, "list", "--json").stdout)
    ids = [item["id"] for item in listed]
    assert ids == list(plan(example)[f"{kind}s"])
    shown = json.loads(run(kind, "show", ids[0], "--json").stdout)
    assert shown == listed[0] and shown["screenings"]
    table = run(kind, "list")
    assert table.exit_code == 0 and all(i in table.stdout for i in ids)
    assert run(kind, "show", ids[0]).exit_code == 0


def test_an_empty_list_is_an_empty_json_list(run, basic):
    assert json.loads(run("film", "list", "--json").stdout)[0]["id"] == "homs"
    assert run("-f", "other.toml", "init", "--organiser", "T", "--email", "t@example.org")
    assert json.loads(run("-f", "other.toml", "speaker", "list", "--json").stdout) == []


def test_film_update_sets_every_licence_field(run, example):
    result = run("film", "update", "return-to-homs", "--licence-status", "paid",
                 "--licence-holder", "Dogwoof Ltd", "--licence-ref", "DW-2027-118",
                 "--format", "Blu-ray", "--notes", "Backup on USB")  # fmt: skip
    assert result.exit_code == 0, result.output
    film = plan(example)["films"]["return-to-homs"]
    assert (film["licence_status"], film["licence_ref"], film["format"]) == (
        "paid", "DW-2027-118", "Blu-ray")  # fmt: skip
    assert "# minutes; each screening's end time is derived from it" in example.read_text()


def test_venue_update_nested_fields_and_clear(run, example):
    result = run("venue", "update", "clapham", "--accessible-toilet", "--captioned",
                 "--contact-phone", "+44 20 7946 0999", "--tech", "Blu-ray only",
                 "--curfew", "22:00", "--lat", "51.46", "--lon", "-0.14")  # fmt: skip
    assert result.exit_code == 0, result.output
    venue = plan(example)["venues"]["clapham"]
    assert venue["access"]["captioned"] is True and venue["access"]["step_free"] is True
    assert venue["contact"] == {"name": "Priya Shah", "email": "priya@clapham.example.org",
                                "phone": "+44 20 7946 0999"}  # fmt: skip
    assert venue["curfew"] == "22:00" and venue["tech"] == "Blu-ray only"
    cleared = run("venue", "update", "clapham", "--clear", "curfew", "--clear", "contact-phone")
    assert cleared.exit_code == 0, cleared.output
    venue = plan(example)["venues"]["clapham"]
    assert "curfew" not in venue and "phone" not in venue["contact"]
    assert "# the hall's neighbours agreement" not in example.read_text()


def test_speaker_update_travel_bio_and_needs(run, example):
    result = run("speaker", "update", "talal", "--travel", "Arrives Friday", "--bio", "Director",
                 "--need", "interpreter", "--need", "water")  # fmt: skip
    assert result.exit_code == 0, result.output
    talal = plan(example)["speakers"]["talal"]
    assert talal["needs"] == ["interpreter", "water"] and talal["travel"] == "Arrives Friday"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["venue", "update", "quakers", "--name", "x"],
         "venues.quakers: no venue 'quakers'; known: clapham, east-finchley, ica"),
        (["venue", "update", "clapham", "--clear", "name"],
         "venues.clapham.name: required, so it cannot be cleared"),
        (["venue", "update", "clapham", "--clear", "fax"], "venues.clapham: no field 'fax'"),
        (["venue", "update", "clapham", "--timezone", "Mars/Base"],
         "venues.clapham.timezone: 'Mars/Base' is not an IANA time zone"),
        (["film", "update", "return-to-homs", "--licence-status", "maybe"],
         "films.return-to-homs.licence_status: 'maybe' is not one of"),
        (["speaker", "update", "amira", "--email", "nope"],
         "speakers.amira.email: 'nope' is not a valid email"),
        (["film", "add", "return-to-homs", "--title", "X", "--runtime", "90"],
         "films.return-to-homs: a film with this id already exists; change it with "
         "`screenkit film update return-to-homs`"),
    ],
)  # fmt: skip
def test_updates_are_validated_like_adds(run, example, args, message):
    before = example.read_bytes()
    result = run(*args)
    assert result.exit_code == ExitCode.USAGE, result.output
    assert result.stderr.startswith(f"error: {message}")
    assert len(result.stderr.splitlines()) == 1
    assert example.read_bytes() == before


def test_remove_is_refused_while_screenings_use_it(run, example):
    before = example.read_bytes()
    result = run("venue", "remove", "clapham")
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr == (
        "error: venues.clapham: still used by screenings.clapham; change or remove that "
        "screening first\n"
    )
    assert example.read_bytes() == before
    assert run("speaker", "remove", "sam").exit_code == ExitCode.USAGE  # a host counts


def test_remove_an_unused_record(run, example):
    assert run("film", "add", "spare", "--title", "Spare", "--runtime", "80").exit_code == 0
    result = run("film", "remove", "spare")
    assert result.exit_code == 0, result.output
    assert "spare" not in plan(example)["films"]
    assert run("film", "remove", "spare").exit_code == ExitCode.USAGE


def test_rename_a_venue_moves_every_reference_and_keeps_comments(run, example):
    result = run("venue", "rename", "clapham", "clapham-cc")
    assert result.exit_code == 0, result.output
    data = plan(example)
    assert "clapham" not in data["venues"] and data["screenings"]["clapham"]["venue"] == (
        "clapham-cc")  # fmt: skip
    text = example.read_text()
    assert '[venues.clapham-cc]\nname = "Clapham Community Cinema"' in text
    assert 'curfew = "22:30" # the hall\'s neighbours agreement' in text
    assert text.index("[venues.clapham-cc]") < text.index("[venues.east-finchley]")


def test_rename_a_speaker_follows_speakers_and_host(run, example):
    assert run("speaker", "rename", "sam", "samuel").exit_code == 0
    data = plan(example)
    assert data["screenings"]["ica-premiere"]["host"] == "samuel"
    assert run("speaker", "rename", "amira", "talal").exit_code == ExitCode.USAGE
    assert run("speaker", "rename", "amira", "Bad Id").exit_code == ExitCode.USAGE


def test_rename_a_screening_keeps_uid_ticks_and_calendar(run, example):
    assert run("tick", "clapham", "licence").exit_code == 0
    before = plan(example)["screenings"]["clapham"]
    result = run("rename", "clapham", "clapham-2027")
    assert result.exit_code == 0, result.output
    after = plan(example)["screenings"]
    assert "clapham" not in after and after["clapham-2027"] == before
    text = example.read_text()
    assert "[screenings.clapham-2027.calendar]" in text
    assert "talk = 40 # shorter Q&A: the hall closes at 22:30" in text


def test_remove_a_screening_once_exported_needs_force(run, example):
    before = example.read_bytes()
    result = run("remove", "clapham")
    assert result.exit_code == ExitCode.USAGE
    assert "cancel it instead (`screenkit cancel clapham`)" in result.stderr
    assert result.stderr.rstrip().endswith("or remove it anyway with --force")
    assert example.read_bytes() == before
    assert run("remove", "clapham", "--force").exit_code == 0
    assert "clapham" not in plan(example)["screenings"]


def test_remove_a_screening_never_exported(run, basic):
    new = ["new", "x", "--film", "homs", "--venue", "ica", "--date", "2027-06-27",
           "--start", "18:30"]  # fmt: skip
    assert run(*new).exit_code == 0
    assert run("remove", "x").exit_code == 0
    assert "screenings" not in plan(basic) or "x" not in plan(basic)["screenings"]


def test_phones_and_emails_are_written_in_one_form_every_read_accepts(run, basic):
    result = run("speaker", "add", "jo", "--name", "Jo", "--email", "Jo@EXAMPLE.org",
                 "--phone", "+44 20 7946 0101 ext 5")  # fmt: skip
    assert result.exit_code == 0, result.output
    jo = plan(basic)["speakers"]["jo"]
    assert jo["email"] == "Jo@example.org"
    assert jo["phone"] == "+44 20 7946 0101 x5"
    for command in (["list"], ["speaker", "show", "jo"], ["tasks"], ["check"]):
        assert run(*command).exit_code == 0, command
