"""The `screenkit` command: global options, and the one place errors become exit codes."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import typer

from screenkit import __version__
from screenkit.cli.typerparts import TyperGroup
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
    **dict.fromkeys(["status", "check", "schema", "privacy"], "checking"),
    **dict.fromkeys(["tasks", "tick", "untick", "task"], "tasks"),
    "import": "imports",
    **dict.fromkeys(["get", "set", "unset", "review"], "keys"),
    **dict.fromkeys(["git-setup", "merge", "resolve"], "team"),
    "publish": "publishing",
    "result": "results",
    **dict.fromkeys(["send", "replies", "rsvp"], "sending"),
    **dict.fromkeys(["film", "venue", "speaker", "volunteer"], "records"),
    "rota": "rota",
    "remind": "reminding",
    "export": "outputs",
    "kit": "kit",
    "tickets": "tickets",
}


# The headings of `screenkit --help`, in order, with their commands (the order within one
# follows COMMANDS). Every command is under one; tests/cli/test_startup.py checks it.
HEADINGS = {
    "Plan": ["init", "new", "update", "cancel", "rename", "remove", "film", "venue", "speaker",
             "import", "get", "set", "unset"],
    "Check": ["status", "check", "list", "show", "tasks", "tick", "untick", "task", "review",
              "privacy", "schema"],
    "People": ["send", "replies", "rsvp", "remind", "volunteer", "rota"],
    "Share": ["publish", "tickets", "export", "kit", "git-setup", "merge", "resolve"],
    "After": ["result"],
}  # fmt: skip
HEADING = {name: heading for heading, names in HEADINGS.items() for name in names}


def _set_quiet(ctx: Any, _: Any, value: bool) -> None:
    if value:
        ctx.find_root().obj.quiet = True


def _set_plan(ctx: Any, _: Any, value: list[Path] | None) -> None:
    """`-f` after the command: added to those before it, or in place of the default."""
    if value:
        e = ctx.find_root().obj
        e.files = [*e.files, *value] if e.given else list(value)
        e.given = True


def _carried_options() -> list[Any]:
    """`-q` and `--file` as options a command can carry, made by Typer itself."""
    from screenkit.cli.typerparts import click_command, scratch

    app = scratch()

    @app.command()
    def carrier(
        quiet: bool = typer.Option(False, "--quiet", "-q", hidden=True, callback=_set_quiet),
        file: list[Path] | None = typer.Option(
            None, "--file", "-f", hidden=True, readable=False, callback=_set_plan
        ),
    ) -> None: ...

    made = click_command(app.registered_commands[0], pretty_exceptions_short=True,
                         rich_markup_mode=None)  # fmt: skip
    for param in made.params:
        param.expose_value = False  # the command's own function never sees them
    return list(made.params)


def _global_options(command: Any) -> None:
    """`-q` and `--file` after the command name too (`screenkit list -q`): hidden options of
    every command, setting what the root's own set in its `Env`."""
    names = {name for param in command.params for name in getattr(param, "opts", [])}
    if not names & {"-q", "--quiet", "-f", "--file"}:
        command.params.extend(_carried_options())
    for sub in getattr(command, "commands", {}).values():
        _global_options(sub)


# Typer's option parsing speaks Pydantic's language; a volunteer is told what to write.
_PYDANTIC_WORDS = {
    "Input should be a valid integer, unable to parse string as an integer": "give a whole "
    "number, such as 40",
    "Input should be a valid number, unable to parse string as a number": "give a number",
}


def _plain_usage(message: str) -> str:
    for said, meant in _PYDANTIC_WORDS.items():
        message = message.replace(said, meant)
    if message.startswith("No such option: -") and message[17:18].isdigit():
        message += "; to give a value that starts with -, put -- before it (set KEY -- -1d)"
    return message


def build(name: str) -> Any:
    """The command `name` as Typer makes it, from its module's registration."""
    from importlib import import_module

    from screenkit.cli.typerparts import click_command, click_group, command_name, scratch

    made = scratch()
    import_module(f"screenkit.cli.{COMMANDS[name]}").register(made)
    settings: dict[str, Any] = {"pretty_exceptions_short": app.pretty_exceptions_short,
                                "rich_markup_mode": app.rich_markup_mode}  # fmt: skip
    command: Any = None
    for info in made.registered_commands:
        if command_name(info) == name:
            command = click_command(info, **settings)
    for group in made.registered_groups:
        if group.name == name:
            command = click_group(group, suggest_commands=app.suggest_commands, **settings)
    if command is None:
        raise LookupError(f"screenkit.cli.{COMMANDS[name]} registers no command {name!r}")
    _tidy(command)
    _global_options(command)
    return command


class ScreenkitGroup(TyperGroup):
    """A group whose usage errors suggest the nearest command (the root and record groups)."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)  # the names only: TyperGroup's would build every command

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        """An unknown command suggests the nearest one."""
        from screenkit.cli.typerparts import usage_error

        UsageError = usage_error()
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            from screenkit.suggest import hint

            raise UsageError(f"no command {name!r}{hint(name, self.list_commands(ctx))}", ctx)
        return super().resolve_command(ctx, args)


COMPLETION = ("--install-completion", "--show-completion")


class Screenkit(ScreenkitGroup):
    """The root: runs a command and turns every failure into `error: …` lines and a
    documented code. Its commands are built on demand (`COMMANDS`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _tidy(self)  # its own options; each command is tidied as it is built
        self._built: dict[str, Any] = {}
        self._completion = False

    # Click's documented pattern for lazily loaded commands: the names come from COMMANDS,
    # and a command is built the first time it is asked for.
    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in COMMANDS:
            return None
        if cmd_name not in self._built:
            self._built[cmd_name] = build(cmd_name)
        return self._built[cmd_name]

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """The commands under their headings (`HEADINGS`), each with its first sentence."""
        width = formatter.width - 6 - max(len(name) for name in COMMANDS)
        for heading, names in HEADINGS.items():
            rows = [(n, self.get_command(ctx, n).get_short_help_str(width)) for n in names]
            if rows:
                with formatter.section(heading):
                    formatter.write_dl(rows)

    def _with_completion(self, args: list[str]) -> None:
        """Shell completion's options (`--install-completion`, `--show-completion`) and its
        machinery, added only when asked for or shown: Typer's completion imports cost a
        tenth of a short command's start-up."""
        from screenkit.cli.typerparts import completion_options

        if self._completion:
            return
        self._completion = True
        self.params.extend(completion_options())
        for param in self.params:
            if param.param_type_name == "option" and getattr(param, "is_flag", False):
                param.metavar = ""

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        given = list(kwargs.get("args") or (args[0] if args else None) or sys.argv[1:])
        complete = os.environ.get("_SCREENKIT_COMPLETE")
        if complete or not given or any(a in (*COMPLETION, "--help", "-h") for a in given[:1]):
            self._with_completion(given)
        code = self._run(*args, **kwargs)
        if not standalone_mode:
            return code
        sys.exit(code)

    def _run(self, *args: Any, **kwargs: Any) -> int:
        try:
            rv = super().main(*args, **{**kwargs, "standalone_mode": False})
        except ScreenkitError as exc:
            from screenkit.errors import FieldError

            # A field typed as an option is named by the option the person typed.
            lines = [f"{exc.option}: {exc.reason}"] if isinstance(exc, FieldError) else exc.lines
            for line in lines:
                error(line)
            return exc.exit_code
        except typer.TyperException as exc:  # usage errors: unknown option, bad value …
            from screenkit.cli.typerparts import no_args_is_help_error

            NoArgsIsHelpError = no_args_is_help_error()
            ctx = getattr(exc, "ctx", None)
            if isinstance(exc, NoArgsIsHelpError) and ctx is not None:
                if ctx.parent is None:  # `screenkit` alone: its help, as asked
                    sys.stdout.write(ctx.get_help() + "\n")
                    return ExitCode.OK
                names = list(getattr(ctx.command, "commands", {}))
                message = "missing command" + (f": {', '.join(names)}" if names else "")
            else:
                message = _plain_usage(exc.format_message() or "missing command")
            hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
            error(f"{message}{hint}")
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
    add_completion=False,  # added by Screenkit.main when asked for (see _with_completion)
    pretty_exceptions_enable=False,
    # Plain help, wrapped to the terminal: Rich's panels squeezed option help into a narrow
    # column at 80 columns and read `[caldav]` in help text as markup, dropping it.
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _show_version(value: bool) -> None:
    if value:
        sys.stdout.write(f"screenkit {__version__}\n")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    file: list[Path] | None = typer.Option(
        None,
        "--file",
        "-f",
        help="The plan file [default: screenkit.toml, or SCREENKIT_FILE]. Read commands "
        "take several (repeat -f, or give a folder or a quoted glob) and read them as one "
        "network.",
        show_default=False,
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
    # SCREENKIT_FILE is read here, not by Typer, which would split a list's value at spaces.
    default = [Path(os.environ.get("SCREENKIT_FILE") or "screenkit.toml")]
    ctx.obj = Env(files=file or default, quiet=quiet, given=bool(file),
                  now_override=os.environ.get("SCREENKIT_NOW"))  # fmt: skip
