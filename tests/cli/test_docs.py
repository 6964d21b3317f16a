"""Every command explains itself, with an example."""

import pytest
import typer

from screenkit.cli.app import app


def commands(group=None, prefix=()):
    group = group or typer.main.get_command(app)
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            yield from commands(command, (*prefix, name))
        else:
            yield (*prefix, name), command


@pytest.mark.parametrize(
    ("path", "command"), list(commands()), ids=lambda v: " ".join(v) if isinstance(v, tuple) else ""
)
def test_every_command_has_help_with_an_example(path, command):
    assert command.help, f"screenkit {' '.join(path)} has no help"
    assert "Example: screenkit" in command.help


def test_version(run):
    from screenkit import __version__

    result = run("--version")
    assert (result.exit_code, result.stdout) == (0, f"screenkit {__version__}\n")
