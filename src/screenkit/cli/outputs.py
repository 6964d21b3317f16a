"""`export` and its subcommands: every file screenkit makes from the plan.

Calendars and checklists, what the public sees (site, poster, listing) and what comes after
the evening (box-office return, impact report, feedback slips). Each subcommand parses its
options, calls one use case and reports where the files went; `register_exports` adds them to
the group one by one, so the group is whole wherever it is built.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from screenkit.cli import ui
from screenkit.cli.options import ID, IDS
from screenkit.cli.ui import Env, env

if TYPE_CHECKING:
    from screenkit.delivery.targets import Target
    from screenkit.plan.models import View
    from screenkit.usecases.exports import Exported

OUT = Annotated[Path, typer.Option("--out", metavar="DIR", help="Folder to write into.")]
OUTPUT = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", metavar="FILE",
        help="File to write (default: its usual name, in the current folder); - prints it.",
    ),
]  # fmt: skip
OLD_FOLDER = Annotated[
    Path | None,
    typer.Argument(metavar="[DIR]", help="The folder, the old way (use --out DIR).",
                   show_default=False),
]  # fmt: skip
BASE_URL = Annotated[
    str | None,
    typer.Option(
        "--base-url", metavar="URL", help="Where the site will live: makes links absolute."
    ),
]


def target(e: Env, folder: Path | None = None, file: Path | None = None) -> Target:
    """Files below a folder; or one document: to `file`, to standard output (`-o -`), or
    without `-o` under its usual name in the current folder (never a whole document on a
    terminal unless asked)."""
    from screenkit.usecases.exports import destination

    if folder is None and file is None:
        folder = Path()
    if folder is None and str(file) == "-":
        sys.stdout.flush()
    # Every plan named is kept from being written over, a network's too.
    ws = e.workspace(network=True)
    return destination(ws, folder=folder, file=file, stream=sys.stdout.buffer)


def old_folder(e: Env, command: str, given: Path | None, out: Path) -> Path:
    """A folder given the old way (`export site DIR`), which still works, with a note."""
    if given is None:
        return out
    e.warn(f"`screenkit export {command} DIR` will go in the next release: use "
           f"`screenkit export {command} --out {given}`")  # fmt: skip
    return given


def report(e: Env, done: Exported, folder: Path | None = None) -> None:
    """Where each output is, then what was left out or failed (and the exit code)."""
    for place in done.delivery.places:
        ui.out(place)
    e.warn_problems(done.warnings)
    d = done.delivery
    if folder is not None:
        note = f" ({len(d.unchanged)} already up to date)" if d.unchanged else ""
        e.say(f"wrote {len(d.done)} file(s) to {folder}{note}")
        if done.removed:
            shown = ", ".join(done.removed[:5]) + (" …" if len(done.removed) > 5 else "")
            e.say(f"removed {len(done.removed)} file(s) an earlier export made there and this "
                  f"one no longer makes: {shown}")  # fmt: skip
    elif d.places:
        e.say(f"wrote {d.places[0]}")
    failure = done.failure()
    if failure is not None:
        raise failure


# -- calendars and checklists ------------------------------------------------------------------
def export_all(ctx: typer.Context, out_dir: OUT = Path("export")) -> None:
    """Export everything: invites/<id>.ics, feed.ics, speakers/<id>.ics, checklists/<id>.html.

    Screenings whose time, venue or status changed since the last export get a higher
    SEQUENCE, recorded in the plan, so calendars update instead of duplicating. A screening
    with an error is left out (and named); the others are written.

    Example: screenkit export --out export
    """
    if ctx.invoked_subcommand is not None:
        from screenkit.errors import InputError

        given = ctx.get_parameter_source("out_dir")  # Typer carries its own click: by name
        if given is not None and given.name == "COMMANDLINE":
            # Read by `export` alone: a subcommand would write elsewhere without a word.
            sub = ctx.invoked_subcommand
            raise InputError(f"--out before `{sub}` is not read by it: give the place after "
                             f"the subcommand (see `screenkit export {sub} --help`)")  # fmt: skip
        return
    from screenkit.usecases.exports import export, request

    e = env(ctx)
    done = export(e.workspace(), request(every=True), target(e, folder=out_dir))
    report(e, done, out_dir)


def export_ics(ctx: typer.Context, ids: IDS = None, out_dir: OUT = Path("invites")) -> None:
    """Write calendar invites, one file per screening: REQUEST, or CANCEL once cancelled.

    Example: screenkit export ics ica-premiere --out invites
    """
    from screenkit.usecases.exports import export, request

    e = env(ctx)
    done = export(e.workspace(), request(invites=list(ids or [])), target(e, folder=out_dir))
    report(e, done, out_dir)


def export_feed(ctx: typer.Context, output: OUTPUT = None) -> None:
    """Write the public calendar of every screening (no emails or phone numbers in it).

    Example: screenkit export feed -o site/screenings.ics
    """
    from screenkit.usecases.exports import feed

    e = env(ctx)
    ws = e.workspace(network=True)
    report(e, ui.across(ws, feed, "feed")(ws, target(e, file=output)))


def export_speaker(
    ctx: typer.Context,
    speaker_id: Annotated[str, typer.Argument(metavar="ID", help="The speaker.")],
    output: OUTPUT = None,
) -> None:
    """Write one speaker's own calendar: their screenings with what they need on the day.

    Example: screenkit export speaker amira -o amira.ics
    """
    from screenkit.usecases.exports import export, request

    e = env(ctx)
    report(e, export(e.workspace(), request(speaker=speaker_id), target(e, file=output)))


def export_checklist(
    ctx: typer.Context,
    ids: IDS = None,
    fmt: Annotated[str, typer.Option("--format", metavar="html|md|txt", help="The format.")] = (
        "html"
    ),
    out_dir: Annotated[
        str, typer.Option("--out", metavar="DIR", help="Folder to write into.")
    ] = "checklists",
    output: OUTPUT = None,
) -> None:
    """Write a printable checklist per screening: run sheet, people, venue and tasks.

    One screening's checklist goes to a file of its own with -o FILE, or is printed with -o -.

    Example: screenkit export checklist ica-premiere --format txt -o -
    """
    from screenkit.errors import InputError
    from screenkit.usecases.exports import checklists

    e = env(ctx)
    if out_dir == "-":  # the old spelling of -o -
        e.warn("`--out -` will go in the next release: use `-o -` to print a checklist")
        output = Path("-")
    if output is not None and len(ids or []) != 1:
        raise InputError("-o: give exactly one screening id to write or print its checklist")
    folder = None if output is not None else Path(out_dir)
    done = checklists(e.workspace(), list(ids or []), fmt, target(e, folder=folder, file=output))
    report(e, done, folder)


def export_vdir(
    ctx: typer.Context,
    given: OLD_FOLDER = None,
    out_dir: OUT = Path("vdir"),
    public: Annotated[
        bool | None,
        typer.Option(
            "--public/--team",
            show_default=False,
            help="The public view or the organiser's. Default: what the folder holds "
            "(public for a new one).",
        ),
    ] = None,
    switch: Annotated[
        bool, typer.Option("--switch-audience", help="Change the folder's view.")
    ] = False,
) -> None:
    """Write one <uid>.ics per screening into a folder: the layout vdirsyncer and khal read.

    Example: screenkit export vdir --out ~/.calendars/screenings --team
    """
    from screenkit.usecases.publishing import export_vdir

    e = env(ctx)
    ws = e.workspace(network=True)
    folder = old_folder(e, "vdir", given, out_dir)
    view: View | None = None if public is None else "public" if public else "team"
    if ws.network:  # a network's folder is made afresh from every plan: public unless asked
        vdir = ui.across(ws, export_vdir, "vdir")
        report(e, vdir(ws, view or "public", target(e, folder=folder)), folder)
    else:
        report(e, export_vdir(ws, view, folder, switch=switch), folder)


# -- what the public sees ----------------------------------------------------------------------
def export_site(
    ctx: typer.Context,
    given: OLD_FOLDER = None,
    out_dir: OUT = Path("site"),
    base_url: BASE_URL = None,
) -> None:
    """Write the public website: an index and a page per screening.

    Each page has schema.org structured data and a calendar file of its own; the folder also
    gets the whole feed. Nothing private is in it.

    Example: screenkit export site --out site --base-url https://example.org/screenings/
    """
    from screenkit.usecases.publicity import site

    e = env(ctx)
    ws = e.workspace(network=True)
    folder = old_folder(e, "site", given, out_dir)
    report(e, ui.across(ws, site, "site")(ws, target(e, folder=folder), base_url), folder)


def export_poster(
    ctx: typer.Context,
    sid: ID,
    size: Annotated[
        str, typer.Option("--size", metavar="a4|a3|a5", help="Paper size; a5 is a flyer.")
    ] = "a4",
    output: OUTPUT = None,
    base_url: Annotated[
        str | None,
        typer.Option("--base-url", metavar="URL", help="Where the site lives, for the QR code."),
    ] = None,
) -> None:
    """Write a print-ready poster for one screening: A4, or A5 for a flyer.

    HTML with print CSS: print it from a browser at 100 %. Its QR code opens the booking
    link or, without one, the screening's page under --base-url.

    Example: screenkit export poster ica-premiere --size a3 -o poster.html
    """
    from screenkit.usecases.publicity import poster

    e = env(ctx)
    made = poster(e.workspace(), sid, size, target(e, file=output), base_url)
    if made.qr is None:
        e.warn("no QR code: the screening has no booking_url; give --base-url for its page")
    report(e, made.exported)


def export_listing(
    ctx: typer.Context,
    sid: ID,
    fmt: Annotated[str, typer.Option("--format", metavar="txt|md", help="The format.")] = "txt",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Write the text to FILE instead of printing it."
        ),
    ] = None,
) -> None:
    """Print listing text for What's On guides and social posts.

    A full version (under 600 characters) and a short one (under 280).

    Example: screenkit export listing ica-premiere --format md
    """
    from screenkit.output import Output
    from screenkit.usecases.delivering import write
    from screenkit.usecases.exports import Exported
    from screenkit.usecases.publicity import listing

    e = env(ctx)
    text = listing(e.workspace(), sid, fmt).rstrip("\n")
    if output is None or str(output) == "-":
        ui.out_text(text)
        return
    out = Output(f"{sid}-listing.{fmt}", (text + "\n").encode(), "listing", "text/plain")
    report(e, Exported(write(target(e, file=output), [out]), {}, []))


# -- after the screening -----------------------------------------------------------------------
def export_return(
    ctx: typer.Context,
    sid: ID,
    fmt: Annotated[
        str, typer.Option("--format", metavar="html|txt|csv", help="The format.")
    ] = "html",
    output: OUTPUT = None,
    final: Annotated[
        bool, typer.Option("--final", help="The one for the distributor: record it as made.")
    ] = False,
) -> None:
    """Write a held screening's box-office return for the distributor: admissions, gross and
    net takings, and the licence fee due with its working. The HTML prints on one A4 page.

    A preview records nothing; with --final the return is recorded as made (return_made) and
    its box-office task is settled.

    Example: screenkit export return clapham --final -o clapham-return.html
    """
    from screenkit.usecases import after

    e = env(ctx)
    done = after.export_return(e.workspace(), sid, fmt, target(e, file=output), final=final)
    report(e, done)


def export_report(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", metavar="html|md|csv", help="The format.")] = (
        "html"
    ),
    output: OUTPUT = None,
) -> None:
    """Write the tour's impact report: each held screening's attendance against capacity,
    takings, donations, sign-ups and rating, totals, cancellations and a chart.

    Example: screenkit export report --format md -o report.md
    """
    from screenkit.usecases import after

    e = env(ctx)
    ws = e.workspace(network=True)
    report(e, ui.across(ws, after.export_report, "report")(ws, fmt, target(e, file=output)))


def export_feedback(ctx: typer.Context, sid: ID, output: OUTPUT = None) -> None:
    """Write printable audience feedback slips for a screening, four to an A4 page to cut:
    a 1-5 rating, what people will do next (the campaign actions) and an opt-in for contact.

    Example: screenkit export feedback clapham -o slips.html
    """
    from screenkit.usecases import after

    e = env(ctx)
    report(e, after.export_feedback(e.workspace(), sid, target(e, file=output)))


def register_exports(group: typer.Typer) -> None:
    """Every subcommand of `export`, in the order `export --help` lists them."""
    group.callback()(export_all)
    for name, command in (
        ("ics", export_ics), ("feed", export_feed), ("speaker", export_speaker),
        ("checklist", export_checklist), ("vdir", export_vdir),
        ("return", export_return), ("report", export_report), ("feedback", export_feedback),
        ("site", export_site), ("poster", export_poster), ("listing", export_listing),
    ):  # fmt: skip
        group.command(name)(command)


def register(app: typer.Typer) -> None:
    group = typer.Typer(
        help="Write calendars, checklists, publicity and reports. With no subcommand, every "
        "calendar and checklist at once.",
        invoke_without_command=True,
    )
    register_exports(group)
    app.add_typer(group, name="export")
