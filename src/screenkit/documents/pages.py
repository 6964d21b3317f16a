"""Printable HTML pages made from Jinja templates in `templates/`, autoescaped, so that a
film called `<script>` prints as text. Each page is self-contained: no fonts, scripts,
images or links to fetch, so it prints the same offline."""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any


@cache
def environment() -> Any:
    """The one Jinja environment of every page (checklists, returns, reports, slips, the
    site, posters): autoescaped, and an unknown name in a template is an error, not a gap."""
    from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined, select_autoescape

    # Documents' templates, then publicity's (site pages, posters): each package keeps its
    # own, and both share this environment's filters and escaping.
    loader = ChoiceLoader([PackageLoader("screenkit.documents", "templates"),
                           PackageLoader("screenkit.publicity", "templates")])  # fmt: skip
    env = Environment(
        loader=loader,
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
    )
    env.filters.update(long_date=long_date, clock=clock, zone_name=zone_name)
    return env


def render(name: str, **context: Any) -> str:
    return str(environment().get_template(name).render(**context))


def long_date(day: dt.date) -> str:
    """`Thursday 8 October 2026`."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def clock(moment: dt.datetime) -> str:
    return f"{moment:%H:%M}"


def zone_name(moment: dt.datetime) -> str:
    """`BST, Europe/London time`: the abbreviation people know, and the unambiguous name."""
    abbreviation = moment.tzname() or ""
    zone = str(moment.tzinfo)
    if abbreviation and not abbreviation.startswith(("+", "-")) and abbreviation != zone:
        return f"{abbreviation}, {zone} time"
    return f"{zone} time (UTC{moment:%z})"
