"""`export`: calendar invites, the public feed and speakers' calendars."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from screenkit.cli import ui
from screenkit.cli.ui import Env, env, out, say

export_app = typer.Typer(
    help="Calendar files (and, with no subcommand, everything at once).",
    invoke_without_command=True,
)


def _run(e: Env, request: object) -> dict[str, bytes]:
    import uuid

    from screenkit import exporting

    assert isinstance(request, exporting.Request)
    with ui.progress("exporting", request.size(_count(e.plan))) as step:
        outputs, problems = exporting.export(
            e.plan, request, e.now, e.today, lambda: str(uuid.uuid4()), step
        )
    ui.warn_problems(problems)
    return outputs


def _count(plan: Path) -> int:
    """Roughly how many screenings, for the progress bar, without parsing the plan twice."""
    import re

    try:
        return len(re.findall(rb"(?m)^\[screenings\.[^.\]]+\]", plan.read_bytes()))
    except OSError:
        return 0


def _write(e: Env, out_dir: Path, outputs: dict[str, bytes]) -> None:
    from screenkit import exporting

    paths, unchanged = exporting.write(out_dir, outputs)
    for path in paths:
        out(str(path))
    note = f" ({unchanged} already up to date)" if unchanged else ""
    say(e, f"wrote {len(paths) - unchanged} file(s) to {out_dir}{note}")


def _to_file_or_stdout(e: Env, content: bytes, target: Path | None) -> None:
    if target is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(content)
        sys.stdout.buffer.flush()
        return
    from screenkit import store

    store.atomic_write_bytes(target, content)
    say(e, f"wrote {target}")


@export_app.callback()
def export_all(
    ctx: typer.Context,
    out_dir: Annotated[Path, typer.Option("--out", help="Folder to write into.")] = Path("export"),
) -> None:
    """Export everything: invites/<id>.ics, feed.ics, speakers/<id>.ics, checklists/<id>.html.

    Screenings whose time, venue or status changed since the last export get a higher
    SEQUENCE, recorded in the plan, so calendars update instead of duplicating.

    Example: screenkit export --out export
    """
    if ctx.invoked_subcommand is not None:
        return
    from screenkit import exporting

    e = env(ctx)
    every = exporting.ALL
    request = exporting.Request(invites=every, feed="feed.ics", speakers=every, checklists=every)
    _write(e, out_dir, _run(e, request))


@export_app.command("ics")
def export_ics(
    ctx: typer.Context,
    ids: Annotated[list[str] | None, typer.Argument(help="Screening ids; all if none.")] = None,
    out_dir: Annotated[Path, typer.Option("--out", help="Folder to write into.")] = Path("invites"),
) -> None:
    """Write calendar invites, one file per screening: REQUEST, or CANCEL once cancelled.

    Example: screenkit export ics ica-premiere --out invites
    """
    from screenkit import exporting

    e = env(ctx)
    chosen = list(ids) if ids else exporting.ALL
    outputs = _run(e, exporting.Request(invites=chosen, invites_dir=""))
    _write(e, out_dir, outputs)


@export_app.command("feed")
def export_feed(
    ctx: typer.Context,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write; stdout if not given.")
    ] = None,
) -> None:
    """Write the public calendar of every screening (no emails or phone numbers in it).

    Example: screenkit export feed -o site/screenings.ics
    """
    from screenkit import exporting

    e = env(ctx)
    outputs = _run(e, exporting.Request(feed="feed.ics"))
    _to_file_or_stdout(e, outputs["feed.ics"], output)


@export_app.command("speaker")
def export_speaker(
    ctx: typer.Context,
    speaker_id: Annotated[str, typer.Argument(metavar="ID")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write; stdout if not given.")
    ] = None,
) -> None:
    """Write one speaker's own calendar: their screenings with what they need on the day.

    Example: screenkit export speaker amira -o amira.ics
    """
    from screenkit import exporting

    e = env(ctx)
    outputs = _run(e, exporting.Request(speakers=[speaker_id], speakers_dir=""))
    _to_file_or_stdout(e, outputs[f"{speaker_id}.ics"], output)


@export_app.command("checklist")
def export_checklist(
    ctx: typer.Context,
    ids: Annotated[list[str] | None, typer.Argument(help="Screening ids; all if none.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="html, md or txt.")] = "html",
    out_dir: Annotated[
        str, typer.Option("--out", help="Folder to write into; - prints one checklist.")
    ] = "checklists",
) -> None:
    """Write a printable checklist per screening: run sheet, people, venue and tasks.

    Example: screenkit export checklist ica-premiere --format txt --out -
    """
    from screenkit import exporting, store
    from screenkit.checklist import FORMATS
    from screenkit.checks import check
    from screenkit.errors import InputError

    e = env(ctx)
    if fmt not in FORMATS:
        raise InputError(f"--format: {fmt!r} is not one of {', '.join(FORMATS)}")
    plan = store.load(e.plan)
    chosen = list(ids) if ids else list(plan.screenings)
    if out_dir == "-" and len(chosen) != 1:
        raise InputError("--out -: give exactly one screening id to print its checklist")
    request = exporting.Request(checklists=chosen, checklists_dir="", checklist_format=fmt)
    outputs = exporting.build(plan, check(plan, e.today), request)
    if out_dir == "-":
        _to_file_or_stdout(e, next(iter(outputs.values())), None)
        return
    _write(e, Path(out_dir), outputs)


def register(app: typer.Typer) -> None:
    app.add_typer(export_app, name="export")
