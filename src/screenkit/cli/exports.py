"""`export`: calendar invites, the public feed, speakers' calendars and checklists."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from screenkit.cli import ui
from screenkit.cli.ui import Env, env

if TYPE_CHECKING:
    from screenkit.delivery.build import Request
    from screenkit.delivery.targets import Target
    from screenkit.usecases.exports import Exported

export_app = typer.Typer(
    help="Calendar files, checklists and publicity (with no subcommand, all calendars and "
    "checklists at once).",
    invoke_without_command=True,
)
OUT = Annotated[Path, typer.Option("--out", metavar="DIR", help="Folder to write into.")]
OUTPUT = Annotated[
    Path | None,
    typer.Option("--output", "-o", metavar="FILE", help="File to write; stdout if not given."),
]
IDS = Annotated[
    list[str] | None,
    typer.Argument(metavar="[IDS]...", help="Screening ids; all if none.", show_default=False),
]


def _target(e: Env, folder: Path | None = None, file: Path | None = None) -> Target:
    from screenkit.delivery import targets
    from screenkit.usecases.exports import protected

    keep = protected(e.plan)
    if folder is not None:
        return targets.Folder(folder, keep)
    if file is not None and str(file) != "-":  # `-o -` is standard output, as usual
        return targets.File(file, keep)
    sys.stdout.flush()
    return targets.Stream(sys.stdout.buffer)


def _report(e: Env, done: Exported, folder: Path | None = None) -> None:
    """Where each output is, then what was left out or failed (and the exit code)."""
    for place in done.delivery.places:
        ui.out(place)
    e.warn_problems(done.warnings)
    d = done.delivery
    if folder is not None:
        note = f" ({len(d.unchanged)} already up to date)" if d.unchanged else ""
        e.say(f"wrote {len(d.done)} file(s) to {folder}{note}")
    elif d.places:
        e.say(f"wrote {d.places[0]}")
    failure = done.failure()
    if failure is not None:
        raise failure


def _export(e: Env, request: Request, target: Target) -> Exported:
    from screenkit.usecases.exports import export

    return export(e.workspace(), request, target)


@export_app.callback()
def export_all(ctx: typer.Context, out_dir: OUT = Path("export")) -> None:
    """Export everything: invites/<id>.ics, feed.ics, speakers/<id>.ics, checklists/<id>.html.

    Screenings whose time, venue or status changed since the last export get a higher
    SEQUENCE, recorded in the plan, so calendars update instead of duplicating. A screening
    with an error is left out (and named); the others are written.

    Example: screenkit export --out export
    """
    if ctx.invoked_subcommand is not None:
        return
    from screenkit.delivery.build import ALL, Request

    e = env(ctx)
    request = Request(invites=ALL, feed="feed.ics", speakers=ALL, checklists=ALL)
    _report(e, _export(e, request, _target(e, folder=out_dir)), out_dir)


@export_app.command("ics")
def export_ics(ctx: typer.Context, ids: IDS = None, out_dir: OUT = Path("invites")) -> None:
    """Write calendar invites, one file per screening: REQUEST, or CANCEL once cancelled.

    Example: screenkit export ics ica-premiere --out invites
    """
    from screenkit.delivery.build import ALL, Request

    e = env(ctx)
    request = Request(invites=list(ids) if ids else ALL, invites_dir="")
    _report(e, _export(e, request, _target(e, folder=out_dir)), out_dir)


@export_app.command("feed")
def export_feed(ctx: typer.Context, output: OUTPUT = None) -> None:
    """Write the public calendar of every screening (no emails or phone numbers in it).

    Example: screenkit export feed -o site/screenings.ics
    """
    from screenkit.delivery.build import Request

    e = env(ctx)
    _report(e, _export(e, Request(feed="feed.ics"), _target(e, file=output)))


@export_app.command("speaker")
def export_speaker(
    ctx: typer.Context,
    speaker_id: Annotated[str, typer.Argument(metavar="ID", help="The speaker.")],
    output: OUTPUT = None,
) -> None:
    """Write one speaker's own calendar: their screenings with what they need on the day.

    Example: screenkit export speaker amira -o amira.ics
    """
    from screenkit.delivery.build import Request

    e = env(ctx)
    request = Request(speakers=[speaker_id], speakers_dir="")
    _report(e, _export(e, request, _target(e, file=output)))


@export_app.command("checklist")
def export_checklist(
    ctx: typer.Context,
    ids: IDS = None,
    fmt: Annotated[str, typer.Option("--format", metavar="html|md|txt", help="The format.")] = (
        "html"
    ),
    out_dir: Annotated[
        str,
        typer.Option("--out", metavar="DIR|-", help="Folder to write into; - prints one."),
    ] = "checklists",
) -> None:
    """Write a printable checklist per screening: run sheet, people, venue and tasks.

    Example: screenkit export checklist ica-premiere --format txt --out -
    """
    from screenkit.errors import InputError
    from screenkit.usecases.exports import checklists

    e = env(ctx)
    if out_dir == "-" and len(ids or []) != 1:
        raise InputError("--out -: give exactly one screening id to print its checklist")
    folder = None if out_dir == "-" else Path(out_dir)
    done = checklists(e.workspace(), list(ids or []), fmt, _target(e, folder=folder))
    _report(e, done, folder)


@export_app.command("vdir")
def export_vdir(
    ctx: typer.Context,
    folder: Annotated[Path, typer.Argument(metavar="DIR", help="The folder to write into.")],
    public: Annotated[
        bool,
        typer.Option("--public/--team", help="The public view (default) or the organiser's."),
    ] = True,
) -> None:
    """Write one <uid>.ics per screening into DIR: the layout vdirsyncer and khal read.

    Example: screenkit export vdir ~/.calendars/screenings --team
    """
    from screenkit.usecases.publishing import export_vdir as run

    e = env(ctx)
    _report(
        e, run(e.workspace(), "public" if public else "team", _target(e, folder=folder)), folder
    )


def register(app: typer.Typer) -> None:
    # `export return|report|feedback` and `export site|poster|listing` join export_app where
    # they are defined; import them here, so that `export` is whole wherever it is built.
    from screenkit.cli import after, publicity  # noqa: F401

    app.add_typer(export_app, name="export")
