"""What a delivery has done that the plan does not say yet: `.<plan>.journal`, beside the plan.

`send` and `publish` append one line here the moment a server takes a message or an event,
flushed to disk (fsync) before the next is sent; the plan itself is written once, when the
delivery ends, and the journal is then removed. A run killed in between (Ctrl-C, kill -9, a
power cut) leaves the journal, and the next session of the plan folds it in before anything
else (`session`), so a rerun neither sends again what was taken nor forgets it.

A journal rather than a write of the plan per message: a write splices and proves the whole
plan (a 10,000-screening plan costs about a third of a second to write), while an append is a
line and an fsync, a few milliseconds. Only a run holding the plan's lock reads, appends to or
removes it. Each line is one JSON object; a line cut short by a kill (no final newline, or
not JSON) is the one message whose acceptance was not yet on disk, and is dropped.

A journal belongs to its plan: its first line names the plan file and a digest of the text
the run read. The next session folds it in only if the plan is still that text, or is the
same file whose screenings still have the uids the entries name (edited by hand since).
Anything else (another plan's journal copied beside this one, a journal with no first line)
is set aside under another name with a warning, never folded in: it could mark people as
sent who were never sent anything.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from contextlib import suppress
from pathlib import Path
from typing import Any

from screenkit.errors import PlanError

MAX_BYTES = 64 * 1024 * 1024  # far more than any delivery appends


def journal_path(target: Path) -> Path:
    """The journal of the plan file `target` (its real path, links followed)."""
    return target.with_name(f".{target.name}.journal")


def digest(text: str) -> str:
    """The plan text a run read, as its journal names it."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


class Journal:
    def __init__(self, target: Path, text: str | None = None) -> None:
        """The journal of the plan file `target`; `text` is the plan as this run read it
        (what the journal's first line names, when this run appends)."""
        self.path = journal_path(target)
        self._target = target
        self._text = text
        self._fd: int | None = None

    def append(self, entry: dict[str, Any]) -> None:
        """One entry, on disk before this returns; the first names the plan."""
        if self._fd is None:
            flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_CLOEXEC", 0)
            self._fd = os.open(self.path, flags | getattr(os, "O_NONBLOCK", 0), 0o600)
            if not stat.S_ISREG(os.fstat(self._fd).st_mode):
                self.close()
                raise self._not_a_file()
            if os.fstat(self._fd).st_size == 0:
                self._write({"kind": "journal", "plan": str(self._target),
                             "digest": digest(self._text or "")})  # fmt: skip
            _sync_folder(self.path.parent)  # the journal itself survives a power cut
        self._write(entry)

    def _write(self, entry: dict[str, Any]) -> None:
        assert self._fd is not None
        line = json.dumps(entry, ensure_ascii=False, separators=(",", ":"), default=str)
        os.write(self._fd, (line + "\n").encode())
        os.fsync(self._fd)

    def _not_a_file(self) -> PlanError:
        return PlanError(
            f"{self.path}: the plan's journal is not a regular file (a folder, device or "
            "pipe); remove it, then run the command again"
        )

    def _lines(self) -> list[dict[str, Any]]:
        """Every whole line on disk, in order; none when there is no journal."""
        try:
            # Looked at before it is opened: a FIFO there would block the open for ever.
            if not stat.S_ISREG(os.stat(self.path).st_mode):
                raise self._not_a_file()
            with open(self.path, "rb") as handle:
                raw = handle.read(MAX_BYTES)
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise PlanError(
                f"{self.path}: cannot read the plan's journal: {exc.strerror}"
            ) from None
        found = []
        for line in raw.split(b"\n")[:-1]:  # the part after the last newline was cut short
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if isinstance(entry, dict):
                found.append(entry)
        return found

    def entries(self) -> list[dict[str, Any]]:
        """Every whole entry on disk, in order, the first line that names the plan aside."""
        return [e for e in self._lines() if e.get("kind") != "journal"]

    def belongs(self, text: str, screenings: dict[str, Any]) -> bool:
        """Whether the journal on disk is this plan's: written for this text, or for this
        file, with every uid it names still the uid of its screening (or not yet given)."""
        lines = self._lines()
        head = lines[0] if lines and lines[0].get("kind") == "journal" else None
        if head is None:
            return not lines  # no journal, or only a line cut short: nothing to fold
        if head.get("digest") == digest(text):
            return True
        if head.get("plan") != str(self._target):
            return False
        for entry in lines[1:]:
            sid, named = entry.get("sid"), (entry.get("identity") or {}).get("uid")
            if sid is None:
                continue
            record = screenings.get(sid)
            if not isinstance(record, dict) or record.get("uid") not in (None, named):
                return False
        return True

    def set_aside(self) -> Path:
        """Move a journal that is not this plan's out of the way, under a name of its own."""
        for n in range(1, 1000):
            aside = self.path.with_name(f"{self.path.name}.set-aside-{n}")
            if not aside.exists():
                break
        os.replace(self.path, aside)
        _sync_folder(self.path.parent)
        return aside

    def exists(self) -> bool:
        return self.path.exists()

    def close(self) -> None:
        if self._fd is not None:
            with suppress(OSError):
                os.close(self._fd)
            self._fd = None

    def clear(self) -> None:
        """Remove the journal: what it held is in the plan now."""
        self.close()
        with suppress(FileNotFoundError):
            self.path.unlink()
            _sync_folder(self.path.parent)


def _sync_folder(folder: Path) -> None:
    if not hasattr(os, "O_DIRECTORY"):
        return
    with suppress(OSError):
        fd = os.open(folder, os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
