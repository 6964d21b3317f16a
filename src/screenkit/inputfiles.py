"""Reading what a person hands a command (a spreadsheet, a mailbox, a config file, an image,
`-` for stdin) without ever holding more than the command's limit in memory, and without
waiting on something that is not a file.

A path is opened without blocking (a FIFO with no writer would otherwise hold the run until
someone writes to it) and checked to be a regular file before a byte is read: `/dev/zero`
never ends, a FIFO never starts. Standard input is the one stream a command reads as it is.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from typing import BinaryIO

from screenkit.errors import InputError

_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


def _why(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "a loop of symbolic links"
    return exc.strerror or type(exc).__name__


def open_regular(path: str | os.PathLike[str], what: str = "a file") -> tuple[int, int]:
    """An open descriptor of the regular file at `path` and its size; InputError naming
    `path` for a missing file, a folder, a device, a FIFO or a socket."""
    try:
        fd = os.open(path, os.O_RDONLY | _NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder; give {what}") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read it: {_why(exc)}") from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise InputError(f"{path}: is a folder; give {what}")
        if not stat.S_ISREG(st.st_mode):
            raise InputError(
                f"{path}: is not a regular file (a device, pipe or socket); give {what}"
            )
        if _NONBLOCK:
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd, st.st_size


def read_regular(
    path: str | os.PathLike[str],
    limit: int,
    too_big: Callable[[str, int | None], InputError],
    what: str = "a file",
) -> bytes:
    """The bytes of the regular file at `path`, at most `limit` of them (`too_big(name,
    size)` past it: the size is known before anything is read, or found while reading a
    file that grows)."""
    fd, size = open_regular(path, what)
    with os.fdopen(fd, "rb") as handle:
        if size > limit:
            raise too_big(str(path), size)
        try:
            raw = handle.read(limit + 1)
        except OSError as exc:
            raise InputError(f"{path}: cannot read it: {_why(exc)}") from None
    if len(raw) > limit:
        raise too_big(str(path), None)
    return raw


def read(
    source: str,
    stdin: BinaryIO | None,
    limit: int,
    too_big: Callable[[str, int | None], InputError],
    what: str = "a file",
) -> bytes:
    """The bytes of `source` (`-`: standard input); `too_big(name, size)` is raised past
    `limit` (the size when it is known before reading)."""
    if source != "-":
        return read_regular(source, limit, too_big, what)
    if stdin is None:
        raise InputError("-: no standard input to read")
    try:
        raw = stdin.read(limit + 1)
    except OSError as exc:
        raise InputError(f"-: cannot read standard input: {_why(exc)}") from None
    if len(raw) > limit:
        raise too_big("standard input", None)
    return raw
