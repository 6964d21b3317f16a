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
    """Check the plan: references, double bookings, travel, curfews, licences, dates.

    Exits 0 when there are no errors (and, with --strict, no warnings), 1 otherwise.

    Example: screenkit check --strict
    """
    from screenkit.usecases import checking

    e = env(ctx)
    problems = checking.check(e.workspace())
    if as_json:
        ui.print_json([p.as_dict() for p in problems])
    elif problems:
        ui.table(
            ["severity", "where", "message"], [[p.severity, p.where, p.message] for p in problems]
        )
    n_errors = sum(p.severity == "error" for p in problems)
    n_warnings = len(problems) - n_errors
    e.say(f"{n_errors} error(s), {n_warnings} warning(s) in {e.plan}")
    if n_errors or (strict and n_warnings):
        raise typer.Exit(ExitCode.PROBLEMS)


def schema() -> None:
    """Print the JSON Schema of the plan file, for editor completion and checking.

    Save it and point the plan at it with a first line `#:schema ./screenkit.schema.json`.

    Example: screenkit schema > screenkit.schema.json
    """
    from screenkit.usecases import checking

    ui.print_json(checking.schema())


def register(app: typer.Typer) -> None:
    app.command()(check)
    app.command()(schema)
