"""Screenings as plain dictionaries: the documented shape of `list --json` and `show --json`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from screenkit.plan.models import Plan
from screenkit.plan.values import format_clock
from screenkit.rules.people import answer_to_current, invited
from screenkit.rules.schedule import timing


def describe(plan: Plan, sid: str, today: dt.date | None = None) -> dict[str, Any]:
    """One screening with its derived times (local to the venue, HH:MM) and display names,
    and what happened (`held` is derived: not cancelled, date reached, result recorded)."""
    from screenkit.rules import results

    s = plan.screenings[sid]
    film = plan.films.get(s.film)
    venue = plan.venues.get(s.venue)
    t = timing(plan, s) if film and venue else None
    return {
        "id": sid,
        "uid": s.uid,
        "status": s.status,
        "date": s.date.isoformat(),
        "doors": format_clock(s.doors) if s.doors else None,
        "start": format_clock(s.start),
        "end": format_clock(t.end.timetz()) if t else None,
        "end_date": t.end.date().isoformat() if t else None,
        "timezone": venue.timezone if venue else None,
        "intro": t.intro if t else s.intro,
        "talk": t.talk_minutes if t else s.talk,
        "film": s.film,
        "film_title": film.title if film else None,
        "venue": s.venue,
        "venue_name": venue.name if venue else None,
        "speakers": list(s.speakers),
        "speaker_names": [plan.speakers[p].name if p in plan.speakers else p for p in s.speakers],
        "host": s.host,
        "audience": s.audience,
        "notes": s.notes,
        "held": results.held(s, today),
        "result": results.as_dict(plan, sid),
        # The answer to the version each person holds: one to an older version is not one.
        "rsvp": {p: answer_to_current(plan, sid, p) for p in invited(plan, sid)},
    }
