"""`screenkit send` against a real SMTP server on 127.0.0.1 (aiosmtpd), read back with the
standard library: recipients, From = ORGANIZER, method = METHOD, SEQUENCE, partial failures."""

from __future__ import annotations

import json
import mailbox
import os
import tomllib
from email import policy
from email.parser import BytesParser

import pytest
from icalendar import Calendar

from screenkit.errors import ExitCode
from tests.support.smtp import Handler, Server

ORGANIZER = "tour@example.org"


@pytest.fixture
def server(monkeypatch, tmp_path):
    monkeypatch.setenv("SCREENKIT_CONFIG", str(tmp_path / "no-config.toml"))
    with Server(Handler()) as srv:
        monkeypatch.setenv("SCREENKIT_SMTP_URL", srv.url)
        yield srv


def calendar_of(msg):
    """The inline text/calendar part (what clients act on) and its `method` parameter."""
    (part,) = [p for p in msg.walk() if p.get_content_type() == "text/calendar"]
    return Calendar.from_ical(part.get_content()), part.get_param("method")


def event_of(msg):
    cal, method = calendar_of(msg)
    assert method == str(cal["METHOD"])
    (event,) = cal.walk("VEVENT")
    return event


def attendees(event):
    found = event.get("ATTENDEE", [])
    found = found if isinstance(found, list) else [found]
    return [str(a).removeprefix("mailto:") for a in found]


def subject(msg):
    """Unfolded, as mail programs show it (the library may fold before the first word)."""
    return str(msg["Subject"]).strip()


def by_recipient(received):
    out = {}
    for r in received:
        (rcpt,) = r.recipients
        out[rcpt] = r
    return out


def plan_data(path):
    return tomllib.loads(path.read_text())


def sent_to(path, sid):
    return plan_data(path)["screenings"][sid]["calendar"].get("sent_to", {})


def test_each_person_gets_one_invitation_from_the_organiser(run, example, server):
    result = run("send")
    assert result.exit_code == 0, result.output
    assert len(server.received) == 6
    for r in server.received:
        msg = r.message
        (rcpt,) = r.recipients
        assert r.sender == ORGANIZER
        assert msg["To"].addresses[0].addr_spec == rcpt
        assert msg["From"].addresses[0].addr_spec == ORGANIZER
        for header in ("Date", "Message-ID", "MIME-Version", "Subject"):
            assert msg[header], header
        cal, method = calendar_of(msg)
        assert method == str(cal["METHOD"]) == "REQUEST"
        (event,) = cal.walk("VEVENT")
        assert str(event["ORGANIZER"]) == f"mailto:{ORGANIZER}"
        assert rcpt in attendees(event)
        assert int(event["SEQUENCE"]) == 0
        assert subject(msg).startswith("Invitation: Return to Homs, ")
    premiere = by_recipient([r for r in server.received if "27 June" in subject(r.message)])
    assert set(premiere) == {"amira@example.org", "talal@example.org", "sam@example.org"}
    assert (
        subject(premiere["amira@example.org"].message)
        == "Invitation: Return to Homs, Institute of Contemporary Arts, Sun 27 June 2027 18:30"
    )
    assert sent_to(example, "ica-premiere").keys() == {"amira", "talal", "sam"}
    assert "ica-premiere: sent the invitation to talal@example.org" in result.stdout


def test_the_message_is_shaped_like_gmail_and_outlook_invitations(run, example, server):
    assert run("send", "clapham").exit_code == 0
    (r,) = server.received
    msg = r.message
    assert msg.get_content_type() == "multipart/mixed"
    alternative, attachment = msg.iter_parts()
    assert alternative.get_content_type() == "multipart/alternative"
    plain, calendar = alternative.iter_parts()
    assert plain.get_content_type() == "text/plain"
    text = plain.get_content()
    assert "Hello Amira," in text and "19:00  Introduction" in text
    assert "76 Venn Street" in text and "Contact on the day: Priya Shah" in text
    assert calendar.get_content_type() == "text/calendar"
    assert calendar.get_param("charset").upper() == "UTF-8"
    assert attachment.get_content_type() == "application/ics"
    assert attachment.get_filename() == "invite.ics"
    assert attachment.get_content() == calendar.get_content().encode()
    raw = msg.as_bytes()
    assert max(len(line) for line in raw.splitlines()) <= 78


def test_a_second_send_with_nothing_changed_sends_nothing(run, example, server):
    assert run("send").exit_code == 0
    before = example.read_bytes()
    again = run("send")
    assert again.exit_code == 0
    assert "nothing to send" in again.stderr and again.stdout == ""
    assert len(server.received) == 6
    assert example.read_bytes() == before


def test_request_then_update_then_cancel_with_exact_sequences(run, example, server, monkeypatch):
    assert run("send", "clapham").exit_code == 0
    monkeypatch.setenv("SCREENKIT_NOW", "2026-12-01T09:00:00Z")
    assert run("update", "clapham", "--start", "19:15").exit_code == 0
    updated = run("send", "clapham")  # said as what it is (issue 34, item 4)
    assert "clapham: sent the update to amira@example.org (version 2)" in updated.stdout
    monkeypatch.setenv("SCREENKIT_NOW", "2026-12-02T09:00:00Z")
    assert run("cancel", "clapham").exit_code == 0
    cancelled = run("send", "clapham")
    assert "clapham: sent the cancellation to amira@example.org" in cancelled.stdout
    assert run("send", "clapham").stderr.startswith("nothing to send")
    subjects = [subject(r.message).split(":")[0] for r in server.received]
    assert subjects == ["Invitation", "Updated", "Cancelled"]
    events = [event_of(r.message) for r in server.received]
    assert [int(e["SEQUENCE"]) for e in events] == [0, 1, 2]
    assert [calendar_of(r.message)[1] for r in server.received] == ["REQUEST", "REQUEST", "CANCEL"]
    assert str(events[2]["STATUS"]) == "CANCELLED"
    assert events[1]["DTSTAMP"].to_ical() == b"20261201T090000Z"
    assert sent_to(example, "clapham")["amira"]["method"] == "CANCEL"


def test_a_removed_person_gets_a_cancel_of_their_own(run, example, server, monkeypatch):
    assert run("send", "ica-premiere").exit_code == 0
    monkeypatch.setenv("SCREENKIT_NOW", "2026-12-01T09:00:00Z")
    result = run("update", "ica-premiere", "--speaker", "amira")  # Talal cannot come
    assert result.exit_code == 0, result.output
    assert run("send", "ica-premiere").exit_code == 0
    later = by_recipient(server.received[3:])
    assert set(later) == {"amira@example.org", "talal@example.org", "sam@example.org"}
    talal = later["talal@example.org"]
    assert talal.recipients == ["talal@example.org"]
    cal, method = calendar_of(talal.message)
    assert method == "CANCEL"
    (event,) = cal.walk("VEVENT")
    assert attendees(event) == ["talal@example.org"]
    assert int(event["SEQUENCE"]) == 1
    for who in ("amira@example.org", "sam@example.org"):
        update = event_of(later[who].message)
        assert calendar_of(later[who].message)[1] == "REQUEST"
        assert int(update["SEQUENCE"]) == 1
        assert "talal@example.org" not in attendees(update)
        assert subject(later[who].message).startswith("Updated: ")
    assert sent_to(example, "ica-premiere")["talal"]["method"] == "CANCEL"  # told, once
    assert run("send").stderr.count("sent") == 1  # only the others' screenings, once


def test_a_person_added_gets_an_invitation_and_the_others_an_update(
    run, example, server, monkeypatch
):
    assert run("send", "clapham").exit_code == 0
    monkeypatch.setenv("SCREENKIT_NOW", "2026-12-01T09:00:00Z")
    assert run("update", "clapham", "--host", "sam").exit_code == 0
    assert run("send", "clapham").exit_code == 0
    later = by_recipient(server.received[1:])
    assert subject(later["sam@example.org"].message).startswith("Invitation: ")
    assert subject(later["amira@example.org"].message).startswith("Updated: ")
    first = event_of(server.received[0].message)
    update = event_of(later["amira@example.org"].message)
    assert int(update["SEQUENCE"]) == int(first["SEQUENCE"]) == 0
    assert update["DTSTAMP"].dt > first["DTSTAMP"].dt


def test_a_notes_change_sends_an_update_with_a_newer_dtstamp(run, example, server, monkeypatch):
    assert run("send", "clapham").exit_code == 0
    monkeypatch.setenv("SCREENKIT_NOW", "2026-12-01T09:00:00Z")
    assert run("update", "clapham", "--notes", "Bring the banner").exit_code == 0
    assert run("send", "clapham").exit_code == 0
    first, second = (event_of(r.message) for r in server.received)
    assert int(second["SEQUENCE"]) == 0
    assert second["DTSTAMP"].to_ical() == b"20261201T090000Z" != first["DTSTAMP"].to_ical()
    assert "Bring the banner" in str(second["DESCRIPTION"])


def test_a_refused_recipient_is_not_recorded_and_is_tried_next_time(run, example, server):
    server.handler.refuse = {"talal@example.org"}
    before = example.read_text()
    result = run("send")
    assert result.exit_code == ExitCode.DELIVERY
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and "talal@example.org: 550" in errors[0]
    assert sent_to(example, "ica-premiere").keys() == {"amira", "sam"}
    assert example.read_text() != before
    server.handler.refuse = set()
    again = run("send")
    assert again.exit_code == 0, again.output
    assert [r.recipients for r in server.received[5:]] == [["talal@example.org"]]


def test_a_connection_dropping_halfway_records_what_was_accepted(run, example, server):
    server.handler.drop_after = 2
    result = run("send")
    assert result.exit_code == ExitCode.DELIVERY
    assert result.stderr.count("error: ") == 4  # each message not sent is named
    recorded = {(sid, pid) for sid in ("ica-premiere", "clapham", "east-finchley")
                for pid in sent_to(example, sid)}  # fmt: skip
    assert len(recorded) == 2 == len(server.received)
    server.handler.drop_after = None
    assert run("send").exit_code == 0
    assert len(server.received) == 6
    assert len({(*tuple(r.recipients), subject(r.message)) for r in server.received}) == 6


@pytest.mark.parametrize(
    ("url", "code", "says"),
    [
        ("http://127.0.0.1:25", ExitCode.USAGE, "is not a mail server URL"),
        ("smtp://", ExitCode.USAGE, "has no host"),
        ("smtp://127.0.0.1:notaport", ExitCode.USAGE, "bad port"),
        ("smtp://127.0.0.1:{closed}", ExitCode.DELIVERY, "cannot reach the mail server"),
    ],
)
def test_bad_settings_give_one_error_and_an_untouched_plan(run, example, monkeypatch, url, code,
                                                           says, tmp_path):  # fmt: skip
    from tests.support.smtp import free_port

    monkeypatch.setenv("SCREENKIT_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.setenv("SCREENKIT_SMTP_URL", url.format(closed=free_port()))
    before = example.read_bytes()
    result = run("send")
    assert result.exit_code == code
    assert result.stderr.count("error: ") == 1 and says in result.stderr
    assert example.read_bytes() == before


def test_no_mail_server_set_is_one_clear_error(run, example, monkeypatch, tmp_path):
    monkeypatch.delenv("SCREENKIT_SMTP_URL", raising=False)
    monkeypatch.setenv("SCREENKIT_CONFIG", str(tmp_path / "none.toml"))
    result = run("send")
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.startswith("error: SCREENKIT_SMTP_URL: no mail server set")


def test_a_wrong_password_is_refused_and_nothing_recorded(run, example, monkeypatch, tmp_path):
    monkeypatch.setenv("SCREENKIT_CONFIG", str(tmp_path / "none.toml"))
    with Server(Handler(), password="right") as srv:
        monkeypatch.setenv("SCREENKIT_SMTP_URL", srv.url)
        monkeypatch.setenv("SCREENKIT_SMTP_USER", "tour")
        monkeypatch.setenv("SCREENKIT_SMTP_PASSWORD", "wrong")
        before = example.read_bytes()
        result = run("send")
        assert result.exit_code == ExitCode.DELIVERY
        assert result.stderr.count("error: ") == 1
        assert "refused the login for tour" in result.stderr
        assert example.read_bytes() == before and srv.received == []
        monkeypatch.setenv("SCREENKIT_SMTP_PASSWORD", "right")
        assert run("send").exit_code == 0
        assert len(srv.received) == 6


def test_settings_from_a_private_config_file(run, example, monkeypatch, tmp_path):
    monkeypatch.delenv("SCREENKIT_SMTP_URL", raising=False)
    config = tmp_path / "config.toml"
    monkeypatch.setenv("SCREENKIT_CONFIG", str(config))
    with Server(Handler(), password="s3cret") as srv:
        config.write_text(f'[smtp]\nurl = "{srv.url}"\nuser = "tour"\npassword = "s3cret"\n')
        os.chmod(config, 0o644)
        before = example.read_bytes()
        refused = run("send")
        assert refused.exit_code == ExitCode.USAGE
        assert "other users can read it" in refused.stderr and "chmod 600" in refused.stderr
        assert example.read_bytes() == before
        os.chmod(config, 0o600)
        assert run("send", "clapham").exit_code == 0
        assert len(srv.received) == 1


def test_dry_run_eml_and_mbox_record_nothing(run, example, server, tmp_path):
    before = example.read_bytes()
    dry = run("send", "--dry-run")
    assert dry.exit_code == 0
    assert "clapham: invitation to amira@example.org" in dry.stdout
    eml = run("send", "--eml", "out")
    assert eml.exit_code == 0, eml.output
    files = sorted((tmp_path / "out").glob("*.eml"))
    assert len(files) == 6
    msg = BytesParser(policy=policy.default).parse(files[0].open("rb"))
    assert calendar_of(msg)[1] == "REQUEST"
    box = run("send", "--mbox", "sent.mbox")
    assert box.exit_code == 0
    messages = list(mailbox.mbox(tmp_path / "sent.mbox"))
    assert len(messages) == 6 and all(m["From"] for m in messages)
    assert example.read_bytes() == before
    assert server.received == []
    assert run("send", "--dry-run", "--eml", "x").exit_code == ExitCode.USAGE


def test_a_screening_someone_cannot_be_invited_to_is_named(run, example, server):
    example.write_text(example.read_text().replace('email = "talal@example.org"\n', ""))
    result = run("send")
    assert result.exit_code == ExitCode.PROBLEMS
    assert "cannot invite talal, who has no email" in result.stderr
    assert len(server.received) == 3  # clapham and east-finchley went


def test_a_new_sequence_asks_again_and_the_old_answer_is_to_the_old_version(run, example,
                                                                          server):  # fmt: skip
    assert run("send", "clapham").exit_code == 0
    assert run("rsvp", "clapham", "amira", "accepted").exit_code == 0
    assert run("update", "clapham", "--notes", "Bring the banner").exit_code == 0
    assert run("send", "clapham").exit_code == 0  # same SEQUENCE: the answer stands
    assert json.loads(run("show", "clapham", "--json").stdout)["rsvp"] == {"amira": "accepted"}
    assert run("update", "clapham", "--start", "19:15").exit_code == 0
    assert run("send", "clapham").exit_code == 0  # SEQUENCE 1: asked again
    assert json.loads(run("show", "clapham", "--json").stdout)["rsvp"] == {"amira": "needs-action"}
    kept = plan_data(example)["screenings"]["clapham"]["rsvp"]["amira"]
    assert (kept["answer"], kept["sequence"]) == ("accepted", 0)
    shown = run("show", "clapham").stdout
    assert "accepted the old time (19:00); the invitation for 19:15 is unanswered" in shown


@pytest.mark.parametrize("scheme", ["smtp+starttls", "smtps"])
def test_encrypted_connections_with_a_login(run, example, monkeypatch, tmp_path, scheme):
    from tests.support.smtp import certificate

    made = certificate(tmp_path)
    if made is None:
        pytest.skip("openssl is not installed; cannot make a test certificate")
    cert, key = made
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # trust the test certificate
    monkeypatch.setenv("SCREENKIT_CONFIG", str(tmp_path / "none.toml"))
    with Server(Handler(), password="s3cret", tls=(scheme, cert, key)) as srv:
        monkeypatch.setenv("SCREENKIT_SMTP_URL", srv.url)
        monkeypatch.setenv("SCREENKIT_SMTP_USER", "tour")
        monkeypatch.setenv("SCREENKIT_SMTP_PASSWORD", "s3cret")
        result = run("send", "clapham")
        assert result.exit_code == 0, result.output
        assert [r.recipients for r in srv.received] == [["amira@example.org"]]
    monkeypatch.delenv("SSL_CERT_FILE")
    with Server(Handler(), tls=(scheme, cert, key)) as srv:  # a certificate nobody vouches for
        monkeypatch.setenv("SCREENKIT_SMTP_URL", srv.url)
        monkeypatch.delenv("SCREENKIT_SMTP_USER")
        monkeypatch.delenv("SCREENKIT_SMTP_PASSWORD")
        before = example.read_bytes()
        refused = run("send", "ica-premiere")
        assert refused.exit_code == ExitCode.DELIVERY
        assert refused.stderr.count("error: ") == 1 and "certificate" in refused.stderr
        assert example.read_bytes() == before


def test_an_invitation_answered_by_a_client_round_trips(run, example, server, tmp_path):
    """The REPLY a calendar client makes from the REQUEST it received (same UID and
    SEQUENCE, METHOD:REPLY, only the person answering) is recorded as their answer."""
    from icalendar import Event, vCalAddress

    assert run("send", "clapham").exit_code == 0
    (received,) = server.received
    request = event_of(received.message)
    reply = Calendar()
    reply.add("prodid", "-//Example Client//EN")
    reply.add("version", "2.0")
    reply.add("method", "REPLY")
    answer = Event()
    for key in ("UID", "SEQUENCE", "DTSTART", "DTEND", "ORGANIZER"):
        answer.add(key, request[key])
    answer.add("dtstamp", request["DTSTAMP"].dt)
    me = vCalAddress("mailto:amira@example.org")
    me.params["PARTSTAT"] = "ACCEPTED"
    answer.add("attendee", me)
    reply.add_component(answer)
    (tmp_path / "reply.ics").write_bytes(reply.to_ical())
    result = run("replies", "reply.ics")
    assert result.exit_code == 0, result.output
    assert json.loads(run("show", "clapham", "--json").stdout)["rsvp"] == {"amira": "accepted"}


# -- the first hour: what the messages say ---------------------------------------------------------
def test_an_update_says_in_words_what_changed(run, example, server, monkeypatch):
    assert run("send", "clapham").exit_code == 0
    monkeypatch.setenv("SCREENKIT_NOW", "2026-12-01T09:00:00Z")
    assert run("update", "clapham", "--start", "19:30").exit_code == 0
    assert run("send", "clapham").exit_code == 0
    update = server.received[-1].message
    text = next(p for p in update.walk() if p.get_content_type() == "text/plain")
    body = text.get_content().replace("\r\n", "\n")
    assert "has changed:\n  Start: 19:00 → 19:30\n" in body
    assert "Here is everything as it is now." in body
    assert run("update", "clapham", "--notes", "Bring the DCP").exit_code == 0
    assert run("send", "clapham").exit_code == 0
    body = next(p for p in server.received[-1].message.walk()
                if p.get_content_type() == "text/plain").get_content()  # fmt: skip
    assert "Some details of the screening of Return to Homs have changed" in body


def test_a_person_taken_off_is_told_so_not_that_the_evening_is_cancelled(
    run, example, server, monkeypatch
):
    assert run("send", "ica-premiere").exit_code == 0
    assert run("update", "ica-premiere", "--speaker", "amira").exit_code == 0
    assert run("send", "ica-premiere").exit_code == 0
    talal = by_recipient(server.received[3:])["talal@example.org"].message
    assert str(talal["Subject"]).startswith("No longer needed: Return to Homs")
    (event,) = calendar_of(talal)[0].walk("VEVENT")
    assert "STATUS" not in event  # RFC 5546 3.2.5: uninviting one person, not cancelling


def test_subjects_and_names_arrive_as_written(run, example, server):
    text = example.read_text().replace(
        'name = "Clapham Community Cinema"', 'name = "St John\'s Church Hall and Community Centre"'
    )
    text = text.replace('name = "Amira Haddad"', 'name = "অমিত কুমার চট্টোপাধ্যায় বন্দ্যোপাধ্যায়"')
    example.write_text(text)
    assert run("send", "clapham").exit_code == 0
    msg = server.received[0].message
    assert str(msg["Subject"]).startswith("Invitation: Return to Homs, St John's Church Hall")
    (to,) = msg["To"].addresses
    assert to.display_name.replace("  ", " ") == "অমিত কুমার চট্টোপাধ্যায় বন্দ্যোপাধ্যায়"
