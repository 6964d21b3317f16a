"""Rewrite a TOML document so it holds new data while keeping what a person wrote.

People edit the plan by hand, so a command that changes one value must not reflow the file.
`patch(text, old, new)` compares the data parsed from `text` (`old`) with the data the command
wants (`new`) and edits only the lines that hold what changed: a changed value is replaced in
place (keeping its key's spelling and a trailing comment), a new key goes after the last key of
its table, a new table after its last sibling, and a removed one is cut out with the comments
directly above it. A key removed and another added under the same table with an equal value is
a rename: the key is rewritten where it is written (headers, dotted keys), so its comments and
position stay. Comments, blank lines, order, untouched values and each untouched line's own line
ending are kept byte for byte; new lines take the ending most lines of the document use.

It works on lines with a small scanner rather than a full parser (tomlkit is exact but takes
about a second per thousand screenings), and the caller checks the result by parsing it again.
The scan builds an index of the document's keys once (a tree of key paths), so that a write
touching every screening costs time in proportion to the document, not its square.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import tomli_w

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
# What matters to the scanner on a line: strings (which may hide brackets and #), comments and
# the brackets that open and close arrays and inline tables spread over several lines.
_TOKEN = re.compile(r"\"\"\"|'''|\"(?:[^\"\\]|\\.)*\"|'[^']*'|#|[\[\]{}]")
_KEY_PART = re.compile(r"\s*(?:([A-Za-z0-9_-]+)|\"((?:[^\"\\]|\\.)*)\"|'([^']*)')\s*")
_INLINE_LIMIT = 88

Path = tuple[str, ...]
Span = tuple[int, int]  # where a part of a key is written on its line, quotes included


@dataclass
class _Entry:
    key: Path  # relative to its table
    key_text: str  # as written, so a replaced value keeps the person's spelling of the key
    start: int
    end: int  # exclusive
    comment: str | None  # trailing comment of a one-line entry


@dataclass
class _Segment:
    path: Path
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


class _Node:
    """A key path of the document and everything written under it, found without a scan."""

    __slots__ = ("children", "entries", "last", "segments")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.segments: list[_Segment] = []  # tables whose header names exactly this path
        self.entries: list[tuple[_Segment, _Entry]] = []  # dotted keys (`a.b = 1`) naming this
        self.last: _Segment | None = None  # the last table with a header at or under this path

    def walk(self) -> Iterator[_Node]:
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(node.children.values())


class PatchError(Exception):
    """The document has a shape this module does not edit; nothing was changed."""


def _parse_key(text: str, offset: int = 0) -> tuple[Path, list[Span], int]:
    """Parse a dotted key at the start of `text`; return its parts, where each part is written
    (shifted by `offset`, quotes included) and where the key ends."""
    parts: list[str] = []
    spans: list[Span] = []
    pos = 0
    while True:
        m = _KEY_PART.match(text, pos)
        if not m or m.end() == pos:
            raise PatchError(f"cannot read the key in {text.strip()!r}")
        bare, basic, literal = m.groups()
        if bare is not None:
            parts.append(bare)
            start, end = m.span(1)
        elif basic is not None:
            parts.append(_unescape(basic) if "\\" in basic else basic)
            start, end = m.start(2) - 1, m.end(2) + 1
        else:
            parts.append(literal)
            start, end = m.start(3) - 1, m.end(3) + 1
        spans.append((offset + start, offset + end))
        pos = m.end()
        if pos < len(text) and text[pos] == ".":
            pos += 1
            continue
        return tuple(parts), spans, pos


def _unescape(basic: str) -> str:
    import tomli

    try:
        return str(tomli.loads(f'k = "{basic}"')["k"])
    except tomli.TOMLDecodeError:
        raise PatchError(f'cannot read the key "{basic}"') from None


# `key = "text"`, `key = 94`, `date = 2027-06-27`, with an optional comment: nothing that
# opens a multi-line value, so the line needs no token walk.
_SIMPLE = re.compile(
    r'([A-Za-z0-9_-]+)[ \t]*=[ \t]*(?:"(?:[^"\\\n]|\\.)*"|[A-Za-z0-9:+._-]+)[ \t]*(#.*)?'
)


class _Document:
    def __init__(self, text: str) -> None:
        crlf = text.count("\r\n")
        # New lines take the ending most lines have; untouched lines keep their own.
        self.newline = "\r\n" if crlf > text.count("\n") - crlf else "\n"
        lines = text.split("\n")
        last = lines.pop()  # what follows the last newline: "" when the text ends with one
        if crlf:
            self.ends = ["\r\n" if line.endswith("\r") else "\n" for line in lines]
            self.lines = [line[:-1] if line.endswith("\r") else line for line in lines]
        else:
            self.ends, self.lines = ["\n"] * len(lines), lines
        self.trailing_newline = not last
        if last:
            self.lines.append(last)
            self.ends.append("")
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
        self.first_lead = limits[0]
        self.tree = _Node()
        self.entries: dict[Path, tuple[_Segment, _Entry]] = {}
        self.dotted: dict[Path, _Segment] = {}  # tables written as dotted keys, and where
        self.dotted_end: dict[Path, int] = {}  # the last of their keys ends
        for seg in self.segments:
            node = self._node(self.tree, seg.path, seg if seg.header is not None else None)
            node.segments.append(seg)
            for entry in seg.entries:
                full = seg.path + entry.key
                self.entries[full] = (seg, entry)
                if len(entry.key) == 1:
                    continue  # found through `entries`; a node per key would cost much time
                self._node(node, entry.key).entries.append((seg, entry))
                for i in range(len(seg.path) + 1, len(full)):
                    self.dotted[full[:i]] = seg
                    self.dotted_end[full[:i]] = entry.end

    @staticmethod
    def _node(node: _Node, parts: Path, last: _Segment | None = None) -> _Node:
        """The node at `parts` below `node`, made if need be; `last`, a table just scanned,
        becomes the last table of every node on the way."""
        for part in parts:
            if last is not None:
                node.last = last
            child = node.children.get(part)
            if child is None:
                child = node.children[part] = _Node()
            node = child
        if last is not None:
            node.last = last
        return node

    def find(self, path: Path) -> _Node | None:
        node = self.tree
        for part in path:
            child = node.children.get(part)
            if child is None:
                return None
            node = child
        return node

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
                indent = len(line) - len(stripped)
                if stripped.startswith("["):
                    is_array = stripped.startswith("[[")
                    skip = 2 if is_array else 1
                    path, _, _ = _parse_key(stripped[skip:])
                    lead = comment_run_start if comment_run_start is not None else no
                    seg = _Segment(path, is_array, no, lead)
                    self.segments.append(seg)
                    comment_run_start = None
                    continue
                comment_run_start = None
                simple = _SIMPLE.fullmatch(stripped)
                if simple:  # most lines: a bare key and a one-line value, read in one match
                    name, comment = simple.group(1, 2)
                    entry = _Entry((name,), name, no, no + 1, comment)
                    continue
                key, _, key_end = _parse_key(stripped)
                entry = _Entry(key, stripped[:key_end].strip(), no, no + 1, None)
                rest = stripped[key_end:]
                if not rest.startswith("="):
                    raise PatchError(f"line {no + 1}: expected '=' after the key")
                pos = indent + key_end + 1
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


def _frozen(value: Any) -> Any:
    """A hashable stand-in for a value: equal only for values equal in type as well (TOML's
    `true` is not `1`), so renames can be matched by hashing instead of comparing pairs."""
    if isinstance(value, dict):
        return frozenset((k, _frozen(v)) for k, v in value.items())
    if isinstance(value, list):
        return (list, tuple(_frozen(v) for v in value))
    return (type(value), value)


class _Patcher:
    def __init__(self, doc: _Document) -> None:
        self.doc = doc
        self.deleted: set[int] = set()
        # What to write before an old line: key/value lines first, then whole new tables (so
        # a key added to a table never lands under a table added after it).
        self.lines: dict[int, list[tuple[str, str | None]]] = {}
        self.blocks: dict[int, list[list[str]]] = {}
        self.renames: dict[int, list[tuple[Span, str]]] = {}  # keys rewritten on old lines
        self.root_at: int | None = None  # where new keys of a root without keys go
        self.pending: dict[Path, dict[str, Any]] = {}  # new keys of tables without a header

    def _edit(self, start: int, end: int, lines: list[str], ending: str | None = None) -> None:
        """Replace lines [start, end); overlapping cuts simply merge."""
        self.deleted.update(range(start, end))
        if lines:
            self.lines.setdefault(start, []).extend((line, ending) for line in lines)

    def apply(self) -> str:
        doc = self.doc
        newline = doc.newline
        out: list[str] = []  # each line's text, then its ending
        gap = False  # new text was set in: keep it apart from the next line of text

        def emit(text: str, end: str) -> None:
            nonlocal gap
            if gap and text.strip() and out and out[-2].strip():
                out.extend(("", newline))
            gap = False
            out.extend((text, end))

        def emit_new(no: int) -> None:
            """What goes before old line `no`: new key/value lines, then new tables."""
            nonlocal gap
            for text, end in self.lines.get(no, ()):
                emit(text, end or newline)
            if no == self.root_at:
                gap = True
            for block in self.blocks.get(no, ()):
                gap = True
                for text in block:
                    emit(text, newline)
                gap = True

        touched = self.lines.keys() | self.blocks.keys() | self.renames.keys() | self.deleted
        for no, line in enumerate(doc.lines):
            if not gap and no not in touched and no != self.root_at:  # most lines: as they were
                out.extend((line, doc.ends[no] or newline))
                continue
            emit_new(no)
            if no not in self.deleted:
                for (start, end), key in sorted(self.renames.get(no, ()), reverse=True):
                    line = line[:start] + key + line[end:]
                emit(line, doc.ends[no] or newline)
        emit_new(len(doc.lines))
        if out and not doc.trailing_newline:
            out[-1] = ""
        return "".join(out)

    # -- walking the data ------------------------------------------------------------------
    def table(self, path: Path, old: dict[str, Any], new: dict[str, Any]) -> None:
        removed = [key for key in old if key not in new]
        added = [key for key in new if key not in old]
        renamed = self._renames(path, old, new, removed, added) if removed and added else set()
        for key in removed:
            if key not in renamed:
                self.delete((*path, key))
        for key, value in new.items():
            if key not in old:
                if key not in renamed:
                    self.add(path, key, value)
            elif old[key] is not value and (old[key] != value or type(old[key]) is not type(value)):
                self.change((*path, key), old[key], value)
        pending = self.pending.pop(path, None)
        if pending:
            self._insert_table(path, pending)

    def _renames(
        self, path: Path, old: dict[str, Any], new: dict[str, Any], removed: list[str],
        added: list[str],
    ) -> set[str]:  # fmt: skip
        """Keys removed and added with equal values, rewritten in place; returns both names
        of each key renamed."""
        gone: dict[Any, deque[str]] = {}
        try:
            for key in removed:
                gone.setdefault(_frozen(old[key]), deque()).append(key)
            wanted = [(key, _frozen(new[key])) for key in added]
        except TypeError:  # a value TOML cannot hold: no renames, the write is refused later
            return set()
        done: set[str] = set()
        for key, frozen in wanted:
            candidates = gone.get(frozen)
            if candidates and self.rename(path, candidates[0], key):
                done.update((candidates.popleft(), key))
        return done

    def rename(self, parent: Path, old_key: str, new_key: str) -> bool:
        """Rewrite `old_key` under `parent` as `new_key` wherever it is written."""
        doc = self.doc
        path = (*parent, old_key)
        at = len(parent)
        key_text = _render_key(new_key)
        rewrites: dict[int, int] = {}  # line: which part of the key written there to rewrite
        if path in doc.entries:  # `old = …`, a value or an inline table
            seg, entry = doc.entries[path]
            rewrites[entry.start] = at - len(seg.path)
        node = doc.find(path)
        for below in node.walk() if node is not None else ():
            for seg in below.segments:
                if seg.header is not None:
                    rewrites[seg.header] = at
            for seg, entry in below.entries:
                if len(seg.path) <= at:  # written as a (dotted) key above the renamed table
                    rewrites[entry.start] = at - len(seg.path)
        for no, part in rewrites.items():
            line = doc.lines[no]
            stripped = line.lstrip()
            skip = len(line) - len(stripped)
            if stripped.startswith("["):
                skip += 2 if stripped.startswith("[[") else 1
            _, spans, _ = _parse_key(line[skip:], skip)
            self.renames.setdefault(no, []).append((spans[part], key_text))
        return bool(rewrites)

    def change(self, path: Path, old: Any, new: Any) -> None:
        doc = self.doc
        if path in doc.entries:
            _, entry = doc.entries[path]
            line = f"{entry.key_text} = {render_value(new)}"
            first = doc.lines[entry.start]
            indent = first[: len(first) - len(first.lstrip())]
            if entry.comment:
                line += "  " + entry.comment
            self._edit(entry.start, entry.end, [indent + line], doc.ends[entry.end - 1] or None)
        elif isinstance(old, dict) and isinstance(new, dict):
            self.table(path, old, new)
        else:
            self.delete(path)
            self.add(path[:-1], path[-1], new)

    def delete(self, path: Path) -> None:
        doc = self.doc
        if path in doc.entries:
            _, entry = doc.entries[path]
            self._edit(entry.start, entry.end, [])
            return
        node = doc.find(path)
        if node is None:
            return
        for below in node.walk():
            for seg in below.segments:
                if seg.header is not None:
                    self._cut_segment(seg)
            for seg, entry in below.entries:
                # keys written dotted (`contact.email = …`) in a table above the one removed
                if len(seg.path) < len(path):
                    self._edit(entry.start, entry.end, [])

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

    def add(self, parent: Path, key: str, value: Any) -> None:
        doc = self.doc
        path = (*parent, key)
        key_text = _render_key(key)
        if parent in doc.dotted:  # a table written as dotted keys: add another dotted key
            seg = doc.dotted[parent]
            rel = ".".join(_render_key(p) for p in parent[len(seg.path) :])
            line = f"{rel}.{key_text} = {render_value(value)}"
            last = doc.dotted_end[parent]
            self._edit(last, last, [self._indent(last - 1) + line])
            return
        node = doc.find(parent)
        own = [s for s in node.segments if not s.is_array] if node is not None else []
        if isinstance(value, dict) and (len(path) <= 2 or not own or not _fits_inline(key, value)):
            self._insert_table(path, value)
            return
        if not own:  # collected, to become one new table once its parent is walked
            self.pending.setdefault(parent, {})[key] = value
            return
        seg = own[0]
        line = f"{key_text} = {render_value(value)}"
        if seg.header is None and not seg.entries:
            self.root_at = doc.first_lead  # keys of the root come before the first table
            self._edit(doc.first_lead, doc.first_lead, [line])
            return
        at = seg.body_end
        self._edit(at, at, [(self._indent(at - 1) if seg.entries else "") + line])

    def _indent(self, no: int) -> str:
        line = self.doc.lines[no]
        return line[: len(line) - len(line.lstrip())]

    def _insert_table(self, path: Path, value: dict[str, Any]) -> None:
        node = self.doc.find(path[:-1])
        last = node.last if node is not None else None
        at = last.tail if last is not None else len(self.doc.lines)
        self.blocks.setdefault(at, []).append(render_table(path, value))


def patch(text: str, old: dict[str, Any], new: dict[str, Any]) -> str:
    """Return `text` edited so that it parses to `new`; `old` is what `text` parses to."""
    patcher = _Patcher(_Document(text))
    patcher.table((), old, new)
    return patcher.apply()


def dumps(data: dict[str, Any]) -> str:
    """A new document, laid out the way `patch` lays out new tables."""
    return patch("", {}, data)
