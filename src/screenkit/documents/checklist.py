"""One printable sheet per screening: run sheet, people, venue and tasks with due dates.

`sheet` gathers everything as plain data; `markdown`, `text` and `html` lay it out. What the
plan says cannot forge the sheet, whatever its format:

- every value is one line of printable text (`escaping.one_line`): control characters,
  newlines and the invisible marks that reorder text go, so a name cannot start a line of its
  own such as a ticked task;
- Markdown escapes what it would read as markup (`escaping.markdown`): links, emphasis, HTML,
  table pipes, and a leading `#`, `-`, `>` or `1.`;
- HTML goes through Jinja2 with autoescaping, so a film called `<script>` prints as text;
- plain text wraps by display width (a Chinese character takes two columns), so it keeps to
  80 columns whatever the script.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from itertools import groupby

from screenkit.documents.pages import long_date
from screenkit.plan.models import Plan
from screenkit.rules.schedule import clock, clock_notes, later, local, run_sheet, timing
from screenkit.rules.tasks import Task, tasks_for
from screenkit.text.escaping import markdown as md
from screenkit.text.escaping import one_line
from screenkit.text.texts import access_features, access_text, film_line, location

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
    clock_notes: list[str] = field(default_factory=list)  # what a clock change did


def _char_width(c: str) -> int:
    if unicodedata.combining(c) or unicodedata.category(c) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1


def width(text: str) -> int:
    """Columns `text` takes on a terminal or a printed page in a fixed-width font."""
    return len(text) if text.isascii() else sum(_char_width(c) for c in text)


def wrap(text: str, columns: int, indent: str = "") -> list[str]:
    """Lines of at most `columns` display columns, broken at spaces (inside a word only when
    it is longer than a line); the spaces within a line are kept, later lines get `indent`."""
    lines: list[str] = []
    line, used = "", 0
    for chunk in re.findall(r"\s+|\S+", text):
        if chunk.isspace():
            if line.strip() or not lines:  # a first line keeps its leading spaces, later not
                line, used = line + chunk, used + width(chunk)
            continue
        # A word that fits goes whole; a longer one goes character by character.
        for part in [chunk] if width(chunk) <= columns - width(indent) else list(chunk):
            part_size = width(part)
            if used + part_size > columns and line.strip():
                lines.append(line.rstrip())
                line, used = indent, width(indent)
            line, used = line + part, used + part_size
    lines.append(line.rstrip())
    return lines


def _answer(plan: Plan, sid: str, pid: str) -> list[str]:
    """`answer: accepted`, or what they answered to an older version; nothing until then."""
    from screenkit.rules.people import answer_to_current, old_answer_words

    old = old_answer_words(plan, sid, pid)
    if old is not None:
        return [f"answer: {old}"]
    now = answer_to_current(plan, sid, pid)
    return [f"answer: {now}"] if pid in plan.screenings[sid].rsvp and now != "needs-action" else []


def sheet(plan: Plan, sid: str) -> Sheet:
    s = plan.screenings[sid]
    film = plan.films[s.film]
    venue = plan.venues[s.venue]
    t = timing(plan, s)
    curfew = venue.curfew or plan.settings.curfew
    # A curfew before noon is the small hours of the next day (as `checks` reads it).
    curfew_day = s.date + dt.timedelta(days=1 if curfew.hour < 12 else 0)
    steps = [(clock(t, m), label) for m, label in run_sheet(t)]
    steps.append((clock(t, local(curfew_day, curfew, t.zone)), "Curfew: the venue must be clear"))
    arrive = later(t.doors or t.start, -ARRIVE_BEFORE_DOORS)
    arrives = f"arrives {clock(t, arrive)}"
    people = []
    for pid, does in s.roles():
        if pid not in plan.speakers:
            continue
        role = " and ".join(does).capitalize()  # Speaker, Host, Speaker and host
        p = plan.speakers[pid]
        contact = [one_line(p.phone or "no phone given"), one_line(p.email or "no email given")]
        needs = [f"needs: {'; '.join(one_line(n) for n in p.needs)}"] if p.needs else []
        title = one_line(p.role or "")
        answer = _answer(plan, sid, pid)
        people.append(Person(role, one_line(p.name), title, contact, [arrives, *needs, *answer]))
    for role, vid in s.rota.items():  # the volunteer rota: who does the door, the projection …
        helper = plan.volunteers.get(vid)
        if helper is not None:
            contact = [one_line(d) for d in (helper.phone, helper.email) if d]
            people.append(Person(one_line(role.capitalize()), one_line(helper.name),
                                 "volunteer", contact))  # fmt: skip
    if s.rota:  # a rota begun: the roles nobody has yet, to fill on the night if need be
        for role in plan.settings.roles:
            if role not in s.rota:
                people.append(Person(one_line(role.capitalize()), "(open)"))
    if venue.contact:
        c = venue.contact
        contact = [one_line(d) for d in (c.phone, c.email) if d]
        people.append(Person("Venue contact", one_line(c.name or "(no name)"), "", contact))
    organiser = plan.organiser_of(sid)
    if organiser:
        people.append(
            Person("Organiser", one_line(organiser.name), "", [one_line(organiser.email or "")])
        )
    capacity = str(venue.capacity) if venue.capacity else "not recorded"
    audience = f"{s.audience} expected" if s.audience else "not estimated"
    licence = ", ".join(
        x for x in (film.licence_ref, film.licence_holder, film.licence_status) if x
    )
    facts = [
        ("Audience", f"{audience}; capacity {capacity}"),
        ("Access", access_text(venue.access)),
        *(
            [
                (
                    "At this screening",
                    "; ".join(x for x in (access_features(s.access), s.access_note) if x),
                )
            ]
            if s.access or s.access_note
            else []
        ),
        ("Tech", venue.tech or "not recorded"),
        ("Playback", film.format or "not recorded"),
        ("Licence", licence or "no reference yet"),
        ("Certificate", film.certificate or "not recorded"),
    ]
    if s.notes:
        facts.append(("Notes", s.notes))
    tasks = [
        dataclasses.replace(task, text=one_line(task.text + (
            f" (done: {task.settled})" if task.settled and task.id not in s.done else "")))
        for task in tasks_for(plan, sid)
    ]  # fmt: skip
    return Sheet(
        id=sid,
        title=one_line(film.title),
        film=one_line(film_line(film)),
        date=long_date(s.date),
        venue=one_line(location(plan, sid)),
        status=s.status,
        timezone=venue.timezone,
        run_sheet=steps,
        people=people,
        venue_facts=[(label, one_line(value)) for label, value in facts],
        phases=[(phase, list(group)) for phase, group in groupby(tasks, lambda t: t.phase)],
        clock_notes=clock_notes(t),
    )


def markdown(sh: Sheet) -> str:
    """Task-list Markdown; every value goes through `md`, ids (safe by construction) into
    code spans."""
    out = [f"# {md(sh.title)}: screening and talk", "", f"**{sh.date}** · {md(sh.venue)}  "]
    out += [f"Status: **{sh.status}** · {md(sh.film)}", "", f"## Run sheet ({sh.timezone})", ""]
    out += ["| time | |", "| --- | --- |"]
    out += [f"| {md(t)} | {md(label)} |" for t, label in sh.run_sheet]
    if sh.clock_notes:  # one quoted paragraph per note
        out += ["", "\n>\n".join(f"> {md(note)}" for note in sh.clock_notes)]
    out += ["", "## People", ""]
    out += [f"- **{p.role}: {md(p.name)}**: {md('; '.join(p.details))}" for p in sh.people]
    out += ["", "## Venue", ""] + [f"- **{k}**: {md(v)}" for k, v in sh.venue_facts]
    out += ["", "## Tasks"]
    for phase, tasks in sh.phases:
        out += ["", f"### {phase}", ""]
        for t in tasks:
            box = "x" if t.done else " "
            out.append(f"- [{box}] {t.due:%a %d %b %Y}: {md(t.text)} (`{t.id}`)")
    return "\n".join(out) + "\n"


def text(sh: Sheet, columns: int = 80) -> str:
    """Plain text that fits `columns` display columns."""

    def fill(line: str, indent: str = "") -> list[str]:
        return wrap(line, columns, indent)

    heading = f"{sh.title}: screening and talk"
    out = [*fill(heading), "=" * min(columns, width(heading))]
    out += fill(f"{sh.date}, {sh.venue}") + fill(f"Status: {sh.status}. {sh.film}")
    out += ["", f"RUN SHEET ({sh.timezone})"]
    out += [line for t, label in sh.run_sheet for line in fill(f"  {t}  {label}", " " * 9)]
    out += [line for note in sh.clock_notes for line in fill(f"  Note: {note}", "    ")]
    out += ["", "PEOPLE"]
    for p in sh.people:
        out += fill(f"  {p.role}: {p.name}: {'; '.join(p.details)}", "    ")
    out += ["", "VENUE"]
    out += [line for k, v in sh.venue_facts for line in fill(f"  {k}: {v}", "    ")]
    out += ["", "TASKS"]
    for phase, tasks in sh.phases:
        out += ["", f"  {phase}"]
        for t in tasks:
            box = "[x]" if t.done else "[ ]"
            out += fill(f"  {box} {t.due:%a %d %b}  {t.text} ({t.id})", " " * 18)
    return "\n".join(out) + "\n"


def html(sh: Sheet) -> str:
    from screenkit.documents.pages import render

    return render("checklist.html", sheet=sh)


def render(plan: Plan, sid: str, fmt: str) -> bytes:
    sh = sheet(plan, sid)
    body = {"md": markdown, "txt": text, "html": html}[fmt](sh)
    return body.encode("utf-8")
