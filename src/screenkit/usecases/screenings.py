"""Screenings: plan one, change it, cancel, rename or remove it, list and show them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from screenkit.planfile import store
from screenkit.usecases.workspace import Changed, Workspace, require_screening

if TYPE_CHECKING:
    from screenkit.plan.models import Plan
    from screenkit.plan.problems import Problem

# Writing modules (planning, fields, records) are imported where used: `list` and `show`
# start faster without them (tests/test_startup.py).


def missing(given: dict[str, Any]) -> list[str]:
    """Required fields of a new screening that `given` lacks."""
    from screenkit.plan import fields

    return [name for name in fields.required("screening") if given.get(name) in (None, "", [])]


def new(ws: Workspace, sid: str | None, given: dict[str, Any]) -> Changed:
    """Add a screening; without an id it is named `<venue>-<date>`. It gets its calendar
    identity (uid) now, once."""
    from screenkit.edits import changes
    from screenkit.errors import InputError
    from screenkit.usecases.records import check_new_id, prepare

    if sid is not None:
        check_new_id("screening", sid)
    lacking = missing(given)
    if lacking:
        raise InputError(f"a new screening needs {', '.join(lacking)}")
    uid = ws.new_uid()
    terms = _FiledUnderNew()

    def change(data: dict[str, Any], plan: Plan) -> tuple[dict[str, Any], str]:
        record = prepare("screening", sid, given, plan)
        new_data, terms.sid = changes.new_screening(data, sid, record, uid)
        return new_data, terms.sid

    edited = ws.edit(change, explain=terms)
    return Changed(
        edited.result, [terms.refile(p) for p in edited.warnings], notices=edited.notices
    )


class _FiledUnderNew:
    """A clash between the new screening and an old one is told as the new one's problem:
    that is the one the person is adding, whichever of the two starts first. (The plan's
    own wording otherwise, `PlanTerms`, imported when used: `list` never writes.)"""

    sid: str | None = None

    def refile(self, problem: Problem) -> Problem:
        sid = self.sid
        if sid is None or sid not in problem.involves or problem.screening in (None, sid):
            return problem
        return replace(problem, loc=("screenings", sid, *problem.loc[2:]))

    def failure(self, invalid: list[Any], problems: list[Problem]) -> Exception | None:
        from screenkit.planfile.session import PlanTerms

        return PlanTerms().failure(invalid, [self.refile(p) for p in problems])


def update(ws: Workspace, sid: str, given: dict[str, Any], clear: Sequence[str] = ()) -> Changed:
    """Change a screening. A new start takes the doors with it, by as much, unless doors
    are given too (or cleared): the notice says so."""
    from screenkit.edits import changes
    from screenkit.plan import values
    from screenkit.usecases.records import prepare

    moved: list[str] = []

    def change(data: dict[str, Any], plan: Plan) -> tuple[dict[str, Any], None]:
        require_screening(plan, sid)
        record = prepare("screening", sid, given, plan)
        s = plan.screenings[sid]
        if "start" in record and "doors" not in record and "doors" not in clear and s.doors:
            new_start = values.parse_clock(record["start"])  # typed already: no second parse
            doors = changes.moved_doors(s.start, new_start, s.doors)
            if doors is not None and doors != s.doors:
                record["doors"] = values.format_clock(doors)
                old, new = values.format_clock(s.doors), record["doors"]
                moved.append(f"{sid}: doors moved with the start, {old} → {new} (give --doors "
                             "to set them yourself)")  # fmt: skip
        return changes.update_record(data, "screening", sid, record, tuple(clear)), None

    edited = ws.edit(change, invitations=True)
    return Changed(sid, edited.warnings, notices=[*moved, *edited.notices])


def cancel(ws: Workspace, sid: str) -> Changed:
    """Mark it cancelled; it stays in the plan so that its invite can be withdrawn."""
    from screenkit.edits import changes

    edited = ws.edit(lambda data, _: (changes.cancel_screening(data, sid), None), invitations=True)
    return Changed(sid, edited.warnings, notices=edited.notices)


def load_one(ws: Workspace, sid: str, *, quick: bool = True) -> Plan:
    plan = store.load(ws.plan, quick=quick)
    require_screening(plan, sid)
    return plan


def listing(ws: Workspace) -> list[dict[str, Any]]:
    """Every screening in date order, as `list --json` documents it."""
    from screenkit.usecases.shapes import describe

    plan = store.load(ws.plan, quick=True)
    order = sorted(
        plan.screenings, key=lambda k: (plan.screenings[k].date, plan.screenings[k].start)
    )
    return [describe(plan, sid, ws.today) for sid in order]


@dataclass
class Shown:
    info: dict[str, Any]  # the `show --json` shape
    sections: list[tuple[str, list[str]]] = field(default_factory=list)  # for people


def show(ws: Workspace, sid: str) -> Shown:
    """One screening: its facts, run sheet, venue and people with their phones."""
    from screenkit.usecases.shapes import describe

    plan = load_one(ws, sid)
    info = describe(plan, sid, ws.today)
    s = plan.screenings[sid]
    if s.film not in plan.films or s.venue not in plan.venues:
        return Shown(info, [("", [f"{k}: {v}" for k, v in info.items() if v not in (None, [])])])
    from screenkit.documents.checklist import sheet
    from screenkit.rules.schedule import clock_notes, timing

    sh = sheet(plan, sid)
    notes = clock_notes(timing(plan, s))
    sections = [
        ("", [sh.film, f"{sh.date}, {sh.venue}", f"status: {sh.status}", f"uid: {s.uid}"]),
        (f"Run sheet ({sh.timezone})", [f"{t}  {label}" for t, label in sh.run_sheet]),
        ("People", [f"{p.role}: {p.name}" + (f" ({'; '.join(p.details)})" if p.details else "")
                    for p in sh.people]),
        ("Venue", [f"{k}: {v}" for k, v in sh.venue_facts]),
    ]  # fmt: skip
    if notes:
        sections.insert(2, ("Clock change", notes))
    if s.result is not None:
        from screenkit.rules.results import result_lines

        sections.append(("Held" if info["held"] else "Result", result_lines(plan, sid)))
    return Shown(info, sections)
