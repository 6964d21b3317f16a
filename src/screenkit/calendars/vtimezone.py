"""VTIMEZONE components that every calendar client reads the same way.

icalendar's `add_missing_timezones()` writes each zone as long multi-value RDATE lists, which
ical.js (Thunderbird) and vobject read an hour off. What all of them (and Outlook) read right is
one STANDARD and one DAYLIGHT observance with yearly RRULEs, so that is what this writes: the
rule is derived from the zone's real transitions (zoneinfo) over the years the events need and
checked to hold in every one of them. Zones whose rule does not hold across those years (a
country that changed its rules, or one with more than two changes a year) get one observance
per transition instead, which every client also reads right. Zones without daylight saving get
a single STANDARD observance.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from screenkit.plan.zones import Transition, transitions, utc_offset

if TYPE_CHECKING:
    from icalendar import Timezone

_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def _rules(t: Transition) -> set[tuple[str, ...]]:
    """Ways of writing this date as a yearly rule: nth or last weekday, or the date."""
    d = t.local_before
    day = _DAYS[d.weekday()]
    ways = {("BYDAY", f"{(d.day - 1) // 7 + 1}{day}"), ("BYMONTHDAY", str(d.day))}
    if d.day + 7 > calendar.monthrange(d.year, d.month)[1]:
        ways.add(("BYDAY", f"-1{day}"))
    return {(str(d.month), d.time().isoformat(), *way) for way in ways}


def _rrule_form(key: str, first: int, last: int) -> list[tuple[Transition, str]] | None:
    """One (transition, RRULE) per observance if a yearly rule holds for every year."""
    years = [transitions(key, y) for y in range(first, last + 1)]
    base = years[0]
    if len(base) != 2:
        return None
    out = []
    for i, change in enumerate(base):
        common = _rules(change)
        for later in years[1:]:
            if len(later) != 2 or later[i].offset_to != change.offset_to:
                return None
            common &= _rules(later[i])
        if not common:
            return None
        month, _, part, value = min(common, key=lambda r: (r[2] != "BYDAY", r[3]))
        out.append((change, f"FREQ=YEARLY;BYMONTH={month};{part}={value}"))
    return out


def vtimezone(key: str, first_year: int, last_year: int) -> Timezone:
    """A VTIMEZONE for `key` valid for events from `first_year` to `last_year`."""
    from icalendar import Timezone, TimezoneDaylight, TimezoneStandard, vRecur

    component = Timezone()
    component.add("tzid", key)
    start = first_year - 1  # so the observance in force on 1 January is defined too

    def observance(change: Transition, daylight: bool, rrule: str | None = None) -> None:
        part = TimezoneDaylight() if daylight else TimezoneStandard()
        part.add("dtstart", change.local_before)
        part.add("tzoffsetfrom", change.offset_from)
        part.add("tzoffsetto", change.offset_to)
        if change.name:
            part.add("tzname", change.name)
        if rrule:
            part.add("rrule", vRecur.from_ical(rrule))
        component.add_component(part)

    ruled = _rrule_form(key, start, last_year)
    if ruled:
        higher = max(change.offset_to for change, _ in ruled)
        for change, rrule in ruled:
            observance(change, change.offset_to == higher, rrule)
        return component
    changes = [c for y in range(start, last_year + 1) for c in transitions(key, y)]
    offset, name = utc_offset(ZoneInfo(key), dt.datetime(start, 1, 1, tzinfo=dt.UTC))
    observance(Transition(dt.datetime(start, 1, 1), offset, offset, name), False)
    for change in changes:
        observance(change, change.offset_to > change.offset_from)
    return component
