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
The work follows the change, not the document: a few regular-expression passes over the whole
text (run by `re`, not line by line in Python) find the table headers and the values spread
over several lines, and index the headers by key path; a table's keys are scanned only when a
change needs them, the walk of the data skips parts the change shares with the old data, and
untouched runs of lines are copied whole. So one changed value in a plan of 10,000 screenings
costs those passes (some 20 ms) and little more, and a write touching every screening costs
time in proportion to the document, not its square.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from bisect import bisect_left, bisect_right
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import accumulate, chain, compress, repeat
from operator import attrgetter, is_not, itemgetter, methodcaller, not_
from typing import Any

import tomli_w

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
# What matters to the scanner on a line: strings (which may hide brackets and #), comments and
# the brackets that open and close arrays and inline tables spread over several lines.
_TOKEN = re.compile(r"\"\"\"|'''|\"(?:[^\"\\]|\\.)*\"|'[^']*'|#|[\[\]{}]")
_KEY_PART = re.compile(r"\s*(?:([A-Za-z0-9_-]+)|\"((?:[^\"\\]|\\.)*)\"|'([^']*)')\s*")
_INLINE_LIMIT = 88

# A header is a line starting (after blanks) with `[`, unless the line lies inside a value
# spread over lines. Searched in "\n" + text, so a header on the first line is found too; a
# header written plainly (`[a.b]`, `[[a.b]]`) has its key read by the same match.
_HEADER = re.compile(r"\n[ \t]*\[(\[)?(?:([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)\])?")
# The lines that may open a value spread over lines. Every such line is found: a multi-line
# string starts with `"""` or `'''` on it; an array or inline table starts right after its
# key's `=` and blanks (TOML allows no newline before a value), and one nested in it starts on
# the same line or on a line inside it, which the walk from the outer opener covers. The
# lookahead skips only a bracket closed on its line after a flat run of bare values and basic
# strings (`speakers = ["a", "b"]`, `contact = { name = "Bo" }`), which opens nothing. A line
# found wrongly (a `"""` in a comment or a literal string) costs one exact walk, nothing more.
_FLAT = r"""[^\[\]{}#"'\n]*(?:"(?:[^"\\\n]|\\.)*"[^\[\]{}#"'\n]*)*[\]}][ \t]*(?:#[^\n]*)?$"""
_OPENER = re.compile(rf"=[ \t]*[\[{{](?!{_FLAT})", re.M)  # fast: it starts with a literal
_OPENER_OR_STRING = re.compile(rf"\"\"\"|'''|=[ \t]*[\[{{](?!{_FLAT})", re.M)

# Getters that let `map`, `sorted` and `dict` do per-item work in C.
_KEY = attrgetter("key")
_PARENT = itemgetter(0)  # of str.rpartition
_INDEX = itemgetter(1)

Path = tuple[str, ...]
Span = tuple[int, int]  # where a part of a key is written on its line, quotes included


class _Entry:
    __slots__ = ("comment", "end", "key", "key_text", "start")

    def __init__(self, key: Path, key_text: str, start: int, end: int, comment: str | None) -> None:
        self.key = key  # relative to its table
        self.key_text = key_text  # as written, so a replaced value keeps the key's spelling
        self.start = start
        self.end = end  # exclusive
        self.comment = comment  # trailing comment of a one-line entry


class _Segment:
    """A table as written: the root, or a header and the lines up to the next header. Its keys
    are scanned on first use (`_Document.keys`)."""

    __slots__ = ("entries", "header", "index", "is_array", "path", "tail")

    def __init__(self, path: Path, is_array: bool, header: int | None, index: int) -> None:
        self.path = path
        self.is_array = is_array
        self.header = header  # line index of the header; None for the root table
        self.index = index  # of the header among the document's headers; -1 for the root
        self.entries: list[_Entry] | None = None  # once scanned
        self.tail: int | None = None  # once asked for (`_Document.tail`)


class _Node:
    """A key path written as dotted keys (`a.b = 1`), in the tables scanned so far."""

    __slots__ = ("children", "entries")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.entries: list[tuple[_Segment, _Entry]] = []  # dotted keys naming this path

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


def _encode(path: Path) -> str:
    """A key path as one string, its parts joined by dots: bare keys as they are, others as
    JSON strings with their dots escaped. Equal paths give equal strings however they are
    spelled (`[a.b]` is `a.b`, as the index reads plain headers); the dots are separators only,
    so a path's parent is its string up to the last dot, and with a dot after each, the paths
    at or under a path are the strings starting with its string."""
    if all(path) and _BARE_KEY.fullmatch("".join(path)):  # most paths: bare keys only
        return ".".join(path)
    return ".".join(
        p if _BARE_KEY.fullmatch(p) else json.dumps(p).replace(".", "\\u002e") for p in path
    )


def _walk(line: str, pos: int, depth: int, open_string: str | None) -> tuple[int, str | None, int]:
    """Follow strings and brackets through `line` from `pos`; return the depth and unfinished
    multi-line string after it, and where a comment starts (-1 if none)."""
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
        elif tok == "#":
            return depth, open_string, m.start()
        elif tok in "[{":
            depth += 1
        elif tok in "]}":
            depth -= 1
        pos = m.end()
    return depth, open_string, -1


# `key = "text"`, `key = 94`, `date = 2027-06-27`, with an optional comment: nothing that
# opens a multi-line value, so the line needs no token walk.
_SIMPLE = re.compile(
    r'[ \t]*([A-Za-z0-9_-]+)[ \t]*=[ \t]*(?:"(?:[^"\\\n]|\\.)*"|[A-Za-z0-9:+._-]+)[ \t]*(#.*)?'
)


class _Document:
    """The text as lines, with an index of its table headers and of the lines inside values
    spread over several lines; each table's keys are scanned when a lookup first needs them
    (see `need`)."""

    def __init__(self, text: str) -> None:
        crlf = text.count("\r\n")
        # New lines take the ending most lines have; untouched lines keep their own.
        self.newline = "\r\n" if crlf and crlf > text.count("\n") - crlf else "\n"
        plain = text.replace("\r\n", "\n") if crlf else text
        self.lines = plain.split("\n")  # without their endings
        self.raw = text.split("\n") if crlf else self.lines  # CRLF lines keep their "\r"
        self.crlf = bool(crlf)
        # What follows the last newline is "" when the text ends with one; else a last line
        # without an ending.
        self.trailing_newline = not self.lines[-1]
        if self.trailing_newline:
            self.lines.pop()
            if self.crlf:
                self.raw.pop()
        self.full = len(self.lines) if self.trailing_newline else len(self.lines) - 1
        self.spans: list[Span] = self._multiline(plain)  # lines inside values, first to last
        self._index_headers(plain)
        self.root = _Segment((), False, None, -1)
        self._segments: dict[int, _Segment] = {}  # by header index, made on first use
        self._at: dict[Path, list[_Segment]] = {}  # tables by path, as looked up
        self._codes_of: dict[Path, str] = {}  # paths looked up, as `_encode` writes them
        self._scanned: set[Path] = set()  # paths whose tables are scanned
        self._ready: set[Path] = set()  # paths whose every prefix is scanned (see `need`)
        self.entries: dict[Path, _Entry] = {}  # keys with a value, of the tables scanned
        self.tree = _Node()  # dotted keys of the tables scanned
        self.dotted: dict[Path, _Segment] = {}  # tables written as dotted keys, and where
        self.dotted_end: dict[Path, int] = {}  # the last of their keys ends
        self._order: list[int] | None = None  # header indices sorted by key (see `under`)
        self._lasts: dict[str, int] | None = None  # see `last_under`
        self._sorted: list[str] = []

    def end(self, no: int) -> str:
        """The line ending of line `no`, as written."""
        if no >= self.full:
            return ""
        return "\r\n" if self.crlf and self.raw[no].endswith("\r") else "\n"

    # -- the index -------------------------------------------------------------------------
    def _multiline(self, text: str) -> list[Span]:
        """The lines inside values spread over several lines (from the line after the one that
        opens a value to the one that closes it), walked exactly from each opener `_OPENER`
        finds (few in a plan)."""
        spans: list[Span] = []
        lines = self.lines
        no = at = 0
        walked = -1  # the last line walked: openers up to it are inside a value or done
        strings = '"""' in text or "'''" in text
        for m in (_OPENER_OR_STRING if strings else _OPENER).finditer(text):
            no += text.count("\n", at, m.start())
            at = m.start()
            if no <= walked:
                continue
            depth, open_string, _ = _walk(lines[no], 0, 0, None)
            last = no
            while depth > 0 or open_string is not None:
                last += 1
                if last >= len(lines):
                    raise PatchError("the document ends inside a value")
                depth, open_string, _ = _walk(lines[last], 0, depth, open_string)
            if last > no:
                spans.append((no + 1, last))
            walked = last
        return spans

    def covered(self, no: int) -> bool:
        """Whether line `no` lies inside a value spread over lines."""
        i = bisect_right(self.spans, (no, len(self.lines))) - 1
        return i >= 0 and self.spans[i][1] >= no

    def _index_headers(self, text: str) -> None:
        # Every step runs inside `re`, `map` and `dict`: no Python line runs per header, so a
        # one-value change costs the same in plans of a thousand or ten thousand tables.
        text = "\n" + text
        found = list(_HEADER.finditer(text))
        offsets = list(map(methodcaller("start"), found))
        # A match starts at the newline ending the line above: the newlines before it number
        # the header's line (counted between one header and the next).
        heads = list(accumulate(map(text.count, repeat("\n"), chain([0], offsets), offsets)))
        keys = list(map(methodcaller("group", 2), found))
        if self.spans:  # headers inside a multi-line value are text
            drop: set[int] = set()
            for first, last in self.spans:
                drop.update(range(bisect_left(heads, first), bisect_right(heads, last)))
            if drop:
                keep = [i not in drop for i in range(len(heads))]
                heads, keys = list(compress(heads, keep)), list(compress(keys, keep))
        # Keys written plainly (`screenings.s00001`) are their own code; others are parsed.
        for i in compress(range(len(keys)), map(not_, keys)):
            keys[i] = _encode(self._header_path(heads[i]))
        self.heads = heads
        self._codes = keys
        self._last = dict(zip(keys, range(len(keys)), strict=True))
        self._first = self._last  # unless a path has several headers (arrays of tables)
        if len(self._last) < len(keys):
            self._first = dict(zip(reversed(keys), range(len(keys) - 1, -1, -1), strict=True))

    def _header_path(self, no: int) -> Path:
        stripped = self.lines[no].lstrip()
        path, _, _ = _parse_key(stripped[2 if stripped.startswith("[[") else 1 :])
        return path

    def lead_of(self, i: int) -> int:
        """Where the comment block directly above header `i` starts (the end of the document
        for the header after the last)."""
        if i >= len(self.heads):
            return len(self.lines)
        lines, spans = self.lines, self.spans
        lead = self.heads[i]
        while lead > 0 and lines[lead - 1].lstrip().startswith("#"):
            if spans and self.covered(lead - 1):
                break
            lead -= 1
        return lead

    @property
    def first_lead(self) -> int:
        return self.lead_of(0)

    def segment(self, i: int) -> _Segment:
        """The table of header `i`."""
        seg = self._segments.get(i)
        if seg is None:
            no, code = self.heads[i], self._codes[i]
            path = self._header_path(no) if '"' in code else tuple(code.split("."))
            is_array = self.lines[no].lstrip().startswith("[[")
            seg = self._segments[i] = _Segment(path, is_array, no, i)
        return seg

    def at(self, path: Path) -> list[_Segment]:
        """The tables whose header names exactly `path` (the root for ())."""
        found = self._at.get(path)
        if found is None:
            code = self._code(path)
            first, last = self._first.get(code), self._last.get(code)
            if not path:
                found = [self.root]
            elif first is None or last is None:
                found = []
            elif first == last:
                found = [self.segment(first)]
            else:  # an array of tables, or tables in its elements
                codes = self._codes
                found = [self.segment(i) for i in range(first, last + 1) if codes[i] == code]
            self._at[path] = found
        return found

    def _code(self, path: Path) -> str:
        code = self._codes_of.get(path)
        if code is None:
            code = self._codes_of[path] = _encode(path)
        return code

    def under(self, path: Path) -> list[int]:
        """The headers at or under `path`, by index."""
        if self._order is None:  # the codes, each with a dot after it, sorted
            dotted = list(map("{}.".format, self._codes))
            self._order = sorted(range(len(dotted)), key=dotted.__getitem__)
            self._sorted = list(map(dotted.__getitem__, self._order))
        code = self._code(path) + "." if path else ""
        lo = bisect_left(self._sorted, code)
        return self._order[lo : bisect_left(self._sorted, code + "\uffff", lo)]

    def last_under(self, path: Path) -> _Segment | None:
        """The last table with a header at or under `path`."""
        if self._lasts is None:
            # Pair each header with its path and every prefix of it, in the order of the
            # headers: a dict made of the pairs keeps the last header at or under each path.
            level = self._codes
            pairs = [zip(level, range(len(level)), strict=True)]
            while any(level):
                level = list(map(_PARENT, map(methodcaller("rpartition", "."), level)))
                pairs.append(zip(level, range(len(level)), strict=True))
            self._lasts = dict(sorted(chain.from_iterable(pairs), key=_INDEX))
        i = self._lasts.get(self._code(path))
        return self.segment(i) if i is not None else None

    def lead(self, seg: _Segment) -> int:
        """First line of the comment block directly above the table's header."""
        return self.lead_of(seg.index) if seg.header is not None else 0

    def keys(self, seg: _Segment) -> list[_Entry]:
        """The keys written in the table, with their values."""
        if seg.entries is None:
            self.scan(seg.path)
        assert seg.entries is not None
        return seg.entries

    def body_end(self, seg: _Segment) -> int:
        """End of the table's last key, or of its header."""
        entries = self.keys(seg)
        if entries:
            return entries[-1].end
        return (seg.header + 1) if seg.header is not None else 0

    def tail(self, seg: _Segment) -> int:
        """End of the table's own text, its trailing comments included: comments after its last
        key belong to it unless they sit right above the next header (then they describe that
        table); new tables go after them."""
        if seg.tail is None:
            body_end = self.body_end(seg)
            end = self.lead_of(seg.index + 1)
            while end > body_end and not self.lines[end - 1].strip():
                end -= 1
            seg.tail = max(end, body_end)
        return seg.tail

    # -- keys, scanned on demand ------------------------------------------------------------
    def need(self, path: Path) -> None:
        """Scan what a lookup of `path` can find. A key path is written in a table whose path
        is a proper prefix of it (`[a]` holds `b.c = 1` for a.b.c), and so is a table written
        as dotted keys: so the tables at every proper prefix of `path`, the root included."""
        parent = path[:-1]
        if parent in self._ready or not path:
            return
        self.need(parent)
        self.scan(parent)
        self._ready.add(parent)

    def entry(self, path: Path) -> _Entry | None:
        """Where the key `path` is written with its value (`a = 1`, or dotted: `x.a = 1`)."""
        if path[:-1] not in self._ready:
            self.need(path)
        return self.entries.get(path)

    def dotted_table(self, path: Path) -> tuple[_Segment, int] | None:
        """Where the table `path` is written as dotted keys, and where the last of them ends."""
        if path[:-1] not in self._ready:
            self.need(path)
        seg = self.dotted.get(path)
        return (seg, self.dotted_end[path]) if seg is not None else None

    def dotted_under(self, path: Path) -> Iterator[tuple[_Segment, _Entry]]:
        """The dotted keys at or under `path` written in tables above it."""
        self.need(path)
        node = self.tree
        for part in path:
            child = node.children.get(part)
            if child is None:
                return
            node = child
        for below in node.walk():
            for seg, entry in below.entries:
                if len(seg.path) < len(path):
                    yield seg, entry

    def scan(self, path: Path) -> None:
        """Scan the keys of the tables at `path` (all at once, in order: an array of tables
        has several)."""
        if path in self._scanned:
            return
        self._scanned.add(path)
        for seg in self.at(path):
            self._scan(seg)

    def _scan(self, seg: _Segment) -> None:
        entries: list[_Entry] = []
        begin = seg.header + 1 if seg.header is not None else 0
        nxt = seg.index + 1
        stop = self.heads[nxt] if nxt < len(self.heads) else len(self.lines)
        depth = 0  # open brackets of a value spread over lines
        open_string: str | None = None  # delimiter of an unfinished multi-line string
        entry: _Entry | None = None  # the key whose value is being read
        dotted: list[_Entry] = []
        for no, line in enumerate(self.lines[begin:stop], begin):
            if open_string is None and depth == 0:
                if entry is not None:
                    entry.end = no
                    entries.append(entry)
                    entry = None
                simple = _SIMPLE.fullmatch(line)
                if simple:  # most lines: a bare key and a one-line value, read in one match
                    name, comment = simple.group(1, 2)
                    entries.append(_Entry((name,), name, no, no + 1, comment))
                    continue
                stripped = line.lstrip()
                if not stripped or stripped.startswith("#"):
                    continue
                if stripped.startswith("["):  # cannot be: headers are indexed
                    raise PatchError(f"line {no + 1}: cannot tell a header from a value")
                key, _, key_end = _parse_key(stripped)
                entry = _Entry(key, stripped[:key_end].strip(), no, no + 1, None)
                if len(key) > 1:
                    dotted.append(entry)
                if not stripped[key_end:].startswith("="):
                    raise PatchError(f"line {no + 1}: expected '=' after the key")
                pos = len(line) - len(stripped) + key_end + 1
            else:
                pos = 0
            depth, open_string, comment_at = _walk(line, pos, depth, open_string)
            if entry is not None:
                if open_string is not None or depth > 0:
                    entry.comment = None
                elif depth == 0 and comment_at >= 0 and entry.start == no:
                    entry.comment = line[comment_at:]
        if entry is not None:
            entry.end = stop
            entries.append(entry)
        if open_string is not None or depth != 0:  # cannot be: values spread over lines are
            raise PatchError(f"line {stop}: a value runs past its table")  # indexed
        seg.entries = entries
        # Index the keys found by their full path (in C: no Python line per key); dotted ones
        # also by the tables they name.
        self.entries.update(zip(map(seg.path.__add__, map(_KEY, entries)), entries, strict=True))
        for entry in dotted:
            full = seg.path + entry.key
            self._node(self._node(self.tree, seg.path), entry.key).entries.append((seg, entry))
            for i in range(len(seg.path) + 1, len(full)):
                self.dotted[full[:i]] = seg
                self.dotted_end[full[:i]] = entry.end

    @staticmethod
    def _node(node: _Node, parts: Path) -> _Node:
        for part in parts:
            child = node.children.get(part)
            if child is None:
                child = node.children[part] = _Node()
            node = child
        return node


def layout(text: str) -> _Document:
    """The document's index: its headers, and each table's keys with the lines they take
    and a one-line value's comment (`planfile.comments` reads where comments stand)."""
    return _Document(text)


def _render_key(key: str) -> str:
    if _BARE_KEY.fullmatch(key):
        return key
    return tomli_w.dumps({key: 0})[: -len(" = 0\n")]


# A string tomli-w writes between quotes as it is: no quote, backslash or control character
# (tab aside) to escape.
_PLAIN_STRING = re.compile(r'[^"\\\x00-\x08\x0a-\x1f\x7f]*')


def render_value(value: Any) -> str:
    """One TOML value on one line: short tables inline, as a person would write them."""
    kind = type(value)
    if kind is str and _PLAIN_STRING.fullmatch(value):  # the commonest values, written as
        return '"' + value + '"'  # tomli-w writes them, without its cost
    if kind is int:
        return str(value)
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


_MISSING = object()


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
        lines, raw, newline = doc.lines, doc.raw, doc.newline
        out: list[str] = []
        last_text = ""  # the last line written, and its ending
        last_end = ""
        gap = False  # new text was set in: keep it apart from the next line of text

        def emit(text: str, end: str) -> None:
            nonlocal gap, last_text, last_end
            if gap and text.strip() and out and last_text.strip():
                out.append(newline)
            gap = False
            out.extend((text, end))
            last_text, last_end = text, end

        def emit_new(no: int) -> None:
            """What goes before old line `no`: new key/value lines, then new tables."""
            nonlocal gap, last_text
            for text, end in self.lines.get(no, ()):
                emit(text, end or newline)
            if no == self.root_at:
                gap = True
            for block in self.blocks.get(no, ()):
                gap = True
                emit(block[0], newline)  # set apart from the text above
                for text in block[1:]:
                    out.extend((text, newline))
                last_text = block[-1]
                gap = True

        touched = self.lines.keys() | self.blocks.keys() | self.renames.keys() | self.deleted
        if self.root_at is not None:
            touched.add(self.root_at)
        deleted, renames, full = self.deleted, self.renames, doc.full
        n = len(lines)
        no = 0  # the first old line not written yet
        for mark in [*sorted(touched), n]:
            if mark > no:  # the untouched lines up to the next touched one, as they were
                out.extend(("\n".join(raw[no:mark]), "\n" if mark <= full else newline))
                last_text, no = lines[mark - 1], mark
                if mark <= full:
                    last_end = "\r\n" if raw[mark - 1].endswith("\r") else "\n"
                else:  # through the last line, which has no ending of its own
                    last_end = newline
            while no < n and (no == mark or gap):  # a touched line, or one after new text
                emit_new(no)
                if no not in deleted:
                    line = lines[no]
                    for (start, end), key in sorted(renames.get(no, ()), reverse=True):
                        line = line[:start] + key + line[end:]
                    emit(line, doc.end(no) or newline)
                no += 1
        emit_new(n)
        text = "".join(out)
        if text and not doc.trailing_newline:
            text = text[: len(text) - len(last_end)]
        return text

    # -- walking the data ------------------------------------------------------------------
    def table(self, path: Path, old: dict[str, Any], new: dict[str, Any]) -> None:
        # In a big table the loops over keys run in C (set differences, `filter`, `compress`):
        # a change shares what it leaves alone, so only the keys it touched cost Python work.
        removed: list[str] = []
        added: list[str] = []
        if old.keys() == new.keys():
            pass
        elif len(old) < 16:  # small: a loop is quicker than making sets
            removed = [key for key in old if key not in new]
            added = [key for key in new if key not in old]
        else:
            gone = old.keys() - new.keys()
            removed = list(filter(gone.__contains__, old))
            fresh = new.keys() - old.keys()
            added = list(filter(fresh.__contains__, new))
        renamed = self._renames(path, old, new, removed, added) if removed and added else set()
        for key in removed:
            if key not in renamed:
                self.delete((*path, key))
        keys: Iterable[str] = new
        if len(new) >= 16:  # only the keys whose value is not the very object it was
            keys = compress(new, map(is_not, map(old.get, new, repeat(_MISSING)), new.values()))
        for key in keys:
            value = new[key]
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
        entry = doc.entry(path)
        if entry is not None:  # `old = …`, a value or an inline table (its table's path is
            rewrites[entry.start] = at - (len(path) - len(entry.key))  # what precedes its key)
        for i in doc.under(path):
            rewrites[doc.heads[i]] = at
        for seg, entry in doc.dotted_under(path):  # written as a dotted key above the table
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
        entry = doc.entry(path)
        if entry is not None:
            line = f"{entry.key_text} = {render_value(new)}"
            first = doc.lines[entry.start]
            indent = first[: len(first) - len(first.lstrip())]
            if entry.comment:
                line += "  " + entry.comment
            self._edit(entry.start, entry.end, [indent + line], doc.end(entry.end - 1) or None)
        elif isinstance(old, dict) and isinstance(new, dict):
            self.table(path, old, new)
        else:
            self.delete(path)
            self.add(path[:-1], path[-1], new)

    def delete(self, path: Path) -> None:
        doc = self.doc
        entry = doc.entry(path)
        if entry is not None:
            self._edit(entry.start, entry.end, [])
            return
        for i in doc.under(path):
            self._cut_segment(doc.segment(i))
        # keys written dotted (`contact.email = …`) in a table above the one removed
        for _, entry in doc.dotted_under(path):
            self._edit(entry.start, entry.end, [])

    def _cut_segment(self, seg: _Segment) -> None:
        lines = self.doc.lines
        start, end = self.doc.lead(seg), self.doc.body_end(seg)
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
        dotted = doc.dotted_table(parent)
        if dotted is not None:  # a table written as dotted keys: add another dotted key
            seg, last = dotted
            rel = ".".join(_render_key(p) for p in parent[len(seg.path) :])
            line = f"{rel}.{key_text} = {render_value(value)}"
            self._edit(last, last, [self._indent(last - 1) + line])
            return
        own = [s for s in doc.at(parent) if not s.is_array]
        if isinstance(value, dict) and (len(path) <= 2 or not own or not _fits_inline(key, value)):
            self._insert_table(path, value)
            return
        if not own:  # collected, to become one new table once its parent is walked
            self.pending.setdefault(parent, {})[key] = value
            return
        seg = own[0]
        line = f"{key_text} = {render_value(value)}"
        if seg.header is None and not doc.keys(seg):
            self.root_at = doc.first_lead  # keys of the root come before the first table
            self._edit(doc.first_lead, doc.first_lead, [line])
            return
        at = doc.body_end(seg)
        self._edit(at, at, [(self._indent(at - 1) if doc.keys(seg) else "") + line])

    def _indent(self, no: int) -> str:
        line = self.doc.lines[no]
        return line[: len(line) - len(line.lstrip())]

    def _insert_table(self, path: Path, value: dict[str, Any]) -> None:
        last = self.doc.last_under(path[:-1])
        at = self.doc.tail(last) if last is not None else len(self.doc.lines)
        self.blocks.setdefault(at, []).append(render_table(path, value))


def patch(text: str, old: dict[str, Any], new: dict[str, Any]) -> str:
    """Return `text` edited so that it parses to `new`; `old` is what `text` parses to."""
    patcher = _Patcher(_Document(text))
    patcher.table((), old, new)
    return patcher.apply()


def dumps(data: dict[str, Any]) -> str:
    """A new document, laid out the way `patch` lays out new tables."""
    return patch("", {}, data)
