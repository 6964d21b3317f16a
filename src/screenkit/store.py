"""Reading and writing the plan file safely.

Every change runs under a lock file beside the plan (so parallel runs from a script queue up
instead of losing each other's work), is validated as a whole before anything is written, is
spliced into the original text (`tomldoc`) so comments and layout survive, and replaces the
file atomically (a crash leaves the old plan or the new one, never half of one).
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

import tomli  # the same parser as the standard library's tomllib, compiled: 2-3x faster

from screenkit.errors import BusyError, InputError, PlanError
from screenkit.models import Plan, validate_plan

if TYPE_CHECKING:
    from screenkit.checks import Problem

LOCK_TIMEOUT = 60.0
T = TypeVar("T")
U = TypeVar("U")
Data = dict[str, Any]


def read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise PlanError(
            f"{path}: no plan file here; create one with `screenkit init` or point to one "
            "with --file or SCREENKIT_FILE"
        ) from None
    except OSError as exc:
        raise PlanError(f"{path}: cannot read the plan file: {exc.strerror}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PlanError(f"{path}: not UTF-8 text (byte {exc.start})") from None


def parse(text: str, path: Path) -> Data:
    try:
        return tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        raise PlanError(f"{path}: not valid TOML: {exc}") from None


def load(path: Path, *, quick: bool = False) -> Plan:
    """The plan as models; `quick` is for commands that only display it (see validate_plan)."""
    return validate_plan(parse(read_text(path), path), quick=quick)


def lock_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.lock")


@contextmanager
def locked(path: Path) -> Iterator[None]:
    from filelock import FileLock, Timeout

    # A hidden, empty file beside the plan; it stays (removing it would race another run).
    lock = FileLock(str(lock_path(path)), timeout=LOCK_TIMEOUT)
    try:
        with lock:
            yield
    except Timeout:
        raise BusyError(
            f"{path}: another screenkit run has held the plan for {LOCK_TIMEOUT:.0f} s; "
            "try again when it has finished"
        ) from None


def atomic_write(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: Path, content: bytes, *, durable: bool = True) -> None:
    """Write to a temporary file in the same folder, flush it to disk, then rename over.

    `durable=False` skips the fsyncs: still all-or-nothing, but a power cut may lose the new
    file. Right for exports, which the plan can always make again; never for the plan.
    """
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".screenkit-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        try:
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        except FileNotFoundError:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    if durable and hasattr(os, "O_DIRECTORY"):  # make the rename durable where the OS allows
        dir_fd = os.open(path.parent, os.O_DIRECTORY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def write_output(path: Path, content: bytes) -> None:
    """An export file: a new one is created in place (exclusively, and removed again if the
    write fails); an existing one is replaced atomically, so nobody reading it ever sees
    half of the new version. Creating files is slow on some file systems, and a temporary
    file plus a rename for each of a thousand new invites doubles that cost."""
    try:
        handle = open(path, "xb")  # noqa: SIM115 - closed below, removed on failure
    except FileExistsError:
        atomic_write_bytes(path, content, durable=False)
        return
    try:
        with handle:
            handle.write(content)
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def create(path: Path, text: str, *, force: bool) -> None:
    with locked(path):
        if path.exists() and not force:
            raise InputError(f"{path} already exists; use --force to replace it")
        atomic_write(path, text)


def render(text: str, old: Data, new: Data) -> str:
    """The plan's text changed to hold `new`, checked by parsing it back."""
    from screenkit.tomldoc import PatchError, patch

    try:
        out = patch(text, old, new)
    except PatchError as exc:
        raise PlanError(f"cannot update the plan file while keeping its layout: {exc}") from None
    try:
        same = tomli.loads(out) == new
    except tomli.TOMLDecodeError:
        same = False
    if not same:
        raise PlanError(
            "cannot update the plan file while keeping its layout; nothing was written "
            "(please report this with the file)"
        )
    return out


@dataclass
class Edited(Generic[T, U]):
    result: T  # what `change` returned beside the data
    warnings: list[Problem]  # problems the change introduced (errors would have stopped it)
    problems: list[Problem]  # every problem in the new plan
    output: U | None  # what `then` built from it


class Explain(Protocol):
    """Tells a change's invalid fields and plan errors in the caller's own terms (an import
    names rows and columns); returns the exception to raise, or None when all is well."""

    def failure(
        self, fields: list[tuple[tuple[int | str, ...], str]], problems: list[Problem]
    ) -> Exception | None: ...


class PlanTerms:
    """The default wording: `path.to.field: what is wrong`, as the plan file names it."""

    def failure(
        self, fields: list[tuple[tuple[int | str, ...], str]], problems: list[Problem]
    ) -> Exception | None:
        from screenkit.models import where

        lines = [f"{where(loc)}: {message}" for loc, message in fields]
        lines += [f"{p.where}: {p.message}" for p in problems]
        return InputError(*lines) if lines else None


def _raise(words: Explain, fields: list[tuple[tuple[int | str, ...], str]]) -> Exception:
    return words.failure(fields, []) or InputError("the plan is not valid")


def edit(
    path: Path,
    change: Callable[[Data, Plan], tuple[Data, T]],
    today: dt.date,
    then: Callable[[Plan, list[Problem]], U] | None = None,
    write: bool = True,
    explain: Explain | None = None,
    settle: Callable[[U], Data] | None = None,
) -> Edited[T, U]:
    """Apply `change` to the plan under the lock, then write it if it is still valid.

    `change` gets the data as parsed (and as models) and returns new data, sharing unchanged
    parts, without mutating what it was given. Errors the change introduces stop the write,
    and so does any exception from `then`, which builds what the command produces from the
    new plan (export uses it so that files and plan agree). `write=False` is a dry run, and
    `explain` words the failures. `settle` picks, from what `then` made, the data to write
    instead of the change's: a part of the same change (export records only what it
    delivered), so it is not validated again.
    """
    from screenkit.checks import check, errors

    with locked(path):
        text = read_text(path)
        data = parse(text, path)
        before = validate_plan(data)
        new_data, result = change(data, before)

        words = explain or PlanTerms()
        after = before
        if new_data is not data:
            after = validate_plan(new_data, describe=lambda fields: _raise(words, fields))
        known = set(check(before, today))
        problems = known if after is before else check(after, today)
        introduced = [p for p in problems if p not in known]
        failure = words.failure([], errors(introduced))
        if failure is not None:
            raise failure
        output = then(after, sorted(problems)) if then is not None else None
        if settle is not None:
            new_data = settle(output)  # type: ignore[arg-type]
        if write and new_data != data:
            atomic_write(path, render(text, data, new_data))
        return Edited(result, introduced, sorted(problems), output)
