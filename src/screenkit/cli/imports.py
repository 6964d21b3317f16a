"""`import`: a whole tour from a spreadsheet or from `list --json` output."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from screenkit.cli import ui
from screenkit.cli.ui import env


def import_(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(metavar="FILE|-", help="CSV or JSON; - for stdin.")],
    fmt: Annotated[
        str | None,
        typer.Option("--format", metavar="csv|json", help="Default: from the extension."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would change; write nothing.")
    ] = False,
    on_existing: Annotated[
        str,
        typer.Option(
            "--on-existing",
            metavar="error|skip|update",
            help="What a row does to a screening that exists.",
        ),
    ] = "error",
) -> None:
    """Import a whole tour from a spreadsheet. Screenings, creating or reusing their films,
    venues and speakers.

    One row per screening; all rows are checked before anything is written, and each problem
    names its row and column. The columns are in docs/how-to/import-a-tour.md (a file with an
    unknown column lists them all).

    Example: screenkit import tour.csv --on-existing skip
    """
    from screenkit.usecases import imports

    e = env(ctx)
    report = imports.run(e.workspace(), source, fmt=fmt, on_existing=on_existing,
                         dry_run=dry_run, stdin=sys.stdin.buffer)  # fmt: skip
    for line in report.lines(dry_run):
        ui.out(line)
    e.warn_problems(report.warnings, limit=20)
    created = sum(len(ids) for ids in report.created.values())
    updated = sum(len(ids) for ids in report.updated.values())
    prefix = "dry run, nothing written: " if dry_run else ""
    e.say(f"{prefix}{created} created, {updated} updated, {len(report.skipped)} skipped")


def register(app: typer.Typer) -> None:
    app.command("import")(import_)
