"""`status`, `check` and `schema`: what needs doing, what needs attention in the plan, and
its format for editors."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from screenkit.cli import ui
from screenkit.cli.ui import env
from screenkit.errors import ProblemsFound


def check(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
) -> None:
    """Check the plan as an organiser would. References, double bookings, travel, curfews,
    licences, dates.

    Exits 0 when there are no errors (and, with --strict, no warnings), 1 otherwise.

    Example: screenkit check --strict
    """
    from screenkit.usecases import checking

    e = env(ctx)
    ws = e.workspace(network=True)
    problems = ui.across(ws, checking.check, "check")(ws)
    if as_json:
        ui.print_json([p.as_dict() for p in problems])
    elif problems:
        from screenkit.cli.tables import Column

        if ui.stdout_is_terminal():  # the message wraps under itself, nothing cut
            rows = [[p.severity, f"{p.where}: {p.message}"] for p in problems]
            e.table([Column("severity", kept=True), Column("problem", wrapped=True)], rows)
        else:  # a column each, for grep and cut (scripts: --json)
            rows = [[p.severity, p.where, p.message] for p in problems]
            e.table([Column("severity"), Column("where"), Column("message")], rows)
    n_errors = sum(p.severity == "error" for p in problems)
    n_warnings = len(problems) - n_errors
    where = f"{len(ws.plans)} plans" if ws.network else str(ws.plan)
    e.say(f"{n_errors} error(s), {n_warnings} warning(s) in {where}")
    if n_errors or (strict and n_warnings):
        raise ProblemsFound


def schema() -> None:
    """Print the plan file's JSON Schema. For editors to complete and check as you type.

    Save it and point the plan at it with a first line `#:schema ./screenkit.schema.json`.

    Example: screenkit schema > screenkit.schema.json
    """
    from screenkit.usecases import checking

    ui.print_json(checking.schema())


STATUS_HEADINGS = {
    "pull": "The team's repository",
    "errors": "The plan",
    "warnings": "Warnings",
    "invitations": "Invitations to send",
    "calendars": "Shared calendars",
    "exports": "Exported folders",
    "tasks": "Overdue tasks",
    "answers": "Answers to chase",
    "after": "After the screening",
}


def status(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """Say what needs doing, each with the command that does it.

    Invitations people hold in an older version, calendars published before the last
    change, exported folders older than the plan, overdue tasks, answers not in by
    settings.confirm_by, and results and returns due. Changes nothing.

    Example: screenkit status
    """
    import textwrap

    from screenkit.usecases.status import status as pending

    e = env(ctx)
    ws = e.workspace(network=True)
    if ws.network:
        return _network_status(ws, as_json)
    found = pending(ws)
    if as_json:
        ui.print_json([p.as_dict() for p in found])
        return
    shown = [p for p in found if p.kind != "invitations" or p.person is None]
    if not shown:
        ui.out("Nothing pending: invitations, calendars, tasks and results are up to date.")
        return
    width = max(40, min(ui.terminal_width(), 100) - 4)
    for kind, heading in STATUS_HEADINGS.items():
        items = [p for p in shown if p.kind == kind]
        if not items:
            continue
        ui.out(f"{heading}:")
        for p in items:
            text = f"{p.screening}: {p.message}" if p.screening else p.message
            for n, line in enumerate(textwrap.wrap(text, width, break_on_hyphens=False)):
                ui.out(("  " if n == 0 else "    ") + line)
            ui.out(f"    run: {p.command}")
        ui.out("")


def _network_status(ws: Any, as_json: bool) -> None:
    """The groups to chase, each with whom to write to: results not in, returns overdue,
    answers not in, errors in their plan."""
    import textwrap

    from screenkit.usecases.network import status

    groups, read = status(ws)
    if as_json:
        ui.print_json([g.as_dict() for g in groups])
        return
    if not groups:
        ui.out(f"Nothing to chase in {read} plans: results, returns and answers are in.")
        return
    width = max(40, min(ui.terminal_width(), 100) - 4)
    for g in groups:
        who = f"{g.organiser} <{g.email}>" if g.email else (g.organiser or "no organiser")
        ui.out(f"{g.plan}: {who}")
        for p in g.pending:
            text = f"{p.screening}: {p.message}" if p.screening else p.message
            for n, line in enumerate(textwrap.wrap(text, width, break_on_hyphens=False)):
                ui.out(("  " if n == 0 else "    ") + line)
        ui.out("")
    ui.out(f"{len(groups)} of {read} groups to chase.")


def privacy(
    ctx: typer.Context,
    person: Annotated[
        str | None,
        typer.Argument(
            metavar="[ID]", help="One private speaker; all if none.", show_default=False
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """Show where each private speaker's real name goes. Every output and person that
    carries it (the organiser's files, their own invitation, whoever --share-with names, the
    team calendar), public text a reviewer let through near it, and what is withheld.

    Everyone else sees their public name: co-speakers, volunteers, the checklist, the public.

    Example: screenkit privacy nour
    """
    from screenkit.usecases.privacy import privacy as run

    e = env(ctx)
    found = run(e.workspace(), person)
    if as_json:
        ui.print_json([x.as_dict() for x in found])
        return
    if not found:
        e.say("no private speakers: nothing is withheld")
        return
    lines = []
    for x in found:
        shown = x.public_name or "A guest speaker"
        lines.append(f"{x.person} (shown as {shown!r}; at {', '.join(x.screenings) or 'none'})")
        lines.append("  carries the real name:")
        lines += [f"    {c.output}: to {c.to} ({c.why})" for c in x.carried_by]
        if x.near:
            lines.append("  public text near it, reviewed:")
            lines += [f"    {n.where}: {n.part!r}" for n in x.near]
        if x.withheld:
            lines.append(f"  withheld from the public now: {', '.join(x.withheld)}")
    import textwrap

    width = max(40, min(ui.terminal_width(), 100))
    for line in lines:  # wrapped under itself at the terminal's width, nothing cut
        indent = " " * (len(line) - len(line.lstrip()) + 2)
        ui.out(textwrap.fill(line, width, subsequent_indent=indent, break_on_hyphens=False))


def register(app: typer.Typer) -> None:
    app.command()(status)
    app.command()(check)
    app.command()(schema)
    app.command()(privacy)
