"""Answers come back: iTIP REPLY messages made by a real client library (icalendar), read from
.ics, .eml, mbox and stdin; answers by phone; checks and tasks that chase."""

from __future__ import annotations

import datetime as dt
import json
from email.message import EmailMessage

import pytest
from icalendar import Calendar, Event, vCalAddress

from screenkit.errors import ExitCode
from tests.support.icalcheck import events

PREMIERE_UID = "3b0f6a7e-6f4e-4f0b-9a51-1c2d7e8f9a01"


def reply_ics(email="amira@example.org", partstat="ACCEPTED", uid=PREMIERE_UID, sequence=0,
              attendee=True) -> bytes:  # fmt: skip
    """What a calendar client sends when its user presses Accept (RFC 5546 3.2.3)."""
    cal = Calendar()
    cal.add("prodid", "-//Example Client//EN")
    cal.add("version", "2.0")
    cal.add("method", "REPLY")
    event = Event()
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC))
    event.add("organizer", vCalAddress("mailto:tour@example.org"))
    if attendee:
        address = vCalAddress(f"mailto:{email}")
        address.params["PARTSTAT"] = partstat
        event.add("attendee", address)
    cal.add_component(event)
    return cal.to_ical()


def reply_eml(ics: bytes, sender="amira@example.org") -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "tour@example.org"
    msg["Subject"] = "Accepted: Return to Homs"
    msg.set_content("Amira Haddad has accepted this invitation.")
    msg.add_alternative(ics, maintype="text", subtype="calendar",
                        params={"method": "REPLY", "charset": "UTF-8"})  # fmt: skip
    return bytes(msg)


def shown(run, sid="ica-premiere"):
    result = run("show", sid, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["rsvp"]


def test_an_accepted_reply_round_trips_into_show_json(run, example, tmp_path):
    assert shown(run) == {"amira": "needs-action", "talal": "needs-action", "sam": "needs-action"}
    (tmp_path / "accepted.ics").write_bytes(reply_ics())
    result = run("replies", "accepted.ics")
    assert result.exit_code == 0, result.output
    assert result.stdout == "ica-premiere: amira accepted\n"
    assert shown(run)["amira"] == "accepted"
    listed = json.loads(run("list", "--json").stdout)
    assert listed[0]["rsvp"]["amira"] == "accepted"


def test_replies_from_eml_mbox_and_stdin(run, example, tmp_path):
    (tmp_path / "a.eml").write_bytes(reply_eml(reply_ics()))
    two = [reply_eml(reply_ics("talal@example.org", "DECLINED"), "talal@example.org"),
           reply_eml(reply_ics("sam@example.org", "TENTATIVE"), "sam@example.org")]  # fmt: skip
    mbox = b"".join(b"From someone Thu Nov 26 09:00:00 2026\n" + m.replace(b"\r\n", b"\n")
                    + b"\n" for m in two)  # fmt: skip
    (tmp_path / "replies.mbox").write_bytes(mbox)
    result = run("replies", "a.eml", "replies.mbox")
    assert result.exit_code == 0, result.output
    assert shown(run) == {"amira": "accepted", "talal": "declined", "sam": "tentative"}
    stdin = run("replies", "-", input=reply_ics("sam@example.org", "ACCEPTED").decode())
    assert stdin.exit_code == 0, stdin.output
    assert shown(run)["sam"] == "accepted"


def test_unknown_uids_and_people_not_invited_are_listed_and_ignored(run, example, tmp_path):
    (tmp_path / "x.ics").write_bytes(reply_ics(uid="not-ours"))
    (tmp_path / "y.ics").write_bytes(reply_ics(email="stranger@example.org"))
    before = example.read_bytes()
    result = run("replies", "x.ics", "y.ics")
    assert result.exit_code == 0
    assert "warning: x.ics: amira@example.org answered for UID not-ours" in result.stderr
    assert "warning: y.ics: stranger@example.org is not invited to ica-premiere" in result.stderr
    assert example.read_bytes() == before


def test_a_reply_to_an_older_sequence_counts_for_that_version_only(run, example, tmp_path):
    assert run("update", "ica-premiere", "--start", "18:45").exit_code == 0
    assert run("export", "ics", "--out", "inv").exit_code == 0  # SEQUENCE 1 goes out
    (tmp_path / "old.ics").write_bytes(reply_ics(sequence=0))
    result = run("replies", "old.ics")
    assert result.exit_code == 0
    assert result.stdout == "ica-premiere: amira accepted (to SEQUENCE 0, an older version)\n"
    assert shown(run)["amira"] == "needs-action"
    assert "answer: accepted an older version (SEQUENCE 0); the invitation they hold " \
           "(SEQUENCE 1) is unanswered" in run("show", "ica-premiere").stdout  # fmt: skip
    (tmp_path / "new.ics").write_bytes(reply_ics(sequence=1))
    assert run("replies", "new.ics").exit_code == 0
    assert shown(run)["amira"] == "accepted"


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"\x00\x01garbage\xff" * 10, "not an email, a calendar (.ics) or an mbox"),
        (b"Subject: hello\n\njust text\n", "no calendar in this email"),
        (None, "must name exactly one ATTENDEE"),
        (b"BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n", "has METHOD:REQUEST"),
        (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:nonsense\r\n", "not a readable calendar"),
    ],
)
def test_hostile_replies_give_one_error_and_an_untouched_plan(run, example, tmp_path, content,
                                                               says):  # fmt: skip
    if content is None:
        content = reply_eml(reply_ics(attendee=False))
    (tmp_path / "bad.eml").write_bytes(content)
    (tmp_path / "good.ics").write_bytes(reply_ics())
    before = example.read_bytes()
    result = run("replies", "good.ics", "bad.eml")
    assert result.exit_code == ExitCode.USAGE, result.output
    assert result.stderr.count("error: ") == 1 and says in result.stderr
    assert result.stderr.startswith("error: bad.eml: ")
    assert example.read_bytes() == before


def test_a_huge_mbox_is_refused_before_it_is_read(run, example, tmp_path):
    from screenkit.delivery.replies import MAX_BYTES

    huge = tmp_path / "all.mbox"
    with huge.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    result = run("replies", "all.mbox")
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.count("error: ") == 1 and "over 32 MB" in result.stderr
    assert run("replies", "missing.eml").exit_code == ExitCode.USAGE


def test_an_answer_by_phone_and_the_checks_that_chase(run, example, monkeypatch):
    assert run("rsvp", "ica-premiere", "talal", "declined").exit_code == 0
    assert shown(run)["talal"] == "declined"
    check = run("check", "--json")
    assert check.exit_code == ExitCode.PROBLEMS
    (problem,) = json.loads(check.stdout)
    assert (
        problem["severity"] == "error" and problem["where"] == "screenings.ica-premiere.rsvp.talal"
    )
    assert problem["message"].startswith("Talal Derki declined but is still booked")
    tasks = run("tasks", "--json")
    chase = [t for t in json.loads(tasks.stdout) if t["task"].startswith("chase-")]
    assert [(t["task"], t["text"]) for t in chase] == [
        ("chase-talal", "chase Talal Derki (declined)")
    ]
    assert run("rsvp", "ica-premiere", "talal", "needs-action").exit_code == 0
    assert shown(run)["talal"] == "needs-action"
    # Twelve days before, nobody has accepted: chase each of them.
    monkeypatch.setenv("SCREENKIT_NOW", "2027-06-15T09:00:00Z")
    assert run("rsvp", "ica-premiere", "amira", "accepted").exit_code == 0
    check = run("check", "--json")
    chased = {p["where"] for p in json.loads(check.stdout) if ".rsvp." in p["where"]}
    assert chased == {
        "screenings.ica-premiere.rsvp.talal",
        "screenings.ica-premiere.rsvp.sam",
        "screenings.clapham.rsvp.amira",  # confirmed too; east-finchley is tentative
    }
    chase = {(t["screening"], t["text"]) for t in json.loads(run("tasks", "--json").stdout)
             if t["task"].startswith("chase-")}  # fmt: skip
    assert chase == {("ica-premiere", "chase Talal Derki"), ("ica-premiere", "chase Sam Okafor"),
                     ("clapham", "chase Amira Haddad")}  # fmt: skip


def test_rsvp_refuses_what_it_cannot_record(run, example):
    before = example.read_bytes()
    bad = run("rsvp", "ica-premiere", "talal", "perhaps not")
    assert (
        bad.exit_code == ExitCode.USAGE and "is not an answer: use yes, no or maybe" in bad.stderr
    )
    nobody = run("rsvp", "clapham", "talal", "accepted")
    assert nobody.exit_code == ExitCode.USAGE and "not one of its speakers or host" in nobody.stderr
    assert run("rsvp", "nope", "talal", "accepted").exit_code == ExitCode.USAGE
    assert example.read_bytes() == before


def test_answers_show_in_the_checklist_and_the_speakers_calendar(run, example):
    assert run("rsvp", "ica-premiere", "amira", "accepted").exit_code == 0
    sheet = run("export", "checklist", "ica-premiere", "--format", "txt", "-o", "-")
    assert "answer: accepted" in sheet.stdout
    calendar = run("export", "speaker", "amira", "-o", "-")
    first = events(calendar.stdout_bytes)[0]
    assert first["ATTENDEE"].params["PARTSTAT"] == "ACCEPTED"
    listed = run("list")
    assert "Amira Haddad (accepted)" in listed.stdout


def test_rsvp_takes_yes_no_and_maybe(run, example):
    for word, meant in (("yes", "accepted"), ("No", "declined"), ("maybe", "tentative")):
        result = run("rsvp", "ica-premiere", "talal", word)
        assert result.exit_code == 0, result.output
        assert shown(run)["talal"] == meant


def test_an_answer_to_a_sequence_never_sent_is_refused_and_the_real_one_counts(
    run, example, tmp_path
):
    """A bare REPLY to SEQUENCE 999999 would otherwise outrank every genuine answer."""
    (tmp_path / "forged.ics").write_bytes(reply_ics(partstat="DECLINED", sequence=999999))
    forged = run("replies", "forged.ics")
    assert "the highest sent to them is" in forged.stderr and "never sent" in forged.stderr
    assert shown(run)["amira"] == "needs-action"
    (tmp_path / "real.ics").write_bytes(reply_ics())
    real = run("replies", "real.ics")
    assert real.exit_code == 0, real.output
    assert shown(run)["amira"] == "accepted"


@pytest.mark.parametrize(
    "from_header",
    [
        "amira@example.org <evil@evil.example>",  # CVE-2023-27043's shape: read as amira
        "amira@example.org;evil@evil.example",
        "amira@example.org, evil@evil.example",  # two authors: whose answer?
    ],
)
def test_a_from_header_that_names_no_one_for_sure_is_no_identity(
    run, example, tmp_path, from_header
):
    raw = reply_eml(reply_ics()).replace(
        b"From: amira@example.org", b"From: " + from_header.encode()
    )
    (tmp_path / "odd.eml").write_bytes(raw)
    result = run("replies", "odd.eml")
    assert "not recorded" in result.stderr, result.output
    assert "nobody's answer" in result.stderr or "from evil@evil.example" in result.stderr
    assert shown(run)["amira"] == "needs-action"


def google_reply(results: list[str], sender="Google Calendar <calendar-notification@google.com>",
                 author="Amira Haddad <amira@example.org>") -> bytes:  # fmt: skip
    """Google Calendar's REPLY as it arrives: From the attendee, Sender Google, Reply-To the
    attendee, the receiving server's Authentication-Results on top (RFC 8601)."""
    head = "".join(f"Authentication-Results: {r}\n" for r in results)
    body = reply_eml(reply_ics()).replace(b"From: amira@example.org\n", b"").decode()
    return (f"{head}From: {author}\nSender: {sender}\nReply-To: amira@example.org\n"
            + body).encode()  # fmt: skip


MX = "mx.tour.example; dkim=pass header.d=example.org; dmarc=pass header.from=example.org"


def test_a_google_calendar_answer_signed_for_the_attendees_domain_counts(run, example, tmp_path):
    (tmp_path / "google.eml").write_bytes(google_reply([MX]))
    result = run("replies", "google.eml")
    assert result.exit_code == 0, result.output
    assert shown(run)["amira"] == "accepted"


@pytest.mark.parametrize(
    ("results", "sender", "author"),
    [
        ([], "Google Calendar <calendar-notification@google.com>", "amira@example.org"),
        # the pass is written lower down, by the sender: the receiving server's says nothing
        (["mx.tour.example; none", MX], "calendar-notification@google.com", "amira@example.org"),
        (
            [MX.replace("example.org", "evil.example")],
            "calendar-notification@google.com",
            "amira@example.org",
        ),
        ([MX], "Mallory <mallory@evil.example>", "amira@example.org"),  # not a calendar service
    ],
)
def test_a_sender_that_is_no_signed_calendar_service_is_still_refused(
    run, example, tmp_path, results, sender, author
):
    (tmp_path / "odd.eml").write_bytes(google_reply(results, sender, author))
    result = run("replies", "odd.eml")
    assert "not recorded" in result.stderr, result.output
    assert shown(run)["amira"] == "needs-action"
