"""`import`: a whole tour from a spreadsheet or from `list --json` output."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from screenkit.cli import ui
from screenkit.cli.ui import env, say


def import_(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(metavar="FILE|-", help="CSV or JSON; - for stdin.")],
    fmt: Annotated[
        str | None, typer.Option("--format", help="csv or json (default: from the extension).")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would change; write nothing.")
    ] = False,
    on_existing: Annotated[
        str, typer.Option("--on-existing", help="error, skip or update existing screenings.")
    ] = "error",
) -> None:
    """Import screenings, creating or reusing their films, venues and speakers.

    One row per screening; all rows are checked before anything is written, and each problem
    names its row and column. Columns: see README (or run with an unknown column).

    Example: screenkit import tour.csv --on-existing skip
    """
    import uuid

    from screenkit import importing, store
    from screenkit.errors import InputError

    e = env(ctx)
    if on_existing not in ("error", "skip", "update"):
        raise InputError(f"--on-existing: {on_existing!r} is not one of error, skip, update")
    raw = _read_source(source)
    if fmt is None:
        suffix = Path(source).suffix.lower().lstrip(".")
        if suffix in ("csv", "json"):
            fmt = suffix
        else:  # stdin or an unusual name: JSON starts with [ or {
            fmt = "json" if raw.lstrip()[:1] in (b"[", b"{") else "csv"
    if fmt not in ("csv", "json"):
        raise InputError(f"--format: {fmt!r} is not one of csv, json")
    name = "stdin" if source == "-" else source
    rows = importing.read(raw, fmt, name)
    with ui.progress("importing", len(rows)) as step:
        job = importing.Import(rows, on_existing, lambda: str(uuid.uuid4()), step)  # type: ignore[arg-type]
        edited = store.edit(e.plan, job, e.today, write=not dry_run, explain=job)
    report = edited.result
    for line in report.lines(dry_run):
        ui.out(line)
    created = sum(len(ids) for ids in report.created.values())
    updated = sum(len(ids) for ids in report.updated.values())
    prefix = "dry run, nothing written: " if dry_run else ""
    say(e, f"{prefix}{created} created, {updated} updated, {len(report.skipped)} skipped")


def _read_source(source: str) -> bytes:
    from screenkit.errors import InputError
    from screenkit.importing import MAX_BYTES, too_big

    try:
        if source == "-":
            return sys.stdin.buffer.read(MAX_BYTES + 1)  # never more than the limit in memory
        with open(source, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_BYTES:
                raise too_big(source, size)
            return handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise InputError(f"{source}: no such file") from None
    except OSError as exc:
        raise InputError(f"{source}: cannot read it: {exc.strerror}") from None


def register(app: typer.Typer) -> None:
    app.command("import")(import_)
