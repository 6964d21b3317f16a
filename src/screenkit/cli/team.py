"""`merge`, `git-setup` and `resolve`: a tour team sharing the plan through git."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from screenkit.cli.ui import env


def merge(
    ctx: typer.Context,
    base: Annotated[
        Path,
        typer.Argument(
            metavar="BASE", help="Their common ancestor (%O).", show_default=False, readable=False
        ),
    ],
    ours: Annotated[
        Path,
        typer.Argument(
            metavar="OURS",
            help="Ours (%A): the result goes here.",
            show_default=False,
            readable=False,
        ),
    ],
    theirs: Annotated[
        Path,
        typer.Argument(metavar="THEIRS", help="Theirs (%B).", show_default=False, readable=False),
    ],
    path: Annotated[
        str | None,
        typer.Option("--path", metavar="NAME", help="The plan's path in the repository (%P)."),
    ] = None,
) -> None:
    """Merge two versions of the plan: git's merge driver. By record and field.

    The result is written into OURS, comments and layout kept. Exits 0 when clean, 1 when
    something was changed both ways (named in the plan's [conflicts]; settle with `screenkit
    resolve`), 2 on an error, OURS untouched. `screenkit git-setup` tells git to use it.

    Example: screenkit merge base.toml ours.toml theirs.toml --path screenkit.toml
    """
    from screenkit.errors import ProblemsFound
    from screenkit.usecases.team import merge as run

    e = env(ctx)
    done = run(base, ours, theirs, path, os.environ, Path.cwd())  # git runs it at the root
    for where in done.comments:
        e.warn(f"{path or ours}: a comment {where} was changed on both sides; both are kept, "
               "one after the other: tidy them by hand")  # fmt: skip
    if done.conflicts:
        for key in done.conflicts:
            e.warn(f"{path or ours}: {key} was changed both ways; see `screenkit check`, then "
                   f"`screenkit resolve {key} --ours|--theirs`")  # fmt: skip
        raise ProblemsFound


def git_setup(
    ctx: typer.Context,
    everywhere: Annotated[
        bool,
        typer.Option(
            "--global", help="Set the driver in your own git config, for every repository."
        ),
    ] = False,
) -> None:
    """Tell git to merge the plan with screenkit. So a team can pull and push it.

    Sets the merge driver in the repository's git config (or yours, with --global), adds
    the plan's line to .gitattributes and the lock file to .gitignore. Safe to run again.

    Example: screenkit git-setup
    """
    from screenkit.usecases.team import git_setup as run

    e = env(ctx)
    done = run(e.workspace(), everywhere=everywhere)
    for line in done.done:
        e.say(line)
    for line in done.already:
        e.say(f"already: {line}")
    if done.files:
        files = " and ".join(done.files)
        e.say(f"commit {files} so the whole team has them (git add {' '.join(done.files)} && "
              "git commit); each teammate runs `screenkit git-setup` once")  # fmt: skip
    else:
        e.say("nothing to commit: .gitattributes and .gitignore already say all this")


def resolve(
    ctx: typer.Context,
    keys: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[KEY]...",
            help="The places to settle, as `check` names them.",
            show_default=False,
        ),
    ] = None,
    ours: Annotated[bool, typer.Option("--ours", help="Keep what the plan holds.")] = False,
    theirs: Annotated[bool, typer.Option("--theirs", help="Take the other side's.")] = False,
    value: Annotated[
        list[str] | None,
        typer.Option("--value", metavar="V", help="Set a value of your own; repeat for a list."),
    ] = None,
    every: Annotated[bool, typer.Option("--all", help="Settle every conflict.")] = False,
) -> None:
    """Settle what a merge found changed both ways. Keep ours, take theirs, or set a value.

    Example: screenkit resolve screenings.clapham.start --theirs
    """
    from screenkit.errors import InputError
    from screenkit.usecases.team import resolve as run

    e = env(ctx)
    chosen = [name for name, given in (("ours", ours), ("theirs", theirs), ("value", value))
              if given]  # fmt: skip
    if len(chosen) != 1:
        raise InputError("give one of --ours, --theirs or --value V")
    if bool(keys) == every:
        raise InputError("name the conflicts to settle (KEY …), or give --all")
    if every and chosen[0] == "value":
        raise InputError("--value sets one place: name it instead of --all")
    done = run(e.workspace(), list(keys or []), chosen[0], value)
    e.say(f"settled {done.id} ({chosen[0]})" if done.changed else "no conflict to settle")
    e.report(done)


def register(app: typer.Typer) -> None:
    app.command("merge")(merge)
    app.command("git-setup")(git_setup)
    app.command("resolve")(resolve)
