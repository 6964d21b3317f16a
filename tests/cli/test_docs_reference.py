"""The reference pages made from the code (docs/generate.py) are what the code makes now.

A new command, option, help text or plan key changes them: regenerate with
`.venv/bin/python docs/generate.py` and commit the pages with the change.
"""

from __future__ import annotations

import difflib
import sys
import types

import pytest
import typer

from screenkit.cli import app as cli_app
from screenkit.plan.models import json_schema
from tests.support.docs import DOCS, generator
from tests.support.plans import ROOT


def test_the_committed_reference_pages_are_up_to_date():
    gen = generator()
    for path, want in gen.expected().items():
        have = path.read_text()
        diff = difflib.unified_diff(have.splitlines(), want.splitlines(), "committed",
                                    "generated", lineterm="", n=1)  # fmt: skip
        shown = "\n".join(list(diff)[:40])
        assert have == want, (
            f"{path.relative_to(ROOT)} is stale: run `{gen.REGENERATE}` and commit the "
            f"result\n{shown}"
        )


def _walk(group, path=("screenkit",)):
    """Every command line, walked through each group's own `commands` (for the root, the
    lazy table `screenkit.cli.app.COMMANDS`), not the way the generator walks."""
    names = cli_app.COMMANDS if len(path) == 1 else group.commands
    for sub_name in names:
        command = group.get_command(None, sub_name)
        yield (*path, sub_name)
        if hasattr(command, "commands"):
            yield from _walk(command, (*path, sub_name))


def test_every_command_and_subcommand_has_a_section():
    page = (DOCS / "reference" / "commands.md").read_text()
    root = typer.main.get_command(cli_app.app)
    paths = [" ".join(p) for p in _walk(root)]
    assert {p.split()[1] for p in paths} == set(cli_app.COMMANDS)
    assert any(len(p.split()) == 3 for p in paths)  # the groups' subcommands are walked too
    for path in paths:
        assert f"# `{path}`\n" in page, f"no section for `{path}` in docs/reference/commands.md"


def test_every_key_of_the_plan_is_in_the_plan_file_reference():
    page = (DOCS / "reference" / "plan-file.md").read_text()
    schema = json_schema()
    for definition in [schema, *schema["$defs"].values()]:
        for key in definition.get("properties", {}):
            assert f"| `{key}` |" in page, f"plan key {key!r} missing from plan-file.md"


def test_a_command_added_elsewhere_is_documented_without_touching_the_generator(monkeypatch):
    """The generator walks what the app has: a new module in COMMANDS shows up by itself."""
    module = types.ModuleType("screenkit.cli.greeting")

    def greet(who: str = typer.Option("world", metavar="NAME", help="Whom to greet.")) -> None:
        """Say hello.

        Example: screenkit greet --who team
        """

    def register(app: typer.Typer) -> None:
        app.command("greet")(greet)

    module.register = register  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "screenkit.cli.greeting", module)
    monkeypatch.setitem(cli_app.COMMANDS, "greet", "greeting")
    made = generator().commands_part()
    assert "## `screenkit greet`" in made
    assert "- `--who NAME`: Whom to greet. Default: `world`." in made
    assert "**Example:** `screenkit greet --who team`" in made


def test_the_generator_refuses_a_page_without_its_markers():
    with pytest.raises(ValueError, match="markers"):
        generator().fill("# A page\n\nno markers here\n", "generated\n")
