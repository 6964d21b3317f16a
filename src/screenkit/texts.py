"""Phrases several outputs share, written once: the film in one line, a venue's access in
words, the venue on one line."""

from __future__ import annotations

from collections.abc import Iterable

from screenkit.models import Access, Film, Plan


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


def place(name: str, address: Iterable[str], postcode: str | None) -> str:
    """`ICA, The Mall, London, SW1Y 5AH`: a venue on one line, as calendars, listings and
    the site all write it (calendar clients mangle multi-line locations)."""
    parts = [name, *address, postcode or ""]
    return ", ".join(p.strip().rstrip(",") for p in parts if p and p.strip())


def location(plan: Plan, sid: str) -> str:
    """The screening's venue, address and postcode on one line."""
    venue = plan.venues[plan.screenings[sid].venue]
    return place(venue.name, venue.address.splitlines(), venue.postcode)
