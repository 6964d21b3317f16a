"""`rota`: who does the door, the projection and the rest at a screening."""

from __future__ import annotations

from typing import Annotated

import typer

from screenkit.cli import ui
from screenkit.cli.ui import env


def rota(
    ctx: typer.Context,
    sid: Annotated[str, typer.Argument(metavar="ID", help="The screening.", show_default=False)],
    assign: Annotated[
        bool,
        typer.Option(
            "--assign", help="Fill the open roles fairly: whoever did that job least recently."
        ),
    ] = False,
    given: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            metavar="ROLE=VOLUNTEER",
            help="Set a role by hand (door=alex; door= clears it); repeat for more.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """Show or fill a screening's volunteer rota. The roles are settings.roles.

    --assign gives each open role to the volunteer who can do it and has not done it for the
    longest time, never one busy at an overlapping evening.

    Example: screenkit rota clapham --assign --set door=alex
    """
    from screenkit.usecases.rota import rota as run

    e = env(ctx)
    done = run(e.workspace(), sid, assign=assign, given=list(given or []))
    if as_json:
        ui.print_json(done.as_dict())
    else:
        for role, vid, name in done.roles:
            ui.out(f"{role:<14} {f'{name} ({vid})' if vid else '(open)'}")
    e.warn_problems(done.warnings)
    for line in done.unplaced:
        e.warn(line)
    for notice in done.notices:
        e.say(notice)
    if done.changed:
        e.say(f"{sid}: {', '.join(dict.fromkeys(done.changed))} set")


def register(app: typer.Typer) -> None:
    app.command("rota")(rota)
