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
"""

from __future__ import annotations

import json
import os
from contextlib import suppress
from pathlib import Path
from typing import Any

MAX_BYTES = 64 * 1024 * 1024  # far more than any delivery appends


def journal_path(target: Path) -> Path:
    """The journal of the plan file `target` (its real path, links followed)."""
    return target.with_name(f".{target.name}.journal")


class Journal:
    def __init__(self, target: Path) -> None:
        self.path = journal_path(target)
        self._fd: int | None = None

    def append(self, entry: dict[str, Any]) -> None:
        """One entry, on disk before this returns."""
        line = json.dumps(entry, ensure_ascii=False, separators=(",", ":"), default=str)
        if self._fd is None:
            flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_CLOEXEC", 0)
            self._fd = os.open(self.path, flags, 0o600)
            _sync_folder(self.path.parent)  # the journal itself survives a power cut
        os.write(self._fd, (line + "\n").encode())
        os.fsync(self._fd)

    def entries(self) -> list[dict[str, Any]]:
        """Every whole entry on disk, in order; none when there is no journal."""
        try:
            with open(self.path, "rb") as handle:
                raw = handle.read(MAX_BYTES)
        except FileNotFoundError:
            return []
        found = []
        for line in raw.split(b"\n")[:-1]:  # the part after the last newline was cut short
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if isinstance(entry, dict):
                found.append(entry)
        return found

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
