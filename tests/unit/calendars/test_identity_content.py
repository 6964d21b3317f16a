"""Any change to what an invite says gets a newer DTSTAMP; taking someone off raises SEQUENCE
(they get a CANCEL that must outrank what they hold). Exporting twice still changes nothing."""

import tomllib

from tests.support.icalcheck import events


def exported(run, tmp_path, sid):
    result = run("export", "ics", "--out", "inv")
    assert result.exit_code == 0, result.output
    (event,) = events((tmp_path / "inv" / f"{sid}.ics").read_bytes())
    return event


def test_a_notes_change_gets_a_newer_dtstamp_at_the_same_sequence(run, example, tmp_path,
                                                                 monkeypatch):  # fmt: skip
    before = exported(run, tmp_path, "clapham")
    monkeypatch.setenv("SCREENKIT_NOW", "2026-12-01T09:00:00Z")
    assert run("update", "clapham", "--notes", "Bring the banner").exit_code == 0
    after = exported(run, tmp_path, "clapham")
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) == 0
    assert after["DTSTAMP"].to_ical() == b"20261201T090000Z" != before["DTSTAMP"].to_ical()
    plan = example.read_bytes()
    monkeypatch.setenv("SCREENKIT_NOW", "2026-12-02T09:00:00Z")
    assert exported(run, tmp_path, "clapham")["DTSTAMP"].to_ical() == b"20261201T090000Z"
    assert example.read_bytes() == plan


def test_removing_a_speaker_raises_the_sequence_and_the_stamp(run, example, tmp_path,
                                                              monkeypatch):  # fmt: skip
    exported(run, tmp_path, "ica-premiere")
    monkeypatch.setenv("SCREENKIT_NOW", "2026-12-01T09:00:00Z")
    assert run("update", "ica-premiere", "--speaker", "amira").exit_code == 0
    after = exported(run, tmp_path, "ica-premiere")
    assert int(after["SEQUENCE"]) == 1
    assert after["DTSTAMP"].to_ical() == b"20261201T090000Z"
    calendar = tomllib.loads(example.read_text())["screenings"]["ica-premiere"]["calendar"]
    assert calendar["invited"] == ["amira", "sam"]


def test_adding_a_host_gets_a_newer_stamp_only(run, example, tmp_path, monkeypatch):
    exported(run, tmp_path, "clapham")
    monkeypatch.setenv("SCREENKIT_NOW", "2026-12-01T09:00:00Z")
    assert run("update", "clapham", "--host", "sam").exit_code == 0
    after = exported(run, tmp_path, "clapham")
    assert int(after["SEQUENCE"]) == 0 and after["DTSTAMP"].to_ical() == b"20261201T090000Z"
