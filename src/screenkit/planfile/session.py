"""Changing the plan: one session under its lock, in named steps.

    with session(path, today) as s:     # locked; the plan read, parsed and validated
        s.change(new_data)              # validated and checked where it differs; an error
                                        # it introduces stops everything (nothing written)
        s.problems()                    # every problem of the plan as changed
        …                               # build and deliver what the command makes
        s.write(data)                   # spliced into the text, proved, replaced atomically

A session can write more than once (each write is whole and atomic). A long delivery records
what arrived as it goes in the plan's journal (`s.journal_entry(entry)`, `planfile.journal`),
cheaper than a write per message; a session opens by folding in what an interrupted run left
there, so nothing it delivered is sent twice or forgotten. `edit(path, change, today)` is the
whole session for a change that only changes the plan.

A change works on the data as parsed from TOML (`changes`), returns new data that shares what
it leaves alone, and never mutates what it was given: that sharing is how `changed_records`
finds what to validate again, and how `checks.scope` limits the check to what the change
could affect, so a write to a 10,000-screening plan costs what it changes.
"""

from __future__ import annotations

import datetime as dt
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

from screenkit.errors import InputError, PlanError
from screenkit.files import resolve
from screenkit.plan.models import Plan, validate_plan
from screenkit.plan.problems import Problem
from screenkit.planfile import store
from screenkit.planfile.journal import Journal

T = TypeVar("T")
Data = dict[str, Any]
Fields = list[tuple[tuple[int | str, ...], str]]


class Explain(Protocol):
    """Tells a change's invalid fields and plan errors in the caller's own terms (an import
    names rows and columns); returns the exception to raise, or None when all is well."""

    def failure(self, fields: Fields, problems: list[Problem]) -> Exception | None: ...


class PlanTerms:
    """The default wording: `path.to.field: what is wrong`, as the plan file names it."""

    def failure(self, fields: Fields, problems: list[Problem]) -> Exception | None:
        from screenkit.plan.models import where

        lines = [f"{where(loc)}: {message}" for loc, message in fields]
        lines += [f"{p.where}: {p.message}" for p in problems]
        return InputError(*lines) if lines else None


def _raise(words: Explain, fields: Fields) -> Exception:
    return words.failure(fields, []) or InputError("the plan is not valid")


@dataclass
class Session:
    """The plan under its lock: what is on disk, and what the changes so far make of it."""

    path: Path  # as the person gave it, for messages
    target: Path  # the file itself, every link followed
    today: dt.date
    text: str  # on disk
    bom: bool
    disk: Data  # `text` parsed
    data: Data  # with the changes so far
    plan: Plan  # `data` as models
    writing: bool = True  # False: a dry run, nothing is written
    self_check: bool = False  # the suite's proof that scoped checking is whole checking
    introduced: list[Problem] = field(default_factory=list)  # problems the changes brought
    journal: Journal | None = None  # what deliveries took, until a write records it
    folded: int = 0  # entries an interrupted run left, folded in when the session opened
    notice: Callable[[str], None] = lambda text: None  # a warning for the person
    _problems: list[Problem] | None = None
    _journaled: bool = False  # entries were appended (or folded) that a write records

    def change(self, new: Data, explain: Explain | None = None) -> list[Problem]:
        """Take `new` as the plan, once it is valid and brings no error; returns the
        warnings it brings. Only what it changed is validated and checked again."""
        from screenkit.plan.models import changed_records, revalidate
        from screenkit.plan.problems import errors
        from screenkit.rules.checks import check, scope

        if new is self.data:
            return []
        words = explain or PlanTerms()
        before = self.plan
        changed = changed_records(self.data, new)
        with store.not_too_deep(self.path):
            after = revalidate(before, new, changed, describe=lambda f: _raise(words, f))
        within = scope(before, after, changed)
        # Only what the change touched is checked on both sides (everything if it reached
        # the settings): the rest of the plan has the same problems before and after.
        problems = check(after, self.today, within)
        known = set(check(before, self.today, within)) if problems else set()
        introduced = [p for p in problems if p not in known]
        if self.self_check:
            _self_check(new, before, after, self.today, introduced)
        failure = words.failure([], errors(introduced))
        if failure is not None:
            raise failure
        self.data, self.plan, self._problems = new, after, None
        self.introduced += introduced
        return introduced

    def problems(self) -> list[Problem]:
        """Every problem of the plan as changed, as `check` lists them."""
        if self._problems is None:
            from screenkit.rules.checks import check

            self._problems = check(self.plan, self.today)
        return self._problems

    def write(self, data: Data | None = None) -> bool:
        """Put `data` (by default the changed plan) on disk, whole or not at all: spliced into
        the text so that comments and layout stay, and parsed back to prove it. `data` must
        be a part of what `change` accepted (what was delivered of it), never more. Returns
        whether anything was written (nothing differs, or a dry run: False)."""
        data = self.data if data is None else data
        if not self.writing:
            return False
        if data == self.disk:
            self._settle()
            return False
        out = store.patched(self.text, self.disk, data)
        self.text = self.disk = None  # type: ignore[assignment]  # the peak is the proof below
        store.write_plan(self.path, self.target, store.proved(out, data), bom=self.bom)
        self.text, self.disk = out, data
        self._settle()
        return True

    def journal_entry(self, entry: dict[str, Any]) -> None:
        """Keep one thing a server took (`changes.sent_entry`, `published_entry`) on disk at
        once, for the plan to record at the next write (or the next session, if this run
        does not get that far)."""
        if self.writing and self.journal is not None:
            self.journal.append(entry)
            self._journaled = True

    def _settle(self) -> None:
        """The plan on disk holds everything the journal did: it goes."""
        if self._journaled and self.journal is not None:
            self.journal.clear()
            self._journaled = False

    def fold_journal(self, base: Data | None = None) -> int:
        """Fold in the journal and write it at once (a dry run folds it in memory only); how
        many entries there were. Without `base`, when the session opens: what an interrupted
        run left, validated like any change. With it: this run's own entries, stopped by
        Ctrl-C, onto the data they were made from (what `record` would have started from)."""
        from screenkit.edits import changes

        assert self.journal is not None
        if base is None and not self.journal.belongs(self.text, self.data.get("screenings") or {}):
            aside = self.journal.set_aside() if self.writing else self.journal.path
            self.notice(
                f"{self.journal.path}: not this plan's journal (it was written for another plan, "
                f"or for this one as it no longer is); left aside as {aside.name}, not folded "
                "in: what it lists may be sent again"
            )
            return 0
        entries = self.journal.entries()
        if not entries:
            if self.writing and self.journal.exists():
                self.journal.clear()  # empty, or only a line cut short
            return 0
        if base is not None:
            self._journaled = True
            self.write(changes.fold(base, entries)[0])
            return len(entries)
        new, _ = changes.fold(self.data, entries)
        try:
            self.change(new)
        except InputError as exc:
            raise PlanError(
                f"{self.journal.path}: what an interrupted send or publish left there does not "
                f"fit the plan ({exc.lines[0]}); remove the file to go on without it (what it "
                "lists may then be sent again)"
            ) from None
        self._journaled = True
        self.write()
        return len(entries)

    def release(self) -> None:
        """Let go of the models and the data before a big write's peak (the text rebuilt and
        parsed back): a first export of 10,000 screenings held them all, 40 MB."""
        self.plan = None  # type: ignore[assignment]
        self._problems = None


@contextmanager
def session(
    path: Path, today: dt.date, *, write: bool = True, self_check: bool = False,
    notice: Callable[[str], None] = lambda text: None,
) -> Iterator[Session]:  # fmt: skip
    """The plan, locked, read and validated, for the steps of one command (see above)."""
    target = resolve(path)  # once: a symlinked plan is locked, read and written at its target
    try:
        usable = stat.S_ISREG(target.stat().st_mode)
    except OSError:
        usable = False
    if not usable:
        store.read(target, path)  # says what is wrong before the lock leaves a file behind
    with store.locked_target(target, path):
        if write:  # before anything is delivered: a plan that cannot record it is refused
            store.check_writable(path, target)
        text, bom = store.read(target, path)
        data = store.parse(text, path)
        with store.not_too_deep(path):
            plan = validate_plan(data)
        s = Session(path, target, today, text, bom, data, data, plan, write, self_check,
                    journal=Journal(target, text), notice=notice)  # fmt: skip
        try:
            s.folded = s.fold_journal()
            yield s
        finally:
            if s.journal is not None:
                s.journal.close()


@dataclass
class Edited(Generic[T]):
    result: T  # what the change returned beside the data
    warnings: list[Problem]  # problems the change introduced (errors would have stopped it)
    notices: list[str] = field(default_factory=list)  # what else the caller found to say


def edit(
    path: Path,
    change: Callable[[Data, Plan], tuple[Data, T]],
    today: dt.date,
    *,
    explain: Explain | None = None,
    write: bool = True,
    self_check: bool = False,
) -> Edited[T]:
    """Apply `change` to the plan under the lock and write it if it is still valid: the
    whole session of a command that only changes the plan. `write=False` is a dry run."""
    with session(path, today, write=write, self_check=self_check) as s:
        new, result = change(s.data, s.plan)
        warnings = s.change(new, explain)
        s.release()
        s.write()
    return Edited(result, warnings)


def _self_check(
    new_data: Data, before: Plan, after: Plan, today: dt.date, introduced: list[Problem]
) -> None:
    """For the test suite: what a session validated and checked of a change alone is what
    validating and checking the whole plan gives."""
    import json

    from screenkit.rules.checks import check

    whole = validate_plan(new_data)
    assert json.dumps(whole.model_dump(mode="json")) == json.dumps(after.model_dump(mode="json"))
    known = set(check(before, today))
    full = [p for p in check(whole, today) if p not in known]
    assert introduced == full, (introduced, full)
