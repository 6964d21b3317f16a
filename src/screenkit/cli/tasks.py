"""`tasks`, `tick` and `untick`: what is due, and what is done."""

from __future__ import annotations

from typing import Annotated

import typer

from screenkit.cli import ui
from screenkit.cli.options import ID
from screenkit.cli.ui import env


def tasks(
    ctx: typer.Context,
    ids: Annotated[
        list[str] | None,
        typer.Argument(metavar="[IDS]...", help="Screening ids; all if none.", show_default=False),
    ] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only tasks past their date.")] = False,
    due_within: Annotated[
        int | None,
        typer.Option("--due-within", metavar="DAYS", help="Only tasks due in this many days."),
    ] = None,
    every: Annotated[
        bool, typer.Option("--all", help="Every task, done ones too, with why the data says so.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """Open tasks, soonest first: of every screening, or of those named.

    A task the plan's data settles (the licence confirmed with its reference, the film
    rated, everyone holding the latest invitation, every speaker accepted, the result
    recorded, the return made) is done without a tick; --all shows them, with why.

    Example: screenkit tasks --due-within 7
    """
    from screenkit.usecases import tasks as usecase

    e = env(ctx)
    ws = e.workspace(network=True)
    due = ui.across(ws, usecase.due, "tasks")
    rows = due(ws, ids or [], overdue=overdue, within=due_within, every=every)
    if as_json:
        ui.print_json(rows)
        return
    if not rows:
        within = f" in the next {due_within} days" if due_within is not None else ""
        e.say(f"Nothing to do{within}: no open task is {'overdue' if overdue else 'due'}.")
        return
    from screenkit.cli.tables import Column

    table = []
    for r in rows:
        due = r["due"] + (" (overdue)" if r["overdue"] else "")
        what = r["text"]
        if every and r["done"]:
            what = f"done: {what}" + (f" ({r['settled']})" if r["settled"] else "")
        table.append([due, r["screening"], r["task"], what])
    columns = [Column("due", kept=True), Column("screening", kept=True), Column("task", kept=True),
               Column("what", wrapped=True)]  # fmt: skip
    e.table(columns, table)
    left = sum(1 for r in rows if not r.get("done"))
    e.say(f"{left} open task(s)" + (f" of {len(rows)}" if every else ""))


def _tick(ctx: typer.Context, screening_id: str, names: list[str], done: bool) -> None:
    from screenkit.usecases import tasks as usecase

    e = env(ctx)
    changed = usecase.tick(e.workspace(), screening_id, names, done=done)
    verb = "ticked" if done else "unticked"
    if changed.changed:  # first: a task the data settles then says why it stays done
        e.say(f"{verb} {changed.id.replace(',', ', ')} for {screening_id}")
    e.report(changed)  # an untick can make a task overdue
    # A task the data settles has said why it stays done; "already unticked" would not help.
    settled = {n for n in names if f"{screening_id}: {n} stays done" in " ".join(changed.notices)}
    left = [n for n in dict.fromkeys(names) if n not in changed.id.split(",") and n not in settled]
    if left:
        e.say(f"{', '.join(left)} {'was' if len(left) == 1 else 'were'} already {verb}")


TASKS = Annotated[
    list[str],
    typer.Argument(metavar="TASK...", help="Task ids, as in `tasks` or the checklist.",
                   show_default=False),
]  # fmt: skip


def tick(ctx: typer.Context, screening_id: ID, task: TASKS) -> None:
    """Mark tasks done; the ticks are kept in the plan.

    Example: screenkit tick ica-premiere licence venue
    """
    _tick(ctx, screening_id, task, True)


def untick(ctx: typer.Context, screening_id: ID, task: TASKS) -> None:
    """Mark tasks as not done again.

    Example: screenkit untick ica-premiere licence
    """
    _tick(ctx, screening_id, task, False)


def register(app: typer.Typer) -> None:
    app.command()(tasks)
    app.command()(tick)
    app.command()(untick)
