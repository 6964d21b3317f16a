"""iCalendar files: invites (METHOD:REQUEST/CANCEL), the public feed, a speaker's calendar.

All three are pure functions of the plan: identity, SEQUENCE and DTSTAMP come from each
screening's `uid` and `calendar` record (see `identity`), never from the clock, so the same
plan gives the same bytes. Events are written in the venue's zone (TZID plus one VTIMEZONE per
zone), except a screening whose start or end a clock change skips or repeats: clients resolve
those wall times differently (and an evening starting in New York's repeated hour could end
before it starts), so its DTSTART and DTEND are the exact instants in UTC.

Invites and feeds are different files on purpose: METHOD belongs in an invite (Outlook needs
it) and must not be in a file meant for import or subscription.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING, Literal

from screenkit.errors import InputError
from screenkit.plan.models import Plan, Speaker
from screenkit.rules.people import answer_to_current, invited
from screenkit.rules.schedule import Timing, clock, clock_notes, run_sheet, timing
from screenkit.text.i18n import Language, language
from screenkit.text.texts import access_features, access_text, film_line, location

if TYPE_CHECKING:
    from icalendar import Event

PRODID = "-//screenkit//screenkit//EN"
Audience = Literal["invite", "public", "speaker"]
STATUS = {"tentative": "TENTATIVE", "confirmed": "CONFIRMED", "cancelled": "CANCELLED"}


def _names(people: list[str]) -> str:
    return people[0] if len(people) == 1 else f"{', '.join(people[:-1])} and {people[-1]}"


def _public(plan: Plan, pids: list[str], roles: bool = True) -> list[str]:
    """These people as the public may see them: with their role, or a private speaker by
    their public name alone, or not at all."""
    out = []
    for pid in pids:
        person = plan.speakers.get(pid)
        if person is not None and not person.private:
            out.append(_person(person) if roles else person.name)
        elif person is not None and person.public_name:
            out.append(person.public_name)
    return out


def _languages(plan: Plan, sid: str) -> list[Language]:
    """A public event's languages: the screening's, else the tour's."""
    codes = plan.screenings[sid].languages or [plan.settings.language or "en"]
    return [language(code) for code in codes]


def summary(plan: Plan, sid: str, audience: Audience = "invite") -> str:
    """`Return to Homs: screening and talk with Amira Haddad`. A public event names no private
    speaker and is in the screening's languages, joined in one line (a calendar event has
    one SUMMARY: CalDAV servers refuse a second)."""
    s = plan.screenings[sid]
    title = plan.films[s.film].title
    if audience != "public":
        people = [plan.speakers[p].name for p in s.speakers if p in plan.speakers]
        return f"{title}: screening and talk" + (f" with {_names(people)}" if people else "")
    names = _public(plan, s.speakers, roles=False)
    said = []
    for L in _languages(plan, sid):
        if names:
            said.append(L.gettext("%(title)s: screening and talk with %(names)s")
                        % {"title": title, "names": L.names(names)})  # fmt: skip
        else:
            said.append(L.gettext("%(title)s: screening and talk") % {"title": title})
    return " / ".join(said)


def description(
    plan: Plan, sid: str, audience: Audience, t: Timing | None = None, L: Language | None = None
) -> str:
    """The run sheet and what people need on the day; private details only off the feed. The
    public one is in the screening's languages; another in `L`'s words (a speaker's email),
    else in English."""
    if audience == "public":
        t = t or timing(plan, plan.screenings[sid])
        return "\n\n".join(_described(plan, sid, audience, t, W) for W in _languages(plan, sid))
    return _described(plan, sid, audience, t, L)


def _described(
    plan: Plan, sid: str, audience: Audience, t: Timing | None, L: Language | None
) -> str:
    s = plan.screenings[sid]
    t = t or timing(plan, s)
    venue = plan.venues[s.venue]
    say = L or language("en")
    lines = [say.gettext("CANCELLED"), ""] if s.status == "cancelled" else []
    lines.append(film_line(plan.films[s.film], L))
    if audience == "public":
        people = _public(plan, s.speakers)
        host = _public(plan, [s.host], roles=False) if s.host else []
    else:
        people = [_person(plan.speakers[p]) for p in s.speakers if p in plan.speakers]
        host = [plan.speakers[s.host].name] if s.host and s.host in plan.speakers else []
    if people:
        lines.append(say.gettext("Followed by a talk and Q&A with %(names)s.")
                     % {"names": say.names(people) if L else _names(people)})  # fmt: skip
    if host:
        lines.append(say.gettext("Host: %(name)s.") % {"name": host[0]})
    lines += ["", say.gettext("Run sheet (%(zone)s):") % {"zone": venue.timezone}]
    lines += [f"{clock(t, moment)}  {label}" for moment, label in run_sheet(t, L)]
    lines += clock_notes(t)
    lines += ["", say.gettext("Venue: %(place)s") % {"place": location(plan, sid)}]
    if s.access:
        lines.append(say.gettext("At this screening: %(access)s")
                     % {"access": access_features(s.access, L)})  # fmt: skip
    if s.access_note:
        lines.append(s.access_note)
    lines.append(say.gettext("Access: %(access)s") % {"access": access_text(venue.access, L)})
    if audience != "public":
        contact = venue.contact
        details = [contact.name, contact.phone, contact.email] if contact else []
        on_the_day = ", ".join(d for d in details if d)
        if on_the_day:
            lines.append(say.gettext("Contact on the day: %(contact)s") % {"contact": on_the_day})
        if venue.tech:
            lines.append(say.gettext("Tech: %(tech)s") % {"tech": venue.tech})
        if s.notes:
            lines.append(say.gettext("Notes: %(notes)s") % {"notes": s.notes})
        organiser = plan.organiser_of(sid)
        if organiser and organiser.email:
            lines.append(say.gettext("Organiser: %(name)s <%(email)s>")
                         % {"name": organiser.name, "email": organiser.email})  # fmt: skip
    return "\n".join(lines)


def _person(speaker: Speaker) -> str:
    return f"{speaker.name} ({speaker.role})" if speaker.role else speaker.name


def _display_name(name: str) -> str:
    """CN values: no quotes or semicolons, which some clients split parameters on."""
    return " ".join(name.replace('"', "").replace(";", ",").split())


def address(email: str, name: str, **params: str) -> object:
    """An ORGANIZER or ATTENDEE value: the mailto: address, its CN and any `params`."""
    from icalendar import vCalAddress

    found = vCalAddress(f"mailto:{email}")
    found.params["CN"] = _display_name(name)
    for key, value in params.items():
        found.params[key.upper()] = value
    return found


def event(
    plan: Plan,
    sid: str,
    audience: Audience,
    t: Timing | None = None,
    attendee: str | None = None,  # a speaker's calendar: whose answer to show (PARTSTAT)
) -> Event:
    from icalendar import Alarm, Event

    s = plan.screenings[sid]
    if s.uid is None or s.calendar is None:
        raise InputError(f"screenings.{sid}: has no calendar identity yet (export sets it)")
    t = t or timing(plan, s)
    venue = plan.venues[s.venue]
    e = Event()
    e.add("uid", s.uid)
    e.add("sequence", s.calendar.sequence)
    # The public event's stamp moves only with what the public sees (`identity.sync`).
    stamp = (s.calendar.public_stamp or s.calendar.stamp) if audience == "public" else (
        s.calendar.stamp)  # fmt: skip
    e.add("dtstamp", stamp.astimezone(dt.UTC))
    if t.exact:
        e.add("dtstart", t.start.astimezone(dt.UTC))
        e.add("dtend", t.end.astimezone(dt.UTC))
    else:
        e.add("dtstart", t.start)
        e.add("dtend", t.end)
    e.add("summary", summary(plan, sid, audience))
    e.add("location", location(plan, sid))
    if venue.lat is not None and venue.lon is not None:
        e.add("geo", (venue.lat, venue.lon))
    e.add("description", description(plan, sid, audience, t))
    e.add("status", STATUS[s.status])
    if audience == "invite":
        organiser = plan.organiser_of(sid)
        assert organiser is not None and organiser.email is not None
        e.add("organizer", address(organiser.email, organiser.name))
        for pid in invited(plan, sid):
            person = plan.speakers[pid]
            if person.email is None:  # a private speaker this copy's reader may not know
                continue
            e.add(
                "attendee",
                address(
                    person.email,
                    person.name,
                    cutype="INDIVIDUAL",
                    role="REQ-PARTICIPANT",
                    partstat="NEEDS-ACTION",
                    rsvp="TRUE",
                ),
            )
    answer = answer_to_current(plan, sid, attendee) if audience == "speaker" and attendee else ""
    sender = plan.organiser_of(sid)
    if answer not in ("", "needs-action") and sender and sender.email:
        # Their own answer, as their calendar would show it (PARTSTAT), once they have given
        # one to the version it shows.
        assert attendee is not None
        speaker = plan.speakers[attendee]
        e.add("organizer", address(sender.email, sender.name))
        if speaker.email:
            answer = answer.upper()
            e.add("attendee", address(speaker.email, speaker.name, partstat=answer))
    if audience != "public" and s.status != "cancelled":
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"Tomorrow: {summary(plan, sid)}")
        alarm.add("trigger", dt.timedelta(days=-1))
        e.add_component(alarm)
    return e


def _calendar(
    plan: Plan,
    sids: Iterable[str],
    audience: Audience,
    attendee: str | None = None,
    **props: object,
) -> bytes:
    timings = {sid: timing(plan, plan.screenings[sid]) for sid in sids}
    ordered = sorted(timings, key=lambda sid: (timings[sid].start.astimezone(dt.UTC), sid))
    years: dict[str, list[int]] = {}
    for sid in ordered:
        s = plan.screenings[sid]
        if not timings[sid].exact:  # events in UTC need no VTIMEZONE
            years.setdefault(plan.venues[s.venue].timezone, []).append(s.date.year)
    head = _head(tuple(props.items()))
    end = head.rindex(b"END:VCALENDAR")
    # Each event is serialised on its own and let go: the bytes are what the calendar would
    # write with every event in it, without ten thousand Event objects alive at once.
    events = [
        event(plan, sid, audience, timings[sid], attendee).to_ical(sorted=False) for sid in ordered
    ]
    # VTIMEZONEs go before the events; each is serialised once per export, not per file. A
    # zone icalendar writes as UTC (`…Z`: GMT, Etc/UTC) is referenced by no TZID and gets none.
    used = [
        z for z in sorted(years)
        if any(f";TZID={z}:".encode() in e.replace(b"\r\n ", b"") for e in events)
    ]  # fmt: skip
    zones = b"".join(zone_bytes(z, min(years[z]), max(years[z]) + 1) for z in used)
    return head[:end] + zones + b"".join(events) + head[end:]


@cache
def _head(props: tuple[tuple[str, object], ...]) -> bytes:
    """The VCALENDAR around the events, made once per export for a thousand invites alike."""
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    for key, value in props:
        name = key.replace("_", "-")
        # RFC 7986 spells out REFRESH-INTERVAL's value type; clients ignore it without.
        if name == "refresh-interval":
            cal.add(name, value, parameters={"VALUE": "DURATION"})
        else:
            cal.add(name, value)
    return bytes(cal.to_ical(sorted=False))


@cache
def zone_bytes(zone: str, first_year: int, last_year: int) -> bytes:
    """A zone's VTIMEZONE as written, once per export however many calendars carry it."""
    from screenkit.calendars.vtimezone import vtimezone

    return vtimezone(zone, first_year, last_year).to_ical(sorted=False)


def invite(plan: Plan, sid: str) -> bytes:
    """One screening's invite: REQUEST, or CANCEL once it is cancelled."""
    method = "CANCEL" if plan.screenings[sid].status == "cancelled" else "REQUEST"
    return _calendar(plan, [sid], "invite", method=method)


def crew_uid(uid: str, vid: str) -> str:
    """A volunteer's own event for an evening: a UID of its own, so that accepting it, or its
    cancellation, never touches the speakers' invitation."""
    return f"{uid}-crew-{vid}"


def crew_invite(plan: Plan, sid: str, vid: str, role: str, email: str, name: str,
                method: str) -> bytes:  # fmt: skip
    """A volunteer's invitation to their job at an evening (or its CANCEL: "no longer
    needed"): the public facts of the evening and their job, with them the only ATTENDEE,
    so no speaker's address or private detail reaches them, nor theirs anyone else."""
    s = plan.screenings[sid]
    assert s.uid is not None
    t = timing(plan, s)
    e = event(plan, sid, "public", t)
    for key in ("UID", "SUMMARY", "STATUS"):
        e.pop(key, None)
    e.add("uid", crew_uid(s.uid, vid))
    e.add("summary", f"{role.replace('-', ' ').capitalize()}: {summary(plan, sid, 'public')}")
    cancelled = method == "CANCEL"
    e.add("status", "CANCELLED" if cancelled else STATUS[s.status])
    organiser = plan.organiser_of(sid)
    if organiser is not None and organiser.email:
        e.add("organizer", address(organiser.email, organiser.name))
    rsvp = "FALSE" if cancelled else "TRUE"
    e.add("attendee", address(email, name, cutype="INDIVIDUAL", role="REQ-PARTICIPANT",
                              partstat="NEEDS-ACTION", rsvp=rsvp))  # fmt: skip
    head = _head((("method", method),))
    end = head.rindex(b"END:VCALENDAR")
    zone = b"" if t.exact else zone_bytes(plan.venues[s.venue].timezone, s.date.year,
                                          s.date.year + 1)  # fmt: skip
    return head[:end] + zone + e.to_ical(sorted=False) + head[end:]


# How often subscribers should fetch the feed again: RFC 7986's REFRESH-INTERVAL, and
# X-PUBLISHED-TTL for Outlook and older Apple clients, which read only that.
FEED_REFRESH = dt.timedelta(hours=12)


def feed(plan: Plan) -> bytes:
    """Every screening for a website or a subscription: no METHOD, no people's details, a
    name and how often to refresh (for subscribers)."""
    from screenkit.rules.publication import names_private

    named = plan.organiser and not names_private(plan, plan.organiser.name)
    name = f"{plan.organiser.name}: screenings" if plan.organiser and named else "Screenings"
    return _calendar(
        plan,
        plan.screenings,
        "public",
        name=name,
        x_wr_calname=name,
        refresh_interval=FEED_REFRESH,
        x_published_ttl="PT12H",
    )


def evening(plan: Plan, sid: str, attendee: str | None = None) -> bytes:
    """One screening to keep (a reminder's attachment): no METHOD, as a copy rather than an
    invitation, and the invitation's UID, so that importing it updates the event already
    there. `attendee`: the speaker whose answer it shows."""
    return _calendar(plan, [sid], "speaker", attendee)


def speaker_calendar(plan: Plan, pid: str) -> bytes:
    """A speaker's own screenings with what they need on the day, for import."""
    person = plan.speakers[pid]
    sids = [sid for sid, s in plan.screenings.items() if pid in s.speakers or s.host == pid]
    name = f"{person.name}: screenings and talks"
    return _calendar(plan, sids, "speaker", pid, name=name, x_wr_calname=name)
