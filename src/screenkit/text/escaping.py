"""Plan text made inert for what it is written into: one line of plain text, inline Markdown,
a CSV cell. Every document and every message uses these, so whatever a name or a note says
it stays text: never markup, a formula, a second line, an escape sequence or reordered text.

(HTML is Jinja2's: every page is rendered with autoescaping, see documents/pages.py.)
"""

from __future__ import annotations

import re

# Controls (C0, DEL, C1) and the line and paragraph separators become spaces; the marks that
# reorder the text around them (embeddings, overrides, isolates, LRM, RLM, ALM) go.
_BIDI = [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
_ONE_LINE = {c: " " for c in [*range(0x20), 0x7F, *range(0x80, 0xA0), 0x2028, 0x2029]} | {
    c: None for c in _BIDI
}
_QUOTING = _ONE_LINE | {0x0A: "\\n", 0x0D: "\\r"}


def one_line(text: str, *, quoting: bool = False) -> str:
    """Printable text on one line, in the order it was typed: controls and line breaks become
    spaces, runs of spaces one, and the ends are trimmed (a paragraph reads as one line).

    `quoting` is for a message that quotes a value: its spacing is kept as it was and a line
    feed or carriage return shows as `\\n` or `\\r`, so the person sees what the value held.
    """
    if quoting:
        return text.translate(_QUOTING)
    if text.isascii() and text.isprintable() and "  " not in text:  # the usual case, first
        return text.strip()
    return " ".join(text.translate(_ONE_LINE).split())


# What `visible` shows as an escape: controls (C0 with tab and line feed, DEL, C1), the line
# and paragraph separators, the bidi marks above, and the invisible format characters that
# hide between letters (zero-width space and joiners, word joiner, soft hyphen, BOM).
_INVISIBLE = [*range(0x20), 0x7F, *range(0x80, 0xA0), 0x2028, 0x2029, *_BIDI,
              0x00AD, 0x034F, *range(0x200B, 0x200E), 0x2060, 0xFEFF]  # fmt: skip
_NAMED = {0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"}
_VISIBLE = {c: _NAMED.get(c, f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}") for c in _INVISIBLE}


def visible(text: str) -> str:
    """Text shown exactly, on one line: every control, line break, bidi mark and invisible
    character as an escape (`\\n`, `\\x1b`, `\\u202e`), so a value can neither forge a line of
    a terminal's output, nor rewrite or reorder what is shown, nor hide in it."""
    if text.isascii() and text.isprintable():
        return text
    return text.translate(_VISIBLE)


# Inline markup anywhere: backslash escapes, code spans, emphasis and strikethrough, links,
# images and footnotes, raw HTML and autolinks, table cells, headings (and their closing `#`s)
# and entities such as `&amp;`. `>` is escaped inline too: at a line's start it is a quote.
_MD_INLINE = re.compile(r"[\\`*_\[\]<>|~#]|&(?=#?\w+;)")
# What opens a block at the start of a line and is not escaped above: a list item (`-`, `+`,
# `1.`, `1)`), a thematic break (`---`, `- - -`) or a setext heading's underline (`--`, `==`).
_MD_LEADING = re.compile(r"[-+](?=\s|$)|-[-\s]*$|=+$|\d{1,9}(?=[.)](?:\s|$))")


def markdown(text: str) -> str:
    """Plan text as one line of Markdown that shows exactly that text, wherever it is put on
    a line or in a table cell (CommonMark and GitHub's GFM)."""
    text = _MD_INLINE.sub(lambda m: "\\" + m.group(0), one_line(text))
    lead = _MD_LEADING.match(text)
    if lead is None:
        return text
    if text[0].isdigit():  # `1. x` → `1\. x`
        return f"{text[: lead.end()]}\\{text[lead.end() :]}"
    return f"\\{text}"


# A cell starting with one of these is read as a formula by Excel, LibreOffice or Google
# Sheets (OWASP's CSV Injection; ASVS 1.2.10 adds NUL). Such a cell gets a leading `'`,
# which spreadsheets take to mean "text"; the rest of the cell is left as it was.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")


def csv_cell(text: str) -> str:
    """A CSV cell that a spreadsheet shows as text, never runs as a formula."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text
