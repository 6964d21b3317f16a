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
        what = r["text"] + (f" [{r['owner']}]" if r.get("owner") else "")
        if every and r["done"]:
            what = f"done: {what}" + (f" ({r['settled']})" if r["settled"] else "")
        table.append([due, r["screening"], r["task"], what])
    columns = [Column("due", kept=True), Column("screening", kept=True), Column("task", kept=True),
               Column("what", wrapped=True)]  # fmt: skip
    e.table(columns, table)
    left = sum(1 for r in rows if not r.get("done"))
    e.say(f"{left} open task(s)" + (f" of {len(rows)}" if every else ""))


def _tick(ctx: typer.Context, args: list[str], done: bool, every: bool) -> None:
    from screenkit.errors import InputError
    from screenkit.usecases import tasks as usecase

    e = env(ctx)
    verb = "ticked" if done else "unticked"
    if every:  # `tick --all invites`: that task, at every screening that has it
        many = usecase.tick_all(e.workspace(), args, done=done)
        for item in filter(None, many.id.split(",")):
            e.say(f"{verb} {item}")
        if not many.changed:
            e.say(f"{', '.join(args)}: already {verb} wherever it is a task")
        e.report(many)
        return
    if len(args) < 2:
        raise InputError("give the screening and its tasks (tick clapham licence), or --all "
                         "and the tasks (tick --all licence)")  # fmt: skip
    screening_id, names = args[0], args[1:]
    changed = usecase.tick(e.workspace(), screening_id, names, done=done)
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
    typer.Argument(metavar="ID TASK...", help="The screening, then task ids as in `tasks` or "
                   "the checklist (with --all: the task ids alone).", show_default=False),
]  # fmt: skip
EVERY = Annotated[bool, typer.Option("--all", help="At every screening that has the task.")]


def tick(ctx: typer.Context, args: TASKS, every: EVERY = False) -> None:
    """Mark tasks done; the ticks are kept in the plan.

    With --all, the tasks are ticked at every screening that has them (the licence for the
    whole tour, say).

    Example: screenkit tick ica-premiere licence venue
    """
    _tick(ctx, args, True, every)


def untick(ctx: typer.Context, args: TASKS, every: EVERY = False) -> None:
    """Mark tasks as not done again.

    Example: screenkit untick ica-premiere licence
    """
    _tick(ctx, args, False, every)


def assign(
    ctx: typer.Context,
    screening_id: ID,
    task: Annotated[str, typer.Argument(metavar="TASK", help="A task id, as in `tasks`.",
                                        show_default=False)],
    person: Annotated[str, typer.Argument(metavar="PERSON", help="A volunteer or speaker id; "
                                          "- for nobody.", show_default=False)],
) -> None:  # fmt: skip
    """Give a task an owner. `tasks`, `status` and the digest then say whose it is.

    Example: screenkit task assign clapham licence alex
    """
    from screenkit.usecases import tasks as usecase

    e = env(ctx)
    done = usecase.assign(e.workspace(), screening_id, task, None if person == "-" else person)
    who = "nobody" if person == "-" else person
    e.say(f"{screening_id}: {task} is {who}'s" if done.changed else
          f"{screening_id}: {task} was already {who}'s")  # fmt: skip
    e.report(done)


def register(app: typer.Typer) -> None:
    app.command()(tasks)
    app.command()(tick)
    app.command()(untick)
    from screenkit.cli.app import ScreenkitGroup

    group = typer.Typer(help="Tasks: who does each.", no_args_is_help=True, cls=ScreenkitGroup)
    group.command("assign")(assign)
    app.add_typer(group, name="task")
