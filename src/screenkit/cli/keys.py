"""`get`, `set` and `unset`: any value of the plan by its key."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from screenkit.cli import ui
from screenkit.cli.ui import env

KEY = Annotated[
    str,
    typer.Argument(metavar="KEY", help="A dotted key: tour.name, venues.ica.access.notes.",
                   show_default=False),
]  # fmt: skip


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def get(
    ctx: typer.Context,
    key: KEY,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """Print one value of the plan; a table prints as TOML.

    Exits 1 when the key is not set and has no default.

    Example: screenkit get settings.curfew
    """
    from screenkit.errors import ProblemsFound
    from screenkit.usecases.keys import get as run

    e = env(ctx)
    got = run(e.workspace(), key)
    if as_json:
        ui.print_json(got.value)
    elif isinstance(got.value, dict):
        import tomli_w

        ui.out_text(tomli_w.dumps(got.value).rstrip("\n"))
    elif isinstance(got.value, list):
        for item in got.value:
            ui.out(_text(item))
    elif got.value is not None:
        ui.out_text(_text(got.value))  # the value itself, as scripts expect it
    if got.value is None:
        e.say(f"{got.key} is not set")
        raise ProblemsFound
    if got.default:
        e.say(f"{got.key} is not set in the plan; this is its default")


def set_(
    ctx: typer.Context,
    key: KEY,
    values: Annotated[
        list[str],
        typer.Argument(
            metavar="VALUE...", help="The value; several make a list.", show_default=False
        ),
    ],
) -> None:
    """Set one value of the plan, checked as the plan is; comments and layout stay.

    Several values make a list (campaign.actions). A typo in a key gets the nearest one.

    Example: screenkit set tour.name "Return to Homs: on tour in London"
    """
    from screenkit.usecases.keys import set_ as run

    e = env(ctx)
    done = run(e.workspace(), key, values)
    e.say(f"set {done.id}" if done.changed else f"{done.id} already had that value")
    e.report(done)


def unset(
    ctx: typer.Context,
    key: KEY,
    force: Annotated[bool, typer.Option("--force", help="Remove a whole table.")] = False,
) -> None:
    """Remove one value from the plan (its default applies again, if it has one).

    A record goes as `remove` would take it: a screening whose invitation is out is
    cancelled instead (`screenkit cancel ID`). A whole table ([settings], [screenings])
    needs --force.

    Example: screenkit unset venues.ica.access.notes
    """
    from screenkit.usecases.keys import unset as run

    e = env(ctx)
    done = run(e.workspace(), key, force=force)
    e.say(f"unset {done.id}" if done.changed else f"{done.id} was not set")
    e.report(done)


def review(ctx: typer.Context, key: KEY) -> None:
    """Mark public text as read: a part of a private name in it is someone else's.

    check withholds a screening whose public text mentions a distinctive part of a private
    speaker's name (another Nour); once you have read it, this records that, as a digest of
    the text: any later change to it is checked again. A whole name is never excused.

    Example: screenkit review screenings.clapham.description
    """
    from screenkit.usecases.keys import review as run

    e = env(ctx)
    done = run(e.workspace(), key)
    e.say(f"reviewed {done.id}" if done.changed else f"{done.id} was already reviewed")
    e.report(done)


def register(app: typer.Typer) -> None:
    app.command("get")(get)
    app.command("set")(set_)
    app.command("unset")(unset)
    app.command("review")(review)
