"""A group in the tour sends as itself: Clapham's evening names its own organiser and SMTP
account, so its invitation goes From the group through the group's server, answers are
addressed back to it, its digest lists Clapham alone, and its public page names it. Two real
SMTP servers (aiosmtpd): the tour's and the group's."""

from __future__ import annotations

import tomllib

import pytest
from icalendar import Calendar

from tests.support.smtp import Handler, Server

GROUP = "clapham-group@example.org"


def ok(result):
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def servers(monkeypatch, tmp_path):
    with Server(Handler()) as tour, Server(Handler()) as group:
        config = tmp_path / "config.toml"
        config.write_text(f'[smtp]\nurl = "{tour.url}"\n\n[smtp.clapham]\nurl = "{group.url}"\n')
        config.chmod(0o600)
        monkeypatch.setenv("SCREENKIT_CONFIG", str(config))
        monkeypatch.delenv("SCREENKIT_SMTP_URL", raising=False)
        yield tour, group


def organiser_of(received) -> str:
    calendar = next(p for p in received.message.walk() if p.get_content_type() == "text/calendar")
    event = next(iter(Calendar.from_ical(calendar.get_payload(decode=True)).walk("VEVENT")))
    return str(event["ORGANIZER"]).removeprefix("mailto:")


def test_a_groups_evening_goes_from_the_group_and_its_digest_lists_it_alone(
    run, example, servers, monkeypatch, tmp_path
):
    tour, group = servers
    ok(run("update", "clapham", "--organiser-name", "Clapham Amnesty Group",
           "--organiser-email", GROUP, "--organiser-account", "clapham"))  # fmt: skip
    ok(run("send"))
    assert {r.recipients[0] for r in group.received} == {"amira@example.org"}
    (mine,) = group.received
    assert GROUP in str(mine.message["From"]) and mine.sender == GROUP
    assert organiser_of(mine) == GROUP  # the answer comes back to the group
    assert "Clapham Amnesty Group" in mine.message.get_body(("plain",)).get_content()
    assert all("tour@example.org" in str(r.message["From"]) for r in tour.received)
    assert all(organiser_of(r) == "tour@example.org" for r in tour.received)
    assert len(tour.received) == 5  # the other two evenings' five invitations

    monkeypatch.setenv("SCREENKIT_NOW", "2027-06-21T07:00:00+00:00")
    ok(run("update", "clapham", "--start", "19:15"))  # something for the group to do
    ok(run("remind"))
    (digest,) = [r for r in group.received if r.recipients == [GROUP]]
    body = digest.message.get_body(("plain",)).get_content()
    assert "clapham" in body and "ica-premiere" not in body and "east-finchley" not in body
    assert body.startswith("Hello Clapham Amnesty Group,")
    tours = [r for r in tour.received if r.recipients == ["tour@example.org"]]
    assert tours and "clapham:" not in tours[0].message.get_body(("plain",)).get_content()
    ok(run("export", "site", "--out", "site"))
    page = (tmp_path / "site" / "screenings" / "clapham.html").read_text()
    assert "Clapham Amnesty Group" in page
    assert tomllib.loads(example.read_text())["screenings"]["clapham"]["organiser"]["account"] == (
        "clapham")  # fmt: skip


def test_an_account_the_config_lacks_is_one_error_before_anything_is_sent(run, example, servers):
    tour, group = servers
    ok(run("update", "clapham", "--organiser-name", "Clapham Group", "--organiser-email", GROUP,
           "--organiser-account", "elsewhere"))  # fmt: skip
    before = example.read_bytes()
    result = run("send")
    assert result.exit_code == 2 and "[smtp.elsewhere]" in result.stderr, result.output
    assert tour.received == [] and group.received == [] and example.read_bytes() == before


def crew_event(received):
    calendar = next(p for p in received.message.walk() if p.get_content_type() == "text/calendar")
    cal = Calendar.from_ical(calendar.get_payload(decode=True))
    return str(cal["METHOD"]), next(iter(cal.walk("VEVENT")))


def test_a_volunteer_put_on_the_rota_is_invited_and_taken_off_is_told(
    run, example, servers, monkeypatch
):
    """Volunteers were outside the loop: nobody was told they were assigned, nor that they
    were no longer needed. Their own event (a UID of its own, they the only ATTENDEE) comes
    as an invitation they can accept, and as a CANCEL when they are taken off."""
    tour, _ = servers
    ok(run("volunteer", "add", "alex", "--name", "Alex Kim", "--email", "alex@example.org"))
    ok(run("send"))
    speakers = len(tour.received)
    ok(run("rota", "clapham", "--set", "door=alex"))
    ok(run("send"))
    new = tour.received[speakers:]
    assert [r.recipients for r in new] == [["alex@example.org"]], [r.recipients for r in new]
    method, event = crew_event(new[0])
    attendees = event.get("ATTENDEE")
    attendees = attendees if isinstance(attendees, list) else [attendees]
    assert method == "REQUEST" and [str(a) for a in attendees] == ["mailto:alex@example.org"]
    assert str(event["UID"]).endswith("-crew-alex") and str(event["SUMMARY"]).startswith("Door")
    raw = new[0].message.as_bytes()
    assert b"amira@example.org" not in raw and b"+44 20 7946" not in raw  # nobody else's
    assert "The door at Return to Homs is yours" in new[0].message.get_body(
        ("plain",)).get_content()  # fmt: skip
    ok(run("send"))
    assert len(tour.received) == speakers + 1  # nothing new: nothing sent again
    ok(run("rota", "clapham", "--set", "door="))
    ok(run("send"))
    (gone,) = tour.received[speakers + 1 :]
    method, event = crew_event(gone)
    assert gone.recipients == ["alex@example.org"] and method == "CANCEL"
    assert str(event["UID"]).endswith("-crew-alex")
    assert "no longer needed" in gone.message.get_body(("plain",)).get_content()
    ok(run("send"))
    assert len(tour.received) == speakers + 2
