"""Every use of Typer's internals, in one place: how a registered command becomes a Click
command, the Click that Typer 0.29 vendors (its usage errors), and shell completion's
machinery. The rest of the CLI uses Typer's public API and Click's documented pattern for
lazily loaded commands (`list_commands` names them, `get_command` builds one), so a Typer
upgrade that moves any of these breaks this module alone; tests/cli/test_typerparts.py
imports each name and says which one moved.
"""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperGroup

__all__ = [
    "TyperGroup",
    "click_command",
    "click_group",
    "command_name",
    "completion_options",
    "no_args_is_help_error",
    "scratch",
    "usage_error",
]


def click_command(info: Any, **settings: Any) -> Any:
    """The Click command Typer makes of a registered command (`@app.command()`)."""
    from typer.main import get_command_from_info

    return get_command_from_info(info, **settings)


def click_group(info: Any, **settings: Any) -> Any:
    """The Click group Typer makes of a registered sub-app (`app.add_typer`)."""
    from typer.main import get_group_from_info

    return get_group_from_info(info, **settings)


def command_name(info: Any) -> str:
    """The name a registered command runs under: its own, or its function's, dashed."""
    from typer.main import get_command_name

    return info.name or get_command_name(getattr(info.callback, "__name__", ""))


def usage_error() -> type[Exception]:
    """Click's UsageError, as Typer vendors it (an unknown command, a bad option)."""
    from typer._click.exceptions import UsageError

    return UsageError


def no_args_is_help_error() -> type[Exception]:
    """What Click raises for a group run without a command (`no_args_is_help`)."""
    from typer._click.exceptions import NoArgsIsHelpError

    return NoArgsIsHelpError


def completion_options() -> list[Any]:
    """Shell completion's options (`--install-completion`, `--show-completion`), with its
    machinery set up: only when asked for, since it costs a tenth of a short start-up."""
    from typer._completion_classes import completion_init
    from typer.main import get_install_completion_arguments

    completion_init()
    return list(get_install_completion_arguments())


def scratch() -> typer.Typer:
    """An app to register commands on, to be made into Click commands one by one."""
    return typer.Typer()
