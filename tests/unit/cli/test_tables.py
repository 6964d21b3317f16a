"""Tables that fit the terminal: nothing an id, a date, a time or a word is broken."""

from __future__ import annotations

import pytest

from screenkit.cli.tables import KEEP_TOGETHER, Column, cut, render

COLUMNS = [Column("id", kept=True), Column("date", kept=True), Column("time", kept=True),
           Column("film"), Column("venue"), Column("speakers", wrapped=True),
           Column("status", kept=True)]  # fmt: skip
ROWS = [
    ["east-finchley", "2027-06-29", "19:30–21:54", "Return to Homs", "Phoenix Cinema",
     "Kristyan Benedict, Amira Haddad".replace("n B", f"n{KEEP_TOGETHER}B"), "confirmed"],
    ["ica-premiere", "2027-06-27", "18:30–20:54", "Return to Homs",
     "Institute of Contemporary Arts", "Talal Derki", "tentative"],
]  # fmt: skip


@pytest.mark.parametrize("width", [60, 72, 80, 100, 160])
def test_no_line_is_wider_than_the_terminal_and_nothing_kept_is_cut(width):
    lines = render(COLUMNS, ROWS, width, drop=[3, 5, 4])
    assert all(len(line) <= width for line in lines), lines
    text = "\n".join(lines)
    for row in ROWS:
        for cell in row[:3] + row[6:]:
            assert cell in text  # ids, dates, times and status whole
    # A word is shortened with an ellipsis or shown whole, never split over two lines.
    words = {
        w.strip(",")
        for row in ROWS
        for cell in row
        for w in cell.replace(KEEP_TOGETHER, " ").split()
    }
    for line in lines:
        for token in line.split():
            token = token.strip(",")
            assert token in words or token.endswith("…") or token in {c.header for c in COLUMNS}


def test_columns_drop_in_the_order_given_and_a_wide_terminal_shows_everything():
    narrow = render(COLUMNS, ROWS, 60, drop=[3, 5, 4])[0].split()
    assert narrow == ["id", "date", "time", "status"]
    wide = render(COLUMNS, ROWS, 200, drop=[3, 5, 4])
    assert wide[0].split() == [c.header for c in COLUMNS]
    assert "Institute of Contemporary Arts" in wide[2]


def test_a_name_in_a_wrapped_list_stays_on_one_line():
    lines = render(COLUMNS, ROWS, 90, drop=[3, 5, 4])
    assert len(lines) > 3  # the list of names wrapped
    assert any("Kristyan Benedict," in line for line in lines), lines


def test_cut_keeps_whole_words_where_it_can():
    assert cut("Institute of Contemporary Arts", 15) == "Institute of…"
    assert cut("Phoenix Cinema", 14) == "Phoenix Cinema"
    assert cut("Campaigner, Syria", 10).endswith("…")
