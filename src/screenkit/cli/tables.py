"""Tables that fit the terminal: no id, date, time or word is ever broken across lines.

Each column is one of three kinds:
- kept: never shortened (ids people type next, dates, times);
- cut: shortened at a word boundary with an ellipsis (names, titles);
- wrapped: one column may wrap onto more lines, between words (a message, a biography);
  words joined by KEEP_TOGETHER stay on one line (a person's name in a list of names).

When even the shortest cut columns do not fit, whole columns are dropped in the order the
caller gives (the full data stays in `--json`). Pure: widths in, lines out.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

GAP = 2
KEEP_TOGETHER = "\u00a0"  # a space a wrapped column never breaks at (inside a name)
SHORTEST_CUT = 10  # a cut column shows at least this much (or its header), else it drops
SHORTEST_WRAP = 12  # and never narrower than its longest word


@dataclass(frozen=True)
class Column:
    header: str
    kept: bool = False
    wrapped: bool = False


def cut(text: str, width: int) -> str:
    """`text` in `width` characters, then `…`: at the end of a word where that keeps most of
    the room, else mid-word (a word is shortened, never split across lines)."""
    if len(text) <= width:
        return text
    room = text[: width - 1]
    space = room.rfind(" ")
    if space >= (width - 1) * 0.6:
        room = room[:space]
    return room.rstrip(" ,;") + "…"


def _least(column: Column, cells: list[str]) -> int:
    if not column.wrapped:
        return max(len(column.header), SHORTEST_CUT)
    longest = max((len(word) for cell in cells for word in cell.split(" ")), default=0)
    return max(len(column.header), SHORTEST_WRAP, longest)


def layout(
    columns: Sequence[Column], rows: Sequence[Sequence[str]], width: int,
    drop: Sequence[int] = (),
) -> list[tuple[int, int]]:  # fmt: skip
    """(column index, width) of each column shown, in order."""
    natural = [max([len(c.header), *(len(r[i]) for r in rows)]) for i, c in enumerate(columns)]
    shown = list(range(len(columns)))
    for dropping in [None, *drop]:
        if dropping is not None:
            shown.remove(dropping)
        widths = {i: natural[i] for i in shown}
        room = width - GAP * (len(shown) - 1)
        if sum(widths.values()) <= room:
            return [(i, widths[i]) for i in shown]
        fixed = sum(widths[i] for i in shown if columns[i].kept)
        flexible = [i for i in shown if not columns[i].kept]
        least = {i: min(natural[i], _least(columns[i], [r[i] for r in rows])) for i in flexible}
        if fixed + sum(least.values()) > room:
            continue
        # What is left over makes whole as many cut columns as it can, those lacking least
        # first, then goes to the wrapped column.
        spare = room - fixed - sum(least.values())
        for i in sorted((i for i in flexible if not columns[i].wrapped),
                        key=lambda i: natural[i] - least[i]):  # fmt: skip
            grow = min(natural[i] - least[i], spare)
            least[i] += grow
            spare -= grow
        for i in flexible:
            if columns[i].wrapped:
                least[i] += spare
                break
        return [(i, least.get(i, widths[i])) for i in shown]
    return [(shown[0], natural[shown[0]])] if shown else []


def render(
    columns: Sequence[Column], rows: Sequence[Sequence[str]], width: int,
    drop: Sequence[int] = (),
) -> list[str]:  # fmt: skip
    """The header line and the rows, laid out to fit `width`."""
    shown = layout(columns, rows, width, drop)
    lines = []
    for cells, is_header in [([c.header for c in columns], True), *((r, False) for r in rows)]:
        parts: list[list[str]] = []
        for i, w in shown:
            text = cells[i]
            if columns[i].wrapped and not is_header:
                parts.append(
                    textwrap.wrap(text, w, break_long_words=False, break_on_hyphens=False) or [""]
                )
            else:
                parts.append([text if columns[i].kept else cut(text, w)])
        height = max(len(p) for p in parts)
        for n in range(height):
            line = (" " * GAP).join(
                (p[n] if n < len(p) else "").ljust(w)
                for p, (_, w) in zip(parts, shown, strict=True)
            )
            lines.append(line.replace(KEEP_TOGETHER, " ").rstrip())
    return lines
