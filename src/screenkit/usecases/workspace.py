"""The surroundings every use case is given (`Workspace`), and what a change reports
(`Changed`)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from screenkit.plan.models import Plan
    from screenkit.plan.problems import Problem
    from screenkit.planfile.session import Edited, Explain, Session

T = TypeVar("T")
Data = dict[str, Any]
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
    # The environment: server settings and secrets (SCREENKIT_SMTP_URL …), the user config
    # file's place. Empty by default, so a test or a script says what it means.
    environ: Mapping[str, str] = field(default_factory=dict)
    cwd: Path = Path()  # where default output folders are (`export/`, `site/`)
    # Every plan `-f` named, for a read command that takes a network (`network`); `plan`
    # is the first. Empty: just `plan`.
    plans: tuple[Path, ...] = ()
    # A warning for the person about something set aside on the way (a journal that is not
    # this plan's): the CLI prints it, a script may collect it.
    notice: Callable[[str], None] = lambda text: None

    @property
    def network(self) -> bool:
        """More than one plan: ids are `group/id` (`network`)."""
        return len(self.plans) > 1

    @property
    def self_check(self) -> bool:
        """The test suite's SCREENKIT_SELF_CHECK: every write also proves its scoped
        validation and checks equal to the whole plan's."""
        return bool(self.environ.get("SCREENKIT_SELF_CHECK"))

    def session(self, *, write: bool = True) -> AbstractContextManager[Session]:
        """The plan, locked, for the named steps of one command (`planfile.session`)."""
        from screenkit.planfile.session import session

        return session(self.plan, self.today, write=write, self_check=self.self_check,
                       notice=self.notice)  # fmt: skip

    def edit(
        self,
        change: Callable[[Data, Plan], tuple[Data, T]],
        *,
        explain: Explain | None = None,
        write: bool = True,
        invitations: bool = False,
    ) -> Edited[T]:
        """Apply a change that only changes the plan, and write it (`planfile.session`).
        A use case whose change can make an invitation people hold out of date says so
        (`invitations`): then `notices` says whose (`status.newly_owed`). Any other edit
        (a tick, a result, an answer) never loads the calendar and mail code."""
        from screenkit.planfile.session import Edited

        with self.session(write=write) as s:
            before, plan = s.data, s.plan
            new, result = change(s.data, s.plan)
            warnings = s.change(new, explain)
            notices: list[str] = []
            if invitations:
                from screenkit.usecases.status import newly_owed

                notices = newly_owed(self, before, plan, s.data, s.plan)
            s.release()
            s.write()
        return Edited(result, warnings, notices)


@dataclass
class Changed:
    """What a change to the plan did."""

    id: str
    warnings: list[Problem] = field(default_factory=list)  # problems it introduced
    changed: bool = True
    notices: list[str] = field(default_factory=list)  # whose invitations it made old


def require_screening(plan: Plan, sid: str) -> None:
    """An InputError naming the nearest known id when the plan has no screening `sid`."""
    if sid not in plan.screenings:
        from screenkit.errors import InputError
        from screenkit.suggest import unknown

        raise InputError(f"screenings.{sid}: {unknown('screening', sid, plan.screenings)}")


def require_settled(plan: Plan) -> None:
    """Nothing public is made while a merge's conflicts are unsettled: the plan then holds
    one side's value of each, which may be the wrong time, price or place."""
    if plan.conflicts:
        from screenkit.errors import InputError

        keys = list(plan.conflicts)
        raise InputError(
            f"conflicts: {len(keys)} place(s) a merge changed both ways ({', '.join(keys[:3])}"
            f"{' …' if len(keys) > 3 else ''}); nothing public is made until they are "
            f"settled: screenkit resolve {keys[0]} --ours (or --theirs)"
        )
