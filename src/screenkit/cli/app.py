"""The `screenkit` command: global options, and the one place errors become exit codes."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import typer
from typer.core import TyperGroup

from screenkit import __version__
from screenkit.cli.ui import Env, error
from screenkit.errors import ExitCode, ScreenkitError


def _tidy(command: Any) -> None:
    """Help shows readable value names (`N`, `TEXT`), not `<int>` or `<bool>` for flags."""
    for param in getattr(command, "params", []):
        if param.param_type_name == "argument":  # its metavar already names it (ID, FILE)
            param.display_type_rich = lambda ctx: None
        elif getattr(param, "metavar", "x") is None:
            if param.is_flag:
                param.metavar = ""
            else:
                name = getattr(param.type, "name", "text").upper()
                param.metavar = {"INTEGER": "N", "FLOAT": "NUMBER"}.get(name, name)
    original = command.get_help_option

    def help_option(ctx: Any) -> Any:
        option = original(ctx)
        if option is not None:
            option.metavar = ""
        return option

    command.get_help_option = help_option
    for sub in getattr(command, "commands", {}).values():
        _tidy(sub)


class ScreenkitGroup(TyperGroup):
    """Runs a command and turns every failure into `error: …` lines and a documented code."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _tidy(self)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        """An unknown command suggests the nearest one."""
        from typer._click.exceptions import UsageError  # Typer 0.29 vendors click

        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            from screenkit.suggest import hint

            raise UsageError(f"no command {name!r}{hint(name, self.list_commands(ctx))}", ctx)
        return super().resolve_command(ctx, args)

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        code = self._run(*args, **kwargs)
        if not standalone_mode:
            return code
        sys.exit(code)

    def _run(self, *args: Any, **kwargs: Any) -> int:
        try:
            rv = super().main(*args, standalone_mode=False, **kwargs)
        except ScreenkitError as exc:
            from screenkit.errors import FieldError

            # A field typed as an option is named by the option the person typed.
            lines = [f"{exc.option}: {exc.reason}"] if isinstance(exc, FieldError) else exc.lines
            for line in lines:
                error(line)
            return exc.exit_code
        except typer.TyperException as exc:  # usage errors: unknown option, bad value …
            ctx = getattr(exc, "ctx", None)
            hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
            error(f"{exc.format_message() or 'missing command'}{hint}")
            return exc.exit_code
        except typer.Abort:
            error("aborted")
            return ExitCode.PROBLEMS
        except KeyboardInterrupt:
            rv = ExitCode.INTERRUPTED
        except Exception as exc:  # the safety net: a bug, never a user's mistake
            if os.environ.get("SCREENKIT_DEBUG"):
                raise
            error(
                f"internal error: {type(exc).__name__}: {exc}; please report it, with "
                "SCREENKIT_DEBUG=1 for details"
            )
            return ExitCode.INTERNAL
        if rv == ExitCode.INTERRUPTED:  # Typer turns Ctrl-C into this code on the way out
            error("interrupted; nothing half-written: the plan is as the last write left it")
        return rv if isinstance(rv, int) else ExitCode.OK


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
        metavar="PATH",
    ),
    quiet: bool = typer.Option(
        False, "--quiet", "-q", help="Only data and errors; no messages or warnings."
    ),
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


def _register() -> None:
    from screenkit.cli import (
        after,
        exports,
        imports,
        publicity,
        publishing,
        records,
        reports,
        screenings,
        sending,
        tasks,
    )

    records.register(app)
    screenings.register(app)
    reports.register(app)
    exports.register(app)
    publicity.register(app)
    tasks.register(app)
    imports.register(app)
    publishing.register(app)
    after.register(app)
    sending.register(app)


_register()
