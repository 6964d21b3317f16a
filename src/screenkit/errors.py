"""screenkit's own exceptions and the exit codes they map to.

The CLI turns these into `error: …` lines on stderr in exactly one place (`cli.app`); domain
code raises them and never prints.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    PROBLEMS = 1  # `check` found errors (or warnings with --strict)
    USAGE = 2  # a bad option, value or input file given to a command
    PLAN = 3  # the plan file is missing, unreadable, not TOML or not a valid plan
    BUSY = 4  # another screenkit run held the plan's lock for too long
    OUTPUT = 5  # a file or folder could not be written (permissions, full disk, a folder …)
    DELIVERY = 6  # a mail or calendar server refused or could not be reached
    INTERNAL = 70  # a bug in screenkit (EX_SOFTWARE); SCREENKIT_DEBUG=1 shows the traceback
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT), as shells report it


class ScreenkitError(Exception):
    """An error a user can act on; `lines` are shown one per line after `error: `."""

    exit_code = ExitCode.USAGE

    def __init__(self, *lines: str) -> None:
        super().__init__("\n".join(lines))
        self.lines = list(lines)


class InputError(ScreenkitError):
    """A value, option or input file given to a command is wrong."""


class PlanError(ScreenkitError):
    """The plan file cannot be read or is not a valid plan."""

    exit_code = ExitCode.PLAN


class BusyError(ScreenkitError):
    exit_code = ExitCode.BUSY


class StorageError(ScreenkitError):
    """A file or folder could not be written or replaced; nothing was half-written."""

    exit_code = ExitCode.OUTPUT
    errno: int | None = None  # the operating system's reason, where there was one


class DeliveryError(ScreenkitError):
    """A mail or calendar server refused what was sent, or could not be reached."""

    exit_code = ExitCode.DELIVERY


class Incomplete(ScreenkitError):
    """Some of the work was done and some could not be; the rest is named, line by line."""

    exit_code = ExitCode.PROBLEMS


class ProblemsFound(ScreenkitError):
    """The command did its job and its answer is "no": `check` found errors, `get` found no
    value, a merge left conflicts. What it found is already said, so it has no lines."""

    exit_code = ExitCode.PROBLEMS


class NeedsForce(InputError):
    """A change that would lose something people rely on; the person may insist."""


class FieldError(InputError):
    """A value given for one field is wrong. `option` is the field's command-line spelling,
    which the CLI uses instead of the plan's location (`--date:` rather than
    `screenings.x.date:`)."""

    def __init__(self, where: str, option: str, reason: str) -> None:
        super().__init__(f"{where}: {reason}")
        self.option, self.reason = option, reason
