"""Reading and writing the plan file safely.

Every change runs under a lock file beside the plan (so parallel runs from a script queue up
instead of losing each other's work), is validated as a whole before anything is written, is
spliced into the original text (`tomldoc`) so comments and layout survive, and replaces the
file atomically (a crash leaves the old plan or the new one, never half of one).

A plan reached through a symbolic link is resolved once: the link's target is locked, read and
replaced, and the link stays a link. A write that cannot be made (a read-only plan, a full or
read-only disk, a folder in the way) is a StorageError naming the file, with the plan as it was
and no temporary file left behind. Temporaries of a run killed mid-write carry the plan's name
(`.<plan>.<random>.screenkit-tmp`) and the next write of that plan removes them.
"""

from __future__ import annotations

import codecs
import errno
import os
import re
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

import tomli  # the same parser as the standard library's tomllib, compiled: 2-3x faster

from screenkit.errors import BusyError, InputError, PlanError, StorageError
from screenkit.files import regular_or_new, replace, resolve, storage_error
from screenkit.plan.models import Plan, validate_plan

if TYPE_CHECKING:
    pass

LOCK_TIMEOUT = 60.0
# A plan of 10,000 screenings is about 2 MB: anything past this is not a plan, and reading it
# whole would only exhaust memory.
MAX_BYTES = 64 * 1024 * 1024
PLAN_TEMP_SUFFIX = ".screenkit-tmp"
Data = dict[str, Any]


def _no_plan(path: Path) -> PlanError:
    return PlanError(
        f"{path}: no plan file here; create one with `screenkit init` or point to one "
        "with --file or SCREENKIT_FILE"
    )


def read(path: Path, shown: Path | None = None) -> tuple[str, bool]:
    """The text of the file at `path` and whether it began with a UTF-8 byte order mark (kept
    when the plan is written back). Errors name `shown`, the path as the person gave it."""
    shown = shown or path
    try:
        mode = path.stat().st_mode
        if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
            raise PlanError(
                f"{shown}: is not a regular file (a device, pipe or socket); point to the "
                "plan file with --file or SCREENKIT_FILE"
            )
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except (FileNotFoundError, NotADirectoryError):
        raise _no_plan(shown) from None
    except IsADirectoryError:
        raise PlanError(
            f"{shown}: is a folder, not a plan file; point to the plan with --file or "
            "SCREENKIT_FILE"
        ) from None
    except PermissionError:
        raise PlanError(
            f"{shown}: cannot read the plan file (permission denied); ask its owner to let you "
            "read it, or work on a copy"
        ) from None
    except OSError as exc:
        raise PlanError(f"{shown}: cannot read the plan file: {exc.strerror}") from None
    if len(raw) > MAX_BYTES:
        raise PlanError(
            f"{shown}: over {MAX_BYTES // (1024 * 1024)} MB, far larger than any plan; point "
            "to the plan file with --file or SCREENKIT_FILE"
        )
    bom = raw.startswith(codecs.BOM_UTF8)
    try:
        return raw[len(codecs.BOM_UTF8) if bom else 0 :].decode("utf-8"), bom
    except UnicodeDecodeError as exc:
        raise PlanError(f"{shown}: not UTF-8 text (byte {exc.start})") from None


def read_text(path: Path) -> str:
    return read(path)[0]


@contextmanager
def not_too_deep(path: Path) -> Iterator[None]:
    """Values nested hundreds of levels deep exhaust the parser's or validator's recursion."""
    try:
        yield
    except RecursionError as exc:
        detail = str(exc) if str(exc).startswith("TOML") else "over the recursion limit"
        raise PlanError(
            f"{path}: values are nested too deeply ({detail}); a plan needs only a few levels, "
            "so flatten them"
        ) from None


def parse(text: str, path: Path) -> Data:
    with not_too_deep(path):
        try:
            return tomli.loads(text)
        except tomli.TOMLDecodeError as exc:
            from screenkit.planfile.tomlerrors import conflict_marker_line, explain

            line = conflict_marker_line(text)
            if line is not None:
                raise PlanError(
                    f"{path}: line {line} holds a git conflict marker: it was merged without "
                    "screenkit's merge driver; run `screenkit git-setup`, then `git checkout "
                    f"--merge -- {path.name}` to merge it again by record"
                ) from None

            said = explain(text, getattr(exc, "msg", str(exc)), getattr(exc, "lineno", None))
            raise PlanError(f"{path}: not valid TOML, {said}") from None
        except ValueError:  # a number with thousands of digits: Python refuses to read it
            raise PlanError(
                f"{path}: holds a number with thousands of digits; no value in a plan needs "
                "that many, so shorten it"
            ) from None


def load(path: Path, *, quick: bool = False) -> Plan:
    """The plan as models; `quick` is for commands that only display it (see validate_plan)."""
    data = parse(read_text(path), path)
    with not_too_deep(path):
        return validate_plan(data, quick=quick)


def lock_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.lock")


@contextmanager
def locked(path: Path) -> Iterator[None]:
    with locked_target(resolve(path), path):
        yield


@contextmanager
def locked_target(target: Path, shown: Path) -> Iterator[None]:
    """Hold the lock of the plan file `target` (already resolved); errors name `shown`."""
    from filelock import FileLock, Timeout

    # A hidden, empty file beside the plan; it stays (removing it would race another run).
    lock = FileLock(str(lock_path(target)), timeout=LOCK_TIMEOUT)
    try:
        # filelock retries a lock file it cannot create until its timeout, which would read
        # as "another run holds the plan" a minute later: find out at once instead.
        os.close(os.open(lock_path(target), os.O_WRONLY | os.O_CREAT, 0o644))
        lock.acquire()
        held = True
    except Timeout:
        raise BusyError(
            f"{shown}: another screenkit run has held the plan for {LOCK_TIMEOUT:.0f} s; "
            "try again when it has finished"
        ) from None
    except OSError as exc:
        if exc.errno != errno.EROFS:
            raise storage_error(lock_path(shown), exc) from None
        held = False  # on a read-only file system nobody can change the plan: no lock needed
    try:
        yield
    finally:
        if held:
            lock.release()


def check_writable(shown: Path, target: Path) -> None:
    """Refuse to replace a plan its owner marked read-only, before anything is written.

    The rename that replaces the plan needs only the folder's permission, so without this a
    read-only plan would be replaced anyway. Root passes `os.access` for every file, so the
    mode bits are read too: a plan nobody may write (0444), or a folder nobody may write to,
    is refused even for root, which is what the person who marked it meant.
    """
    folder = target.parent
    try:
        folder_mode = folder.stat().st_mode
        read_only_disk = hasattr(os, "statvfs") and os.statvfs(folder).f_flag & os.ST_RDONLY
    except OSError:
        return  # the write itself fails, and says why
    if read_only_disk:
        raise storage_error(shown, OSError(errno.EROFS, os.strerror(errno.EROFS)))
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        pass
    else:
        if stat.S_ISDIR(mode):
            raise StorageError(
                f"{shown}: is a folder, not a plan file; choose another name with --file"
            )
        if not os.access(target, os.W_OK) or not mode & 0o222:
            raise StorageError(
                f"{shown}: the plan file is read-only; make it writable (chmod u+w "
                f"{shown}) or work on a copy, then run the command again; nothing was changed"
            )
    if not os.access(folder, os.W_OK | os.X_OK) or not folder_mode & 0o222:
        raise StorageError(
            f"{shown}: its folder {folder} is read-only, and a safe write needs a temporary "
            "file beside the plan; make the folder writable or move the plan; nothing was "
            "changed"
        )


def _remove_stale_temporaries(target: Path) -> None:
    """Remove what runs killed mid-write left of this plan. Only under the plan's lock: every
    live writer of the plan holds it while its temporary file exists."""
    own = re.compile(re.escape(f".{target.name}.") + "[0-9a-f]{16}" + re.escape(PLAN_TEMP_SUFFIX))
    try:
        with os.scandir(target.parent) as found:
            stale = [e.path for e in found if own.fullmatch(e.name) and e.is_file()]
    except OSError:
        return
    for name in stale:
        with suppress(OSError):
            os.unlink(name)


def atomic_write(path: Path, text: str, *, bom: bool = False) -> None:
    """Replace the plan file `path` (through a symbolic link) with `text`, all or nothing.

    Callers hold the plan's lock. A read-only plan is refused; the temporary file is named
    after the plan so that the next write can remove it if this run is killed.
    """
    _atomic_plan(path, resolve(path), text, bom=bom)


def _atomic_plan(shown: Path, target: Path, text: str, *, bom: bool) -> None:
    regular_or_new(shown, target)
    check_writable(shown, target)
    temp = target.with_name(f".{target.name}.{secrets.token_hex(8)}{PLAN_TEMP_SUFFIX}")
    content = (codecs.BOM_UTF8 if bom else b"") + text.encode("utf-8")
    replace(shown, target, temp, content, durable=True)


def create(path: Path, text: str, *, force: bool) -> None:
    target = resolve(path)
    if not target.parent.is_dir():
        raise StorageError(
            f"{path}: the folder {target.parent} does not exist; create it first, or choose "
            "another place with --file"
        )
    folder_error = StorageError(
        f"{path}: is a folder, not a plan file; choose another name with --file"
    )
    if target.is_dir():
        raise folder_error  # before the lock, which would leave a lock file beside it
    with locked_target(target, path):
        if target.is_dir():
            raise folder_error
        if target.exists() and not force:
            raise InputError(f"{path} already exists; use --force to replace it")
        write_plan(path, target, text, bom=False)


def write_plan(shown: Path, target: Path, text: str, *, bom: bool) -> None:
    """Under the plan's lock: clear what killed runs left, then replace the plan."""
    _remove_stale_temporaries(target)
    _atomic_plan(shown, target, text, bom=bom)


def render(text: str, old: Data, new: Data) -> str:
    """The plan's text changed to hold `new`, checked by parsing it back."""
    return proved(patched(text, old, new), new)


def patched(text: str, old: Data, new: Data) -> str:
    from screenkit.planfile.tomldoc import PatchError, patch

    try:
        return patch(text, old, new)
    except PatchError as exc:
        raise PlanError(f"cannot update the plan file while keeping its layout: {exc}") from None


def proved(out: str, new: Data) -> str:
    """`out`, once parsing it gives `new`: the patch said what was meant."""
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
