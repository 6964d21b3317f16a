"""Invitation emails (iMIP, RFC 6047): who gets what, and the messages themselves. Pure.

Each screening's speakers and host get one message each, From the organiser (the ORGANIZER),
shaped the way Gmail and Outlook send invitations so that clients show Accept/Decline:

    multipart/mixed
      multipart/alternative
        text/plain                                  the run sheet, venue, who to call
        text/calendar; method=REQUEST; charset=UTF-8
      application/ics  (attachment, invite.ics)     the same calendar

What each person was last sent is kept in the plan (`calendar.sent_to`), so only a change is
sent again: a new person gets an invitation, the others an update, a person taken off a
screening a CANCEL addressed to them alone, and everyone a CANCEL when it is cancelled.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from email.message import EmailMessage, MIMEPart
from functools import lru_cache

from screenkit.calendars.identity import Kind, Owed
from screenkit.models import Plan
from screenkit.output import Output


def subject(plan: Plan, sid: str, kind: Kind) -> str:
    """`Invitation: Return to Homs, ICA, Sun 27 June 2027 18:30`, in the venue's time."""
    from screenkit.schedule import timing

    s = plan.screenings[sid]
    start = timing(plan, s).start
    when = f"{start:%a} {start.day} {start:%B %Y %H:%M}"
    return f"{SUBJECTS[kind]}: {plan.films[s.film].title}, {plan.venues[s.venue].name}, {when}"


SUBJECTS = {  # a person taken off an evening that goes ahead: not "Cancelled"
    "Invitation": "Invitation", "Updated": "Updated", "Cancelled": "Cancelled",
    "Removed": "No longer needed",
}  # fmt: skip


def body(plan: Plan, sent: Owed) -> str:
    from screenkit.calendars import ical

    s = plan.screenings[sent.sid]
    first = sent.name.split()[0] if sent.name and "@" not in sent.name else sent.name
    role = "host" if s.host == sent.pid and sent.pid not in s.speakers else "speak at"
    film = plan.films[s.film].title
    if sent.removed:
        opening = (
            f"You are no longer needed at this screening of {film}, and it has been taken "
            "out of your calendar. Thank you for keeping the date free."
        )
    elif sent.method == "CANCEL":
        opening = f"This screening of {film} has been cancelled. We are sorry."
    elif sent.kind == "Updated":
        changed = what_changed(plan, sent.sid, sent.previous)
        if changed:
            opening = "\n".join([f"The screening of {film} has changed:", *changed,
                                  "", "Here is everything as it is now."])  # fmt: skip
        elif sent.previous:  # the same time, place and status: other details
            opening = (
                f"Some details of the screening of {film} have changed (such as the "
                "notes, the contacts or who is speaking); here they are as they are now."
            )
        else:  # sent before screenkit kept what it sent
            opening = f"The details of the screening of {film} have changed; here they are."
    else:
        opening = f"We would like you to {role} a screening of {film}."
    lines = [f"Hello {first},", "", opening, ""]
    lines.append(ical.description(plan, sent.sid, "invite"))
    if sent.method == "REQUEST":
        lines += ["", "Please accept or decline with your calendar's buttons, or reply to this "
                  "email."]  # fmt: skip
    organiser = plan.organiser.name if plan.organiser else ""
    lines += ["", organiser]
    return "\n".join(lines) + "\n"


def what_changed(plan: Plan, sid: str, previous: str | None) -> list[str]:
    """`  Start: Sun 28 June 19:00 → 19:30`, one line per thing that moved since `previous`
    (the calendar record's summary of what the person was sent), in the venue's time."""
    from screenkit.calendars.identity import read_summary, sent_summary

    before, now = read_summary(previous), read_summary(sent_summary(plan, sid))
    if before is None or now is None:
        return []
    lines = []

    def day(moment: dt.datetime) -> str:
        return f"{moment:%a} {moment.day} {moment:%B}"

    if before.start.date() != now.start.date():
        lines.append(f"  Date: {day(before.start)} → {day(now.start)}")
    if before.start.time() != now.start.time():
        lines.append(f"  Start: {before.start:%H:%M} → {now.start:%H:%M}")
    if before.end != now.end and (before.end - before.start) != (now.end - now.start):
        lines.append(f"  End: {before.end:%H:%M} → {now.end:%H:%M}")
    if before.venue != now.venue:
        venues = plan.venues

        def name(vid: str) -> str:
            return venues[vid].name if vid in venues else vid

        lines.append(f"  Venue: {name(before.venue)} → {name(now.venue)}")
    if before.status != now.status:
        lines.append(f"  Status: {before.status} → {now.status}")
    return lines


def calendar_for(plan: Plan, sent: Owed, invite: bytes) -> bytes:
    """The calendar this person gets: the screening's invite, or for someone taken off it a
    CANCEL whose only ATTENDEE is them, without STATUS:CANCELLED: RFC 5546 §3.2.5 keeps that
    for cancelling the event itself, and a client (Nextcloud) that honours it would cancel
    the evening for them rather than take them off it."""
    if not sent.removed:
        return invite
    from icalendar import Calendar, vCalAddress

    cal = Calendar.from_ical(invite)
    cal.pop("METHOD")
    cal.add("method", "CANCEL")
    for event in cal.walk("VEVENT"):
        event.pop("ATTENDEE", None)
        event.pop("STATUS", None)
        address = vCalAddress(f"mailto:{sent.email}")
        address.params["CN"] = " ".join(sent.name.replace('"', "").replace(";", ",").split())
        address.params["ROLE"] = "REQ-PARTICIPANT"
        event.add("attendee", address)
        event.subcomponents = [c for c in event.subcomponents if c.name != "VALARM"]
    return cal.to_ical(sorted=False)


@lru_cache(maxsize=8)
def _calendar_parts(calendar: bytes, method: str) -> tuple[MIMEPart, MIMEPart]:
    """The inline calendar and the invite.ics attachment, made once per screening and shared
    by every person's message (the generator only reads them)."""
    inline = MIMEPart()
    params = {"method": method, "charset": "UTF-8"}
    inline.set_content(calendar, maintype="text", subtype="calendar", params=params)
    attached = MIMEPart()
    attached.set_content(calendar, maintype="application", subtype="ics",
                         disposition="attachment", filename="invite.ics")  # fmt: skip
    return inline, attached


def message(plan: Plan, sent: Owed, invite: bytes, now: dt.datetime) -> EmailMessage:
    """One iMIP message; its From, To and Subject are built and folded by `headers`."""
    from email.utils import formatdate

    from screenkit.delivery.headers import address_header, set_header, unstructured

    organiser = plan.organiser
    assert organiser is not None and organiser.email is not None
    inline, attached = _calendar_parts(calendar_for(plan, sent, invite), sent.method)
    domain = organiser.email.rpartition("@")[2]
    msg = EmailMessage()
    set_header(msg, "From", address_header("From", organiser.name, organiser.email))
    to = sent.name if sent.name != sent.email else ""
    set_header(msg, "To", address_header("To", to, sent.email))
    set_header(msg, "Subject", unstructured("Subject", subject(plan, sent.sid, sent.kind)))
    msg["Date"] = formatdate(now.timestamp(), usegmt=True)
    token = f"{sent.sid} {sent.pid} {sent.sequence} {sent.digest} {sent.method} {now}"
    msg["Message-ID"] = f"<{hashlib.sha256(token.encode()).hexdigest()[:24]}@{domain}>"
    msg["MIME-Version"] = "1.0"
    plain = MIMEPart()
    plain.set_content(body(plan, sent))
    alternative = MIMEPart()
    alternative["Content-Type"] = "multipart/alternative"
    alternative.set_payload([plain, inline])
    msg["Content-Type"] = "multipart/mixed"
    msg.set_payload([alternative, attached])
    return msg


def as_bytes(msg: EmailMessage) -> bytes:
    """The message as sent: 7-bit headers, or, when an address outside ASCII is in them
    (`jöhn@…`, which no encoded word may carry), UTF-8 headers for SMTPUTF8 (RFC 6532)."""
    from email import policy

    utf8 = not all(str(value).isascii() for _, value in msg.raw_items())
    return msg.as_bytes(policy=policy.SMTPUTF8 if utf8 else policy.SMTP)


def mbox(outputs: Iterable[Output], sender: str, now: dt.datetime) -> bytes:
    """Messages as one mbox (mboxrd: `From ` lines inside a message are quoted), for a
    person to check or send from their own mail program."""
    import re

    stamp = now.astimezone(dt.UTC).strftime("%a %b %d %H:%M:%S %Y")
    chunks = []
    for out in outputs:
        text = out.content.replace(b"\r\n", b"\n")
        text = re.sub(rb"(?m)^(>*From )", rb">\1", text)
        chunks.append(b"From " + sender.encode() + b" " + stamp.encode() + b"\n" + text + b"\n")
    return b"".join(chunks)
