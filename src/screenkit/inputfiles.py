"""Reading what a person hands a command (a spreadsheet, a mailbox, `-` for stdin) without
ever holding more than the command's limit in memory."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import BinaryIO

from screenkit.errors import InputError


def read(
    source: str,
    stdin: BinaryIO | None,
    limit: int,
    too_big: Callable[[str, int | None], InputError],
    what: str = "a file",
) -> bytes:
    """The bytes of `source` (`-`: standard input); `too_big(name, size)` is raised past
    `limit` (the size when it is known before reading)."""
    try:
        if source == "-":
            if stdin is None:
                raise InputError("-: no standard input to read")
            raw = stdin.read(limit + 1)
        else:
            with open(source, "rb") as handle:
                size = os.fstat(handle.fileno()).st_size
                if size > limit:
                    raise too_big(source, size)
                raw = handle.read(limit + 1)
    except FileNotFoundError:
        raise InputError(f"{source}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{source}: is a folder; give {what}") from None
    except OSError as exc:
        raise InputError(f"{source}: cannot read it: {exc.strerror}") from None
    if len(raw) > limit:
        raise too_big("standard input" if source == "-" else source, None)
    return raw
