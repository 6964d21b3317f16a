"""Typer's internals are used in one module, and each of them is still where it was: a Typer
upgrade that moves one fails here, by name, not at start-up."""

from __future__ import annotations

import ast
from pathlib import Path

from screenkit.cli import typerparts

CLI = Path(typerparts.__file__).parent


def test_every_internal_typerparts_uses_is_still_there():
    assert typerparts.usage_error().__name__ == "UsageError"
    assert typerparts.no_args_is_help_error().__name__ == "NoArgsIsHelpError"
    app = typerparts.scratch()

    @app.command()
    def hello_there() -> None:
        """Hi."""

    [info] = app.registered_commands
    assert typerparts.command_name(info) == "hello-there"
    made = typerparts.click_command(info, pretty_exceptions_short=True, rich_markup_mode=None)
    assert made.name == "hello-there"
    names = {o for p in typerparts.completion_options() for o in p.opts}
    assert {"--install-completion", "--show-completion"} <= names


def test_no_other_cli_module_reaches_into_typer():
    """Only the public `typer` module (Typer, Option, Argument, Context, Exit …) elsewhere."""
    for path in CLI.glob("*.py"):
        if path.name == "typerparts.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("typer."):
                raise AssertionError(f"{path.name} imports {node.module}")
            if isinstance(node, ast.Import):
                assert not [a for a in node.names if a.name.startswith("typer.")], path.name
            if isinstance(node, ast.Attribute) and ast.unparse(node).startswith(
                ("typer.main", "typer.core", "typer._")
            ):
                raise AssertionError(f"{path.name} uses {ast.unparse(node)}")
