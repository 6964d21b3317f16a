"""Answers to invitations: iTIP REPLY messages (RFC 5546) read from a `.ics`, an `.eml` or an
mbox, as calendar clients send them when someone presses Accept, Maybe or Decline. Pure:
bytes in, `Reply` records out; anything that is not a readable reply is an InputError naming
the file (and the message, in an mbox).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from screenkit.errors import InputError
from screenkit.models import Plan

MAX_BYTES = 32 * 1024 * 1024  # an mbox of replies is small; a whole mailbox is not for this
ANSWERS = {"ACCEPTED": "accepted", "DECLINED": "declined", "TENTATIVE": "tentative"}
CALENDAR_TYPES = ("text/calendar", "application/ics")


@dataclass(frozen=True)
class Reply:
    source: str  # `replies.mbox, message 3`, for people
    uid: str
    sequence: int
    email: str
    answer: str  # accepted, declined or tentative


def too_big(name: str) -> InputError:
    return InputError(
        f"{name}: over {MAX_BYTES // (1024 * 1024)} MB; export only the replies (e.g. a search "
        "for 'Accepted:' or 'Declined:') and read those"
    )


def read(name: str, raw: bytes) -> list[Reply]:
    """Every reply in one input, which may be a calendar, an email or an mbox."""
    if len(raw) > MAX_BYTES:
        raise too_big(name)
    head = raw.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:15].upper() == b"BEGIN:VCALENDAR":
        return _calendar(name, raw, strict=True)
    if head.startswith(b"From "):
        replies: list[Reply] = []
        for n, message in enumerate(_mbox(head), start=1):
            replies += _email(f"{name}, message {n}", message, strict=False)
        if not replies:
            raise InputError(f"{name}: no calendar reply (METHOD:REPLY) in this mbox")
        return replies
    return _email(name, raw, strict=True)


def _mbox(raw: bytes) -> list[bytes]:
    """The messages of an mbox: each starts at a `From ` line (mboxrd quoting undone)."""
    parts = re.split(rb"(?m)^From [^\n]*\n", raw.replace(b"\r\n", b"\n"))
    return [re.sub(rb"(?m)^>(>*From )", rb"\1", p) for p in parts if p.strip()]


def _email(name: str, raw: bytes, strict: bool) -> list[Reply]:
    from email import policy
    from email.parser import BytesParser

    try:
        msg = BytesParser(policy=policy.default).parsebytes(raw)
        parts = [p for p in msg.walk() if p.get_content_type() in CALENDAR_TYPES]
        calendars = list(dict.fromkeys(_payload(p) for p in parts))  # inline + attachment
    except Exception as exc:  # the email package raises many kinds on malformed input
        raise InputError(f"{name}: not a readable email: {exc}") from None
    if not msg.keys() and strict:
        raise InputError(f"{name}: not an email, a calendar (.ics) or an mbox")
    if not calendars:
        if strict:
            raise InputError(f"{name}: no calendar in this email, so no answer to record")
        return []
    replies = []
    for calendar in calendars:
        replies += _calendar(name, calendar, strict)
    return replies


def _payload(part: object) -> bytes:
    data = part.get_payload(decode=True)  # type: ignore[attr-defined]
    return data if isinstance(data, bytes) else b""


def _calendar(name: str, raw: bytes, strict: bool) -> list[Reply]:
    from icalendar import Calendar

    try:
        cal = Calendar.from_ical(raw)
    except Exception as exc:  # icalendar raises ValueError and others on bad input
        raise InputError(f"{name}: not a readable calendar: {exc}") from None
    method = str(cal.get("METHOD", "")).upper()
    if method != "REPLY":
        if strict:
            got = f"METHOD:{method}" if method else "no METHOD"
            raise InputError(f"{name}: has {got}; only a reply (METHOD:REPLY) carries an answer")
        return []
    replies = []
    for event in cal.walk("VEVENT"):
        uid = str(event.get("UID", "")).strip()
        if not uid:
            raise InputError(f"{name}: a reply without a UID; it cannot be matched to a screening")
        people = event.get("ATTENDEE")
        people = people if isinstance(people, list) else [people] if people is not None else []
        if len(people) != 1:
            raise InputError(
                f"{name}: a reply must name exactly one ATTENDEE (who answers); "
                f"this one names {len(people)}"
            )
        (person,) = people
        email = re.sub(r"(?i)^mailto:", "", str(person)).strip()
        partstat = str(person.params.get("PARTSTAT", "")).upper()
        if partstat not in ANSWERS:
            raise InputError(
                f"{name}: {email} answered PARTSTAT={partstat or '(none)'}; screenkit records "
                "ACCEPTED, DECLINED or TENTATIVE"
            )
        try:
            sequence = int(event.get("SEQUENCE", 0))
        except (TypeError, ValueError):
            raise InputError(f"{name}: SEQUENCE is not a number") from None
        replies.append(Reply(name, uid, sequence, email, ANSWERS[partstat]))
    if not replies and strict:
        raise InputError(f"{name}: a reply with no event in it")
    return replies


def match(plan: Plan, found: list[Reply]) -> tuple[list[tuple[str, str, str]], list[str]]:
    """Which answers count: (screening, person, answer) for each reply to a screening the plan
    has, from someone invited to it, to the version they were last sent or a newer one; and
    why each other reply is ignored, one line each."""
    from screenkit.people import invited

    answers: list[tuple[str, str, str]] = []
    ignored: list[str] = []
    by_uid = {s.uid: sid for sid, s in plan.screenings.items() if s.uid}
    for r in found:
        sid = by_uid.get(r.uid)
        if sid is None:
            ignored.append(f"{r.source}: {r.email} answered for UID {r.uid}, which no "
                           "screening has; ignored")  # fmt: skip
            continue
        s = plan.screenings[sid]
        people = {str(plan.speakers[p].email).lower(): p for p in invited(plan, sid)}
        pid = people.get(r.email.lower())
        if pid is None:
            ignored.append(f"{r.source}: {r.email} is not invited to {sid}; ignored")
            continue
        last = s.calendar.sent_to.get(pid) if s.calendar else None
        latest = last.sequence if last else (s.calendar.sequence if s.calendar else 0)
        if r.sequence < latest:
            ignored.append(
                f"{r.source}: {pid} answered SEQUENCE {r.sequence} of {sid}, older than the "
                f"{latest} last sent; ignored (RFC 5546), they will answer the new one"
            )
            continue
        answers.append((sid, pid, r.answer))
    return answers, ignored
