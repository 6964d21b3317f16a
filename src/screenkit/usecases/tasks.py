"""Tasks: what is due across the plan (or for some screenings), and ticking them off."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from screenkit import changes
from screenkit.errors import InputError
from screenkit.models import Plan
from screenkit.planfile import store
from screenkit.usecases.workspace import Changed, Workspace, require_screening

MAX_DAYS = 366 * 200  # a horizon beyond any plan's dates


def due(
    ws: Workspace,
    ids: Sequence[str] = (),
    *,
    overdue: bool = False,
    within: int | None = None,
) -> list[dict[str, Any]]:
    """Open tasks, soonest first, as `tasks --json` documents them: of the screenings named
    (all when none), only those past their date (`overdue`) or due within `within` days."""
    from screenkit.tasks import open_tasks

    if within is not None and not 0 <= within <= MAX_DAYS:
        raise InputError(f"due within: give a number of days from 0 to {MAX_DAYS}")
    plan = store.load(ws.plan, quick=True)
    for sid in ids:
        require_screening(plan, sid)
    horizon = -1 if overdue else within
    found = open_tasks(plan, ws.today, horizon)
    if ids:
        found = [t for t in found if t.screening in set(ids)]
    return [
        {
            "screening": t.screening,
            "task": t.id,
            "text": t.text,
            "due": t.due.isoformat(),
            "phase": t.phase,
            "overdue": t.due < ws.today,
        }
        for t in found
    ]


def tick(ws: Workspace, sid: str, tasks: Sequence[str], *, done: bool = True) -> Changed:
    """Mark tasks done (or not); the ticks are kept in the screening's `done` list.
    `Changed.id` names the tasks whose state changed, comma-separated."""
    from screenkit.tasks import tasks_for

    def change(data: dict[str, Any], plan: Plan) -> tuple[dict[str, Any], list[str]]:
        require_screening(plan, sid)
        known = [t.id for t in tasks_for(plan, sid)]
        return changes.tick(data, sid, list(tasks), known, done)

    edited = ws.edit(change)
    return Changed(",".join(edited.result), edited.warnings, changed=bool(edited.result))
