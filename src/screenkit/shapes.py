"""Screenings as plain dictionaries: the documented shape of `list --json` and `show --json`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from screenkit.models import Access, Film, Plan
from screenkit.schedule import timing
from screenkit.values import format_clock


def describe(plan: Plan, sid: str, today: dt.date | None = None) -> dict[str, Any]:
    """One screening with its derived times (local to the venue, HH:MM) and display names,
    and what happened (`held` is derived: not cancelled, date reached, result recorded)."""
    from screenkit import results

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
        "rsvp": {p: s.rsvp.get(p, "needs-action") for p in invited(plan, sid)},
    }


def invited(plan: Plan, sid: str) -> list[str]:
    """Who a screening's invite is for: its speakers and host, once each, in the order it
    names them; known ones only, never the organiser (they send it)."""
    s = plan.screenings[sid]
    organiser = (plan.organiser.email or "").lower() if plan.organiser else ""
    people = dict.fromkeys([*s.speakers, *([s.host] if s.host else [])])
    return [
        p
        for p in people
        if p in plan.speakers and (plan.speakers[p].email or "").lower() != organiser
    ]


def film_line(film: Film) -> str:
    """`Return to Homs (2013, dir. Talal Derki, 94 min, Arabic with English subtitles)`."""
    facts = [str(film.year) if film.year else None]
    facts.append(f"dir. {film.director}" if film.director else None)
    facts.append(f"{film.runtime} min")
    if film.language:
        subtitles = f" with {film.subtitles} subtitles" if film.subtitles else ""
        facts.append(f"{film.language}{subtitles}")
    return f"{film.title} ({', '.join(f for f in facts if f)})"


def access_text(access: Access | None) -> str:
    """What a visitor with access needs should know, in one line; unknowns are not claimed."""
    if access is None:
        return "not yet recorded"
    facts = []
    if access.step_free is not None:
        facts.append("step-free route" if access.step_free else "no step-free route")
    if access.wheelchair_spaces is not None:
        facts.append(f"{access.wheelchair_spaces} wheelchair spaces")
    for flag, label in (
        (access.hearing_loop, "hearing loop"),
        (access.accessible_toilet, "accessible toilet"),
        (access.captioned, "captioned copy"),
    ):
        if flag is not None:
            facts.append(label if flag else f"no {label}")
    text = "; ".join(facts) or "not yet recorded"
    return f"{text}. {access.notes}" if access.notes else text


def location(plan: Plan, sid: str) -> str:
    """Venue, address and postcode on one line (calendar clients mangle multi-line ones)."""
    venue = plan.venues[plan.screenings[sid].venue]
    parts = [venue.name, *venue.address.splitlines(), venue.postcode or ""]
    return ", ".join(p.strip().rstrip(",") for p in parts if p and p.strip())
