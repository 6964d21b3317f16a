"""UIDs never change; SEQUENCE rises by one per significant change, by command or by hand."""

import tomllib

from tests.support.icalcheck import events


def export(run, *args):
    result = run("export", "ics", *args, "--out", "invites")
    assert result.exit_code == 0, result.output
    return result


def invite_event(tmp_path, sid):
    (event,) = events((tmp_path / "invites" / f"{sid}.ics").read_bytes())
    return event


def state(plan_path, sid):
    return tomllib.loads(plan_path.read_text())["screenings"][sid]["calendar"]


def test_exporting_twice_changes_nothing(run, example, tmp_path, monkeypatch):
    export(run)
    first = (tmp_path / "invites" / "clapham.ics").read_bytes()
    plan_before = example.read_bytes()
    monkeypatch.setenv("SCREENKIT_NOW", "2027-01-01T00:00:00Z")  # a later run
    export(run)
    assert (tmp_path / "invites" / "clapham.ics").read_bytes() == first
    assert example.read_bytes() == plan_before


def test_a_hand_edit_of_the_time_raises_the_sequence_by_one(run, example, tmp_path, monkeypatch):
    export(run)
    before = invite_event(tmp_path, "clapham")
    text = example.read_text()
    example.write_text(text.replace('start = "19:00"\ntalk = 40', 'start = "19:30"\ntalk = 40'))
    monkeypatch.setenv("SCREENKIT_NOW", "2026-12-01T12:00:00Z")
    export(run)
    after = invite_event(tmp_path, "clapham")
    assert after["uid"] == before["uid"]
    assert after["sequence"] == before["sequence"] + 1
    assert after["dtstamp"].to_ical() == b"20261201T120000Z"
    export(run)  # and again: no further change, no further rise
    assert invite_event(tmp_path, "clapham")["sequence"] == before["sequence"] + 1


def test_insignificant_changes_keep_the_sequence(run, example, tmp_path):
    export(run)
    assert run("update", "clapham", "--notes", "bring leaflets", "--audience", "80").exit_code == 0
    export(run)
    assert state(example, "clapham")["sequence"] == 0


def test_a_film_runtime_edit_moves_every_end(run, example, tmp_path):
    example.write_text(example.read_text().replace("runtime = 94 ", "runtime = 100 "))
    export(run)
    assert [state(example, s)["sequence"] for s in ("ica-premiere", "clapham")] == [1, 1]


def test_cancel_gives_a_valid_cancel(run, example, tmp_path):
    export(run)
    uid = invite_event(tmp_path, "clapham")["uid"]
    assert run("cancel", "clapham").exit_code == 0
    export(run, "clapham")
    data = (tmp_path / "invites" / "clapham.ics").read_bytes()
    assert b"METHOD:CANCEL" in data
    event = invite_event(tmp_path, "clapham")
    assert (event["uid"], event["sequence"], event["status"]) == (uid, 1, "CANCELLED")
    assert event.walk("VALARM") == []


def test_renaming_a_screening_keeps_its_uid(run, example, tmp_path):
    export(run)
    uid = invite_event(tmp_path, "clapham")["uid"]
    text = example.read_text().replace("[screenings.clapham]", "[screenings.clapham-hall]")
    example.write_text(
        text.replace("[screenings.clapham.calendar]", "[screenings.clapham-hall.calendar]")
    )
    export(run)
    assert invite_event(tmp_path, "clapham-hall")["uid"] == uid
    assert invite_event(tmp_path, "clapham-hall")["sequence"] == 0


def test_a_screening_written_by_hand_gets_a_uid_once(run, example, tmp_path):
    text = example.read_text() + (
        '\n[screenings.extra]\nfilm = "return-to-homs"\nvenue = "ica"\n'
        'date = 2027-07-10\nstart = "19:00"\nspeakers = ["amira"]\n'
    )
    example.write_text(text)
    export(run, "extra")
    uid = tomllib.loads(example.read_text())["screenings"]["extra"]["uid"]
    export(run, "extra")
    assert tomllib.loads(example.read_text())["screenings"]["extra"]["uid"] == uid
    assert invite_event(tmp_path, "extra")["uid"] == uid
