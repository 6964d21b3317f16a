"""Three plan files merged into one text: OURS' text, changed to hold the merged data.

The data is merged by record and field (`merging`); the text is OURS' with only what changed
rewritten (`tomldoc.patch`), so its comments, order and layout stay. A record THEIRS added
comes in as THEIRS wrote it, comments above it included, after the record it followed there,
as far as the document allows. What was changed both ways is kept as OURS has it and named in
the plan's `[conflicts]` table, which `screenkit check` reports and `screenkit resolve` settles:
the file stays a plan screenkit reads, never one cut up by conflict markers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from screenkit.errors import InputError
from screenkit.merging import MISSING, Conflict, merge
from screenkit.planfile import store
from screenkit.planfile.tomlerrors import conflict_marker_line

Data = dict[str, Any]
_HEADER = re.compile(r"^[ \t]*\[\[?[ \t]*(?P<key>[^\]]+?)[ \t]*\]\]?[ \t]*(?:#.*)?$")
RECORDS = ("films", "venues", "speakers", "volunteers", "screenings")


@dataclass
class Side:
    name: str  # base, ours or theirs, for messages
    path: Path
    text: str
    data: Data


@dataclass
class Result:
    text: str
    conflicts: list[Conflict] = field(default_factory=list)


def read(name: str, path: Path, shown: str, *, may_be_empty: bool = False) -> Side:
    """One side of a merge (`name`: base, ours or theirs) of the plan `shown`, read and
    parsed; a side that is not a plan's text is an InputError naming it and what to do."""
    where = f"{shown} ({name} of the merge)"
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{where}: cannot read {path}: {exc.strerror or exc}") from None
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
    return Side(name, path, text, data)


def _key(conflict: Conflict) -> str:
    from screenkit.keypaths import show

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
        table[_key(c)] = entry
    return table


def merge_texts(base: Side, ours: Side, theirs: Side, who: dict[str, str] | None = None) -> Result:
    merged = merge(base.data, ours.data, theirs.data)
    data = merged.data
    if merged.conflicts:
        earlier = data.get("conflicts", {}) if isinstance(data.get("conflicts"), dict) else {}
        data = {**data, "conflicts": {**earlier, **conflicts_table(merged.conflicts, who or {})}}
    text = store.render(ours.text, ours.data, data)
    text = _theirs_written_as_they_wrote_it(text, data, ours, theirs)
    return Result(text, merged.conflicts)


def _blocks(text: str) -> dict[tuple[str, str], tuple[int, int]]:
    """(table, id) → the lines of each record's tables (its own and `[kind.id.*]`), from the
    comment lines directly above its first header to where the next table's begin."""
    lines = text.splitlines(keepends=True)
    heads: list[tuple[int, tuple[str, str] | None]] = []
    for n, line in enumerate(lines):
        found = _HEADER.match(line)
        if found is None:
            continue
        first = n
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


def _theirs_written_as_they_wrote_it(text: str, data: Data, ours: Side, theirs: Side) -> str:
    """Records only THEIRS added, as THEIRS wrote them (comments too), where THEIRS put them:
    after the record that comes before them there. Skipped wherever the text would not hold
    exactly the merged data (a quoted id, a record spread over the file)."""
    added = [
        (kind, rid) for kind in RECORDS
        for rid in (theirs.data.get(kind) or {})
        if rid not in (ours.data.get(kind) or {}) and rid in (data.get(kind) or {})
        and data[kind][rid] == theirs.data[kind][rid]
    ]  # fmt: skip
    if not added:
        return text
    source = theirs.text.splitlines(keepends=True)
    theirs_spans = _blocks(theirs.text)
    for kind, rid in added:
        lines = text.splitlines(keepends=True)
        spans = _blocks(text)
        if (kind, rid) not in spans or (kind, rid) not in theirs_spans:
            continue
        start, end = spans[(kind, rid)]
        block = source[slice(*theirs_spans[(kind, rid)])]
        if block and not block[-1].endswith("\n"):
            block[-1] += "\n"
        without = lines[:start] + lines[end:]
        at = _after_previous(kind, rid, theirs.data, _blocks("".join(without)), len(without))
        candidate = "".join(without[:at] + block + without[at:])
        try:
            if store.parse(candidate, theirs.path) == data:
                text = candidate
        except Exception:
            continue
    return text


def _after_previous(kind: str, rid: str, theirs: Data, spans: dict, default: int) -> int:
    """The line after the record that precedes `rid` in THEIRS (and is in the text)."""
    order = list(theirs.get(kind) or {})
    for previous in reversed(order[: order.index(rid)]):
        if (kind, previous) in spans:
            return spans[(kind, previous)][1]
    return default
