"""A teammate's comments carried through a merge: what THEIRS changed in the comments of the
plan, applied to the merged text (OURS' text holding the merged data).

The merge driver merges data, and writes OURS' text changed to hold it, so without this a
comment only THEIRS wrote (`# Dee at the Picturehouse: 07700 900123` under a screening, an
inline `# link from Dee`) would be lost, where plain git would have kept it. Comments are
merged three-way, like values, by where they stand:

- the comment lines (and blank lines) before each header and each key, anchored to that
  header or key, and those at the end of the file;
- the comment after a one-line value, anchored to its key.

For each anchor: what only THEIRS changed is taken; what both changed keeps OURS' lines and
adds those THEIRS wrote anew, so nobody's words are lost. A comment whose key or table the
merge removed goes with it. The result is kept only if it still parses to exactly the
merged data; otherwise the merged text stays as it was. Line endings follow the result's, a
CRLF side's comments included.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from screenkit.planfile.tomldoc import PatchError, layout

Anchor = tuple[Any, ...]
Region = tuple[str, ...]  # the lines between two units, as written (endings aside)
_COMMENT = re.compile(r"#[^\n]*")


class _Layout:
    """Where a document's comments stand: the region before each unit, and the comment after
    each one-line entry, for the tables `scope` takes (the rest is not scanned)."""

    def __init__(self, text: str, scope: Callable[[tuple[str, ...]], bool]) -> None:
        self.doc = doc = layout(text)
        self.regions: dict[Anchor, tuple[int, int]] = {}  # anchor → its region's lines
        self.inline: dict[Anchor, tuple[int, str | None]] = {}  # anchor → (line, comment)
        seen: dict[tuple[str, ...], int] = {}
        if scope(()):
            self._table(("root",), doc.root, 0)
        for i in range(len(doc.heads)):
            seg = doc.segment(i)
            n = seen[seg.path] = seen.get(seg.path, -1) + 1  # arrays of tables repeat a path
            if scope(seg.path):
                # Between the table before and this header: comments and blank lines only.
                before = doc.segment(i - 1) if i else doc.root
                self.regions[("table", seg.path, n)] = (doc.body_end(before), doc.heads[i])
                self._table(("key", seg.path, n), seg, doc.heads[i] + 1)
        last = doc.segment(len(doc.heads) - 1) if doc.heads else doc.root
        self.regions[("end",)] = (doc.body_end(last), len(doc.lines))

    def _table(self, anchor: Anchor, seg: Any, end: int) -> None:
        """The regions before each key of the table, from `end` (its header's next line)."""
        for entry in self.doc.keys(seg):
            at = (*anchor, entry.key)
            self.regions[at] = (end, entry.start)
            if entry.end == entry.start + 1:
                self.inline[at] = (entry.start, entry.comment)
            end = entry.end

    def region(self, anchor: Anchor) -> Region | None:
        """The region's lines, or None where it holds no comment (blank lines alone)."""
        span = self.regions.get(anchor)
        if span is None:
            return None
        lines = tuple(line.rstrip() for line in self.doc.lines[span[0] : span[1]])
        return lines if any(line.lstrip().startswith("#") for line in lines) else None

    def comment(self, anchor: Anchor) -> str | None:
        found = self.inline.get(anchor)
        return found[1].rstrip() if found is not None and found[1] else None


def merge_comments(
    base: str, ours: str, theirs: str, result: str, check: Callable[[str], bool],
    scope: Callable[[tuple[str, ...]], bool] = lambda path: True,
) -> tuple[str, list[str]]:  # fmt: skip
    """`result` with what THEIRS changed in the comments of BASE (see above), in the tables
    `scope` takes (those whose comments THEIRS changed: the rest costs nothing), and where
    both sides changed a comment (both kept: `where` says it, for a person to tidy).
    `check(text)` says whether a text holds the merged data; a result it rejects is not
    used."""
    if signature(theirs) == signature(base):
        return result, []  # THEIRS changed no comment: the usual merge costs nothing more
    try:
        b, o, t, r = (_Layout(text, scope) for text in (base, ours, theirs, result))
    except PatchError:
        return result, []
    both: list[str] = []
    regions: dict[int, tuple[int, list[str]]] = {}  # first line → (end, new lines)
    for anchor in [*t.regions, *(a for a in b.regions if a not in t.regions)]:
        was, mine, new = b.region(anchor), o.region(anchor), t.region(anchor)
        if new == was or anchor not in r.regions:
            continue
        want = new if mine == was else mine if mine == new else _union(mine, was, new)
        if mine not in (was, new):
            both.append(_where(anchor))
        first, end = r.regions[anchor]
        have = tuple(line.rstrip() for line in r.doc.lines[first:end])
        lines = list(want) if want is not None else [x for x in have if not x.lstrip()]
        if tuple(lines) != have:
            regions[first] = (end, lines)
    inline: dict[int, str] = {}  # line → the line rewritten
    for anchor in [*t.inline, *(a for a in b.inline if a not in t.inline)]:
        said, ours_said, theirs_said = b.comment(anchor), o.comment(anchor), t.comment(anchor)
        if theirs_said == said or anchor not in r.inline:
            continue
        wanted = (theirs_said if ours_said == said else ours_said if ours_said == theirs_said
                  else f"{ours_said} {theirs_said}".strip())  # fmt: skip
        if ours_said not in (said, theirs_said):
            both.append(_where(anchor, inline=True))
        no, comment = r.inline[anchor]
        line = r.doc.lines[no]
        value = (line[: len(line) - len(comment)] if comment else line).rstrip()
        rewritten = f"{value}  {wanted}" if wanted else value
        if rewritten != line:
            inline[no] = rewritten
    if not regions and not inline:
        return result, []
    text = _rewrite(r.doc, regions, inline)
    return (text, both) if check(text) else (result, [])


def _where(anchor: Anchor, inline: bool = False) -> str:
    """`screenings.clapham.talk` (after its value), `[venues.ica]` (above it), the end."""
    if anchor[0] == "end":
        return "the end of the file"
    if anchor[0] == "table":
        return f"above [{'.'.join(anchor[1])}]"
    key = ".".join((*anchor[1], *anchor[-1])) if anchor[0] == "key" else ".".join(anchor[-1])
    return f"{key} ({'after its value' if inline else 'above it'})"


def comments_in(text: str) -> Iterator[tuple[int, str]]:
    """Each `#…` in the text with its line number (a `#` inside a string counts too)."""
    line = at = 0
    for found in _COMMENT.finditer(text):
        line += text.count("\n", at, found.start())
        at = found.start()
        yield line, found.group()


def signature(text: str) -> list[str]:
    """Every `#…` in the text, in order: a cheap way to see that no comment changed (a `#`
    inside a string counts too, which only costs a closer look)."""
    return _COMMENT.findall(text)


def _union(mine: Region | None, was: Region | None, new: Region | None) -> Region:
    """OURS' lines, then THEIRS' comment lines that neither OURS nor BASE has."""
    kept = list(mine or ())
    known = set(kept) | set(was or ())
    added = [x for x in (new or ()) if x.lstrip().startswith("#") and x not in known]
    return tuple(kept + added)


def _rewrite(doc: Any, regions: dict[int, tuple[int, list[str]]], inline: dict[int, str]) -> str:
    """The document with the regions and lines replaced; new lines take its line ending."""
    out: list[str] = []
    no = 0
    total = len(doc.lines)
    while no <= total:
        if no in regions:
            end, lines = regions[no]
            if lines and out and not out[-1].endswith("\n"):
                out[-1] += doc.newline  # the last line had no ending: lines now follow it
            out.extend(line + doc.newline for line in lines)
            if end > no:
                no = end
                continue
        if no == total:
            break
        body = inline.get(no, doc.lines[no])
        out.append(body + doc.end(no))
        no += 1
    text = "".join(out)
    if doc.trailing_newline and text and not text.endswith("\n"):
        text += doc.newline
    return text
