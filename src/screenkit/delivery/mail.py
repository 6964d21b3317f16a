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
from dataclasses import dataclass
from email.message import EmailMessage, MIMEPart
from functools import lru_cache
from typing import Literal

from screenkit.models import Plan
from screenkit.output import Output

Kind = Literal["Invitation", "Updated", "Cancelled"]


@dataclass(frozen=True)
class Planned:
    """One message to send: to whom, which method, and what to record once it is accepted."""

    sid: str
    pid: str
    email: str
    name: str
    method: Literal["REQUEST", "CANCEL"]
    kind: Kind
    sequence: int
    digest: str
    removed: bool = False  # no longer on the screening: the CANCEL is theirs alone

    def describe(self) -> str:
        return f"{self.kind.lower()} ({self.method}, SEQUENCE {self.sequence}) to {self.email}"


def plan_sends(plan: Plan, sids: list[str]) -> list[Planned]:
    """Every message needed to bring each person up to date with `sids`, nothing more.

    `plan` has its calendar records synced (`identity.sync`)."""
    from screenkit.people import invited

    out: list[Planned] = []
    for sid in sids:
        s = plan.screenings[sid]
        cal = s.calendar
        if cal is None or cal.digest is None:
            continue
        people = invited(plan, sid)
        cancelled = s.status == "cancelled"
        for pid in people:
            person = plan.speakers[pid]
            assert person.email is not None  # build.build leaves such screenings out
            last = cal.sent_to.get(pid)
            if cancelled:
                if last is None or (last.method == "CANCEL" and last.sequence == cal.sequence):
                    continue  # never invited, or already told
                method, kind = "CANCEL", "Cancelled"
            else:
                if (
                    last is not None
                    and last.method == "REQUEST"
                    and ((last.sequence, last.digest) == (cal.sequence, cal.digest))
                ):
                    continue
                method = "REQUEST"
                kind = "Invitation" if last is None or last.method == "CANCEL" else "Updated"
            out.append(Planned(sid, pid, person.email, person.name, method, kind,
                               cal.sequence, cal.digest))  # fmt: skip
        for pid, last in cal.sent_to.items():
            if pid in people or last.method == "CANCEL":
                continue
            known = plan.speakers.get(pid)
            email = (known.email if known else None) or last.email
            if email is None:
                continue
            name = known.name if known else email
            out.append(Planned(sid, pid, email, name, "CANCEL", "Cancelled", cal.sequence,
                               cal.digest, removed=True))  # fmt: skip
    return out


def subject(plan: Plan, sid: str, kind: Kind) -> str:
    """`Invitation: Return to Homs, ICA, Sun 27 June 2027 18:30`, in the venue's time."""
    from screenkit.schedule import timing

    s = plan.screenings[sid]
    start = timing(plan, s).start
    when = f"{start:%a} {start.day} {start:%B %Y %H:%M}"
    return f"{kind}: {plan.films[s.film].title}, {plan.venues[s.venue].name}, {when}"


def body(plan: Plan, sent: Planned) -> str:
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


def calendar_for(plan: Plan, sent: Planned, invite: bytes) -> bytes:
    """The calendar this person gets: the screening's invite, or for someone taken off it a
    CANCEL whose only ATTENDEE is them (RFC 5546 3.2.5)."""
    if not sent.removed:
        return invite
    from icalendar import Calendar, vCalAddress

    cal = Calendar.from_ical(invite)
    cal.pop("METHOD")
    cal.add("method", "CANCEL")
    for event in cal.walk("VEVENT"):
        event.pop("ATTENDEE", None)
        event.pop("STATUS", None)
        event.add("status", "CANCELLED")
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


def message(plan: Plan, sent: Planned, invite: bytes, now: dt.datetime) -> EmailMessage:
    """One iMIP message; the email library folds its header lines."""
    from email.headerregistry import Address
    from email.utils import formatdate

    organiser = plan.organiser
    assert organiser is not None and organiser.email is not None
    inline, attached = _calendar_parts(calendar_for(plan, sent, invite), sent.method)
    domain = organiser.email.rpartition("@")[2]
    msg = EmailMessage()
    msg["From"] = Address(organiser.name, addr_spec=organiser.email)
    msg["To"] = Address(sent.name if sent.name != sent.email else "", addr_spec=sent.email)
    msg["Subject"] = subject(plan, sent.sid, sent.kind)
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
    from email import policy

    return msg.as_bytes(policy=policy.SMTP)


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
