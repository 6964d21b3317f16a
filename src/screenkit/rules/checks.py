"""Checks across the whole plan, the way an experienced organiser reads it.

Errors make a plan unusable (a reference to nothing, a double booking); warnings are things a
person should look at (a tight journey between venues, a late finish, a venue's clock set to
another country, 7:30 typed for 19:30, a start the clocks skip). Overlaps and travel buffers
come from sorting each venue's and each person's evenings by start, never from comparing every
pair, so a plan of ten thousand screenings checks in well under a second.
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
import re
from collections import defaultdict
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from screenkit.plan import models
from screenkit.plan.models import Plan

if TYPE_CHECKING:
    pass
from screenkit.plan.problems import Problem
from screenkit.plan.values import format_clock
from screenkit.rules.publication import (
    UMBRELLA_FIX,
    UMBRELLA_WHY,
    private_speakers_named,
    unsearched_scripts,
)
from screenkit.rules.schedule import Timing, hhmm, timing
from screenkit.suggest import unknown

UNCLASSIFIED_LEAD_DAYS = 28


def _utc(moment: dt.datetime) -> dt.datetime:
    """Python compares datetimes of one zone by wall clock; instants must be compared in UTC."""
    return moment.astimezone(dt.UTC)


_RECORDS = ("screenings", "films", "venues", "speakers", "volunteers", "published")


@dataclass(frozen=True)
class Scope:
    """What a change touched: its screenings (with those whose film, venue or speakers it
    changed), and the venues and people whose evenings it moved, before and after. Every
    other screening's problems come out the same before the change and after it, so
    a plan session checks only these to tell what the change introduced."""

    screenings: frozenset[str]
    venues: frozenset[str]
    people: frozenset[str]
    volunteers: frozenset[str] = frozenset()

    def holds(self, sid: str, s: models.Screening) -> bool:
        """The screening is in scope, or shares a venue, a person or a volunteer with it."""
        return (
            sid in self.screenings or s.venue in self.venues or not self.people.isdisjoint(s.people)
            or not self.volunteers.isdisjoint(s.rota.values())
        )  # fmt: skip


def scope(before: Plan, after: Plan, changed: dict[str, set[str] | None]) -> Scope | None:
    """The scope of a change of the records `changed` names (`{"screenings": {...}}`, as
    `models.changed_records` finds them); None when it reaches further (the settings, the
    checklist), so that everything must be checked."""
    if any(ids is None or key not in _RECORDS for key, ids in changed.items()):
        return None
    touched = {
        sid for sid in changed.get("screenings") or ()
        if _checked_differ(before.screenings.get(sid), after.screenings.get(sid))
    }  # fmt: skip
    films, venues, people, helpers = (
        changed.get(kind) or set() for kind in ("films", "venues", "speakers", "volunteers")
    )
    rooms: set[str] = set()
    persons: set[str] = set()
    crew: set[str] = set()
    for plan in (before, after):
        if films or venues or people or helpers:
            for sid, s in plan.screenings.items():
                if (s.film in films or s.venue in venues or not people.isdisjoint(s.people)
                        or not helpers.isdisjoint(s.rota.values())):  # fmt: skip
                    touched.add(sid)
        for sid in touched:
            one = plan.screenings.get(sid)
            if one is not None:
                rooms.add(one.venue)
                persons.update(one.people)
                crew.update(one.rota.values())
    return Scope(frozenset(touched), frozenset(rooms), frozenset(persons), frozenset(crew))


# What an export, `send` and `publish` record of a screening. Checks read it only through
# what was sent to whom (the invitations task, answers to an older version), so a change to
# it alone is checked only once someone was sent something or answered: the first export of
# 10,000 screenings still needs no check of them, and a sync that makes a sent invitation
# old is checked (its invitations task reopens).
_UNCHECKED = frozenset({"calendar"})
_CHECKED = tuple(name for name in models.Screening.model_fields if name not in _UNCHECKED)


def _checked_differ(a: models.Screening | None, b: models.Screening | None) -> bool:
    if a is None or b is None or any(getattr(a, f) != getattr(b, f) for f in _CHECKED):
        return True
    return a.calendar != b.calendar and any(
        s.rsvp or (s.calendar is not None and s.calendar.sent_to) for s in (a, b)
    )


def check(plan: Plan, today: dt.date, within: Scope | None = None) -> list[Problem]:
    """Every problem in the plan, errors first, then by place; `within` a scope, only the
    problems of its screenings, venues and people (and the plan-wide ones, which are cheap)."""
    problems = list(_conflicts(plan))
    problems += _references(plan)
    problems += _venues(plan, today)
    mine: Collection[str] | None = None  # the screenings whose own problems are wanted
    sids: Collection[str] = plan.screenings
    if within is not None:  # a double booking needs everyone's evenings at its venues and people
        mine = within.screenings & plan.screenings.keys()
        sids = [sid for sid, s in plan.screenings.items() if within.holds(sid, s)]
    timings = {}
    for sid in sids:
        s = plan.screenings[sid]
        if s.film in plan.films and s.venue in plan.venues:
            timings[sid] = timing(plan, s)
    own = timings if mine is None else {sid: t for sid, t in timings.items() if sid in mine}
    problems += _screenings(plan, own, today)
    problems += _double_bookings(plan, timings, within)
    problems += _speakers(plan)
    problems += _volunteers(plan)
    problems += _rota(plan, today, mine)
    problems += _overdue(plan, own, today)
    problems += _ticks(plan, mine)
    problems += _after(plan, today)
    problems += chase(plan, today, mine)
    problems += umbrella_licence(plan, mine)
    problems += access_tech_run(plan, today, mine)
    problems += private_speakers_named(plan)
    problems += unsearched_scripts(plan)
    rank = {"error": 0, "warning": 1}
    return sorted(problems, key=lambda p: (rank[p.severity], p.where, p.message))


def _conflicts(plan: Plan) -> Iterator[Problem]:
    """Each place a merge left changed both ways (nothing is exported or sent meanwhile)."""
    from screenkit.plan.values import show

    def side(value: object, missing: bool, by: str | None) -> str:
        said = "a table" if isinstance(value, dict) else show(value)
        return ("removed it" if missing else said) + (f" ({by})" if by else "")

    for key, c in plan.conflicts.items():
        ours = side(c.ours, c.ours_missing, c.ours_by)
        theirs = side(c.theirs, c.theirs_missing, c.theirs_by)
        if c.why:
            said = f"{key} was not merged: {c.why}; ours {ours}, theirs {theirs}"
        else:
            said = f"{key} was changed both ways in a merge: ours {ours}, theirs {theirs}"
        yield Problem(
            "error", ("conflicts", key),
            f"{said}; settle it with `screenkit resolve {key} --ours` (or --theirs, or "
            "--value V)",
        )  # fmt: skip


def _references(plan: Plan) -> Iterator[Problem]:
    uids: dict[str, str] = {}
    for sid, s in plan.screenings.items():
        at = ("screenings", sid)
        if s.film not in plan.films:
            yield Problem("error", (*at, "film"), unknown("film", s.film, plan.films))
        if s.venue not in plan.venues:
            yield Problem("error", (*at, "venue"), unknown("venue", s.venue, plan.venues))
        for i, person in enumerate(s.speakers):
            if person not in plan.speakers:
                yield Problem(
                    "error", (*at, "speakers", i), unknown("speaker", person, plan.speakers)
                )
        if len(set(s.speakers)) != len(s.speakers):
            yield Problem("error", (*at, "speakers"), "a speaker is listed twice")
        if s.host is not None and s.host not in plan.speakers:
            yield Problem("error", (*at, "host"), unknown("speaker", s.host, plan.speakers))
        shared = _shared_addresses(plan, s.people)
        if shared:
            yield Problem("error", (*at, "speakers"), shared)
        if s.uid is not None:
            key = s.uid.casefold()
            other = uids.get(key)
            if other is not None and plan.screenings[other].uid == s.uid:
                yield Problem(
                    "error", (*at, "uid"), f"the same uid as screenings.{other} (copied?)"
                )
            elif other is not None:
                yield Problem(
                    "error", (*at, "uid"),
                    f"a uid that differs from screenings.{other}'s only in case: their calendar "
                    "files (<uid>.ics) would be one file on a disk that ignores case (macOS, "
                    "Windows); give it a uid of its own",
                )  # fmt: skip
            uids.setdefault(key, sid)


def _shared_addresses(plan: Plan, people: list[str]) -> str | None:
    """Two people on one screening with one address (in any case): their invitations would
    go to one inbox, and an answer from it could be either's."""
    seen: dict[str, str] = {}
    for pid in people:
        person = plan.speakers.get(pid)
        if person is None or not person.email:
            continue
        key = person.email.lower()
        if key in seen:
            return (
                f"{seen[key]} and {pid} share the address {person.email}; give each person "
                "their own (an answer from it could be either's)"
            )
        seen[key] = pid
    return None


def _venues(plan: Plan, today: dt.date) -> Iterator[Problem]:
    """A zone from another country (GMT for a London venue) puts half the year's screenings
    an hour out in every calendar. tzdata's tables are read only if a venue names its country."""
    for vid, venue in plan.venues.items():
        if venue.contact and venue.contact.phone:
            yield from _phone(venue.contact.phone, ("venues", vid, "contact", "phone"))
        if venue.country is None:
            continue
        from screenkit.plan import zones

        if zones.belongs(venue.timezone, venue.country) is False:
            yield Problem(
                "warning",
                ("venues", vid, "timezone"),
                zones.not_in_country(venue.timezone, venue.country, today.year),
            )


def _early(plan: Plan, verb: str, time: dt.time) -> str:
    """`starts at 07:30, in the morning; did you mean 19:30? …`"""
    hm, earliest = format_clock(time), format_clock(plan.settings.earliest)
    if time.hour >= 12:
        return f"{verb} {hm}, before {earliest}, the earliest set in [settings] earliest"
    when = "in the small hours" if time.hour < 5 else "in the morning"
    evening = format_clock(time.replace(hour=time.hour + 12))
    return (
        f"{verb} {hm}, {when}; did you mean {evening}? "
        f"(if not, set [settings] earliest, now {earliest}, to {hm} or earlier)"
    )


def _screenings(plan: Plan, timings: dict[str, Timing], today: dt.date) -> Iterator[Problem]:
    for sid, t in timings.items():
        s = plan.screenings[sid]
        at = ("screenings", sid)
        venue = plan.venues[s.venue]
        film = plan.films[s.film]
        if t.end_given is not None and _utc(t.end_given) <= _utc(t.start):
            yield Problem(
                "error", (*at, "end"), f"ends at {hhmm(t.end_given)}, not after its start"
            )
        elif t.end_given is not None and _utc(t.programme_end) > _utc(t.end_given):
            yield Problem(
                "warning",
                (*at, "end"),
                f"the programme runs to {hhmm(t.programme_end)}, past the planned end",
            )
        if t.doors is not None and _utc(t.doors) > _utc(t.start):
            yield Problem(
                "error", (*at, "doors"), f"doors open at {hhmm(t.doors)}, after the start"
            )
        if s.status == "cancelled":
            continue
        for field_name, time, verb in (
            ("doors", s.doors, "doors open at"),
            ("start", s.start, "starts at"),
        ):
            if time is not None and time < plan.settings.earliest:
                yield Problem("warning", (*at, field_name), _early(plan, verb, time))
        for change in t.changes:
            if not change.derived:  # a derived end is exact; the checklist explains it
                yield Problem("warning", (*at, change.field), change.message, (sid,))
        curfew = venue.curfew or plan.settings.curfew
        # A curfew before noon is the small hours of the next day.
        curfew_day = s.date + dt.timedelta(days=1 if curfew.hour < 12 else 0)
        if _utc(t.end) > _utc(dt.datetime.combine(curfew_day, curfew, tzinfo=t.zone)):
            yield Problem(
                "warning",
                (*at, "start"),
                f"ends at {hhmm(t.end)}, after the venue's curfew of {format_clock(curfew)}",
            )
        if s.audience and venue.capacity and s.audience > venue.capacity:
            yield Problem(
                "warning",
                (*at, "audience"),
                f"expected audience {s.audience} is over the venue's capacity of {venue.capacity}",
            )
        if s.status == "confirmed" and not film.licence_ref:
            yield Problem(
                "warning",
                ("films", s.film, "licence_ref"),
                f"screening {sid} is confirmed but the film has no screening-licence reference",
            )
        days = (s.date - today).days
        if film.unclassified and 0 <= days < UNCLASSIFIED_LEAD_DAYS:
            yield Problem(
                "warning",
                (*at, "date"),
                f"the film is unclassified and the screening is {days} days away: councils need "
                f"at least {UNCLASSIFIED_LEAD_DAYS} days to classify it",
            )
        if days < 0 and s.result is None:  # a result says it happened: no mistake
            yield Problem("warning", (*at, "date"), f"{s.date.isoformat()} is in the past")
        if not s.speakers:
            yield Problem("warning", (*at, "speakers"), "no speaker for the talk")


Slot = tuple[dt.datetime, dt.datetime, str]  # from, to (UTC) and the screening's id


def _double_bookings(
    plan: Plan, timings: dict[str, Timing], within: Scope | None = None
) -> Iterator[Problem]:
    by_venue: dict[str, list[Slot]] = defaultdict(list)
    by_person: dict[str, list[Slot]] = defaultdict(list)
    by_volunteer: dict[str, list[Slot]] = defaultdict(list)
    for sid, t in timings.items():
        s = plan.screenings[sid]
        if s.status == "cancelled":
            continue
        start, end = _utc(t.start), _utc(t.end)
        by_venue[s.venue].append((_utc(t.doors) if t.doors else start, end, sid))
        for person in s.people:
            by_person[person].append((start, end, sid))
        for vid in dict.fromkeys(s.rota.values()):  # a volunteer is there from the doors
            by_volunteer[vid].append((_utc(t.doors) if t.doors else start, end, sid))
    if within is not None:  # groups outside the scope hold only some of their evenings
        by_venue = {v: slots for v, slots in by_venue.items() if v in within.venues}
        by_person = {p: slots for p, slots in by_person.items() if p in within.people}
        by_volunteer = {v: slots for v, slots in by_volunteer.items() if v in within.volunteers}
    for vid, slots in by_volunteer.items():
        for first, second in _overlaps(slots):
            yield Problem("error", ("screenings", second[2], "rota"),
                          _twice(f"volunteer {vid}", first, second, timings),
                          (first[2], second[2]))  # fmt: skip
    buffer = plan.settings.travel_buffer
    for venue, slots in by_venue.items():
        for first, second in _overlaps(slots):
            yield Problem(
                "error",
                ("screenings", second[2], "venue"),
                _twice(venue, first, second, timings),
                (first[2], second[2]),
            )
    for person, slots in by_person.items():
        for first, second in _overlaps(slots):
            yield Problem(
                "error",
                ("screenings", second[2], "speakers"),
                _twice(person, first, second, timings),
                (first[2], second[2]),
            )
        ordered = sorted(slots)
        for (_, end, first_id), (start, _, second_id) in itertools.pairwise(ordered):
            v1, v2 = plan.screenings[first_id].venue, plan.screenings[second_id].venue
            if v1 != v2 and end <= start < end + dt.timedelta(minutes=buffer):
                gap = int((start - end).total_seconds() // 60)
                yield Problem(
                    "warning",
                    ("screenings", second_id, "speakers"),
                    f"{person} has {gap} min to get from {v1} ({first_id}) to {v2}; "
                    f"the travel buffer is {buffer} min",
                    (first_id, second_id),
                )


def _twice(who: str, first: Slot, second: Slot, timings: dict[str, Timing]) -> str:
    """`ica is booked twice: a 18:00–20:54 and b 19:00–21:19 on 2027-06-27`, in local time
    (a venue's slot runs from its doors); dates and zones are given where they differ."""
    parts = [
        (sid, begin.astimezone(timings[sid].zone), end.astimezone(timings[sid].zone))
        for begin, end, sid in (first, second)
    ]
    days = {begin.date() for _, begin, _ in parts}
    zones = {str(begin.tzinfo) for _, begin, _ in parts}

    def span(sid: str, begin: dt.datetime, end: dt.datetime) -> str:
        day = f" on {begin.date().isoformat()}" if len(days) > 1 else ""
        zone = f" ({begin.tzinfo})" if len(zones) > 1 else ""
        return f"{sid} {hhmm(begin)}–{hhmm(end)}{day}{zone}"

    both = " and ".join(span(*part) for part in parts)
    return f"{who} is booked twice: {both}" + (f" on {min(days)}" if len(days) == 1 else "")


# At most this many clashes are named per evening, so a venue with a thousand bookings of
# the same evening costs a thousand problems, not half a million.
CLASHES_NAMED = 8


def _overlaps(slots: list[Slot]) -> Iterator[tuple[Slot, Slot]]:
    """Pairs (earlier, later) of evenings that overlap, found by a sweep: each evening against
    every one still running when it starts (not only the one that ends last, which hid a
    clash with an earlier evening behind a longer one)."""
    running: list[tuple[dt.datetime, Slot]] = []  # a heap, by end
    for slot in sorted(slots):
        while running and running[0][0] <= slot[0]:
            heapq.heappop(running)
        for _, earlier in sorted(running, key=lambda item: item[1]):
            yield earlier, slot
        heapq.heappush(running, (slot[1], slot))
        if len(running) > CLASHES_NAMED:  # the one ending first clashes with the fewest
            heapq.heappop(running)


def _speakers(plan: Plan) -> Iterator[Problem]:
    for pid, person in plan.speakers.items():
        if not person.email:
            yield Problem(
                "warning", ("speakers", pid, "email"), "no email: this speaker gets no invite"
            )
        if person.phone:
            yield from _phone(person.phone, ("speakers", pid, "phone"))
        for other in person.share_with:
            if other not in plan.speakers and other not in plan.volunteers:
                yield Problem("error", ("speakers", pid, "share_with"),
                              f"no speaker or volunteer {other!r} to share their name with; "
                              "give a speaker's or volunteer's id")  # fmt: skip
        if person.share_with and not person.private:
            yield Problem("warning", ("speakers", pid, "share_with"),
                          "is shared with people, but this speaker is not private, so everyone "
                          "sees their name anyway")  # fmt: skip


def _phone(phone: str, at: tuple[str, ...]) -> Iterator[Problem]:
    """A number that could be one but is in no range a network has been given (a made-up or
    mistyped one, or Ofcom's drama numbers): taken, and worth a second look."""
    from screenkit.plan.values import phone_in_use

    if not phone_in_use(phone):
        yield Problem("warning", at, f"{phone} is not a number in use anywhere; check it "
                      "before the day")  # fmt: skip


def _volunteers(plan: Plan) -> Iterator[Problem]:
    for vid, person in plan.volunteers.items():
        if not person.email:
            yield Problem("warning", ("volunteers", vid, "email"),
                          "no email: this volunteer gets no reminders")  # fmt: skip
        if person.phone:
            yield from _phone(person.phone, ("volunteers", vid, "phone"))


ROTA_AHEAD_DAYS = 7  # `check` asks for the rota to be filled this close to the evening


def _rota(plan: Plan, today: dt.date, sids: Collection[str] | None) -> Iterator[Problem]:
    """A rota naming a role the plan has not or a volunteer it lacks (errors); a volunteer
    on a role they do not do, and roles unfilled a week before (warnings, when the plan has
    volunteers at all)."""
    roles = plan.settings.roles
    for sid, s in _among(plan, sids):
        at = ("screenings", sid, "rota")
        for role, vid in s.rota.items():
            if role not in roles:
                yield Problem("error", (*at, role), f"no role {role!r} in settings.roles "
                              f"({', '.join(roles) or 'none'}); add it there (screenkit set "
                              f"settings.roles {' '.join([*roles, role])}) or take it off "
                              f"(screenkit rota {sid} --set {role}=)")  # fmt: skip
            if vid not in plan.volunteers:
                yield Problem("error", (*at, role), unknown("volunteer", vid, plan.volunteers))
            elif (can := plan.volunteers[vid].can) and role not in can:
                yield Problem("warning", (*at, role), f"{vid} does not do {role} "
                              f"(volunteers.{vid}.can: {', '.join(can)})")  # fmt: skip
            # `remind` keeps one record per id and screening: two people under one id would
            # get one reminder between them (an email alike says they are one person).
            if (vid in plan.volunteers and vid in plan.speakers
                    and (vid in s.speakers or vid == s.host)
                    and plan.volunteers[vid].email != plan.speakers[vid].email):  # fmt: skip
                what = "speaker" if vid in s.speakers else "host"
                yield Problem("warning", (*at, role),
                              f"the volunteer {vid} ({plan.volunteers[vid].name}) has the id of "
                              f"this screening's {what} {plan.speakers[vid].name}, so "
                              f"`screenkit remind` reminds only the {what}; rename the volunteer "
                              f"(screenkit volunteer rename {vid} NEW-ID)")  # fmt: skip
        held: dict[str, list[str]] = {}
        for role, vid in s.rota.items():
            held.setdefault(vid, []).append(role)
        for vid, several in held.items():
            if len(several) > 1 and vid in plan.volunteers:
                yield Problem("warning", at, f"{vid} has {' and '.join(several)} at once: fine "
                              "if one person can, else give one to someone else (screenkit rota "
                              f"{sid} --set {several[-1]}=VOLUNTEER)")  # fmt: skip
        days = (s.date - today).days
        open_roles = [r for r in roles if r not in s.rota]
        if (plan.volunteers and open_roles and s.status != "cancelled"
                and 0 <= days <= ROTA_AHEAD_DAYS):  # fmt: skip
            yield Problem("warning", at, f"{', '.join(open_roles)} not filled, {days} day(s) "
                          f"before: `screenkit rota {sid} --assign`")  # fmt: skip


def umbrella_licence(plan: Plan, sids: Collection[str] | None = None) -> list[Problem]:
    """Screenings sold to the public (a price or a booking link) of an umbrella-licensed film;
    of `sids` only, if given."""
    problems = []
    for sid, s in _among(plan, sids):
        film = plan.films.get(s.film)
        if film is None or film.licence_kind != "umbrella" or s.status == "cancelled":
            continue
        for name in ("price", "concession_price", "booking_url"):
            if getattr(s, name):
                problems.append(Problem(
                    "error", ("screenings", sid, name),
                    f"films.{s.film} is shown under an umbrella licence: {UMBRELLA_WHY}; "
                    f"{UMBRELLA_FIX} (films.{s.film}.licence_kind = \"single-title\"), or "
                    f"remove the {name.replace('_', ' ')}",
                ))  # fmt: skip
    return problems


def access_tech_run(
    plan: Plan, today: dt.date, sids: Collection[str] | None = None
) -> list[Problem]:
    """A captioned or described copy is booked and its tech run is not ticked: ask for it,
    with its due date, until the evening."""
    from screenkit.rules.tasks import ACCESS_TECH_RUN, due_date, needs_access_run

    tid, due, _ = ACCESS_TECH_RUN
    out = []
    for sid, s in _among(plan, sids):
        if s.status == "cancelled" or s.date < today or tid in s.done:
            continue
        if needs_access_run(s.access):
            kinds = ", ".join(k for k in s.access if k in ("captioned", "subtitled-descriptive",
                                                          "audio-described"))  # fmt: skip
            by = due_date(s.date, due)
            out.append(Problem(
                "warning", ("screenings", sid, "access"),
                f"an access copy is booked ({kinds}): run it on the venue's kit by "
                f"{by:%a %d %b %Y} (task {tid}; `screenkit tick {sid} {tid}` when done)",
            ))  # fmt: skip
    return out


def _overdue(plan: Plan, timings: dict[str, Timing], today: dt.date) -> Iterator[Problem]:
    """Open tasks past their due date; screenings too far ahead to have any are skipped."""
    from screenkit.rules.tasks import earliest_offset, specs, tasks_for

    first = dt.timedelta(days=earliest_offset(plan))
    base = None
    for sid in timings:
        s = plan.screenings[sid]
        if s.status == "cancelled" or s.date + first >= today:
            continue
        base = base if base is not None else specs(plan)
        late = [
            t.id
            for t in tasks_for(plan, sid, base)
            if not t.done and t.due < today and t.id != "result"
        ]  # _after says how
        if late:
            shown = ", ".join(late[:5]) + (f" and {len(late) - 5} more" if len(late) > 5 else "")
            yield Problem(
                "warning", ("screenings", sid, "done"), f"{len(late)} task(s) overdue: {shown}"
            )


def _ticks(plan: Plan, sids: Collection[str] | None = None) -> Iterator[Problem]:
    """Ticks that name no task: a typo in the file, or a need ticked under its old name."""
    from screenkit.rules.tasks import need_tasks, specs, task_ids

    base = None
    for sid, s in _among(plan, sids):
        if not s.done:
            continue
        base = base if base is not None else specs(plan)
        known = task_ids(plan, sid, base)
        for i, tick in enumerate(s.done):
            if tick in known:
                continue
            message = f"{tick!r} is not one of this screening's tasks"
            old = re.fullmatch(r"need-(.+)-\d+", tick)
            needs = [
                tid
                for tid, _, _ in need_tasks(plan, sid)
                if old and tid.startswith(f"need-{old.group(1)}-")
            ]
            if needs:
                message += f": need tasks are named after the need now ({', '.join(needs)})"
            yield Problem("warning", ("screenings", sid, "done", i), message)


def _after(plan: Plan, today: dt.date) -> list[Problem]:
    """Results that cannot be right, missing results, fee terms and overdue returns."""
    from screenkit.rules.results import problems

    found = list(problems(plan, today))
    for sid, s in plan.screenings.items():  # a typed result wins; say where the shop differs
        shop = s.tickets
        counted = shop.checked_in if shop is not None else None
        if s.result is not None and counted is not None and counted > s.result.attendance:
            found.append(Problem("warning", ("screenings", sid, "result", "attendance"), (
                f"is {s.result.attendance}, but the ticket shop checked in "
                f"{counted}; check the result (the typed one is used)")))  # fmt: skip
    return found


def _among(plan: Plan, sids: Collection[str] | None) -> Iterator[tuple[str, models.Screening]]:
    """The plan's screenings (of `sids`, if given), in plan order."""
    if sids is None:
        yield from plan.screenings.items()
    else:
        yield from ((sid, s) for sid, s in plan.screenings.items() if sid in sids)


def chase(plan: Plan, today: dt.date, sids: Collection[str] | None = None) -> Iterator[Problem]:
    """Answers to chase: a decline on a confirmed screening is an error (someone is booked who
    will not come); no acceptance close to the date is a warning."""
    from screenkit.rules.people import old_answer_words, to_chase

    for sid, pid, answer in to_chase(plan, today, sids):
        name = plan.speakers[pid].name
        at = ("screenings", sid, "rsvp", pid)
        old = old_answer_words(plan, sid, pid) if answer != "declined" else None
        if old is not None:
            answer = old
        if answer == "declined":
            yield Problem(
                "error",
                at,
                f"{name} declined but is still booked on this confirmed "
                "screening; find someone else and update it, or ask them again",
            )
        else:
            days = (plan.screenings[sid].date - today).days
            yield Problem(
                "warning",
                at,
                f"{name} has not accepted ({answer}) and the screening is "  # or said when
                f"{days} day(s) away; chase them (settings.confirm_by is "
                f"{plan.settings.confirm_by})",
            )
