"""A problem found in the plan: its severity, the place as the plan file names it, and what
is wrong. The shared currency of `checks`, `results` and every command that reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from screenkit.plan import models

Severity = Literal["error", "warning"]


Loc = tuple[str | int, ...]  # ("screenings", "clapham", "speakers", 1)


@dataclass(frozen=True)
class Problem:
    """Equal (and hashed) on severity, place and message, so that a plan session can tell the
    problems a change introduced; ordered as `check` lists them, by the place as written."""

    severity: Severity
    loc: Loc
    message: str
    # The screenings a problem is about, earliest first (both of a double booking), so a
    # command can file it under the one it is changing. Not part of `check --json`.
    involves: tuple[str, ...] = field(default=(), compare=False)
    plan: str | None = None  # which of a network's plans (`network`), named first in `where`

    @property
    def where(self) -> str:
        """The place as the plan file names it: `screenings.clapham.speakers[1]`; in a
        network, `leeds: screenings.clapham.speakers[1]`."""
        place = models.where(self.loc)
        return f"{self.plan}: {place}" if self.plan else place

    @property
    def screening(self) -> str | None:
        """The screening it is about, if it is under `screenings`."""
        loc = self.loc
        return str(loc[1]) if len(loc) > 1 and loc[0] == "screenings" else None

    @property
    def field(self) -> str | None:
        """The last named part of the place: `speakers` for `screenings.x.speakers[1]`."""
        return next((str(part) for part in reversed(self.loc) if isinstance(part, str)), None)

    def _key(self) -> tuple[str, str, str]:
        return (self.severity, self.where, self.message)

    def __lt__(self, other: Problem) -> bool:
        return self._key() < other._key()

    def __le__(self, other: Problem) -> bool:
        return self._key() <= other._key()

    def __gt__(self, other: Problem) -> bool:
        return self._key() > other._key()

    def __ge__(self, other: Problem) -> bool:
        return self._key() >= other._key()

    def as_dict(self) -> dict[str, str]:
        shape = {"severity": self.severity, "where": models.where(self.loc),
                 "message": self.message}  # fmt: skip
        return {"plan": self.plan, **shape} if self.plan else shape


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def warnings(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "warning"]
