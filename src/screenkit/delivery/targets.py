"""Where built outputs go: one small interface for a folder, a single file or a stream, and
later a mail server or a calendar server.

Building (`build.build`) turns the plan into `Output` records; a `Target` takes them and
says which it delivered, which were already there and which failed. The plan records a
calendar revision as sent only for what the target confirmed, so a failed write or a refused
message is tried again next time instead of being forgotten.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, BinaryIO, Protocol, runtime_checkable

from screenkit.errors import StorageError
from screenkit.files import resolve
from screenkit.output import Output

Step = Callable[[], None]


@dataclass(frozen=True)
class Arrival:
    """What a server has just taken, reported the moment it took it (before the next), so the
    plan can keep it even if the run is killed: one output, or for a calendar server also a
    removal (`out` None), with what the target would record of it (`record`)."""

    out: Output | None
    uid: str | None = None
    record: Any = None


Arrived = Callable[[Arrival], None]


@dataclass
class Delivery:
    """What a target did with each output."""

    done: list[Output] = field(default_factory=list)
    unchanged: list[Output] = field(default_factory=list)  # already there, byte for byte
    failed: list[tuple[Output, str]] = field(default_factory=list)  # and why
    places: list[str] = field(default_factory=list)  # where each output now is, for people
    skipped: list[Output] = field(default_factory=list)  # not tried after a failure said why

    def failures(self) -> list[str]:
        """Why each output failed, one line each; those not tried after a failure that stops
        them all (a full disk, a folder not writable) counted on that failure's line."""
        lines = [why for _, why in self.failed]
        if self.skipped and lines:
            lines[-1] += f"; {len(self.skipped)} more not written"
        return lines

    def delivered(self) -> list[Output]:
        return [*self.done, *self.unchanged]

    def screenings(self) -> set[str]:
        """Screenings whose revision some delivered output carries."""
        return {sid for out in self.delivered() for sid in out.screenings}


@runtime_checkable
class Target(Protocol):
    def deliver(self, outputs: Iterable[Output], step: Step = ...) -> Delivery: ...


def deliver_to(target: Target, outputs: Iterable[Output], step: Step,
               arrived: Arrived | None) -> Delivery:  # fmt: skip
    """`target.deliver`, telling `arrived` of each output a server takes where the target
    reports them (a mail or calendar server; files can always be made again)."""
    if arrived is not None and getattr(target, "reports_arrivals", False):
        return target.deliver(outputs, step, arrived)  # type: ignore[call-arg]
    return target.deliver(outputs, step)


class _Protected:
    """The files a delivery must never overwrite (the plan and its lock), known by path and
    by inode, so that a symlink or a hard link to the plan is the plan too; worked out once
    per delivery, so each of a thousand outputs costs one stat."""

    def __init__(self, paths: tuple[Path, ...]) -> None:
        self.paths: dict[Path, Path] = {}
        self.inodes: dict[tuple[int, int], Path] = {}
        for path in paths:
            with suppress(OSError):
                self.paths[resolve(path)] = path
                st = path.stat()
                self.inodes[(st.st_dev, st.st_ino)] = path

    def which(self, path: Path) -> Path | None:
        """The protected file that `path` is, if any."""
        try:
            found = self.paths.get(resolve(path))
            if found is None:
                st = path.stat()
                found = self.inodes.get((st.st_dev, st.st_ino))
        except OSError:
            return None
        return found


WINDOWS = sys.platform == "win32"


def _device_name(name: str) -> str | None:
    """The part of a relative file name Windows keeps for a device (`con.ics`), if any."""
    from screenkit.plan.values import WINDOWS_DEVICES

    for part in name.split("/"):
        if part.split(".", 1)[0].lower() in WINDOWS_DEVICES:
            return part
    return None


def _why(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.EROFS:
        return "the file system is read-only"
    if exc.errno == errno.EISDIR:
        return "a folder is in the way; move it, or write the export elsewhere"
    if exc.errno in (errno.EEXIST, errno.ENOTDIR):
        return "a file is in the way of a folder the export needs; move it, or write elsewhere"
    return exc.strerror or str(exc)


@dataclass
class Folder:
    """Files below a folder, each written whole; files already identical are left alone."""

    root: Path
    protect: tuple[Path, ...] = ()  # never overwritten: the plan file and its lock

    def _target(self, root: Path, out: Output, protected: _Protected) -> Path:
        target = resolve(root / out.name)  # a loop of links stays a path, and fails to write
        if not target.is_relative_to(root):  # ids are validated; this is a second lock
            raise StorageError(f"{out.name}: would be written outside {self.root}")
        kept = protected.which(target)
        if kept is not None:
            raise StorageError(
                f"{self.root / out.name}: would overwrite the plan file {kept}; "
                "write the export to another folder"
            )
        return target

    def deliver(self, outputs: Iterable[Output], step: Step = lambda: None) -> Delivery:
        """Each output is written as it comes and then let go (only its description is
        kept), so a big export never holds every file in memory."""
        from screenkit.files import write_output

        if self.root.exists() and not self.root.is_dir():
            raise StorageError(f"{self.root}: is a file, not a folder; choose a folder to write to")
        root = resolve(self.root)
        protected = _Protected(self.protect)
        result = Delivery()
        broken = False  # after a full disk or a folder not writable, the rest are not tried
        made: set[Path] = set()
        names: dict[str, str] = {}  # this delivery's names, by how a disk ignoring case sees them
        for out in outputs:
            step()
            target = self._target(root, out, protected)
            kept = replace(out, content=b"")
            if broken:
                result.skipped.append(kept)
                continue
            same = names.setdefault(out.name.casefold(), out.name)
            device = _device_name(out.name) if WINDOWS else None
            if same != out.name or device is not None:
                why = (f"is a device name on Windows ({device})" if device is not None else
                       f"would be the same file as {same} on a disk that ignores case")  # fmt: skip
                result.failed.append((kept, f"{self.root / out.name}: {why}; not written"))
                continue
            try:
                if target.parent not in made:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    made.add(target.parent)
                if _same(target, out.content):
                    result.unchanged.append(kept)
                else:
                    write_output(target, out.content)
                    result.done.append(kept)
                result.places.append(str(self.root / out.name))
            except (OSError, StorageError) as exc:
                if isinstance(exc, StorageError):
                    reason = exc.lines[0]
                else:
                    reason = f"{self.root / out.name}: {_why(exc)}"
                result.failed.append((kept, reason))
                folder = target.parent
                shut = exc.errno in (errno.EACCES, errno.EPERM) and not os.access(folder, os.W_OK)
                if exc.errno in (errno.ENOSPC, errno.EROFS, errno.EDQUOT) or shut:
                    broken = True
        return result


@dataclass
class File:
    """One output written to a file of the person's choosing (`-o FILE`)."""

    path: Path
    protect: tuple[Path, ...] = ()

    def deliver(self, outputs: Iterable[Output], step: Step = lambda: None) -> Delivery:
        from screenkit.files import atomic_write_bytes

        made = list(outputs)
        if not made:  # nothing to write (`send --mbox` with nobody owed a message)
            return Delivery()
        (out,) = made
        if _Protected(self.protect).which(self.path) is not None:
            raise StorageError(f"{self.path}: is the plan file; write the export to another file")
        if self.path.is_dir():
            raise StorageError(f"{self.path}: is a folder; give a file name")
        if not self.path.parent.is_dir():
            raise StorageError(f"{self.path}: the folder {self.path.parent} does not exist")
        result = Delivery()
        step()
        try:
            if _same(self.path, out.content):
                result.unchanged.append(out)
            else:
                atomic_write_bytes(self.path, out.content, durable=False)
                result.done.append(out)
            result.places.append(str(self.path))
        except StorageError as exc:
            result.failed.append((out, exc.lines[0]))
        except OSError as exc:
            result.failed.append((out, f"{self.path}: {_why(exc)}"))
        return result


@dataclass
class Stream:
    """Outputs written one after another to a binary stream (stdout)."""

    stream: BinaryIO

    def deliver(self, outputs: Iterable[Output], step: Step = lambda: None) -> Delivery:
        result = Delivery()
        for out in outputs:
            step()
            try:
                self.stream.write(out.content)
                self.stream.flush()
            except OSError as exc:
                result.failed.append((out, f"standard output: {_why(exc)}"))
                continue
            result.done.append(out)
        return result


def _same(path: Path, content: bytes) -> bool:
    try:
        return path.stat().st_size == len(content) and path.read_bytes() == content
    except OSError:
        return False
