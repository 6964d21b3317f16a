"""Three plan files merged into one text: OURS' text, changed to hold the merged data.

The data is merged by record and field (`merging`); the text is OURS' with only what changed
rewritten (`tomldoc.patch`), so its comments, order and layout stay. A record THEIRS added
comes in as THEIRS wrote it, comments above it included, after the record it followed there,
as far as the document allows. What was changed both ways is kept as OURS has it and named in
the plan's `[conflicts]` table, which `screenkit check` reports and `screenkit resolve` settles:
the file stays a plan screenkit reads, never one cut up by conflict markers.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from screenkit.errors import InputError
from screenkit.planfile import store
from screenkit.planfile.comments import comments_in, merge_comments, signature
from screenkit.planfile.merging import MISSING, Conflict, merge
from screenkit.planfile.tomlerrors import conflict_marker_line

Data = dict[str, Any]
_HEADERS = re.compile(
    r"^[ \t]*\[\[?[ \t]*(?P<key>[^\]\n]+?)[ \t]*\]\]?[ \t]*(?:#[^\n]*)?\r?$", re.MULTILINE
)
RECORDS = ("films", "venues", "speakers", "volunteers", "screenings")


@dataclass
class Side:
    name: str  # base, ours or theirs, for messages
    path: Path
    text: str
    data: Data
    bom: bool = False  # it began with a UTF-8 byte order mark (OURS': the result keeps it)


@dataclass
class Result:
    text: str
    conflicts: list[Conflict] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)  # where both sides changed a comment


def read(name: str, path: Path, shown: str, *, may_be_empty: bool = False) -> Side:
    """One side of a merge (`name`: base, ours or theirs) of the plan `shown`, read and
    parsed; a side that is not a plan's text is an InputError naming it and what to do."""
    where = f"{shown} ({name} of the merge)"
    try:
        # Opened without blocking and checked before reading: a FIFO or /dev/zero as a side
        # would otherwise wait, or read, for ever.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise InputError(
                    f"{where}: {path} is not a regular file (a folder, device or pipe); "
                    "git hands the driver files: run the merge through git"
                )
            with os.fdopen(os.dup(fd), "rb") as handle:
                raw = handle.read(store.MAX_BYTES + 1)
        finally:
            os.close(fd)
    except OSError as exc:
        raise InputError(f"{where}: cannot read {path}: {exc.strerror or exc}") from None
    if len(raw) > store.MAX_BYTES:
        raise InputError(
            f"{where}: over {store.MAX_BYTES // (1024 * 1024)} MB, far larger than any plan; "
            "merge it by hand"
        )
    if b"\0" in raw[:8192]:
        raise InputError(f"{where}: a binary file, not a plan; merge it by hand")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{where}: not UTF-8 text (byte {exc.start}); merge it by hand") from None
    if not text.strip():
        if may_be_empty:  # git's base of a file both sides added
            return Side(name, path, text, {})
        raise InputError(f"{where}: empty, not a plan")
    line = conflict_marker_line(text)
    if line is not None:
        raise InputError(
            f"{where}: line {line} holds a git conflict marker from a merge made without "
            "screenkit's driver; settle that file first (screenkit git-setup, then merge again)"
        )
    try:
        data = store.parse(text, Path(shown))
    except Exception as exc:  # a PlanError: not TOML, nested too deep …
        detail = exc.lines[0] if hasattr(exc, "lines") else str(exc)
        raise InputError(f"{detail} ({name} of the merge)") from None
    return Side(name, path, text, data, raw.startswith(codecs.BOM_UTF8))


def _key(conflict: Conflict) -> str:
    from screenkit.edits.keypaths import show

    return show(conflict.path)


def conflicts_table(conflicts: list[Conflict], who: dict[str, str]) -> Data:
    """The `[conflicts]` table: per place, each side's value (or that it was removed) and,
    as far as git tells, who made each side."""
    table: Data = {}
    for c in conflicts:
        entry: Data = {}
        for side in ("base", "ours", "theirs"):
            value = getattr(c, side)
            if value is MISSING:
                entry[f"{side}_missing"] = True
            else:
                entry[side] = value
        for side in ("ours", "theirs"):
            if who.get(side):
                entry[f"{side}_by"] = who[side]
        if c.why:
            entry["why"] = c.why
        table[_key(c)] = entry
    return table


def merge_texts(base: Side, ours: Side, theirs: Side, who: dict[str, str] | None = None) -> Result:
    merged = merge(base.data, ours.data, theirs.data)
    data = merged.data
    if merged.conflicts:
        earlier = data.get("conflicts", {}) if isinstance(data.get("conflicts"), dict) else {}
        data = {**data, "conflicts": {**earlier, **conflicts_table(merged.conflicts, who or {})}}
    # OURS' text patched to hold the merged data, but for the records only THEIRS added: those
    # go in as THEIRS wrote them. One parse proves the result; where it would not hold the
    # merged data exactly (a quoted id, a record spread over the file), the patcher writes
    # every record itself.
    spans = _blocks(theirs.text)
    text = _theirs_texts(ours, theirs, data, spans)
    # What THEIRS changed in the comments, carried over (`planfile.comments`).
    scope = _comments_changed(base, theirs, spans)
    both: list[str] = []
    if scope is not None:
        text, both = merge_comments(base.text, ours.text, theirs.text, text,
                                    lambda t: _holds(t, ours.path, data), scope)  # fmt: skip
    return Result(text, merged.conflicts, both)


def _comments_changed(
    base: Side, theirs: Side, spans: dict[tuple[str, str], tuple[int, int]]
) -> Callable[[tuple[str, ...]], bool] | None:
    """Which tables hold comments THEIRS changed (`spans`: THEIRS' records): the records BASE
    has too where a comment was added or removed, and everything outside records if any
    comment there was; None where there are none. A record BASE lacks came in as THEIRS wrote
    it, comments and all. Only the comments that differ are placed, so a side that adds
    thousands costs little."""
    from collections import Counter

    now, was = Counter(signature(theirs.text)), Counter(signature(base.text))
    added, removed = now - was, was - now
    if not added and not removed:
        return lambda path: True  # the same comments, moved: look everywhere
    touched: set[tuple[str, str]] = set()
    others = False
    for data, text, changed, records in ((theirs.data, theirs.text, added, spans),
                                         (base.data, base.text, removed, None)):  # fmt: skip
        if not changed:
            continue
        records = records if records is not None else _blocks(text)
        starts = sorted((first, end, record) for record, (first, end) in records.items())
        firsts = [first for first, _, _ in starts]
        for line, comment in comments_in(text):
            if comment not in changed:
                continue
            i = bisect_right(firsts, line) - 1
            if i >= 0 and line < starts[i][1]:
                # The comment is in this record's text, or (after its last key) in the region
                # the next table's header is anchored to: both are looked at.
                for kind, rid in [starts[i][2], *(s[2] for s in starts[i + 1 : i + 2])]:
                    if rid in (base.data.get(kind) or {}) and rid in (data.get(kind) or {}):
                        touched.add((kind, rid))
                if i + 1 == len(starts) or starts[i + 1][0] != starts[i][1]:
                    others = True  # what follows is no record: a table of its own
            else:
                others = True  # outside records, and in the region of the record after it
                for kind, rid in (s[2] for s in starts[i + 1 : i + 2]):
                    if rid in (base.data.get(kind) or {}) and rid in (data.get(kind) or {}):
                        touched.add((kind, rid))
    if not touched and not others:
        return None
    return lambda path: (tuple(path[:2]) in touched if path[:1] and path[0] in RECORDS
                         else others)  # fmt: skip


def _holds(text: str, path: Path, data: Data) -> bool:
    try:
        return store.parse(text, path) == data
    except Exception:
        return False


def _theirs_texts(
    ours: Side, theirs: Side, data: Data, theirs_spans: dict[tuple[str, str], tuple[int, int]]
) -> str:
    """OURS' text holding the merged data, THEIRS' new records as THEIRS wrote them."""
    moving = [
        (kind, rid) for kind in RECORDS
        for rid in (theirs.data.get(kind) or {})
        if rid not in (ours.data.get(kind) or {}) and rid in (data.get(kind) or {})
        and (kind, rid) in theirs_spans and data[kind][rid] == theirs.data[kind][rid]
    ]  # fmt: skip
    if moving:
        kinds = {kind for kind, _ in moving}
        gone = set(moving)
        slim = {key: ({rid: r for rid, r in value.items() if (key, rid) not in gone}
                      if key in kinds else value) for key, value in data.items()}  # fmt: skip
        text = _with_theirs_records(store.patched(ours.text, ours.data, slim), moving, theirs,
                                    theirs_spans)  # fmt: skip
        if _holds(text, ours.path, data):
            return text
    return store.proved(store.patched(ours.text, ours.data, data), data)


def _lines(text: str) -> list[str]:
    """The text's lines, each with its newline: split at LF alone, as TOML ends lines (a
    CRLF line keeps its CR), so that line numbers agree with counting newlines."""
    parts = text.split("\n")
    return [line + "\n" for line in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def _blocks(text: str) -> dict[tuple[str, str], tuple[int, int]]:
    """(table, id) → the lines of each record's tables (its own and `[kind.id.*]`), from the
    comment lines directly above its first header to where the next table's begin. Headers
    are found by one pass of a multiline pattern, not line by line: plans run to 100,000
    lines."""
    lines = _lines(text)
    heads: list[tuple[int, tuple[str, str] | None]] = []
    line, at = 0, 0
    for found in _HEADERS.finditer(text):
        line += text.count("\n", at, found.start())
        at = found.start()
        first = line
        while first > 0 and lines[first - 1].lstrip().startswith("#"):
            first -= 1
        parts = found["key"].split(".")
        record = (parts[0], parts[1]) if len(parts) >= 2 and parts[0] in RECORDS else None
        heads.append((first, record))
    spans: dict[tuple[str, str], tuple[int, int]] = {}
    for i, (first, record) in enumerate(heads):
        end = heads[i + 1][0] if i + 1 < len(heads) else len(lines)
        if record is not None:
            spans[record] = (spans[record][0] if record in spans else first, end)
    return spans


def _with_theirs_records(
    text: str, moving: list[tuple[str, str]], theirs: Side,
    theirs_spans: dict[tuple[str, str], tuple[int, int]],
) -> str:  # fmt: skip
    """`text` with THEIRS' added records, as THEIRS wrote them (comments too), each after the
    record before it in THEIRS: one in the text, or an added one it follows (so a run of
    added records keeps THEIRS' order). One pass, so thousands cost what one does."""
    lines = _lines(text)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    source = _lines(theirs.text)
    kept = _blocks(text)
    after: dict[int, list[list[str]]] = {}
    anchor: dict[tuple[str, str], int] = {}
    orders = {kind: list(theirs.data.get(kind) or {}) for kind in RECORDS}
    positions = {kind: {rid: n for n, rid in enumerate(order)} for kind, order in orders.items()}
    for kind, rid in moving:
        at = len(lines)
        order = orders[kind]
        for n in range(positions[kind][rid] - 1, -1, -1):  # usually the one right before
            previous = (kind, order[n])
            if previous in anchor or previous in kept:
                at = anchor[previous] if previous in anchor else kept[previous][1]
                break
        anchor[(kind, rid)] = at
        block = source[slice(*theirs_spans[(kind, rid)])]
        if block and not block[-1].endswith("\n"):
            block[-1] += "\n"
        after.setdefault(at, []).append(block)
    out: list[str] = []
    for n in range(len(lines) + 1):
        for block in after.get(n, []):
            out += block
        if n < len(lines):
            out.append(lines[n])
    return "".join(out)
