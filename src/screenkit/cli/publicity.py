"""`export site`, `export poster` and `export listing`: what the public sees."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from screenkit.cli import ui
from screenkit.cli.exports import OUTPUT, _report, _target, export_app
from screenkit.cli.ui import env

BASE_URL = Annotated[
    str | None,
    typer.Option(
        "--base-url", metavar="URL", help="Where the site will live: makes links absolute."
    ),
]
ID = Annotated[str, typer.Argument(metavar="ID", help="The screening.")]


@export_app.command("site")
def export_site(
    ctx: typer.Context,
    out_dir: Annotated[Path, typer.Argument(metavar="DIR", help="Folder to write the site to.")],
    base_url: BASE_URL = None,
) -> None:
    """Write the public website: an index and a page per screening.

    Each page has schema.org structured data and a calendar file of its own; the folder also
    gets the whole feed. Nothing private is in it.

    Example: screenkit export site site/ --base-url https://example.org/screenings/
    """
    from screenkit.usecases.publicity import site

    e = env(ctx)
    _report(e, site(e.workspace(), _target(e, folder=out_dir), base_url), out_dir)


@export_app.command("poster")
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
    """Write a print-ready poster for one screening (A5: a flyer).

    HTML with print CSS: print it from a browser at 100 %. Its QR code opens the booking
    link or, without one, the screening's page under --base-url.

    Example: screenkit export poster ica-premiere --size a3 -o poster.html
    """
    from screenkit.usecases.publicity import poster

    e = env(ctx)
    made = poster(e.workspace(), sid, size, _target(e, file=output), base_url)
    if made.qr is None:
        e.warn("no QR code: the screening has no booking_url; give --base-url for its page")
    _report(e, made.exported)


@export_app.command("listing")
def export_listing(
    ctx: typer.Context,
    sid: ID,
    fmt: Annotated[str, typer.Option("--format", metavar="txt|md", help="The format.")] = "txt",
) -> None:
    """Print listing text for What's On guides and social posts.

    A full version (under 600 characters) and a short one (under 280).

    Example: screenkit export listing ica-premiere --format md
    """
    from screenkit.usecases.publicity import listing

    e = env(ctx)
    ui.out(listing(e.workspace(), sid, fmt).rstrip("\n"))


def register(app: typer.Typer) -> None:
    """The commands join `export`; importing this module adds them."""
