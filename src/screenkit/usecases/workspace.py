"""The surroundings every use case is given (`Workspace`), and what a change reports
(`Changed`)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from screenkit.models import Plan
    from screenkit.problems import Problem

Step = Callable[[], None]
Progress = Callable[[str, int], AbstractContextManager[Step]]


def _new_uid() -> str:
    return str(uuid.uuid4())


@contextmanager
def _no_progress(label: str, total: int) -> Iterator[Step]:
    yield lambda: None


@dataclass(frozen=True)
class Workspace:
    """Everything a use case may know of its surroundings, passed in, never looked up."""

    plan: Path
    now: dt.datetime  # aware, UTC
    today: dt.date
    new_uid: Callable[[], str] = _new_uid
    progress: Progress = _no_progress  # a progress bar for long jobs, where someone watches


@dataclass
class Changed:
    """What a change to the plan did."""

    id: str
    warnings: list[Problem] = field(default_factory=list)  # problems it introduced
    changed: bool = True


def require_screening(plan: Plan, sid: str) -> None:
    """An InputError naming the nearest known id when the plan has no screening `sid`."""
    if sid not in plan.screenings:
        from screenkit.errors import InputError
        from screenkit.suggest import unknown

        raise InputError(f"screenings.{sid}: {unknown('screening', sid, plan.screenings)}")
