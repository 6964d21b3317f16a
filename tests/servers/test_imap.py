"""Answers straight from the mailbox: a real IMAP server (Dovecot), replies shaped as
Thunderbird, Outlook, Apple Mail and Google Calendar send them, each recorded once; a forged
one still refused; handled messages moved aside."""

from __future__ import annotations

import base64
import json
import quopri

import pytest

from screenkit.errors import ExitCode
from tests.support.imap import PASSWORD, USER, dovecot, needs_dovecot

pytestmark = needs_dovecot

PREMIERE, CLAPHAM = "3b0f6a7e-6f4e-4f0b-9a51-1c2d7e8f9a01", "3b0f6a7e-6f4e-4f0b-9a51-1c2d7e8f9a02"


def ics(uid: str, email: str, partstat: str, mailto: str = "mailto") -> str:
    return (
        "BEGIN:VCALENDAR\r\nPRODID:-//Client//EN\r\nVERSION:2.0\r\nMETHOD:REPLY\r\n"
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nSEQUENCE:0\r\nDTSTAMP:20261126T090000Z\r\n"
        "ORGANIZER:mailto:tour@example.org\r\n"
        f"ATTENDEE;PARTSTAT={partstat}:{mailto}:{email}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )


def thunderbird() -> bytes:
    """multipart/mixed: the REPLY inline, and again as invite.ics."""
    cal = ics(PREMIERE, "amira@example.org", "ACCEPTED")
    return (
        "From: Amira Haddad <amira@example.org>\nTo: tour@example.org\n"
        "Subject: Accepted: Return to Homs\nMIME-Version: 1.0\n"
        'Content-Type: multipart/mixed; boundary="tb"\n\n--tb\n'
        "Content-Type: text/plain; charset=UTF-8\n\nAmira has accepted.\n--tb\n"
        "Content-Type: text/calendar; charset=UTF-8; method=REPLY\n\n" + cal + "--tb\n"
        'Content-Type: application/ics; name="invite.ics"\n'
        'Content-Disposition: attachment; filename="invite.ics"\n\n' + cal + "--tb--\n"
    ).encode()


def outlook() -> bytes:
    """multipart/alternative, the calendar in base64, MAILTO in capitals."""
    cal = base64.b64encode(ics(PREMIERE, "talal@example.org", "DECLINED", "MAILTO").encode())
    return (
        "From: Talal Derki <talal@example.org>\nTo: tour@example.org\n"
        "Subject: Declined: Return to Homs\nMIME-Version: 1.0\n"
        'Content-Type: multipart/alternative; boundary="ol"\n\n--ol\n'
        "Content-Type: text/plain; charset=utf-8\n\nDeclined.\n--ol\n"
        "Content-Type: text/html; charset=utf-8\n\n<p>Declined.</p>\n--ol\n"
        'Content-Type: text/calendar; charset="utf-8"; method=REPLY\n'
        "Content-Transfer-Encoding: base64\n\n" + cal.decode() + "\n--ol--\n"
    ).encode()


def apple() -> bytes:
    """multipart/mixed, the calendar as an iCal-….ics attachment in quoted-printable."""
    cal = quopri.encodestring(ics(PREMIERE, "sam@example.org", "TENTATIVE").encode()).decode()
    return (
        "From: Sam Okafor <sam@example.org>\nTo: tour@example.org\n"
        "Subject: Invitation: Return to Homs (Maybe)\nMIME-Version: 1.0\n"
        'Content-Type: multipart/mixed; boundary="ap"\n\n--ap\n'
        "Content-Type: text/plain; charset=us-ascii\n\nMaybe.\n--ap\n"
        'Content-Type: text/calendar; method=REPLY; name="iCal-20261126-090000.ics"\n'
        "Content-Transfer-Encoding: quoted-printable\n\n" + cal + "\n--ap--\n"
    ).encode()


def google() -> bytes:
    """From the attendee, Sender Google, the receiving server's Authentication-Results."""
    cal = ics(CLAPHAM, "amira@example.org", "ACCEPTED")
    return (
        "Authentication-Results: mx.tour.example; dkim=pass header.d=example.org;\n"
        " dmarc=pass header.from=example.org\n"
        "Authentication-Results: mx.tour.example; dkim=fail header.d=forged.example\n"
        "From: Amira Haddad <amira@example.org>\n"
        "Sender: Google Calendar <calendar-notification@google.com>\n"
        "Reply-To: amira@example.org\nTo: tour@example.org\n"
        "Subject: Accepted: Return to Homs @ Sun 28 Jun 2027\nMIME-Version: 1.0\n"
        'Content-Type: multipart/mixed; boundary="g1"\n\n--g1\n'
        'Content-Type: multipart/alternative; boundary="g2"\n\n--g2\n'
        "Content-Type: text/plain; charset=UTF-8\n\nAmira has accepted.\n--g2\n"
        'Content-Type: text/calendar; charset="UTF-8"; method=REPLY\n\n' + cal + "--g2--\n"
        "--g1\n"
        'Content-Type: application/ics; name="invite.ics"\n'
        'Content-Disposition: attachment; filename="invite.ics"\n\n' + cal + "--g1--\n"
    ).encode()


def forged() -> bytes:
    return thunderbird().replace(b"From: Amira Haddad <amira@example.org>",
                                 b"From: Mallory <mallory@evil.example>")  # fmt: skip


NEWSLETTER = b"From: news@example.net\nTo: tour@example.org\nSubject: News\n\nNothing here.\n"


@pytest.fixture
def mailbox(monkeypatch, tmp_path):
    with dovecot() as server:
        monkeypatch.setenv("SCREENKIT_IMAP_URL", server.url)
        monkeypatch.setenv("SCREENKIT_IMAP_USER", USER)
        monkeypatch.setenv("SCREENKIT_IMAP_PASSWORD", PASSWORD)
        monkeypatch.setenv("SCREENKIT_STATE_DIR", str(tmp_path / "state"))
        config = tmp_path / "config.toml"
        config.write_text('[imap]\nmove_to = "screenkit-replies"\nauthserv_id = '
                          '"mx.tour.example"\n')  # fmt: skip
        config.chmod(0o600)
        monkeypatch.setenv("SCREENKIT_CONFIG", str(config))
        yield server


def answers(run) -> dict[str, dict[str, str]]:
    return {sid: json.loads(run("show", sid, "--json").stdout)["rsvp"]
            for sid in ("ica-premiere", "clapham")}  # fmt: skip


def test_answers_from_four_clients_are_recorded_once_and_a_forged_one_is_not(run, example, mailbox):
    for message in (thunderbird(), outlook(), apple(), google(), forged(), NEWSLETTER):
        mailbox.append(message)
    first = run("replies", "--imap")
    assert first.exit_code == 0, first.output
    assert sorted(first.stdout.splitlines()) == [
        "clapham: amira accepted", "ica-premiere: amira accepted",
        "ica-premiere: sam tentative", "ica-premiere: talal declined",
    ]  # fmt: skip
    assert "from mallory@evil.example" in first.stderr and "not recorded" in first.stderr
    got = answers(run)
    assert got["ica-premiere"] == {"amira": "accepted", "talal": "declined", "sam": "tentative"}
    assert got["clapham"] == {"amira": "accepted"}
    # Handled replies moved aside; the newsletter stays where it was.
    assert len(mailbox.uids("INBOX")) == 1 and len(mailbox.uids("screenkit-replies")) == 5
    again = run("replies", "--imap")
    assert again.exit_code == 0 and again.stdout == "", again.output
    assert "0 new message(s)" in again.stderr


def test_a_second_run_reads_only_what_arrived_since_without_moving(
    run, example, mailbox, tmp_path, monkeypatch
):
    (tmp_path / "config.toml").write_text("[imap]\n")  # no move_to: messages stay
    mailbox.append(outlook())
    assert run("replies", "--imap").stdout == "ica-premiere: talal declined\n"
    mailbox.append(apple())
    second = run("replies", "--imap")
    assert second.stdout == "ica-premiere: sam tentative\n", second.output
    assert len(mailbox.uids("INBOX")) == 2


@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({"SCREENKIT_IMAP_PASSWORD": "wrong"}, "refused the login"),
        ({"SCREENKIT_IMAP_URL": "imap://mail.example.org"}, "no encryption"),
        ({"SCREENKIT_IMAP_URL": "imap://127.0.0.1:1"}, "connecting failed"),
    ],
)
def test_a_mailbox_that_cannot_be_read_is_one_error(run, example, mailbox, monkeypatch, env,
                                                    says):  # fmt: skip
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    result = run("replies", "--imap")
    assert result.exit_code in (ExitCode.USAGE, ExitCode.DELIVERY), result.output
    assert result.stderr.startswith("error: ") and says in result.stderr
    assert result.stderr.count("\n") == 1 and "wrong" not in result.stderr
