"""Audience feedback slips: four to an A4 page, to print and cut. Each has the film, venue
and date, a 1-5 rating, "what will you do next?" tick boxes from the plan's
`[campaign] actions`, lines for comments and an opt-in for contact. The page always prints
as exactly one sheet: a slip clips what does not fit instead of spilling onto a second.
"""

from __future__ import annotations

from dataclasses import dataclass

from screenkit.documents import pages
from screenkit.errors import InputError
from screenkit.escaping import one_line
from screenkit.models import Plan

SLIPS_PER_PAGE = 4
MAX_ACTIONS = 6  # what fits on an A6 slip beside the rest
DEFAULT_ACTIONS = (
    "Find out more about the issue",
    "Tell friends about the film",
    "Host a screening",
)


@dataclass
class Slip:
    id: str
    film: str
    date: str
    venue: str
    actions: list[str]
    organiser: str


def slip(plan: Plan, sid: str) -> Slip:
    s = plan.screenings[sid]
    if s.status == "cancelled":
        raise InputError(f"screenings.{sid}: cancelled, so there is no audience to ask")
    film = plan.films[s.film].title if s.film in plan.films else s.film
    venue = plan.venues[s.venue].name if s.venue in plan.venues else s.venue
    actions = list(plan.campaign.actions or DEFAULT_ACTIONS)[:MAX_ACTIONS]
    organiser = plan.organiser.name if plan.organiser else ""
    # Printed text: each value one line, nothing that reorders it (the page autoescapes).
    return Slip(
        sid,
        one_line(film),
        pages.long_date(s.date),
        one_line(venue),
        [one_line(action) for action in actions],
        one_line(organiser),
    )


def render(plan: Plan, sid: str) -> bytes:
    one = slip(plan, sid)
    return pages.render("feedback.html", slip=one, copies=range(SLIPS_PER_PAGE)).encode("utf-8")
