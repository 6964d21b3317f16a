"""A network's read commands: every group's plan read by the single-plan use case, as its
group would read it (its own settings, clock and defaults), then named `group/id` and put
together. Nothing here writes a plan.

`list`, `show`, `check`, `status` and `tasks` run once per plan; `export feed` and `vdir`
build one calendar from the plans put together (`network.combine`); `export site` gathers
each plan's public facts and builds one site; `export report` puts each plan's report
together (`documents.impact.network`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from screenkit.errors import InputError
from screenkit.plan.problems import Problem
from screenkit.rules.network import Member, qualified, split
from screenkit.usecases.workspace import Workspace

T = TypeVar("T")
TABLES = ("films", "venues", "speakers", "volunteers", "screenings")


def members(ws: Workspace, *, quick: bool = True) -> list[Member]:
    """Every plan `-f` named, read and named; two plans of one name are refused."""
    from screenkit.errors import PlanError
    from screenkit.planfile import store
    from screenkit.rules.network import name_of

    found: list[Member] = []
    seen: dict[str, Member] = {}
    for path in ws.plans or (ws.plan,):
        try:
            plan = store.load(path, quick=quick)
        except PlanError as exc:  # among many plans, say which one is wrong
            shown = f"{path}:"
            raise PlanError(*(line if line.startswith(shown) else f"{shown} {line}"
                              for line in exc.lines)) from None  # fmt: skip
        if len(ws.plans) > 1 and is_kit(plan):  # the kit beside the groups' plans is not one
            continue
        name = name_of(path, plan)
        if name in seen:
            raise InputError(
                f"-f: {seen[name].path} and {path} are both named {name!r}; set "
                '[tour] group = "…" in one of them (screenkit -f FILE set tour.group NAME)'
            )
        seen[name] = member = Member(name, path, plan)
        found.append(member)
    return found


def is_kit(plan: Any) -> bool:
    """A kit (`kit export`), not a group's plan: films and no organiser, venue or screening."""
    return bool(plan.films) and not (plan.organiser or plan.venues or plan.screenings)


def of(ws: Workspace, m: Member) -> Workspace:
    """The workspace of one group's plan alone."""
    return dataclasses.replace(ws, plan=m.path, plans=())


def each(ws: Workspace, run: Callable[[Workspace], T]) -> list[tuple[Member, T]]:
    return [(m, run(of(ws, m))) for m in members(ws)]


def find(ws: Workspace, ref: str) -> tuple[Member, str]:
    """The plan and id of `leeds/launch`, or of `launch` when only one plan has it."""
    from screenkit.suggest import unknown

    group, rid = split(ref)
    found = members(ws)
    if group is not None:
        by_name = {m.name: m for m in found}
        if group not in by_name:
            raise InputError(f"{ref}: no plan named {group!r}; the plans are "
                             f"{', '.join(by_name)}")  # fmt: skip
        m = by_name[group]
        if rid not in m.plan.screenings:
            raise InputError(f"screenings.{ref}: {unknown('screening', rid, m.plan.screenings)}")
        return m, rid
    having = [m for m in found if rid in m.plan.screenings]
    if len(having) == 1:
        return having[0], rid
    if not having:
        every = {qualified(m.name, sid): None for m in found for sid in m.plan.screenings}
        raise InputError(f"screenings.{ref}: {unknown('screening', ref, every)}")
    names = ", ".join(qualified(m.name, rid) for m in having)
    raise InputError(f"screenings.{ref}: {len(having)} plans have it ({names}); give one")


def shape(row: dict[str, Any], name: str) -> dict[str, Any]:
    """A `list --json` or `show --json` record with its ids as `group/id` and a `plan`."""
    q = lambda rid: qualified(name, rid) if rid else rid  # noqa: E731
    out = {"plan": name, **row, "id": q(row["id"]), "film": q(row["film"]),
           "venue": q(row["venue"]), "speakers": [q(p) for p in row["speakers"]],
           "host": q(row.get("host"))}  # fmt: skip
    if "rsvp" in row:
        out["rsvp"] = {q(p): a for p, a in row["rsvp"].items()}
    return out


def problem(p: Problem, name: str) -> Problem:
    """A group's problem, placed in its plan: `leeds: screenings.launch.start`."""
    return dataclasses.replace(p, plan=name,
                               involves=tuple(qualified(name, s) for s in p.involves))  # fmt: skip


def uid_clashes(found: list[Member]) -> list[Problem]:
    """A warning for each screening whose calendar uid another group's plan also has."""
    from screenkit.rules.network import clashing_uids

    out = []
    for who in clashing_uids(found).values():
        for ref in who:
            group, sid = split(ref)
            others = ", ".join(w for w in who if w != ref)
            out.append(Problem(
                "warning", ("screenings", sid, "uid"),
                f"the same calendar uid as {others} (copied from another plan?): the "
                "network's feed and site tell them apart, but a calendar that reads both "
                "groups' own would show one event; before its invitations go out, give it a "
                "new uid in this plan's file (any unique text, such as a fresh UUID)",
                (ref,), group,
            ))  # fmt: skip
    return out


# -- the read commands ------------------------------------------------------------------------
def listing(ws: Workspace) -> list[dict[str, Any]]:
    from screenkit.usecases.screenings import listing as one

    rows = [shape(row, m.name) for m, rows in each(ws, one) for row in rows]
    return sorted(rows, key=lambda r: (r["date"], r["start"], r["id"]))


def check(ws: Workspace) -> list[Problem]:
    from screenkit.usecases.checking import check as one

    found = members(ws)
    problems = [problem(p, m.name) for m in found for p in one(of(ws, m))]
    problems += uid_clashes(found)
    rank = {"error": 0, "warning": 1}
    return sorted(problems, key=lambda p: (rank[p.severity], p.where, p.message))


def tasks(ws: Workspace, ids: Sequence[str], **options: Any) -> list[dict[str, Any]]:
    from screenkit.usecases.tasks import due

    wanted: dict[str, list[str]] = {}
    for ref in ids:
        m, sid = find(ws, ref)
        wanted.setdefault(m.name, []).append(sid)
    rows = []
    for m in members(ws):
        if ids and m.name not in wanted:
            continue
        for row in due(of(ws, m), wanted.get(m.name, []), **options):
            rows.append({"plan": m.name, **row, "screening": qualified(m.name, row["screening"])})
    return sorted(rows, key=lambda r: (r["due"], r["screening"], r["task"]))


def show(ws: Workspace, ref: str) -> Any:
    from screenkit.usecases.screenings import show as one

    m, sid = find(ws, ref)
    shown = one(of(ws, m), sid)
    shown.info = shape(shown.info, m.name)
    return shown


# -- status: which groups to chase ----------------------------------------------------------
CHASE = ("errors", "answers", "after")  # what a national office chases a group for


@dataclasses.dataclass
class Group:
    """A group with something to chase, and who to write to."""

    plan: str
    file: str
    organiser: str | None
    email: str | None
    pending: list[Any]  # status.Pending, screening ids as `group/id`

    def as_dict(self) -> dict[str, Any]:
        return {"plan": self.plan, "file": self.file, "organiser": self.organiser,
                "email": self.email, "pending": [p.as_dict() for p in self.pending]}  # fmt: skip


def status(ws: Workspace) -> tuple[list[Group], int]:
    """The groups with held screenings and no result, returns overdue, answers not in or
    errors in their plan; and how many plans were read."""
    from screenkit.usecases.status import status as one

    found = members(ws)
    groups = []
    for m in found:
        pending = [
            dataclasses.replace(p, screening=qualified(m.name, p.screening) if p.screening
                                else None)
            for p in one(of(ws, m)) if p.kind in CHASE
        ]  # fmt: skip
        if pending:
            o = m.plan.organiser
            groups.append(Group(m.name, str(m.path), o.name if o else None,
                                str(o.email) if o and o.email else None, pending))  # fmt: skip
    return groups, len(found)


# -- calendars and the site -------------------------------------------------------------------
def _combined(ws: Workspace) -> tuple[list[Member], Any, list[Problem], list[Problem]]:
    """The plans put together, each plan's problems placed in it (screening ids as
    `group/id`, as `delivery.build` files them), and a warning for each screening with no
    calendar identity yet: only its group's own export gives one, so it is left out."""
    from screenkit.rules.checks import check as run
    from screenkit.rules.network import combine

    found = members(ws, quick=False)
    plan = combine(found)
    problems = []
    for m in found:
        for p in run(m.plan, ws.today):
            loc = p.loc
            if len(loc) > 1 and loc[0] in TABLES:
                loc = (loc[0], qualified(m.name, str(loc[1])), *loc[2:])
            problems.append(dataclasses.replace(p, loc=loc))
    unsynced = [sid for sid, s in plan.screenings.items() if not (s.uid and s.calendar)]
    waiting = [
        Problem("warning", ("screenings", sid), "left out: no calendar identity yet; its group "
                "makes one with `screenkit export`")
        for sid in unsynced
    ]  # fmt: skip
    if unsynced:
        keep = {sid: s for sid, s in plan.screenings.items() if sid not in set(unsynced)}
        plan = plan.model_copy(update={"screenings": keep})
    return found, plan, problems, waiting


def feed(ws: Workspace, target: Any) -> Any:
    """One public calendar of every group's screenings."""
    from screenkit.delivery.build import Request, build
    from screenkit.usecases.delivering import write
    from screenkit.usecases.exports import Exported

    _, plan, problems, waiting = _combined(ws)
    built = build(plan, problems, Request(feed="feed.ics"))
    delivery = write(target, built.outputs)
    # Each group's own warnings are its business (`check` lists them): here, only what
    # this calendar leaves out.
    return Exported(delivery, built.left_out, waiting)


def vdir(ws: Workspace, view: Any, target: Any) -> Any:
    """One calendar object per screening of every group."""
    from screenkit.delivery.build import calendar_objects
    from screenkit.usecases.delivering import write
    from screenkit.usecases.exports import Exported

    _, plan, problems, waiting = _combined(ws)
    built = calendar_objects(plan, problems, view)
    with ws.progress("exporting", built.total) as step:
        delivery = write(target, built.outputs, step)
    # Each group's own warnings are its business (`check` lists them): here, only what
    # this calendar leaves out.
    return Exported(delivery, built.left_out, waiting)


def publicity(ws: Workspace) -> tuple[Any, Any]:
    """The plans put together, and every group's public facts, each as its own plan gives
    them, named by group (`group/id` ids, the group and its region)."""
    from screenkit.publicity.facts import Publicity, gather
    from screenkit.rules.network import combine, slug, title

    found = members(ws, quick=False)
    out = Publicity()
    for m in found:
        if m.plan.conflicts:  # one group's unsettled merge withholds its evenings, not all
            why = (f"{len(m.plan.conflicts)} conflict(s) a merge left unsettled; run "
                   f"`screenkit -f {m.path} resolve` first")  # fmt: skip
            out.withheld |= {qualified(m.name, sid): why for sid in m.plan.screenings}
            continue
        try:
            own = gather(m.plan, ws.now, m.path.parent)
        except InputError as exc:  # one group's poster: the national site goes on without it
            own = gather(m.plan, ws.now, m.path.parent, posters=False)
            out.posterless.append((m.name, "; ".join(exc.lines)))
        region = m.plan.tour.region if m.plan.tour else None
        for p in own.screenings:
            film = p.film
            if film.poster:  # one image per group's film: two groups may differ
                name = film.poster.name.replace("images/", f"images/{slug(m.name)}.", 1)
                film = dataclasses.replace(film, poster=dataclasses.replace(film.poster, name=name))
            out.screenings.append(
                dataclasses.replace(
                    p, id=qualified(m.name, p.id), film=film, group=title(m), region=region
                )
            )
        out.withheld |= {qualified(m.name, sid): why for sid, why in own.withheld.items()}
    out.screenings.sort(key=lambda p: (p.start.astimezone(dt.UTC), p.id))
    return combine(found), out


def site(ws: Workspace, target: Any, base: str | None = None) -> Any:
    """One public site of every group's screenings, each page naming its group, the index
    narrowed by region or town."""
    from screenkit.publicity import site as pages
    from screenkit.publicity.facts import base_url
    from screenkit.usecases.delivering import write
    from screenkit.usecases.exports import Exported
    from screenkit.usecases.publicity import sweep, withheld

    plan, found = publicity(ws)
    with ws.progress("site", len(found.screenings)) as step:
        delivery = write(target, pages.build(plan, found, base_url(base), step))
    removed = [] if delivery.failed else sweep(target, [o.name for o in delivery.delivered()])
    return Exported(delivery, {}, withheld(found), removed)


def report(ws: Workspace, fmt: str, target: Any) -> Any:
    """Every group's report put together, with whom to ask for the results not in."""
    from screenkit.delivery.build import MEDIA_TYPES
    from screenkit.documents import impact
    from screenkit.output import Output
    from screenkit.usecases.delivering import write
    from screenkit.usecases.exports import Exported

    if fmt not in impact.FORMATS:
        raise InputError(f"format: {fmt!r} is not one of {', '.join(impact.FORMATS)}")
    content = impact.written(impact.network(members(ws), ws.today), fmt)
    media = {**MEDIA_TYPES, "csv": "text/csv"}[fmt]
    return Exported(write(target, [Output(f"report.{fmt}", content, "report", media)]))
