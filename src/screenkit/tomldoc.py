"""Rewrite a TOML document so it holds new data while keeping what a person wrote.

People edit the plan by hand, so a command that changes one value must not reflow the file.
`patch(text, old, new)` compares the data parsed from `text` (`old`) with the data the command
wants (`new`) and edits only the lines that hold what changed: a changed value is replaced in
place (keeping its key's spelling and a trailing comment), a new key goes after the last key of
its table, a new table after its last sibling, and a removed one is cut out with the comments
directly above it. Comments, blank lines, order and untouched values are kept byte for byte.

It works on lines with a small scanner rather than a full parser (tomlkit is exact but takes
about a second per thousand screenings), and the caller checks the result by parsing it again.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import tomli_w

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
# What matters to the scanner on a line: strings (which may hide brackets and #), comments and
# the brackets that open and close arrays and inline tables spread over several lines.
_TOKEN = re.compile(r"\"\"\"|'''|\"(?:[^\"\\]|\\.)*\"|'[^']*'|#|[\[\]{}]")
_KEY_PART = re.compile(r"\s*(?:([A-Za-z0-9_-]+)|\"((?:[^\"\\]|\\.)*)\"|'([^']*)')\s*")
_INLINE_LIMIT = 88


@dataclass
class _Entry:
    key: tuple[str, ...]  # relative to its table
    key_text: str  # as written, so a replaced value keeps the person's spelling of the key
    start: int
    end: int  # exclusive
    comment: str | None  # trailing comment of a one-line entry


@dataclass
class _Segment:
    path: tuple[str, ...]
    is_array: bool
    header: int | None  # line index of the header; None for the root table
    lead: int  # first line of the comment block directly above the header
    entries: list[_Entry] = field(default_factory=list)
    tail: int = 0  # end of the table's own text, its trailing comments included

    @property
    def body_end(self) -> int:
        if self.entries:
            return self.entries[-1].end
        return (self.header + 1) if self.header is not None else 0


class PatchError(Exception):
    """The document has a shape this module does not edit; nothing was changed."""


def _parse_key(text: str) -> tuple[tuple[str, ...], int]:
    """Parse a dotted key at the start of `text`; return its parts and where it ends."""
    parts: list[str] = []
    pos = 0
    while True:
        m = _KEY_PART.match(text, pos)
        if not m or m.end() == pos:
            raise PatchError(f"cannot read the key in {text.strip()!r}")
        bare, basic, literal = m.groups()
        if basic is not None:
            import json

            parts.append(json.loads(f'"{basic}"'))
        else:
            parts.append(bare if bare is not None else literal)
        pos = m.end()
        if pos < len(text) and text[pos] == ".":
            pos += 1
            continue
        return tuple(parts), pos


class _Document:
    def __init__(self, text: str) -> None:
        self.newline = "\r\n" if "\r\n" in text else "\n"
        self.trailing_newline = text.endswith("\n") or not text
        body = text.replace("\r\n", "\n")
        self.lines = body.split("\n")
        if self.trailing_newline and self.lines and self.lines[-1] == "":
            self.lines.pop()
        self.root = _Segment((), False, None, 0)
        self.segments: list[_Segment] = [self.root]
        self._scan()
        # Comments after a table's last key belong to it unless they sit right above the next
        # header (then they describe that table); new tables go after them.
        limits = [s.lead for s in self.segments[1:]] + [len(self.lines)]
        for seg, limit in zip(self.segments, limits, strict=True):
            end = limit
            while end > seg.body_end and not self.lines[end - 1].strip():
                end -= 1
            seg.tail = max(end, seg.body_end)
        self.tables: dict[tuple[str, ...], list[_Segment]] = {}
        self.entries: dict[tuple[str, ...], tuple[_Segment, _Entry]] = {}
        self.dotted: dict[tuple[str, ...], _Segment] = {}
        for seg in self.segments:
            self.tables.setdefault(seg.path, []).append(seg)
            for entry in seg.entries:
                full = seg.path + entry.key
                self.entries[full] = (seg, entry)
                for i in range(len(seg.path) + 1, len(full)):
                    self.dotted[full[:i]] = seg

    def _scan(self) -> None:
        seg = self.root
        depth = 0  # open brackets of a value spread over lines
        open_string: str | None = None  # delimiter of an unfinished multi-line string
        entry: _Entry | None = None
        comment_run_start: int | None = None
        for no, line in enumerate(self.lines):
            stripped = line.lstrip()
            if open_string is None and depth == 0:
                if entry is not None:
                    entry.end = no
                    seg.entries.append(entry)
                    entry = None
                if not stripped:
                    comment_run_start = None
                    continue
                if stripped.startswith("#"):
                    if comment_run_start is None:
                        comment_run_start = no
                    continue
                if stripped.startswith("["):
                    is_array = stripped.startswith("[[")
                    inner = stripped[2:] if is_array else stripped[1:]
                    path, _ = _parse_key(inner)
                    lead = comment_run_start if comment_run_start is not None else no
                    seg = _Segment(path, is_array, no, lead)
                    self.segments.append(seg)
                    comment_run_start = None
                    continue
                comment_run_start = None
                key, key_end = _parse_key(stripped)
                entry = _Entry(key, stripped[:key_end].strip(), no, no + 1, None)
                rest = stripped[key_end:]
                if not rest.startswith("="):
                    raise PatchError(f"line {no + 1}: expected '=' after the key")
                pos = len(line) - len(stripped) + key_end + 1
            else:
                pos = 0
            # Walk the rest of the line, tracking strings and brackets.
            while pos <= len(line):
                if open_string is not None:
                    close = line.find(open_string, pos)
                    if close < 0:
                        break
                    pos = close + 3
                    while pos < len(line) and line[pos] == open_string[0]:
                        pos += 1  # a closing delimiter may carry up to two more quotes
                    open_string = None
                    continue
                m = _TOKEN.search(line, pos)
                if not m:
                    break
                tok = m.group()
                if tok in ('"""', "'''"):
                    open_string = tok
                    pos = m.end()
                elif tok == "#":
                    if entry is not None and depth == 0 and entry.start == no:
                        entry.comment = line[m.start() :]
                    break
                elif tok in "[{":
                    depth += 1
                    pos = m.end()
                elif tok in "]}":
                    depth -= 1
                    pos = m.end()
                else:
                    pos = m.end()
            if entry is not None and (open_string is not None or depth > 0):
                entry.comment = None
        if entry is not None:
            entry.end = len(self.lines)
            seg.entries.append(entry)
        if open_string is not None or depth != 0:
            raise PatchError("the document ends inside a value")


def _render_key(key: str) -> str:
    if _BARE_KEY.fullmatch(key):
        return key
    return tomli_w.dumps({key: 0})[: -len(" = 0\n")]


def render_value(value: Any) -> str:
    """One TOML value on one line: short tables inline, as a person would write them."""
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = ", ".join(f"{_render_key(k)} = {render_value(v)}" for k, v in value.items())
        return "{ " + inner + " }"
    if isinstance(value, list):
        return "[" + ", ".join(render_value(v) for v in value) + "]"
    if isinstance(value, dt.datetime) and value.utcoffset() == dt.timedelta(0):
        return value.replace(tzinfo=None).isoformat() + "Z"  # what people write for UTC
    return tomli_w.dumps({"v": value})[len("v = ") : -1]


def _is_leafy(value: dict[str, Any]) -> bool:
    return all(not isinstance(v, dict) for v in value.values())


def render_table(path: tuple[str, ...], value: dict[str, Any]) -> list[str]:
    """A new table with its header; short tables of plain values nested in it stay inline."""
    own, subtables = [], []
    for key, item in value.items():
        if isinstance(item, dict) and (len(path) < 2 or not _fits_inline(key, item)):
            subtables.append((key, item))
        else:
            own.append(f"{_render_key(key)} = {render_value(item)}")
    # A table holding only tables needs no header of its own (`[venues]` above `[venues.ica]`).
    lines = (
        ["[" + ".".join(_render_key(p) for p in path) + "]", *own] if own or not subtables else []
    )
    for key, item in subtables:
        if lines:
            lines.append("")
        lines.extend(render_table((*path, key), item))
    return lines


def _fits_inline(key: str, value: dict[str, Any]) -> bool:
    return _is_leafy(value) and len(f"{key} = {render_value(value)}") <= _INLINE_LIMIT


class _Patcher:
    def __init__(self, doc: _Document) -> None:
        self.doc = doc
        self.deleted: set[int] = set()
        self.inserts: dict[int, list[str]] = {}

    def _edit(self, start: int, end: int, lines: list[str]) -> None:
        """Replace lines [start, end); overlapping cuts simply merge."""
        self.deleted.update(range(start, end))
        if lines:
            self.inserts.setdefault(start, []).extend(lines)

    def apply(self) -> str:
        old = self.doc.lines
        out: list[str] = []
        for no in range(len(old) + 1):
            out.extend(self.inserts.get(no, ()))
            if no < len(old) and no not in self.deleted:
                out.append(old[no])
        text = self.doc.newline.join(out)
        if out and self.doc.trailing_newline:
            text += self.doc.newline
        return text

    # -- walking the data ------------------------------------------------------------------
    def table(self, path: tuple[str, ...], old: dict[str, Any], new: dict[str, Any]) -> None:
        for key in old:
            if key not in new:
                self.delete((*path, key))
        for key, value in new.items():
            if key not in old:
                self.add(path, key, value)
            elif old[key] is not value and (old[key] != value or type(old[key]) is not type(value)):
                self.change((*path, key), old[key], value)

    def change(self, path: tuple[str, ...], old: Any, new: Any) -> None:
        doc = self.doc
        if path in doc.entries:
            _, entry = doc.entries[path]
            line = f"{entry.key_text} = {render_value(new)}"
            first = doc.lines[entry.start]
            indent = first[: len(first) - len(first.lstrip())]
            if entry.comment:
                line += "  " + entry.comment
            self._edit(entry.start, entry.end, [indent + line])
        elif isinstance(old, dict) and isinstance(new, dict):
            self.table(path, old, new)
        else:
            self.delete(path)
            self.add(path[:-1], path[-1], new)

    def delete(self, path: tuple[str, ...]) -> None:
        doc = self.doc
        if path in doc.entries:
            _, entry = doc.entries[path]
            self._edit(entry.start, entry.end, [])
            return
        for full, (seg, entry) in doc.entries.items():
            # keys written dotted (`contact.email = …`) in a table above the one removed
            if full[: len(path)] == path and len(seg.path) < len(path):
                self._edit(entry.start, entry.end, [])
        for seg in doc.segments:
            if seg.path[: len(path)] == path and seg.header is not None:
                self._cut_segment(seg)

    def _cut_segment(self, seg: _Segment) -> None:
        lines = self.doc.lines
        start, end = seg.lead, seg.body_end
        # Take the blank lines that followed, so no double gap is left behind.
        while end < len(lines) and not lines[end].strip():
            end += 1
        if end == len(lines):
            while start > 0 and not lines[start - 1].strip():
                start -= 1
        self._edit(start, end, [])

    def add(self, parent: tuple[str, ...], key: str, value: Any) -> None:
        doc = self.doc
        path = (*parent, key)
        key_text = _render_key(key)
        if parent in doc.dotted:  # a table written as dotted keys: add another dotted key
            seg = doc.dotted[parent]
            last = max(
                e.end for full, (_, e) in doc.entries.items() if full[: len(parent)] == parent
            )
            rel = ".".join(_render_key(p) for p in parent[len(seg.path) :])
            self._edit(last, last, [f"{rel}.{key_text} = {render_value(value)}"])
            return
        own = [s for s in doc.tables.get(parent, []) if not s.is_array]
        if isinstance(value, dict) and (len(path) <= 2 or not own or not _fits_inline(key, value)):
            self._insert_table(path, value)
            return
        if not own:
            self._insert_table(parent, {key: value})
            return
        seg = own[0]
        at = seg.body_end
        if seg.header is None and not seg.entries:
            at = min((s.lead for s in doc.segments[1:]), default=len(doc.lines))
            self._edit(at, at, [f"{key_text} = {render_value(value)}", ""])
            return
        self._edit(at, at, [f"{key_text} = {render_value(value)}"])

    def _insert_table(self, path: tuple[str, ...], value: dict[str, Any]) -> None:
        doc = self.doc
        family = [
            s for s in doc.segments if s.header is not None and s.path[: len(path) - 1] == path[:-1]
        ]
        block = render_table(path, value)
        at = family[-1].tail if family else len(doc.lines)
        after_text = at > 0 and doc.lines[at - 1].strip()
        gap = [""] if after_text or self.inserts.get(at) else []
        self._edit(at, at, [*gap, *block])


def patch(text: str, old: dict[str, Any], new: dict[str, Any]) -> str:
    """Return `text` edited so that it parses to `new`; `old` is what `text` parses to."""
    patcher = _Patcher(_Document(text))
    patcher.table((), old, new)
    return patcher.apply()


def dumps(data: dict[str, Any]) -> str:
    """A new document, laid out the way `patch` lays out new tables."""
    return patch("", {}, data)
