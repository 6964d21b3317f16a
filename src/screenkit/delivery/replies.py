"""Answers to invitations: iTIP REPLY messages (RFC 5546) read from a `.ics`, an `.eml` or an
mbox, as calendar clients send them when someone presses Accept, Maybe or Decline. Pure:
bytes in, `Reply` records out; anything that is not a readable reply is an InputError naming
the file (and the message, in an mbox).

An answer counts only from the person it is for, as far as email can tell (RFC 6047 §4):
the message's From (and its Sender, and the ATTENDEE's SENT-BY, when given) must be the
attendee's address or their declared delegate's (`speakers.<id>.delegate`); an
Authentication-Results header reporting a DKIM or DMARC failure for the From domain makes
the message count for nothing. A bare `.ics` carries no sender at all: it is recorded, and
said to be unchecked. One message is one answer, however many copies of the calendar it
carries (Thunderbird sends the REPLY inline and again as invite.ics).

A calendar service that sends the attendee's own answer for them counts as them: Google
Calendar sends it From the attendee with `Sender: calendar-notification@google.com`. That
Sender is accepted only with the From the attendee's own address and the receiving server's
Authentication-Results (the topmost header, or the one with the authserv-id the user config
names: one the sender wrote lower down proves nothing) showing DKIM or DMARC passing for the
From domain. Any other Sender still has to be the attendee or their delegate.

An answer answers one version (its SEQUENCE, RFC 5546 §2.1.5): one to an older version than
the person holds is recorded as such, and one older than the answer already recorded (a
lower SEQUENCE, or the same with an earlier DTSTAMP) changes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from screenkit.errors import InputError
from screenkit.plan.models import Plan
from screenkit.text.escaping import visible

MAX_BYTES = 32 * 1024 * 1024  # an mbox of replies is small; a whole mailbox is not for this
ANSWERS = {"ACCEPTED": "accepted", "DECLINED": "declined", "TENTATIVE": "tentative"}
CALENDAR_TYPES = ("text/calendar", "application/ics")


@dataclass(frozen=True)
class Envelope:
    """Who an email says it is from, and what the receiving servers said of that."""

    authors: tuple[str, ...]  # the From addresses
    sender: str | None = None  # the Sender header, when it names someone else
    failed: str | None = None  # `DKIM failed for example.org`, from Authentication-Results
    # Domains the receiving server's Authentication-Results says passed DKIM or DMARC.
    passed: frozenset[str] = frozenset()
    # Why the From or Sender header names no one for sure: a header Python's parser had to
    # guess at (`amira@example.org <evil@evil.example>` reads as amira, CVE-2023-27043's
    # shape), or several authors. Such a message is no one's answer.
    malformed: str | None = None


@dataclass(frozen=True)
class Reply:
    source: str  # `replies.mbox, message 3`, for people
    uid: str
    sequence: int
    email: str
    answer: str  # accepted, declined or tentative
    stamp: dt.datetime | None = None  # its DTSTAMP: when the answer was given
    sent_by: str | None = None  # the ATTENDEE's SENT-BY: who answered for them
    envelope: Envelope | None = None  # None: a calendar file alone, no sender to check


def too_big(name: str) -> InputError:
    return InputError(
        f"{name}: over {MAX_BYTES // (1024 * 1024)} MB; export only the replies (e.g. a search "
        "for 'Accepted:' or 'Declined:') and read those"
    )


def read(name: str, raw: bytes, authserv_id: str | None = None) -> list[Reply]:
    """Every reply in one input, which may be a calendar, an email or an mbox;
    `authserv_id` names the receiving server whose Authentication-Results count."""
    if len(raw) > MAX_BYTES:
        raise too_big(name)
    head = raw.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:15].upper() == b"BEGIN:VCALENDAR":
        return _calendar(name, raw, strict=True)
    if head.startswith(b"From "):
        replies: list[Reply] = []
        for n, message in enumerate(_mbox(head), start=1):
            replies += _email(f"{name}, message {n}", message, strict=False,
                              authserv_id=authserv_id)  # fmt: skip
        if not replies:
            raise InputError(f"{name}: no calendar reply (METHOD:REPLY) in this mbox")
        return replies
    return _email(name, raw, strict=True, authserv_id=authserv_id)


def from_message(name: str, raw: bytes, authserv_id: str | None = None) -> list[Reply]:
    """The replies in one email from a mailbox: none when it carries no calendar answer (a
    mailbox holds other mail), an InputError only when a calendar in it is broken."""
    if len(raw) > MAX_BYTES:
        raise too_big(name)
    return _email(name, raw, strict=False, authserv_id=authserv_id)


def _mbox(raw: bytes) -> list[bytes]:
    """The messages of an mbox: each starts at a `From ` line (mboxrd quoting undone)."""
    parts = re.split(rb"(?m)^From [^\n]*\n", raw.replace(b"\r\n", b"\n"))
    return [re.sub(rb"(?m)^>(>*From )", rb"\1", p) for p in parts if p.strip()]


def _email(name: str, raw: bytes, strict: bool, authserv_id: str | None = None) -> list[Reply]:
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
    envelope = _envelope(msg, authserv_id)
    replies: dict[tuple[str, str], Reply] = {}  # one answer per event and person
    for calendar in calendars:
        for r in _calendar(name, calendar, strict):
            replies.setdefault((r.uid, r.email.lower()), r)
    return [Reply(r.source, r.uid, r.sequence, r.email, r.answer, r.stamp, r.sent_by, envelope)
            for r in replies.values()]  # fmt: skip


def _addresses(values: list[str]) -> list[str]:
    from email.utils import getaddresses

    return [addr for _, addr in getaddresses(values) if addr]


# Services that send a person's own answer with their From and a Sender of their own.
CALENDAR_SERVICES = frozenset({"calendar-notification@google.com"})
_PASSED = re.compile(r"(?i)\b(?:dkim|dmarc)\s*=\s*pass\b([^;]*)")


def _passed(headers: list[object], authserv_id: str | None) -> frozenset[str]:
    """The domains DKIM or DMARC passed for, as the receiving server says: in the topmost
    Authentication-Results (RFC 8601: each server adds its own above the rest), or, with an
    `authserv_id`, the first header carrying that id."""
    texts = [str(h) for h in headers]
    if authserv_id is not None:
        ours = [t for t in texts if t.split(";", 1)[0].strip().split()[:1] == [authserv_id]]
        texts = ours[:1]
    if not texts:
        return frozenset()
    found = set()
    for rest in _PASSED.findall(texts[0]):
        found |= {m.rpartition("@")[2].lower().rstrip(".") for m in _PROPERTY.findall(rest)}
    return frozenset(found)


def _envelope(msg: object, authserv_id: str | None = None) -> Envelope:
    get_all = msg.get_all  # type: ignore[attr-defined]
    authors = tuple(_addresses([str(v) for v in get_all("From", [])]))
    senders = _addresses([str(v) for v in get_all("Sender", [])])
    malformed = _malformed(get_all("From", []), "From", one=True) or _malformed(
        get_all("Sender", []), "Sender", one=False
    )
    sender = senders[0] if senders else None
    if sender is not None and sender.lower() in {a.lower() for a in authors}:
        sender = None
    domains = {a.rpartition("@")[2].lower() for a in authors}
    failed = None
    for header in get_all("Authentication-Results", []):
        failed = failed or _failed_auth(str(header), domains)
    return Envelope(authors, sender, failed, _passed(get_all("Authentication-Results", []),
                                                     authserv_id), malformed)  # fmt: skip


def _malformed(headers: list[object], name: str, *, one: bool) -> str | None:
    """Why these headers (as the email package parsed them) name no one address for sure."""
    addresses = []
    for header in headers:
        if getattr(header, "defects", None):
            return f"its {name} header is malformed ({visible(str(header))[:120]})"
        addresses += list(getattr(header, "addresses", ()))
    if len(headers) > 1 or len(addresses) > 1:
        return f"its {name} names {len(addresses)} addresses, not one"
    if one and not addresses:
        return f"it has no {name} address"
    return None


_RESULT = re.compile(r"(?i)\b(dkim|dmarc)\s*=\s*(fail|permerror)\b([^;]*)")
_PROPERTY = re.compile(r"(?i)\bheader\.(?:d|from|i)\s*=\s*@?([^\s;()]+)")


def _failed_auth(header: str, domains: set[str]) -> str | None:
    """`DMARC failed for example.org` when an Authentication-Results header (RFC 8601) says
    a DKIM signature or DMARC failed for a From domain (or names no domain at all)."""
    for method, result, rest in _RESULT.findall(header):
        named = {m.rpartition("@")[2].lower().rstrip(".") for m in _PROPERTY.findall(rest)}
        hit = named & domains if named else domains
        if hit:
            said = "failed" if result.lower() == "fail" else "gave a permanent error"
            return f"{method.upper()} {said} for {sorted(hit)[0]}"
    return None


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
        if not 0 <= sequence <= 1_000_000:
            raise InputError(f"{name}: SEQUENCE {sequence} is out of range")
        sent_by = re.sub(r"(?i)^mailto:", "", str(person.params.get("SENT-BY", ""))).strip()
        replies.append(Reply(name, uid, sequence, email, ANSWERS[partstat], _stamp(event),
                             sent_by or None))  # fmt: skip
    if not replies and strict:
        raise InputError(f"{name}: a reply with no event in it")
    return replies


def _stamp(event: object) -> dt.datetime | None:
    """The reply's DTSTAMP in UTC, when it has a readable one within the plan's years."""
    value = event.get("DTSTAMP")  # type: ignore[attr-defined]
    moment = getattr(value, "dt", None)
    if not isinstance(moment, dt.datetime):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    if not 1900 <= moment.year <= 2200:
        return None
    return moment.astimezone(dt.UTC).replace(microsecond=0)


@dataclass
class Matched:
    """What `match` makes of the replies read."""

    answers: list[Answer] = field(default_factory=list)  # to record, in order
    ignored: list[str] = field(default_factory=list)  # why each other reply counts for nothing
    notes: list[str] = field(default_factory=list)  # what was recorded without being checked


@dataclass(frozen=True)
class Answer:
    sid: str
    pid: str
    answer: str
    sequence: int
    stamp: dt.datetime | None
    sent: str | None  # what the version answered said, when known
    old: bool  # to an older version than the one they hold


def _refused_sender(r: Reply, allowed: set[str]) -> str | None:
    """Which address a reply claims that is neither the attendee's nor their delegate's (nor
    a calendar service sending the attendee's own answer, signed for their domain)."""
    assert r.envelope is not None
    sender = r.envelope.sender
    if sender is not None and _service_for_attendee(r, sender):
        sender = None
    claimed = [*r.envelope.authors, *([sender] if sender else []),
               *([r.sent_by] if r.sent_by else [])]  # fmt: skip
    if not r.envelope.authors:
        return "(no From address)"
    return next((a for a in claimed if a.lower() not in allowed), None)


def _service_for_attendee(r: Reply, sender: str) -> bool:
    """Google Calendar's shape: the Sender a calendar service, the From the attendee alone,
    and DKIM or DMARC passed for the attendee's domain at the receiving server."""
    assert r.envelope is not None
    authors = [a.lower() for a in r.envelope.authors]
    domain = r.email.rpartition("@")[2].lower()
    return (sender.lower() in CALENDAR_SERVICES and authors == [r.email.lower()]
            and domain in r.envelope.passed)  # fmt: skip


def match(plan: Plan, found: list[Reply]) -> Matched:
    """Which answers count, and how: (see the module's docstring)."""
    from screenkit.rules.people import held_sequence, invited, sent_sequence

    out = Matched()
    by_uid = {s.uid: sid for sid, s in plan.screenings.items() if s.uid}
    latest: dict[tuple[str, str], tuple[int, dt.datetime | None]] = {}
    unchecked: set[str] = set()
    for r in found:
        sid = by_uid.get(r.uid)
        if sid is None:
            out.ignored.append(f"{r.source}: {r.email} answered for UID {r.uid}, which no "
                               "screening has; ignored")  # fmt: skip
            continue
        s = plan.screenings[sid]
        people = [p for p in invited(plan, sid)
                  if str(plan.speakers[p].email).lower() == r.email.lower()]  # fmt: skip
        if len(people) != 1:
            why = "is not invited to" if not people else "is the address of several people on"
            out.ignored.append(f"{r.source}: {r.email} {why} {sid}; ignored")
            continue
        (pid,) = people
        person = plan.speakers[pid]
        fix = f"if {pid} did answer, record it with `screenkit rsvp {sid} {pid} {r.answer}`"
        if r.envelope is not None and r.envelope.malformed is not None:
            out.ignored.append(f"{r.source}: {r.envelope.malformed}, so it is nobody's answer "
                               f"for sure; not recorded: {fix}")  # fmt: skip
            continue
        if r.envelope is not None:
            allowed = {r.email.lower(), *([person.delegate.lower()] if person.delegate else [])}
            other = _refused_sender(r, allowed)
            if other is not None:
                out.ignored.append(f"{r.source}: from {other}, but the answer is for {r.email} "
                                   f"({sid}); not recorded: {fix}")  # fmt: skip
                continue
            if r.envelope.failed is not None:
                out.ignored.append(f"{r.source}: {r.envelope.failed} (Authentication-Results), "
                                   f"so it may be forged; not recorded: {fix}")  # fmt: skip
                continue
        elif r.source not in unchecked:
            unchecked.add(r.source)
            out.notes.append(f"{r.source}: a calendar file alone names no sender, so screenkit "
                             "could not check who answered")  # fmt: skip
        held = held_sequence(plan, sid, pid)
        bound = sent_sequence(plan, sid, pid)
        if r.sequence > bound:
            out.ignored.append(f"{r.source}: {pid} answered SEQUENCE {r.sequence} of {sid}, but "
                               f"the highest sent to them is {bound}: an answer to a version "
                               f"never sent; not recorded: {fix}")  # fmt: skip
            continue
        given = s.rsvp.get(pid)
        before = latest.get((sid, pid))
        if before is None and given is not None and given.answer != "needs-action":
            before = (given.sequence if given.sequence is not None else (held or 0), given.stamp)
        if before is not None:
            if r.sequence < before[0]:
                out.ignored.append(f"{r.source}: {pid} answered SEQUENCE {r.sequence} of {sid}, "
                                   f"but their answer to SEQUENCE {before[0]} is recorded; "
                                   "ignored")  # fmt: skip
                continue
            if r.sequence == before[0] and before[1] and r.stamp and r.stamp < before[1]:
                out.ignored.append(f"{r.source}: {pid}'s answer to {sid} is older (DTSTAMP) than "
                                   "the one recorded; ignored")  # fmt: skip
                continue
        old = held is not None and r.sequence < held
        last = s.calendar.sent_to.get(pid) if s.calendar else None
        sent = None
        if last is not None and not old:
            sent = last.sent
        elif last is not None and last.previous_sequence == r.sequence:
            sent = last.previous
        elif last is None and s.calendar is not None and not old:
            sent = s.calendar.sent
        latest[(sid, pid)] = (r.sequence, r.stamp)
        out.answers.append(Answer(sid, pid, r.answer, r.sequence, r.stamp, sent, old))
    return out
