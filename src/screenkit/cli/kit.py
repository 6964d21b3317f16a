"""`kit`: the shared part of a network's plans, written from the national office's plan and
brought into a group's."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from screenkit.cli import ui
from screenkit.cli.ui import env

if TYPE_CHECKING:
    from screenkit.usecases.kit import Brought

KIT_FILE = Annotated[Path, typer.Argument(metavar="FILE", help="The kit file.", show_default=False)]


def export(
    ctx: typer.Context,
    output: Annotated[
        Path,
        typer.Option("--output", "-o", metavar="FILE", help="File to write; - prints it."),
    ] = Path("kit.toml"),
) -> None:
    """Write this plan's kit for the network's groups: its films with their licence terms,
    fee and certificate, the campaign's actions, settings, the tour's name and website, and
    the checklist. None of its screenings, people or results.

    Example: screenkit kit export -o kit.toml
    """
    from screenkit.cli.outputs import report, target
    from screenkit.usecases import kit

    e = env(ctx)
    done = kit.export(e.workspace(), target(e, file=output))
    for note in done.notes:
        e.warn(note)
    report(e, done.exported)


def update(ctx: typer.Context, kit_file: KIT_FILE) -> None:
    """Bring a newer kit into this plan. Fields you have changed stay yours, and are named;
    your screenings, venues, people and results are not touched.

    Example: screenkit kit update ../kit.toml
    """
    from screenkit.usecases import kit

    e = env(ctx)
    done = kit.update(e.workspace(), kit_file)
    e.report(done.changed)
    say_brought(e, done)


def say_brought(e: ui.Env, done: Brought) -> None:
    """The group's edits the kit left alone, then what it brought."""
    for line in done.kept:
        e.warn(f"kept: {line}")
    if done.taken:
        shown = ", ".join(done.taken[:6]) + (f" and {len(done.taken) - 6} more"
                                             if len(done.taken) > 6 else "")  # fmt: skip
        e.say(f"from the kit: {shown}")
    else:
        e.say("the plan already has everything the kit gives")


def register(app: typer.Typer) -> None:
    from screenkit.cli.app import ScreenkitGroup

    group = typer.Typer(
        help="A network's kit: the shared films, campaign, settings and checklist.",
        no_args_is_help=True,
        cls=ScreenkitGroup,
    )
    group.command("export")(export)
    group.command("update")(update)
    app.add_typer(group, name="kit")
