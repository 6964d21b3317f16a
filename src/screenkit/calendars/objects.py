"""Calendar resources: one iCalendar object per screening, as CalDAV servers and vdirs store them.

A CalDAV collection holds one UID per resource (RFC 4791 §4.1), so the feed and a speaker's
calendar, which hold several events, are refused there; and a stored object must not carry
METHOD, which belongs to invitations. A resource is therefore one VCALENDAR with one VEVENT,
the VTIMEZONE that event uses and nothing else. Pure: the same plan gives the same bytes.

Two views:
- `public`: what the public feed holds (no emails, phones, attendees or private notes).
- `team`: the organiser's view: the run sheet, contacts and notes, the organiser and the
  speakers and host as attendees. Every ORGANIZER and ATTENDEE carries SCHEDULE-AGENT=CLIENT
  (RFC 6638 §7.1), so that a server which schedules by itself (Nextcloud, SOGo …) does not
  email the speakers an invitation when the event is stored: `send` does that, on purpose.
"""

from __future__ import annotations

import hashlib
from typing import Literal
from urllib.parse import quote

from screenkit.calendars import ical
from screenkit.models import Plan
from screenkit.people import invited

View = Literal["public", "team"]
VIEWS: tuple[View, ...] = ("public", "team")


def name(uid: str) -> str:
    """The resource's file name, `<uid>.ics`; characters unsafe in a path or URL segment (a
    uid is free text when imported) are percent-encoded, so every uid gets its own name."""
    return quote(uid, safe="@-._~+=,") + ".ics"


def digest(content: bytes) -> str:
    """A short fingerprint of what was published, to tell "unchanged" without asking."""
    return hashlib.sha256(content).hexdigest()[:16]


def _people(event: object, plan: Plan, sid: str) -> None:
    """ORGANIZER and ATTENDEEs for the team view: those with an email, never scheduled by
    the server."""
    organiser = plan.organiser
    if organiser is None or not organiser.email:
        return  # attendees need an organiser (RFC 5545 §3.8.4.3)
    client = {"schedule-agent": "CLIENT"}
    event.add("organizer", ical._address(organiser.email, organiser.name, **client))  # type: ignore[attr-defined]
    for pid in invited(plan, sid):
        person = plan.speakers[pid]
        if not person.email:
            continue
        address = ical._address(
            person.email,
            person.name,
            cutype="INDIVIDUAL",
            role="CHAIR" if pid == plan.screenings[sid].host else "REQ-PARTICIPANT",
            partstat="NEEDS-ACTION",
            **client,
        )
        event.add("attendee", address)  # type: ignore[attr-defined]


def resource(plan: Plan, sid: str, view: View) -> bytes:
    """One screening as a stored calendar object: no METHOD, one VEVENT, its VTIMEZONE."""
    from icalendar import Calendar

    s = plan.screenings[sid]
    event = ical.event(plan, sid, "public" if view == "public" else "speaker")
    if view == "team":
        _people(event, plan, sid)
    cal = Calendar()
    cal.add("prodid", ical.PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add_component(event)
    body = cal.to_ical(sorted=False)
    # The same VTIMEZONE the feed writes for this zone and year (cached per zone and years).
    zone = ical._vtimezone(plan.venues[s.venue].timezone, s.date.year, s.date.year + 1)
    at = body.find(b"BEGIN:VEVENT\r\n")
    return body[:at] + zone + body[at:]
