"""When each part of an evening happens, in the venue's own time zone.

Lengths are added to the UTC instant and converted back, so an evening that crosses a
daylight-saving change still lasts as long as its programme.

Times written in the plan (start, doors, end) are wall-clock times on the screening's date.
Twice a year a clock change makes some of them odd, and screenkit reads them one way
everywhere (checks, invites, feeds, checklists, `show`), the way RFC 5545 (3.3.5) reads them:

- A time the clocks skip (01:30 when they go forward from 01:00 to 02:00) is read on the
  offset in force before the change, so it means the moment that many minutes after the
  change: 01:30 is read as 02:30, and the run sheet shows 02:30.
- A time that happens twice (01:30 when the clocks go back from 02:00 to 01:00) is the first
  of the two, before the clocks go back (Python's fold=0).

Derived times (the film, the talk, the end) are exact instants, so an evening that runs into
the repeated hour ends at the second 01:49 when that is when it ends. Calendar clients do not
follow RFC 5545 here (libical, ical.js and vobject take a repeated time as the second, and
disagree on skipped ones), so invites, the feed and speakers' calendars give such a
screening's start and end in UTC (`Timing.exact`); `clock_notes` says in words what was done,
for `show` and the checklists.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal
from zoneinfo import ZoneInfo

from screenkit.plan.models import Plan, Screening
from screenkit.plan.values import format_clock
from screenkit.text.i18n import N_

if TYPE_CHECKING:
    from screenkit.text.i18n import Language

UTC = dt.UTC
Field = Literal["start", "doors", "end"]


@dataclass(frozen=True)
class ClockChange:
    """A time that a clock change skips or repeats, and how screenkit reads it."""

    field: Field
    wall: dt.datetime  # the wall time, naive: as written, or the derived end
    kind: Literal["skipped", "repeated"]
    zone: str
    before: dt.datetime  # the wall clock when the change happens, naive (01:00 or 02:00)
    after: dt.datetime  # and just after it (02:00 or 01:00)
    reading: dt.datetime  # the moment screenkit uses, in the zone
    derived: bool = False  # the end of the programme, not a time written in the plan

    @property
    def message(self) -> str:
        """What happens, without naming the field (checks put that in `where`)."""
        hm, day = format_clock(self.wall.time()), self.wall.date().isoformat()
        way = "forward" if self.kind == "skipped" else "back"
        change = f"clocks go {way} from {hhmm(self.before)} to {hhmm(self.after)}"
        if self.kind == "skipped":
            return (
                f"{hm} does not exist on {day} in {self.zone}: {change}; "
                f"screenkit reads it as {hhmm(self.reading)}"
            )
        which = "second" if self.reading.fold else "first"
        offset = _offset_text(self.reading)
        uses = f"the evening ends at the {which}" if self.derived else f"screenkit uses the {which}"
        tail = "" if self.field == "doors" else ", and invites carry that exact instant"
        return f"{hm} happens twice on {day} in {self.zone}: {change}; {uses} {hm} ({offset}){tail}"


@dataclass(frozen=True)
class Timing:
    doors: dt.datetime | None
    start: dt.datetime
    film: dt.datetime  # the film starts after the intro
    talk: dt.datetime  # the talk and Q&A start after the film
    programme_end: dt.datetime  # intro + film + talk
    end: dt.datetime  # the later of the programme's end and an explicit `end`
    intro: int
    runtime: int
    talk_minutes: int
    end_given: dt.datetime | None  # an explicit `end`, on the screening's date
    changes: tuple[ClockChange, ...] = ()  # times a clock change skips or repeats

    @property
    def zone(self) -> ZoneInfo:
        assert isinstance(self.start.tzinfo, ZoneInfo)
        return self.start.tzinfo

    @property
    def exact(self) -> bool:
        """The start or end is skipped or repeated by a clock change: calendars get UTC."""
        return any(c.field != "doors" for c in self.changes)

    @property
    def spans_change(self) -> bool:
        """The clocks change during the evening (doors to end)."""
        return (self.doors or self.start).utcoffset() != self.end.utcoffset()


def hhmm(moment: dt.datetime) -> str:
    """`19:30`: a moment's local clock time."""
    return format_clock(moment.time())


def _utc_offset(moment: dt.datetime) -> str:
    offset = moment.utcoffset() or dt.timedelta(0)
    sign = "-" if offset < dt.timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _zone_name(moment: dt.datetime) -> str:
    """BST, EDT; zones whose abbreviation is only a number (`-03`) get `UTC-03:00`."""
    name = moment.tzname() or ""
    return name if name and name[0] not in "+-" else _utc_offset(moment)


def _offset_text(moment: dt.datetime, form: str = "{name}, {offset}") -> str:
    """`BST, UTC+01:00` (or as `form` says); `UTC-03:00` alone where the zone has no name."""
    name, offset = _zone_name(moment), _utc_offset(moment)
    return name if name == offset else form.format(name=name, offset=offset)


def local(date: dt.date, time: dt.time, zone: ZoneInfo) -> dt.datetime:
    """A wall time as a real moment: a skipped time moves on past the change, a repeated
    one is the first (see the module's docstring)."""
    return dt.datetime.combine(date, time, tzinfo=zone).astimezone(UTC).astimezone(zone)


def later(moment: dt.datetime, minutes: int) -> dt.datetime:
    """`minutes` of real time after `moment`, shown in the same zone."""
    return (moment.astimezone(UTC) + dt.timedelta(minutes=minutes)).astimezone(moment.tzinfo)


def _change(
    field: Field, wall: dt.datetime, zone: ZoneInfo, reading: dt.datetime, derived: bool = False
) -> ClockChange | None:
    """The clock change that skips or repeats `wall` (naive), if any."""
    first, second = (wall.replace(tzinfo=zone, fold=f) for f in (0, 1))
    if first.utcoffset() == second.utcoffset():
        return None  # the usual case, and the fast one
    from screenkit.plan.zones import transitions

    kind: Literal["skipped", "repeated"]
    kind = "repeated" if reading.replace(tzinfo=None) == wall else "skipped"
    for year in (wall.year, wall.year - 1, wall.year + 1):
        for change in transitions(zone.key, year):
            after = change.local_before + (change.offset_to - change.offset_from)
            if min(change.local_before, after) <= wall < max(change.local_before, after):
                return ClockChange(
                    field, wall, kind, zone.key, change.local_before, after, reading, derived
                )
    return None  # not a change zoneinfo's own data shows; nothing to explain


def timing(plan: Plan, screening: Screening) -> Timing:
    """The run sheet of a screening; its film and venue must exist (see `checks`)."""
    film = plan.films[screening.film]
    zone = ZoneInfo(plan.venues[screening.venue].timezone)
    intro = plan.settings.intro if screening.intro is None else screening.intro
    talk = plan.settings.talk if screening.talk is None else screening.talk
    changes: list[ClockChange] = []

    def read(field: Field, time: dt.time) -> dt.datetime:
        moment = local(screening.date, time, zone)
        change = _change(field, dt.datetime.combine(screening.date, time), zone, moment)
        if change is not None:
            changes.append(change)
        return moment

    doors = read("doors", screening.doors) if screening.doors else None
    start = read("start", screening.start)
    film_start = later(start, intro)
    talk_start = later(film_start, film.runtime)
    programme_end = later(talk_start, talk)
    end_given = read("end", screening.end) if screening.end else None
    end = programme_end
    if end_given is not None and end_given.astimezone(UTC) > programme_end.astimezone(UTC):
        end = end_given
    else:  # the programme's end is exact; say so when its wall time happens twice
        derived = _change("end", end.replace(tzinfo=None), zone, end, derived=True)
        changes += [derived] if derived else []
    return Timing(
        doors,
        start,
        film_start,
        talk_start,
        programme_end,
        end,
        intro,
        film.runtime,
        talk,
        end_given,
        tuple(changes),
    )


def run_sheet(t: Timing, L: Language | None = None) -> list[tuple[dt.datetime, str]]:
    """The evening step by step, as printed on invites and checklists (in `L`'s words, for
    the public calendar and a speaker's email; English without)."""
    say = L.gettext if L is not None else (lambda text: text)
    steps = [(t.doors, say(N_("Doors open")))] if t.doors else []
    steps += [
        (t.start, say(N_("Introduction (%(num)s min)")) % {"num": t.intro}),
        (t.film, say(N_("Film (%(num)s min)")) % {"num": t.runtime}),
        (t.talk, say(N_("Talk and Q&A (%(num)s min)")) % {"num": t.talk_minutes}),
        (t.end, say(N_("End"))),
    ]
    return [(moment, label) for moment, label in steps if moment is not None]


def clock(t: Timing, moment: dt.datetime) -> str:
    """`19:30` as on the wall; `01:09 GMT` on an evening the clocks change, where the wall
    clock alone would be ambiguous."""
    text = format_clock(moment.time())
    return f"{text} {_zone_name(moment)}" if t.spans_change else text


_LABELS = {"start": "Start", "doors": "Doors", "end": "End"}


def clock_notes(t: Timing) -> list[str]:
    """What a clock change did to this evening, in words, one sentence each (for `show` and
    the checklists); empty on almost every evening."""
    notes = [f"{_LABELS[c.field]} {c.message}." for c in t.changes]
    if t.spans_change:
        first = t.doors or t.start
        form = "{name} ({offset})"
        before, after = _offset_text(first, form), _offset_text(t.end, form)
        zero = dt.timedelta(0)
        way = "forward" if (t.end.utcoffset() or zero) > (first.utcoffset() or zero) else "back"
        notes.append(
            f"The clocks go {way} during the evening: the run sheet gives {before} before "
            f"the change and {after} after it."
        )
    return notes
