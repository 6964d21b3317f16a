"""The `screenkit` command: global options, and the one place errors become exit codes."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import typer
from typer.core import TyperGroup

from screenkit import __version__
from screenkit.cli import exports, imports, records, reports, screenings, tasks
from screenkit.cli.ui import Env, error
from screenkit.errors import ExitCode, ScreenkitError


class ScreenkitGroup(TyperGroup):
    """Runs a command and turns every failure into `error: …` lines and a documented code."""

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        try:
            rv = super().main(*args, standalone_mode=False, **kwargs)
        except ScreenkitError as exc:
            for line in exc.lines:
                error(line)
            code: int = exc.exit_code
        except typer.TyperException as exc:  # usage errors: unknown option, bad value …
            ctx = getattr(exc, "ctx", None)
            hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
            error(f"{exc.format_message()}{hint}")
            code = exc.exit_code
        except typer.Abort:
            error("aborted")
            code = ExitCode.PROBLEMS
        else:
            code = rv if isinstance(rv, int) else ExitCode.OK
        if not standalone_mode:
            return code
        sys.exit(code)


app = typer.Typer(
    cls=ScreenkitGroup,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _show_version(value: bool) -> None:
    if value:
        sys.stdout.write(f"screenkit {__version__}\n")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    file: Path = typer.Option(
        Path("screenkit.toml"),
        "--file",
        "-f",
        envvar="SCREENKIT_FILE",
        help="The plan file.",
        show_default=True,
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Only data and errors; no messages."),
    version: bool = typer.Option(
        False, "--version", callback=_show_version, is_eager=True, help="Show the version."
    ),
) -> None:
    """Plan community film screenings followed by a talk.

    One TOML plan file holds your films, venues, speakers and screenings. screenkit checks it,
    exports calendar invites and prints checklists.

    Example: screenkit -f tour.toml check
    """
    ctx.obj = Env(plan=file, quiet=quiet, now_override=os.environ.get("SCREENKIT_NOW"))


records.register(app)
screenings.register(app)
reports.register(app)
exports.register(app)
tasks.register(app)
imports.register(app)
