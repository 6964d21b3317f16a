import datetime as dt
import tomllib

import pytest

from screenkit.documents.checklist import render, sheet
from screenkit.plan.models import validate_plan
from tests.support.golden import assert_golden
from tests.support.plans import EXAMPLE
from tests.support.printing import needs_chromium, pages, print_pdf


def plan_with(change=None):
    data = tomllib.loads(EXAMPLE.read_text())
    if change:
        change(data)
    return validate_plan(data)


@pytest.mark.parametrize("fmt", ["html", "md", "txt"])
def test_example_checklists_match_golden_files(fmt):
    assert_golden(f"checklists/ica-premiere.{fmt}", render(plan_with(), "ica-premiere", fmt))


def test_the_sheet_holds_what_the_evening_needs():
    text = render(plan_with(), "ica-premiere", "txt").decode()
    for expected in [
        "Sunday 27 June 2027, Institute of Contemporary Arts",
        "18:00  Doors open", "18:35  Film (94 min)", "20:54  End", "23:00  Curfew",
        "Speaker: Amira Haddad", "+44 20 7946 0404", "arrives 17:30", "needs: handheld mic",
        "Host: Sam Okafor", "Venue contact: Duty Manager", "170 expected; capacity 185",
        "hearing loop", "Playback: DCP", "Licence: STSL-2027-0412",
        "[x] Sun 02 May  Confirm the rights holder and the screening licence (done: the",
        "[ ] Tue 27 Jul  Pay the screening licence (pay-licence)",
    ]:  # fmt: skip
        assert expected in text, expected


def test_someone_who_speaks_and_hosts_is_listed_once():
    def amira_hosts(d):
        d["screenings"]["ica-premiere"]["host"] = "amira"

    text = render(plan_with(amira_hosts), "ica-premiere", "txt").decode()
    assert text.count(": Amira Haddad") == 1, text  # the needs tasks name her too
    assert "Speaker and host: Amira Haddad" in text


def test_plain_text_fits_80_columns():
    def long_text(d):
        d["venues"]["ica"]["access"]["notes"] = "word " * 60
        d["venues"]["ica"]["tech"] = "x" * 200

    text = render(plan_with(long_text), "ica-premiere", "txt").decode()
    assert max(len(line) for line in text.splitlines()) <= 80


def test_markdown_uses_task_list_boxes_and_ticks_show():
    def ticked(d):
        d["screenings"]["ica-premiere"]["done"] = ["licence"]

    md = render(plan_with(ticked), "ica-premiere", "md").decode()
    assert "- [x] Sun 02 May 2027: Confirm the rights holder" in md
    assert "- [ ] Sun 02 May 2027: Check the playback format" in md


def test_user_text_is_escaped_in_html():
    def hostile(d):
        d["films"]["return-to-homs"]["title"] = "<script>alert(1)</script>"
        d["speakers"]["amira"]["name"] = 'Amira "<b>" & co'

    html = render(plan_with(hostile), "ica-premiere", "html").decode()
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>" not in html and "&amp; co" in html


def test_html_is_self_contained():
    html = render(plan_with(), "ica-premiere", "html").decode()
    for external in ["<script", "<link", "<img", "@import", "url(", "http://", "https://"]:
        assert external not in html


@needs_chromium
@pytest.mark.parametrize("paper", ["A4", "letter"])
def test_a_typical_checklist_prints_on_two_pages(tmp_path, paper):
    # The example premiere is typical: two speakers and a host, the default tasks.
    html = render(plan_with(), "ica-premiere", "html").decode()
    page = tmp_path / "sheet.html"
    page.write_text(html.replace("</style>", f"@page {{ size: {paper}; }}</style>"))
    count = pages(print_pdf(tmp_path, page))
    assert 1 <= count <= 2, f"{count} pages on {paper}"


# ── Nothing in the plan can forge the sheet ───────────────────────────────────────────────

TITLE = "[Click me](javascript:alert(1)) <script>alert(1)</script> *bold* &amp; `code` a|b"
NAME = "Sam\n# Heading\n- [x] fake done task"


def hostile_plan():
    """The models refuse control characters and line breaks in one-line fields; the sheet
    must still hold if such text ever gets past them, so it is set behind their back."""
    plan = plan_with()
    plan.films["return-to-homs"].title = TITLE
    plan.speakers["sam"].name = NAME
    plan.speakers["amira"].needs = ["mic\r\n  [x] Sun 02 May  Pay the licence (pay-licence)"]
    plan.speakers["talal"].role = "1. Director"
    plan.venues["ica"].tech = "\x1b[2J\x1b[31mred\x07 \u202egnp.exe\u202c | --- |"
    plan.screenings["ica-premiere"].notes = "# Not a heading\n> not a quote\n---"
    return plan


def sheet_text(fmt):
    return render(hostile_plan(), "ica-premiere", fmt).decode()


def test_markdown_shows_hostile_text_as_text():
    from markdown_it import MarkdownIt

    md = sheet_text("md")
    tokens = MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(md)
    inline = [c for t in tokens for c in t.children or []]
    kinds = {t.type for t in tokens} | {c.type for c in inline}
    for markup in ["link_open", "image", "html_inline", "html_block", "em_open", "s_open",
                   "blockquote_open", "hr", "ordered_list_open"]:  # fmt: skip
        assert markup not in kinds, markup
    # Code spans are the sheet's own task ids; headings its own title, sections and phases.
    assert {c.content for c in inline if c.type == "code_inline"} <= {
        t.id for _, tasks in sheet(hostile_plan(), "ica-premiere").phases for t in tasks
    }
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert len(headings) == 1 + 4 + 6
    shown = "".join(c.content for c in inline if c.type == "text")
    assert f"{TITLE}: screening and talk" in shown  # every character shown as typed
    assert "Sam # Heading - [x] fake done task" in shown
    assert "# Not a heading > not a quote ---" in shown
    # The only ticked items are the sheet's own tasks the data settles (the licence, the
    # certificate): none comes from the hostile text.
    ticked = [line for line in md.splitlines() if line.startswith("- [x]")]
    assert len(ticked) == 2 and all("(done: " in line for line in ticked), ticked
    assert "\x1b" not in md and "\u202e" not in md and "\x07" not in md


def test_plain_text_keeps_to_its_lines():
    text = sheet_text("txt")
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    lines = text.splitlines()
    ticked = [line for line in lines if line.lstrip().startswith("[x]")]
    assert len(ticked) == 2 and all("(done: " in line for line in ticked), ticked
    assert not any(line.startswith(("#", "- ")) for line in lines)
    assert "  Host: Sam # Heading - [x] fake done task: Host; +44 20 7946 0505;" in text


def test_html_keeps_hostile_text_in_its_place():
    html = sheet_text("html")
    assert "<script>" not in html and "javascript:alert(1)" in html  # as text, not a link
    assert "<a " not in html and "\x1b" not in html and "\u202e" not in html
    assert "<strong>Sam # Heading - [x] fake done task</strong>" in html


def display_width(line):
    import unicodedata

    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
        for c in line
    )


def test_plain_text_fits_80_columns_in_any_script():
    def cjk(d):
        d["films"]["return-to-homs"]["title"] = "重返霍姆斯：叙利亚革命纪录片" * 5
        d["speakers"]["amira"]["name"] = "アミラ・ハッダード" * 6
        d["venues"]["ica"]["access"]["notes"] = "무장애 출입구와 엘리베이터가 있습니다 " * 8
        d["venues"]["ica"]["tech"] = "é" * 100  # e + combining acute: 100 columns

    text = render(plan_with(cjk), "ica-premiere", "txt").decode()
    widths = [display_width(line) for line in text.splitlines()]
    assert max(widths) <= 80
    assert max(widths) >= 78  # lines are filled, not merely cut short
    underline = text.splitlines()[text.splitlines().index("=" * 80) - 1]
    assert display_width(underline) <= 80


def test_wrap_keeps_inner_spacing_and_breaks_long_words():
    from screenkit.documents.checklist import wrap

    assert wrap("  18:00  Doors open", 80) == ["  18:00  Doors open"]
    assert wrap("ab cd ef", 5, "  ") == ["ab cd", "  ef"]
    assert wrap("x" * 12, 5, " ") == ["xxxxx", " xxxx", " xxx"]
    assert wrap("漢字漢字漢", 4) == ["漢字", "漢字", "漢"]


# ── Clock changes are explained on every sheet ────────────────────────────────────────────


def repeated_hour(d):
    d["screenings"]["ica-premiere"].update(date=dt.date(2027, 10, 31), start="01:30")
    d["screenings"]["ica-premiere"].pop("doors")


@pytest.mark.parametrize("fmt", ["html", "md", "txt"])
def test_clock_notes_in_every_format(fmt):
    out = render(plan_with(repeated_hour), "ica-premiere", fmt).decode()
    flat = " ".join(out.split())
    note = (
        "Start 01:30 happens twice on 2027-10-31 in Europe/London: clocks go back from 02:00 "
        "to 01:00; screenkit uses the first 01:30 (BST, UTC+01:00), and invites carry that "
        "exact instant."
    )
    assert note in flat
    assert "the run sheet gives BST (UTC+01:00) before the change and GMT (UTC+00:00)" in flat
    assert "02:54 GMT" in flat and "01:30 BST" in flat
    assert "23:00 GMT" in flat  # the curfew too, in the zone it falls in
