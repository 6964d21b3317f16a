"""One printable sheet per screening: run sheet, people, venue and tasks with due dates.

`sheet` gathers everything as plain data; `markdown`, `text` and `html` lay it out. HTML goes
through Jinja2 with autoescaping, so a film called `<script>` prints as text.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import dataclass, field
from functools import cache
from itertools import groupby
from typing import Any

from screenkit.models import Plan
from screenkit.schedule import later, run_sheet, timing
from screenkit.summary import access_text, film_line, location
from screenkit.tasks import Task, tasks_for
from screenkit.values import format_clock

FORMATS = ("html", "md", "txt")
ARRIVE_BEFORE_DOORS = 30  # minutes: speakers and host arrive before the audience


@dataclass
class Person:
    role: str  # on the evening: speaker, host, venue contact, organiser
    name: str
    title: str = ""  # their role or organisation
    contact: list[str] = field(default_factory=list)  # phone, email
    notes: list[str] = field(default_factory=list)  # arrival, needs

    @property
    def details(self) -> list[str]:
        return [d for d in [self.title, *self.contact, *self.notes] if d]


@dataclass
class Sheet:
    id: str
    title: str
    film: str
    date: str
    venue: str
    status: str
    timezone: str
    run_sheet: list[tuple[str, str]]
    people: list[Person]
    venue_facts: list[tuple[str, str]]
    phases: list[tuple[str, list[Task]]]


def _long_date(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def sheet(plan: Plan, sid: str) -> Sheet:
    s = plan.screenings[sid]
    film = plan.films[s.film]
    venue = plan.venues[s.venue]
    t = timing(plan, s)
    curfew = venue.curfew or plan.settings.curfew
    steps = [(format_clock(m.timetz()), label) for m, label in run_sheet(t)]
    steps.append((format_clock(curfew), "Curfew: the venue must be clear"))
    arrive = later(t.doors or t.start, -ARRIVE_BEFORE_DOORS)
    arrives = f"arrives {format_clock(arrive.timetz())}"
    people = []
    for role, pid in [("Speaker", p) for p in s.speakers] + [("Host", s.host)]:
        if pid is None or pid not in plan.speakers:
            continue
        p = plan.speakers[pid]
        contact = [p.phone or "no phone given", p.email or "no email given"]
        needs = [f"needs: {'; '.join(p.needs)}"] if p.needs else []
        answer = [f"answer: {s.rsvp[pid]}"] if pid in s.rsvp else []
        people.append(Person(role, p.name, p.role or "", contact, [arrives, *needs, *answer]))
    if venue.contact:
        c = venue.contact
        contact = [d for d in (c.phone, c.email) if d]
        people.append(Person("Venue contact", c.name or "(no name)", "", contact))
    if plan.organiser:
        people.append(Person("Organiser", plan.organiser.name, "", [plan.organiser.email or ""]))
    capacity = str(venue.capacity) if venue.capacity else "not recorded"
    audience = str(s.audience) if s.audience else "not estimated"
    licence = ", ".join(
        x for x in (film.licence_ref, film.licence_holder, film.licence_status) if x
    )
    facts = [
        ("Audience", f"{audience} expected; capacity {capacity}"),
        ("Access", access_text(venue.access)),
        ("Tech", venue.tech or "not recorded"),
        ("Playback", film.format or "not recorded"),
        ("Licence", licence or "no reference yet"),
        ("Certificate", film.certificate or "not recorded"),
    ]
    if s.notes:
        facts.append(("Notes", s.notes))
    phases = [
        (phase, list(group)) for phase, group in groupby(tasks_for(plan, sid), lambda t: t.phase)
    ]
    return Sheet(
        id=sid,
        title=film.title,
        film=film_line(film),
        date=_long_date(s.date),
        venue=f"{location(plan, sid)}",
        status=s.status,
        timezone=venue.timezone,
        run_sheet=steps,
        people=people,
        venue_facts=facts,
        phases=phases,
    )


def markdown(sh: Sheet) -> str:
    out = [f"# {sh.title}: screening and talk", "", f"**{sh.date}** · {sh.venue}  "]
    out += [f"Status: **{sh.status}** · {sh.film}", "", f"## Run sheet ({sh.timezone})", ""]
    out += ["| time | |", "| --- | --- |"] + [f"| {t} | {label} |" for t, label in sh.run_sheet]
    out += ["", "## People", ""]
    out += [f"- **{p.role}: {p.name}**: {'; '.join(p.details)}" for p in sh.people]
    out += ["", "## Venue", ""] + [f"- **{k}**: {v}" for k, v in sh.venue_facts]
    out += ["", "## Tasks"]
    for phase, tasks in sh.phases:
        out += ["", f"### {phase}", ""]
        for t in tasks:
            out.append(f"- [{'x' if t.done else ' '}] {t.due:%a %d %b %Y}: {t.text} (`{t.id}`)")
    return "\n".join(out) + "\n"


def text(sh: Sheet, width: int = 80) -> str:
    """Plain text that fits `width` columns."""

    def wrap(line: str, indent: str = "") -> list[str]:
        return textwrap.wrap(line, width, subsequent_indent=indent, break_long_words=True) or [""]

    heading = f"{sh.title}: screening and talk"
    out = [*wrap(heading), "=" * min(width, len(heading))]
    out += wrap(f"{sh.date}, {sh.venue}") + wrap(f"Status: {sh.status}. {sh.film}")
    out += ["", f"RUN SHEET ({sh.timezone})"]
    out += [line for t, label in sh.run_sheet for line in wrap(f"  {t}  {label}", " " * 9)]
    out += ["", "PEOPLE"]
    for p in sh.people:
        out += wrap(f"  {p.role}: {p.name}: {'; '.join(p.details)}", "    ")
    out += ["", "VENUE"]
    out += [line for k, v in sh.venue_facts for line in wrap(f"  {k}: {v}", "    ")]
    out += ["", "TASKS"]
    for phase, tasks in sh.phases:
        out += ["", f"  {phase}"]
        for t in tasks:
            box = "[x]" if t.done else "[ ]"
            out += wrap(f"  {box} {t.due:%a %d %b}  {t.text} ({t.id})", " " * 18)
    return "\n".join(out) + "\n"


@cache
def _template() -> Any:
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(
        loader=PackageLoader("screenkit", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template("checklist.html")


def html(sh: Sheet) -> str:
    return str(_template().render(sheet=sh))


def render(plan: Plan, sid: str, fmt: str) -> bytes:
    sh = sheet(plan, sid)
    body = {"md": markdown, "txt": text, "html": html}[fmt](sh)
    return body.encode("utf-8")
