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
from collections.abc import Callable
from typing import Any, Literal
from urllib.parse import quote

from screenkit.calendars import ical
from screenkit.plan.models import Plan
from screenkit.rules.people import invited

View = Literal["public", "team"]
VIEWS: tuple[View, ...] = ("public", "team")


def name(uid: str) -> str:
    """The resource's file name, `<uid>.ics`; characters unsafe in a path or URL segment (a
    uid is free text when imported) are percent-encoded, so every uid gets its own name."""
    return quote(uid, safe="@-._~+=,") + ".ics"


def digest(content: bytes) -> str:
    """A short fingerprint of what was published, to tell "unchanged" without asking."""
    return hashlib.sha256(content).hexdigest()[:16]


def _people(event: Any, plan: Plan, sid: str) -> None:
    """ORGANIZER and ATTENDEEs for the team view: those with an email, never scheduled by
    the server."""
    organiser = plan.organiser_of(sid)
    if organiser is None or not organiser.email:
        return  # attendees need an organiser (RFC 5545 §3.8.4.3)
    client = {"schedule-agent": "CLIENT"}
    event.add("organizer", ical.address(organiser.email, organiser.name, **client))
    for pid in invited(plan, sid):
        person = plan.speakers[pid]
        if not person.email:
            continue
        address = ical.address(
            person.email,
            person.name,
            cutype="INDIVIDUAL",
            role="CHAIR" if pid == plan.screenings[sid].host else "REQ-PARTICIPANT",
            partstat="NEEDS-ACTION",
            **client,
        )
        event.add("attendee", address)


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
    zone = ical.zone_bytes(plan.venues[s.venue].timezone, s.date.year, s.date.year + 1)
    at = body.find(b"BEGIN:VEVENT\r\n")
    return body[:at] + zone + body[at:]


# -- which view a calendar holds ---------------------------------------------------------------
_WHAT = {
    "public": "take the run sheet, contacts, notes and attendees out of its events",
    "team": "put contacts, notes and the run sheet into a calendar the public may read",
}


def choose_view(
    given: View | None,
    recorded: View | None,
    where: str,
    *,
    switch: bool = False,
    before: bool = False,
    infer: Callable[[], View | None] = lambda: None,
) -> View:
    """The view a calendar (a CalDAV collection or a vdir folder) gets this time: the one
    `given` (--public or --team), else the one `recorded` there, else public for a new one.
    A flag that contradicts the record is refused unless `switch`, since a plain `publish`
    after `publish --team` would otherwise empty the team's events of what they rely on.
    `before`: screenkit published there before it kept audiences; `infer` then tells the
    view from what it published, or None."""
    from screenkit.errors import InputError

    if switch and given is None:
        raise InputError("--switch-audience: say which audience to switch to, --public or --team")
    if recorded is None and before:
        recorded = infer()
    if given is None:
        if recorded is not None:
            return recorded
        if before:
            raise InputError(
                f"{where}: screenkit published there before it kept each calendar's audience, "
                "and what is there does not tell which; give --public or --team once"
            )
        return "public"
    if recorded is not None and given != recorded and not switch:
        raise InputError(
            f"{where}: holds the {recorded} view (published with --{recorded}); --{given} would "
            f"{_WHAT[given]}; give --{recorded}, or --switch-audience to change it"
        )
    return given


def infer_view(plan: Plan, digests: dict[str, str], most: int = 20) -> View | None:
    """The view the calendar objects with these digests (uid -> digest) were made in, as far
    as the plan as it is can tell (up to `most` of them are tried); None when it cannot."""
    by_uid = {s.uid: sid for sid, s in plan.screenings.items() if s.uid}
    found: set[View] = set()
    tried = 0
    for uid, recorded in digests.items():
        sid = by_uid.get(uid)
        if sid is None or plan.screenings[sid].calendar is None:
            continue
        s = plan.screenings[sid]
        if s.film not in plan.films or s.venue not in plan.venues:
            continue
        found |= {view for view in VIEWS if digest(resource(plan, sid, view)) == recorded}
        tried += 1
        if tried >= most:
            break
    return found.pop() if len(found) == 1 else None
