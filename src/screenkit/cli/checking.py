"""`check` and `schema`: what needs attention in the plan, and its format for editors."""

from __future__ import annotations

from typing import Annotated

import typer

from screenkit.cli import ui
from screenkit.cli.ui import env
from screenkit.errors import ExitCode


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
    problems = checking.check(e.workspace())
    if as_json:
        ui.print_json([p.as_dict() for p in problems])
    elif problems:
        from screenkit.cli.tables import Column

        if ui.stdout_is_terminal():  # the message wraps under itself, nothing cut
            rows = [[p.severity, f"{p.where}: {p.message}"] for p in problems]
            ui.table([Column("severity", kept=True), Column("problem", wrapped=True)], rows)
        else:  # a column each, for grep and cut (scripts: --json)
            rows = [[p.severity, p.where, p.message] for p in problems]
            ui.table([Column("severity"), Column("where"), Column("message")], rows)
    n_errors = sum(p.severity == "error" for p in problems)
    n_warnings = len(problems) - n_errors
    e.say(f"{n_errors} error(s), {n_warnings} warning(s) in {e.plan}")
    if n_errors or (strict and n_warnings):
        raise typer.Exit(ExitCode.PROBLEMS)


def schema() -> None:
    """Print the plan file's JSON Schema. For editors to complete and check as you type.

    Save it and point the plan at it with a first line `#:schema ./screenkit.schema.json`.

    Example: screenkit schema > screenkit.schema.json
    """
    from screenkit.usecases import checking

    ui.print_json(checking.schema())


def register(app: typer.Typer) -> None:
    app.command()(check)
    app.command()(schema)
