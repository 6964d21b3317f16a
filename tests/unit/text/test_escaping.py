"""One line of text, inline Markdown and CSV cells: plan text stays text in every format."""

from __future__ import annotations

import csv
import io
import unicodedata

import pytest

from screenkit.text.escaping import FORMULA_STARTS, csv_cell, markdown, one_line

# Line breaks as str.splitlines sees them, controls, and the marks that reorder text.
BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


# -- one line ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Return to Homs", "Return to Homs"),
        ("  padded  ", "padded"),
        ("two\nlines", "two lines"),
        ("para\r\n\r\ngraphs\n", "para graphs"),
        ("tab\tand  spaces", "tab and spaces"),
        ("a\u2028b\u2029c\x85d", "a b c d"),
        ("\x1b[31mred\x1b[0m", "[31mred [0m"),
        ("\x9b31m C1", "31m C1"),
        ("abc\u202egnp.exe\u202c", "abcgnp.exe"),
        ("שלום\u200f (RLM)", "שלום (RLM)"),
        ("ünïcödé  🎬", "ünïcödé 🎬"),
        ("", ""),
    ],
)
def test_one_line(text, expected):
    assert one_line(text) == expected


def test_one_line_never_breaks_or_reorders_a_line():
    for code in range(0x3000):
        shown = one_line(f"a{chr(code)}b")
        assert len(shown.splitlines()) == 1, hex(code)
        assert not [c for c in shown if unicodedata.category(c) == "Cc"], hex(code)
        assert not set(shown) & set(BIDI), hex(code)
        quoted = one_line(f"a{chr(code)}b", quoting=True)
        assert len(quoted.splitlines()) == 1 and not set(quoted) & set(BIDI), hex(code)


def test_quoting_shows_what_a_value_held():
    """For messages: spacing as typed, and the line breaks visible where they were."""
    assert one_line("x\ny\r\n z", quoting=True) == "x\\ny\\r\\n z"
    assert one_line("  a\tb\x1b[2J\u2028c\u202e", quoting=True) == "  a b [2J c"
    assert one_line("plain  text", quoting=True) == "plain  text"


# -- Markdown ---------------------------------------------------------------------------------
HOSTILE = [
    "[x](http://evil.example)",
    "![x](http://evil.example/x.png)",
    "<http://evil.example>",
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "*em* _em_ **strong** __strong__ ~~gone~~",
    "`code` ``code``",
    "# heading",
    "## heading ##",
    "Homs #",
    "- item",
    "+ item",
    "* item",
    "1. item",
    "2026) item",
    "> quote",
    "---",
    "- - -",
    "-- -",
    "--",
    "===",
    "___",
    "```python",
    "~~~",
    "| a | b |",
    "a | b",
    "&amp; &#60; &#x3C;",
    "back\\slash\\",
    "[^1] footnote",
    "[x]: http://evil.example",
    "line\nbreak\n# heading\n- item\n\n    code",
    "hard  \nbreak\\\nhere",
    "\u202eevil",
    "[link] (not) a link, Q&A, 5 * 3, snake_case, 2 < 3 > 1",
]


def _parse(md: str) -> list:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(md)


def _inline(tokens: list) -> list:
    return [c for t in tokens for c in t.children or []]


# Where documents put plan text: a paragraph of its own, after a label, inside strong
# emphasis, a heading, a list item and a table cell; and the blocks each must stay.
PARAGRAPH = ["paragraph_open", "inline", "paragraph_close"]
ITEM = ["bullet_list_open", "list_item_open", *PARAGRAPH, "list_item_close", "bullet_list_close"]
CELLS = [*(["th_open", "inline", "th_close"] * 2), "tr_close", "thead_close", "tbody_open",
         "tr_open", *(["td_open", "inline", "td_close"] * 2)]  # fmt: skip
TABLE = ["table_open", "thead_open", "tr_open", *CELLS, "tr_close", "tbody_close", "table_close"]
PLACES = {
    "paragraph": ("{}", PARAGRAPH),
    "after a label": ("Venue: {} (`id`)", PARAGRAPH),
    "strong": ("**{}**", PARAGRAPH),
    "heading": ("# Report: {}", ["heading_open", "inline", "heading_close"]),
    "list item": ("- {}", ITEM),
    "table cell": ("| a | b |\n| --- | --- |\n| {} | x |", TABLE),
}


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_shows_exactly_the_text_wherever_it_goes(place, text):
    template, blocks = PLACES[place]
    tokens = _parse(template.format(markdown(text)))
    assert [t.type for t in tokens] == blocks
    inline = _inline(tokens)
    kinds = {c.type for c in inline} - {"text", "code_inline", "strong_open", "strong_close"}
    assert not kinds, kinds
    strong = [c for c in inline if c.type == "strong_open"]
    assert len(strong) == (1 if place == "strong" else 0)
    shown = "".join(c.content for c in inline if c.type == "text")
    assert one_line(text) in shown
    ours = ["id"] if "`id`" in template else []
    assert [c.content for c in inline if c.type == "code_inline"] == ours


def test_markdown_escapes_only_what_it_must():
    assert markdown("# Heading") == "\\# Heading"
    assert markdown("- [x] done") == "\\- \\[x\\] done"
    assert markdown("1. First") == "1\\. First"
    assert markdown("+44 20 7946 0404") == "+44 20 7946 0404"  # not a list item: left alone
    assert markdown("-2 degrees") == "-2 degrees"
    assert markdown("<b>&amp;</b> Q&A") == "\\<b\\>\\&amp;\\</b\\> Q&A"
    assert markdown("a\nb\r\nc\u2028d") == "a b c d"
    assert markdown("Talk and Q&A (45 min)") == "Talk and Q&A (45 min)"
    assert markdown("18:00") == "18:00"


# -- CSV --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://evil.example","x")', "+1", "-2", "@SUM(1+1)", "\t=1", "\r=1", "\0"],
)
def test_a_formula_is_text_in_a_spreadsheet(text):
    assert csv_cell(text) == "'" + text
    assert text[0] in FORMULA_STARTS


@pytest.mark.parametrize("text", ["", "Rio Cinema", "'quoted", " =1+1", "1-2", "a|b", "=", "x="])
def test_other_cells_are_left_as_they_are(text):
    assert csv_cell(text) == (f"'{text}" if text == "=" else text)


def test_a_guarded_row_reads_back_as_written():
    row = [csv_cell(t) for t in ['=1+1,"x"', "a\nb", "-", "plain"]]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(row)
    read = next(csv.reader(io.StringIO(buffer.getvalue())))
    assert read == ['\'=1+1,"x"', "a\nb", "'-", "plain"]
