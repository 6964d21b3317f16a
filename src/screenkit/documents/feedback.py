"""Audience feedback slips: four to an A4 page, to print and cut. Each has the film, venue
and date, a 1-5 rating, "what will you do next?" tick boxes from the plan's
`[campaign] actions`, lines for comments and an opt-in for contact. The page always prints
as exactly one sheet: a slip clips what does not fit instead of spilling onto a second.
"""

from __future__ import annotations

from dataclasses import dataclass

from screenkit.documents import pages
from screenkit.errors import InputError
from screenkit.plan.models import Plan
from screenkit.text.escaping import one_line
from screenkit.text.i18n import N_

SLIPS_PER_PAGE = 4
MAX_ACTIONS = 6  # what fits on an A6 slip beside the rest
DEFAULT_ACTIONS = (  # said in the slip's languages; a plan's own actions as written
    N_("Find out more about the issue"),
    N_("Tell friends about the film"),
    N_("Host a screening"),
)


@dataclass
class Slip:
    id: str
    film: str
    date: str
    venue: str
    actions: list[str]
    organiser: str
    languages: tuple[str, ...] = ("en",)  # the first read first


def slip(plan: Plan, sid: str) -> Slip:
    s = plan.screenings[sid]
    if s.status == "cancelled":
        raise InputError(f"screenings.{sid}: cancelled, so there is no audience to ask")
    film = plan.films[s.film].title if s.film in plan.films else s.film
    venue = plan.venues[s.venue].name if s.venue in plan.venues else s.venue
    codes = tuple(s.languages or [plan.settings.language or "en"])
    langs = [pages.words(code) for code in codes]
    if plan.campaign.actions:
        actions = list(plan.campaign.actions)[:MAX_ACTIONS]
    else:
        actions = [" / ".join(W.gettext(a) for W in langs) for a in DEFAULT_ACTIONS]
    organiser = o.name if (o := plan.organiser_of(sid)) else ""
    # Printed text: each value one line, nothing that reorders it (the page autoescapes).
    return Slip(
        sid,
        one_line(film),
        " / ".join(W.date(s.date) for W in langs),
        one_line(venue),
        [one_line(action) for action in actions],
        one_line(organiser),
        codes,
    )


def render(plan: Plan, sid: str) -> bytes:
    one = slip(plan, sid)
    langs = [pages.words(code) for code in one.languages]
    page = pages.render(
        "feedback.html", slip=one, copies=range(SLIPS_PER_PAGE), L=langs[0], langs=langs
    )
    return page.encode("utf-8")
