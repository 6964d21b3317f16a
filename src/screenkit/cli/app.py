"""The `screenkit` command: global options, and the one place errors become exit codes."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, MutableMapping
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


# Every command of `screenkit` and the module in cli/ that registers it (`register(app)`), in
# the order `--help` lists them. Only the module of the command being run is imported, and
# only that command is built: building all of them (Typer reads every signature and makes
# every option) cost a third of the start-up of `screenkit list`. tests/test_startup.py
# checks this table against what the modules register.
COMMANDS = {
    "init": "records",
    **dict.fromkeys(["new", "update", "cancel", "rename", "remove", "list", "show"], "screenings"),
    **dict.fromkeys(["check", "schema"], "checking"),
    **dict.fromkeys(["tasks", "tick", "untick"], "tasks"),
    "import": "imports",
    "publish": "publishing",
    "result": "results",
    **dict.fromkeys(["send", "replies", "rsvp"], "sending"),
    **dict.fromkeys(["film", "venue", "speaker"], "records"),
    "export": "outputs",
}


def build(name: str) -> Any:
    """The command `name` as Typer makes it, from its module's registration."""
    from importlib import import_module

    from typer.main import get_command_from_info, get_command_name, get_group_from_info

    scratch = typer.Typer()
    import_module(f"screenkit.cli.{COMMANDS[name]}").register(scratch)
    settings = {"pretty_exceptions_short": app.pretty_exceptions_short,
                "rich_markup_mode": app.rich_markup_mode}  # fmt: skip
    command: Any = None
    for info in scratch.registered_commands:
        if (info.name or get_command_name(getattr(info.callback, "__name__", ""))) == name:
            command = get_command_from_info(info, **settings)
    for group in scratch.registered_groups:
        if group.name == name:
            command = get_group_from_info(group, suggest_commands=app.suggest_commands, **settings)
    if command is None:
        raise LookupError(f"screenkit.cli.{COMMANDS[name]} registers no command {name!r}")
    _tidy(command)
    return command


class _Commands(MutableMapping[str, Any]):
    """The root's commands by name, each built the first time it is asked for."""

    def __init__(self) -> None:
        self._built: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            if name not in COMMANDS:
                raise KeyError(name)
            self._built[name] = build(name)
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        del self._built[name]

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys([*COMMANDS, *self._built]))

    def __len__(self) -> int:
        return len(COMMANDS.keys() | self._built.keys())

    def __contains__(self, name: object) -> bool:
        return name in COMMANDS or name in self._built


class ScreenkitGroup(TyperGroup):
    """A group whose usage errors suggest the nearest command (the root and record groups)."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)  # the names only: TyperGroup's would build every command

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        """An unknown command suggests the nearest one."""
        from typer._click.exceptions import UsageError  # Typer 0.29 vendors click

        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            from screenkit.suggest import hint

            raise UsageError(f"no command {name!r}{hint(name, self.list_commands(ctx))}", ctx)
        return super().resolve_command(ctx, args)


class Screenkit(ScreenkitGroup):
    """The root: runs a command and turns every failure into `error: …` lines and a
    documented code. Its commands are built on demand (`COMMANDS`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _tidy(self)  # its own options; each command is tidied as it is built
        self.commands = _Commands()

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
    cls=Screenkit,
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
        readable=False,  # the store says what is wrong with it, with exit code 3
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
