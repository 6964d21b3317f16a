"""`tasks`, `tick` and `untick`: what is due, and what is done."""

from __future__ import annotations

from typing import Annotated

import typer

from screenkit.cli import ui
from screenkit.cli.ui import env, say


def tasks(
    ctx: typer.Context,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only tasks past their date.")] = False,
    due_within: Annotated[
        int | None, typer.Option("--due-within", help="Only tasks due in this many days.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """Open tasks across all screenings, soonest first.

    Example: screenkit tasks --due-within 7
    """
    from screenkit import store
    from screenkit.errors import InputError
    from screenkit.tasks import open_tasks

    e = env(ctx)
    if due_within is not None and due_within < 0:
        raise InputError("--due-within: give a number of days, 0 or more")
    today = e.today
    within = -1 if overdue else due_within
    found = open_tasks(store.load(e.plan, quick=True), today, within)
    rows = [
        {
            "screening": t.screening,
            "task": t.id,
            "text": t.text,
            "due": t.due.isoformat(),
            "phase": t.phase,
            "overdue": t.due < today,
        }
        for t in found
    ]
    if as_json:
        ui.print_json(rows)
        return
    table = []
    for r in rows:
        due = r["due"] + (" (overdue)" if r["overdue"] else "")
        table.append([due, r["screening"], r["task"], r["text"]])
    ui.table(["due", "screening", "task", "what"], table)
    say(e, f"{len(rows)} open task(s)")


def _tick(ctx: typer.Context, screening_id: str, task: str, done: bool) -> None:
    from screenkit import planning, store
    from screenkit.errors import InputError
    from screenkit.tasks import tasks_for

    e = env(ctx)

    def change(data, plan):  # type: ignore[no-untyped-def]
        if screening_id not in plan.screenings:
            raise InputError(f"screenings.{screening_id}: no screening with this id")
        known = [t.id for t in tasks_for(plan, screening_id)]
        return planning.tick(data, screening_id, task, known, done)

    changed = store.edit(e.plan, change, e.today).result
    verb = "ticked" if done else "unticked"
    say(e, f"{verb} {task} for {screening_id}" if changed else f"{task} was already {verb}")


def tick(
    ctx: typer.Context,
    screening_id: Annotated[str, typer.Argument(metavar="ID")],
    task: Annotated[str, typer.Argument(metavar="TASK", help="Task id, as in the checklist.")],
) -> None:
    """Mark a task done; the tick is kept in the plan.

    Example: screenkit tick ica-premiere licence
    """
    _tick(ctx, screening_id, task, True)


def untick(
    ctx: typer.Context,
    screening_id: Annotated[str, typer.Argument(metavar="ID")],
    task: Annotated[str, typer.Argument(metavar="TASK")],
) -> None:
    """Mark a task as not done again.

    Example: screenkit untick ica-premiere licence
    """
    _tick(ctx, screening_id, task, False)


def register(app: typer.Typer) -> None:
    app.command()(tasks)
    app.command()(tick)
    app.command()(untick)
