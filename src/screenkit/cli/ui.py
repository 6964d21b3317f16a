"""Where output goes: data to stdout, messages to stderr, Rich only for a person at a terminal.

Everything the CLI needs to know about its surroundings (the plan's path, the clock, whether
anyone is at the keyboard, how chatty to be) lives in `Env`, so tests can set it instead of
patching globals, and every message passes through it, so `--quiet` is obeyed in one place.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from screenkit.errors import InputError
from screenkit.text.escaping import one_line, visible

if TYPE_CHECKING:
    from screenkit.cli.tables import Column
    from screenkit.usecases.workspace import Workspace


@dataclass
class Env:
    files: list[Path]  # as `-f` gave them: files, folders, globs (`usecases.locate`)
    quiet: bool = False
    now_override: str | None = None
    given: bool = False  # `-f` was given, not defaulted: a later `-f` adds to it

    @property
    def plans(self) -> list[Path]:
        from screenkit.usecases.locate import expand

        return expand(self.files)

    @property
    def plan(self) -> Path:
        """The one plan a command reads or changes; several are refused (see `workspace`)."""
        plans = self.plans
        if len(plans) > 1:
            names = ", ".join(str(p) for p in plans[:3]) + (", …" if len(plans) > 3 else "")
            raise InputError(
                f"-f: this command works on one plan, and {len(plans)} were given ({names}); "
                "give one -f (list, show, check, status, tasks and export feed, site, report "
                "and vdir read several)"
            )
        return plans[0]

    @property
    def now(self) -> dt.datetime:
        """The current UTC time; `SCREENKIT_NOW` pins it for reproducible runs and tests."""
        if self.now_override:
            try:
                moment = dt.datetime.fromisoformat(self.now_override.strip())
            except ValueError:
                raise InputError(
                    f"SCREENKIT_NOW: {self.now_override!r} is not a date and time; use ISO "
                    "8601 such as 2027-06-01T09:00:00Z, or unset it"
                ) from None
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=dt.UTC)
            if not 1900 <= moment.year <= 2200:  # the plan's own range of dates
                raise InputError(
                    f"SCREENKIT_NOW: {self.now_override!r} is outside 1900 to 2200; use a "
                    "date and time in that range, or unset it"
                )
            return moment.astimezone(dt.UTC)
        return dt.datetime.now(dt.UTC)

    def workspace(self, *, network: bool = False) -> Workspace:
        """The surroundings of one command. Only a read command that can take a network
        says `network`: any other refuses more than one plan before it reads anything."""
        from screenkit.usecases.workspace import Workspace

        if not gc.isenabled():  # start-up is over (see cli.main): collect from here on
            gc.freeze()
            gc.enable()

        plans = self.plans if network else [self.plan]
        now = self.now
        return Workspace(plans[0], now, now.astimezone().date(), progress=progress,
                         environ=os.environ, cwd=Path.cwd(), plans=tuple(plans),
                         notice=self.warn)  # fmt: skip

    # -- messages (stderr), all silenced by --quiet -------------------------------------
    def say(self, text: str) -> None:
        """A message about what happened."""
        if not self.quiet:
            _message("", text)

    def warn(self, text: str) -> None:
        if not self.quiet:
            _message("warning: ", text)

    def table(self, columns: list[Column], rows: list[list[str]], drop: Sequence[int] = ()) -> None:
        """`table`, then which columns did not fit: one left out without a word looks like
        data that is not there."""
        hidden = table(columns, rows, drop)
        if hidden:
            self.say(f"({', '.join(hidden)} left out at this width: widen the terminal, or use "
                     "--json)")  # fmt: skip

    def report(self, done: Any) -> None:
        """What a change brought: its warnings, then whose invitations it made old."""
        self.warn_problems(done.warnings)
        for notice in done.notices:
            self.say(notice)

    def warn_problems(self, problems: Iterable[Any], limit: int | None = None) -> None:
        """Warnings from `checks`, one line each: `warning: where: message`; past `limit`,
        how many more there are (an import of a thousand rows)."""
        warnings = [p for p in problems if p.severity == "warning"]
        shown = warnings if limit is None else warnings[:limit]
        for problem in shown:
            self.warn(f"{problem.where}: {problem.message}")
        if len(shown) < len(warnings):
            self.warn(f"and {len(warnings) - len(shown)} more; `screenkit check` lists them all")


def across(ws: Workspace, one: Callable[..., Any], name: str) -> Callable[..., Any]:
    """The use case for the plans given: `one`, or with several the network's use case
    `name` (`usecases.network`, imported only then: a single plan's start-up pays nothing)."""
    if not ws.network:
        return one
    from screenkit.usecases import network

    return getattr(network, name)


def env(ctx: typer.Context) -> Env:
    return ctx.find_root().obj


def stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


_CONTROLS = {c: " " for c in range(32) if c not in (9, 10)} | {127: " "}


def _plain(text: str) -> str:
    """No raw control characters from user data reach the terminal (escape sequences could
    rewrite what the person sees)."""
    return text.translate(_CONTROLS)


def _line(text: str) -> str:
    """A message is one line whatever it quotes: a line break, a C1 control or a bidi override
    in an id or a reply's UID must not forge a second line or reorder the one shown."""
    return one_line(text, quoting=True)


def out(text: str = "") -> None:
    """One line of data, for the person or for the next program in the pipe: whatever a
    value in it holds (a line break in a conflict key, an escape sequence in a folder's
    name) is shown as an escape, so it can never forge a line of its own."""
    sys.stdout.write(visible(text) + "\n")


def out_text(text: str) -> None:
    """A whole document screenkit made (a listing, a value as TOML), its lines as they are:
    each maker escaped what it took from the plan; controls are still kept off the terminal."""
    sys.stdout.write(_plain(text) + "\n")


def out_wrapped(text: str, indent: str = "") -> None:
    """A line of prose for a person: filled to a terminal's width between words, its further
    lines indented under `indent` and two spaces; one line in a pipe."""
    line = indent + visible(text)
    sys.stdout.write((_filled(line, indent) if sys.stdout.isatty() else line) + "\n")


def _filled(line: str, indent: str = "") -> str:
    """`line` filled to the terminal's width between words, never inside an id, an email or
    at a hyphen; further lines indented two spaces past `indent`."""
    width = max(20, terminal_width() - 1)  # narrower still, and words would break again
    if len(line) <= width:
        return line
    import textwrap

    return textwrap.fill(line, width, subsequent_indent=indent + "  ", break_long_words=False,
                         break_on_hyphens=False)  # fmt: skip


def error(text: str) -> None:
    _message("error: ", text)


def _message(prefix: str, text: str) -> None:
    """One message on stderr: one line for scripts and logs; for a person at a terminal,
    wrapped between words (the terminal itself cuts ids, emails and names in two), each
    further line indented under the first."""
    line = prefix + _line(text)
    sys.stderr.write((_filled(line) if sys.stderr.isatty() else line) + "\n")


def print_json(value: Any) -> None:
    import json

    out_text(json.dumps(value, indent=2, ensure_ascii=False, default=_json_value))


def _json_value(value: Any) -> Any:
    """What JSON has no type for, as scripts read it: dates and times in ISO 8601, exact
    amounts as text."""
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    from decimal import Decimal

    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


@contextmanager
def progress(label: str, total: int, threshold: int = 50) -> Iterator[Callable[[], None]]:
    """A progress bar on stderr for long jobs at a terminal; yields the function that
    advances it. In a pipe, or for small jobs, nothing is shown."""
    if total < threshold or not sys.stderr.isatty():
        yield lambda: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    console = messages_console()
    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda: bar.advance(task)


def terminal_width() -> int:
    import shutil

    return shutil.get_terminal_size((80, 24)).columns


def table(columns: list[Column], rows: list[list[str]], drop: Sequence[int] = ()) -> list[str]:
    """Columns that fit the terminal (`tables`: nothing broken mid-word, columns dropped in
    the order `drop` gives), with a bold header where colour is allowed; in a pipe, plain
    aligned columns with every value whole."""
    from screenkit.cli import tables

    # A cell is one value shown exactly: a line break in it must not start a forged row.
    rows = [[visible(cell) for cell in row] for row in rows]
    if not stdout_is_terminal():
        rows = [[cell.replace(tables.KEEP_TOGETHER, " ") for cell in row] for row in rows]
        widths = [max([len(c.header), *(len(r[i]) for r in rows)]) for i, c in enumerate(columns)]
        for row in [[c.header for c in columns], *rows]:
            out("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
        return []
    clean = [[_plain(cell) for cell in row] for row in rows]
    width = terminal_width()
    header, *lines = tables.render(columns, clean, width, drop)
    bold = "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"
    sys.stdout.write((f"\x1b[1m{header}\x1b[0m" if bold else header) + "\n")
    for line in lines:
        sys.stdout.write(line + "\n")
    shown = {i for i, _ in tables.layout(columns, clean, width, drop)}
    return [c.header for i, c in enumerate(columns) if i not in shown]


def messages_console() -> Any:
    """The Rich console on stderr that prompts and progress bars write to: the one place a
    console is made, so that NO_COLOR and plain highlighting hold for both."""
    from rich.console import Console

    return Console(stderr=True, no_color="NO_COLOR" in os.environ, highlight=False)
