"""Tasks: what is due across the plan (or for some screenings), and ticking them off."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from screenkit.edits import changes
from screenkit.errors import InputError
from screenkit.plan.models import Plan
from screenkit.planfile import store
from screenkit.usecases.workspace import Changed, Workspace, require_screening

MAX_DAYS = 366 * 200  # a horizon beyond any plan's dates


def due(
    ws: Workspace,
    ids: Sequence[str] = (),
    *,
    overdue: bool = False,
    within: int | None = None,
    every: bool = False,
) -> list[dict[str, Any]]:
    """Open tasks, soonest first, as `tasks --json` documents them: of the screenings named
    (all when none), only those past their date (`overdue`) or due within `within` days;
    `every` task, done ones too (with `done`, and `settled`: why the data says so)."""
    from screenkit.rules.tasks import open_tasks, tasks_for

    if within is not None and not 0 <= within <= MAX_DAYS:
        raise InputError(f"due within: give a number of days from 0 to {MAX_DAYS}")
    plan = store.load(ws.plan, quick=True)
    for sid in ids:
        require_screening(plan, sid)
    horizon = -1 if overdue else within
    if every:
        chosen = ids or [sid for sid, s in plan.screenings.items() if s.status != "cancelled"]
        found = sorted((t for sid in chosen for t in tasks_for(plan, sid)),
                       key=lambda t: (t.due, t.screening))  # fmt: skip
    else:
        found = open_tasks(plan, ws.today, horizon)
    if ids:
        found = [t for t in found if t.screening in set(ids)]
    rows = []
    for t in found:
        row = {"screening": t.screening, "task": t.id, "text": t.text, "due": t.due.isoformat(),
               "phase": t.phase, "overdue": not t.done and t.due < ws.today,
               "owner": t.owner}  # fmt: skip
        if every:
            row |= {"done": t.done, "settled": t.settled}
        rows.append(row)
    return rows


def assign(ws: Workspace, sid: str, task: str, person: str | None) -> Changed:
    """Give a screening's task an owner (a volunteer or a speaker), or none (`person` None):
    `tasks`, `status` and the digest then say whose it is."""
    from screenkit.edits import keypaths
    from screenkit.rules.tasks import tasks_for
    from screenkit.suggest import hint

    def change(data: dict[str, Any], plan: Plan) -> tuple[dict[str, Any], bool]:
        require_screening(plan, sid)
        known = [t.id for t in tasks_for(plan, sid)]
        if task not in known:
            raise InputError(f"screenings.{sid}: no task {task!r}{hint(task, known, 'task')}")
        people = {**plan.volunteers, **plan.speakers}
        if person is not None and person not in people:
            raise InputError(f"{person}: no volunteer or speaker {person!r}"
                             f"{hint(person, people, 'person')}")  # fmt: skip
        owners = dict(plan.screenings[sid].owners)
        if owners.get(task) == person:
            return data, False
        if person is None:
            owners.pop(task, None)
        else:
            owners[task] = person
        path = ("screenings", sid, "owners")
        new = keypaths.set_value(data, path, owners) if owners else keypaths.unset(data, path)
        return new, True

    edited = ws.edit(change)
    return Changed(f"{sid}.{task}", edited.warnings, edited.result, edited.notices)


def tick_all(ws: Workspace, tasks: Sequence[str], *, done: bool = True) -> Changed:
    """Tick (or untick) tasks at every screening that has them; `Changed.id` names each
    `screening: task` whose state changed."""
    from screenkit.rules.tasks import tasks_for

    def change(data: dict[str, Any], plan: Plan) -> tuple[dict[str, Any], list[str]]:
        made: list[str] = []
        anywhere = False
        for sid in plan.screenings:
            known = [t.id for t in tasks_for(plan, sid)]
            mine = [t for t in tasks if t in known]
            anywhere = anywhere or bool(mine)
            if mine:
                data, changed = changes.tick(data, sid, mine, known, done)
                made += [f"{sid}: {t}" for t in changed]
        if not anywhere:
            raise InputError(f"{', '.join(tasks)}: no screening has such a task; `screenkit "
                             "tasks --all` lists them")  # fmt: skip
        return data, made

    edited = ws.edit(change)
    return Changed(",".join(edited.result), edited.warnings, changed=bool(edited.result),
                   notices=edited.notices)  # fmt: skip


def tick(ws: Workspace, sid: str, tasks: Sequence[str], *, done: bool = True) -> Changed:
    """Mark tasks done (or not); the ticks are kept in the screening's `done` list, and a
    tick wins over the data. `Changed.id` names the tasks whose state changed,
    comma-separated; unticking a task the data settles says why it stays done."""
    from screenkit.rules.tasks import tasks_for

    still: list[str] = []

    def change(data: dict[str, Any], plan: Plan) -> tuple[dict[str, Any], list[str]]:
        require_screening(plan, sid)
        every = tasks_for(plan, sid)
        if not done:
            settled = {t.id: t.settled for t in every if t.settled}
            still.extend(f"{sid}: {tid} stays done all the same: {settled[tid]}" for tid in tasks
                         if tid in settled)  # fmt: skip
        return changes.tick(data, sid, list(tasks), [t.id for t in every], done)

    edited = ws.edit(change)
    return Changed(",".join(edited.result), edited.warnings, changed=bool(edited.result),
                   notices=[*still, *edited.notices])  # fmt: skip
