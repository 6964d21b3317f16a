"""When each part of an evening happens, in the venue's own time zone.

Lengths are added to the UTC instant and converted back, so an evening that crosses a
daylight-saving change still lasts as long as its programme.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from screenkit.models import Plan, Screening

UTC = dt.UTC


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

    @property
    def zone(self) -> ZoneInfo:
        assert isinstance(self.start.tzinfo, ZoneInfo)
        return self.start.tzinfo


def local(date: dt.date, time: dt.time, zone: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(date, time, tzinfo=zone)


def later(moment: dt.datetime, minutes: int) -> dt.datetime:
    """`minutes` of real time after `moment`, shown in the same zone."""
    return (moment.astimezone(UTC) + dt.timedelta(minutes=minutes)).astimezone(moment.tzinfo)


def timing(plan: Plan, screening: Screening) -> Timing:
    """The run sheet of a screening; its film and venue must exist (see `checks`)."""
    film = plan.films[screening.film]
    zone = ZoneInfo(plan.venues[screening.venue].timezone)
    intro = plan.settings.intro if screening.intro is None else screening.intro
    talk = plan.settings.talk if screening.talk is None else screening.talk
    start = local(screening.date, screening.start, zone)
    film_start = later(start, intro)
    talk_start = later(film_start, film.runtime)
    programme_end = later(talk_start, talk)
    end_given = local(screening.date, screening.end, zone) if screening.end else None
    end = programme_end
    if end_given is not None and end_given.astimezone(UTC) > programme_end.astimezone(UTC):
        end = end_given
    doors = local(screening.date, screening.doors, zone) if screening.doors else None
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
    )


def run_sheet(t: Timing) -> list[tuple[dt.datetime, str]]:
    """The evening step by step, as printed on invites and checklists."""
    steps = [(t.doors, "Doors open")] if t.doors else []
    steps += [
        (t.start, f"Introduction ({t.intro} min)"),
        (t.film, f"Film ({t.runtime} min)"),
        (t.talk, f"Talk and Q&A ({t.talk_minutes} min)"),
        (t.end, "End"),
    ]
    return [(moment, label) for moment, label in steps if moment is not None]
