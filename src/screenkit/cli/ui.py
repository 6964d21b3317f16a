"""Where output goes: data to stdout, messages to stderr, Rich only for a person at a terminal.

Everything the CLI needs to know about its surroundings (the plan's path, the clock, whether
anyone is at the keyboard) lives in `Env`, so tests can set it instead of patching globals.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import typer


@dataclass
class Env:
    plan: Path
    quiet: bool = False
    now_override: str | None = None

    @property
    def now(self) -> dt.datetime:
        """The current UTC time; `SCREENKIT_NOW` pins it for reproducible runs and tests."""
        if self.now_override:
            moment = dt.datetime.fromisoformat(self.now_override)
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=dt.UTC)
            return moment.astimezone(dt.UTC)
        return dt.datetime.now(dt.UTC)

    @property
    def today(self) -> dt.date:
        return self.now.astimezone().date()


def env(ctx: typer.Context) -> Env:
    return ctx.find_root().obj


def stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def out(text: str = "") -> None:
    """Data, for the person or for the next program in the pipe."""
    sys.stdout.write(text + "\n")


def say(e: Env, text: str) -> None:
    """A message about what happened; silenced by --quiet."""
    if not e.quiet:
        sys.stderr.write(text + "\n")


def warn(text: str) -> None:
    sys.stderr.write(f"warning: {text}\n")


def warn_problems(problems: Iterable[Any]) -> None:
    """Warnings from `checks`, one line each: `warning: where: message`."""
    for problem in problems:
        if problem.severity == "warning":
            warn(f"{problem.where}: {problem.message}")


def error(text: str) -> None:
    sys.stderr.write(f"error: {text}\n")


def print_json(value: Any) -> None:
    out(json.dumps(value, indent=2, ensure_ascii=False))


@contextmanager
def progress(label: str, total: int, threshold: int = 50) -> Iterator[Callable[[], None]]:
    """A progress bar on stderr for long jobs at a terminal; yields the function that
    advances it. In a pipe, or for small jobs, nothing is shown."""
    if total < threshold or not sys.stderr.isatty():
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    console = Console(stderr=True, no_color="NO_COLOR" in os.environ)
    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda: bar.advance(task)


def table(headers: list[str], rows: list[list[str]], title: str | None = None) -> None:
    """A Rich table at a terminal; plain aligned columns in a pipe (cheap, no markup)."""
    if stdout_is_terminal():
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        grid = Table(title=title, title_justify="left")
        for header in headers:
            grid.add_column(header)
        for row in rows:
            grid.add_row(*(Text(cell) for cell in row))  # Text: user data is never markup
        plain = "NO_COLOR" in os.environ  # no colour, and no bold either: no escapes at all
        Console(force_terminal=True, color_system=None if plain else "auto").print(grid)
        return
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]
    for row in [headers, *rows]:
        out("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
