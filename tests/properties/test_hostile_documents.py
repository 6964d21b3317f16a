"""Hostile plan text through every document in every format.

A plan whose every free-text field holds links, autolinks, raw HTML, formulas, block syntax,
table pipes, backticks, line breaks, tabs and bidi marks (what the models accept); the
same with escape sequences, C1 controls, NUL, bidi overrides and line breaks smuggled into
one-line fields past the models; and short hostile text where a listing would otherwise
drop it. Every document is rendered in every format, and each format keeps the property that
matters to it:

- Markdown: the same blocks and the same inline markup as a plan of plain words (no link,
  autolink, image, HTML, emphasis, heading, list, quote or table cell from the plan), code
  spans holding ids only, and the hostile text shown as typed;
- HTML: no tag, attribute or link from the plan; the text shown escaped;
- CSV: no cell a spreadsheet would run as a formula;
- plain text: no control characters or bidi marks, one line per value (the same lines as
  a plan of plain words, with wrapping off), the listing's two versions one line each.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import tomllib
from collections.abc import Iterator
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from screenkit.documents import boxoffice, checklist, feedback, impact
from screenkit.plan.models import Plan, validate_plan
from screenkit.plan.values import ID
from screenkit.publicity import listing, poster, site
from screenkit.publicity.facts import gather
from screenkit.text.escaping import FORMULA_STARTS
from tests.support.plans import ROOT

AFTER = ROOT / "examples" / "after-the-tour.toml"
TODAY = dt.date(2026, 11, 25)
NOW = dt.datetime(2026, 11, 25, 10, tzinfo=dt.UTC)

EVIL = "http://evil.example"
LINK, AUTOLINK = f"[x]({EVIL})", f"<{EVIL}>"
IMG, SCRIPT = "<img src=x onerror=alert(1)>", "<script>alert(1)</script>"
BODY = f"{LINK} {AUTOLINK} {IMG} {SCRIPT} `code` a|b *em* _em_ ~~s~~ &amp; \u200fgnp.exe\u061c \\"
# How a value starts: each of the formulas, block syntax and markup in turn.
STARTS = ['=HYPERLINK("http://evil.example","x")', "+1", "-2", "@SUM(1+1)", "# h", "- item",
          "1. item", "> quote", "| a | b |", AUTOLINK, LINK, "\u200f", "`", "---"]  # fmt: skip
# What only paragraphs (notes, bios, synopses, addresses) may hold.
BREAKS = "\n# heading\n- item\n\n1. item\r\n> quote\n\n    code\n\ttab\u2028line\u2029para\n---\n"
# What the models refuse anywhere, set behind their back.
SMUGGLED = "\x1b[31m\x9b2J\x85\x07\x00\n\r\t\u202egnp.exe\u202c\u2066"

# Every free-text field of the plan: "line" (one line), "text" (a paragraph), "list" (of
# lines) or "tasks" (the checklist's own, by their text).
VENUES = ["ica", "clapham", "east-finchley", "rio", "lexi"]
SCREENINGS = ["ica-preview", "clapham", "east-finchley", "rio", "lexi"]
FIELDS: list[tuple[str, str]] = [
    ("organiser.name", "line"),
    ("tour.name", "line"),
    ("campaign.actions", "list"),
    *[(f"films.return-to-homs.{f}", "line") for f in (
        "title", "director", "certificate", "language", "subtitles", "format",
        "licence_holder", "licence_ref")],
    ("films.return-to-homs.synopsis", "text"),
    ("films.return-to-homs.notes", "text"),
    *[(f"venues.{v}.{f}", kind) for v in VENUES for f, kind in (
        ("name", "line"), ("address", "text"), ("postcode", "line"), ("tech", "text"),
        ("notes", "text"), ("access.notes", "text"), ("contact.name", "line"))],
    *[(f"speakers.{p}.{f}", kind) for p in ("amira", "sam") for f, kind in (
        ("name", "line"), ("role", "line"), ("bio", "text"), ("needs", "list"),
        ("travel", "text"), ("notes", "text"))],
    *[(f"screenings.{s}.{f}", "text") for s in SCREENINGS for f in ("notes", "description")],
    *[(f"screenings.{s}.result.notes", "text") for s in ("ica-preview", "clapham", "rio")],
    ("checklist.tasks", "tasks"),
]  # fmt: skip


# A listing cuts what does not fit, so long values leave out most of it: "brief" plans hold
# short hostile text in a few fields a listing shows, and plain words elsewhere.
BRIEF = {
    "brief about": {"films.return-to-homs.synopsis", "films.return-to-homs.subtitles",
                    *(f"screenings.{s}.description" for s in SCREENINGS[:-1])},
    "brief venue": {*(f"venues.{v}.{f}" for v in VENUES for f in ("name", "address", "postcode")),
                    "speakers.amira.name"},
}  # fmt: skip


def marker(i: int) -> str:
    """What ends field `i`'s value, so a document's text tells which fields it shows."""
    return f"hostile{i:02d}"


def value(i: int, kind: str, mode: str) -> Any:
    """The value of field `i` in a plan of `mode`: hostile, or plain words."""
    if mode in BRIEF:
        text = f"{STARTS[i % len(STARTS)]} {LINK} {IMG} {marker(i)}"
        text += f"{BREAKS}{AUTOLINK}" if kind == "text" else ""
    elif mode == "plain":
        text = f"Plain words {i}"
    else:
        text = f"{STARTS[i % len(STARTS)]} {BODY} {marker(i)}"
        if kind == "text":
            text = f"{text}{BREAKS}{BODY}"
        if mode == "smuggled":
            text = f"{text[:3]}{SMUGGLED}{text[3:]}{SMUGGLED}"
    if kind == "list":
        return [text, f"{text} second"]
    if kind == "tasks":
        return [{"id": f"task-{n}", "text": f"{text} {n}", "due": f"-{n}w"} for n in (1, 2)]
    return text


def _put(data: dict[str, Any], where: str, item: Any) -> None:
    *parents, last = where.split(".")
    for part in parents:
        data = data.setdefault(part, {})
    data[last] = item


def _smuggle(plan: Plan, where: str, item: Any) -> None:
    """Set a value on the validated plan, as the models would never let it in."""
    *parents, last = where.split(".")
    node: Any = plan
    for part in parents:
        node = node[part] if isinstance(node, dict) else getattr(node, part)
    if last == "tasks":
        for task, spec in zip(node.tasks, item, strict=True):
            task.text = spec["text"]
    else:
        setattr(node, last, item)


@cache
def hostile_plan(mode: str) -> Plan:
    """The tour after its screenings (held, cancelled, one awaiting its result), every
    free-text field set for `mode`: plain, accepted (what the models take), smuggled, or
    brief."""
    data = tomllib.loads(AFTER.read_text())
    del data["screenings"]["lexi"]["result"]  # past, no result yet: "awaiting"
    for v in VENUES:
        data["venues"][v]["contact"] = {"email": f"{v}@example.org"}
        data["venues"][v]["access"] = {"step_free": True, "hearing_loop": False}
    for i, (where, kind) in enumerate(FIELDS):
        told = "plain" if mode in BRIEF and where not in BRIEF[mode] else mode
        _put(data, where, value(i, kind, "accepted" if told == "smuggled" else told))
    if mode == "brief about":  # without a description, a listing tells the synopsis
        del data["screenings"][SCREENINGS[-1]]["description"]
    plan = validate_plan(data)
    if mode == "smuggled":
        for i, (where, kind) in enumerate(FIELDS):
            _smuggle(plan, where, value(i, kind, mode))
    return plan


# -- every document in every format -----------------------------------------------------------
def _site_pages(plan: Plan, publicity: Any) -> Iterator[tuple[str, bytes]]:
    for out in site.build(plan, publicity, ""):
        if out.name.endswith(".html"):
            yield f"site {out.name}", out.content


@cache
def documents(mode: str) -> dict[str, tuple[str, str]]:
    """name -> (format, text) of every document the plan makes."""
    plan = hostile_plan(mode)
    docs: dict[str, tuple[str, str]] = {}

    def add(name: str, fmt: str, body: bytes | str) -> None:
        docs[name] = (fmt, body.decode() if isinstance(body, bytes) else body)

    for sid in plan.screenings if mode not in BRIEF else ():
        for fmt in checklist.FORMATS:
            add(f"checklist {sid} {fmt}", fmt, checklist.render(plan, sid, fmt))
        # Wrapping off: a value that broke its line would show as a line of its own.
        add(
            f"checklist {sid} unwrapped", "lines", checklist.text(checklist.sheet(plan, sid), 10**6)
        )
        s = plan.screenings[sid]
        if s.result is not None and s.status != "cancelled":
            for fmt in boxoffice.FORMATS:
                add(f"return {sid} {fmt}", fmt, boxoffice.render(plan, sid, fmt, TODAY))
            made = boxoffice.build(plan, sid, TODAY)
            add(f"return {sid} unwrapped", "lines", boxoffice.text(made, 10**6))
        if s.status != "cancelled":
            add(f"feedback {sid} html", "html", feedback.render(plan, sid))
    publicity = gather(plan, NOW, Path("."), posters=False)
    for p in publicity.screenings:
        for fmt in listing.FORMATS:
            add(f"listing {p.id} {fmt}", f"listing {fmt}", listing.render(p, fmt))
    if mode in BRIEF:
        return docs
    for fmt in impact.FORMATS:
        add(f"report {fmt}", fmt, impact.render(plan, fmt, TODAY))
    for p in publicity.screenings:
        add(f"poster {p.id} html", "public html", poster.render(p, "a4")[0])
    if mode != "smuggled":  # (its calendar files refuse a line break in a one-line field)
        for name, body in _site_pages(plan, publicity):
            add(name, "public html", body)
    return docs


MODES = ["accepted", "smuggled", *BRIEF]
# Control characters (but the line feeds that end lines), line and paragraph separators,
# and the bidi marks that reorder what follows them.
UNSEEN = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e"
                    "\u2066-\u2069]")  # fmt: skip


def cases(*formats: str) -> list[Any]:
    """(mode, document) of every document in `formats`, for each hostile mode."""
    return [
        pytest.param(mode, name, id=f"{mode}: {name}")
        for mode in MODES
        for name, (fmt, _) in documents(mode).items()
        if fmt in formats
    ]


def test_every_document_of_every_format_is_made():
    names = {name.split()[0] + " " + name.split()[-1] for name in documents("accepted")}
    assert names >= {
        "checklist html", "checklist md", "checklist txt", "return html", "return txt",
        "return csv", "report html", "report md", "report csv", "feedback html",
        "listing txt", "listing md", "poster html", "site screenings/ica-preview.html",
        "site index.html",
    }  # fmt: skip
    assert documents("accepted").keys() == documents("plain").keys()
    assert {name for name in documents("plain") if not name.startswith("site")} == set(
        documents("smuggled")
    )
    listings = {name for name in documents("plain") if name.startswith("listing")}
    for mode, fields in BRIEF.items():  # what long values cut from a listing is in it
        assert set(documents(mode)) == listings
        assert coverage(mode)["listing md"] == coverage(mode)["listing txt"] == fields


# -- Markdown --------------------------------------------------------------------------------
def _tokens(md: str) -> list[Any]:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(md)


def _shape(md: str) -> tuple[list[str], list[str], list[str], str]:
    """The blocks, the inline markup (everything but text and code spans), what the code
    spans hold, and the text shown."""
    tokens = _tokens(md)
    inline = [c for t in tokens for c in t.children or []]
    marks = [c.type for c in inline if c.type not in ("text", "code_inline")]
    code = [c.content for c in inline if c.type == "code_inline"]
    shown = "".join(c.content for c in inline if c.type == "text")
    return [t.type for t in tokens], marks, code, shown


@pytest.mark.parametrize(("mode", "name"), cases("md", "listing md"))
def test_markdown_is_the_same_markup_as_plain_words(mode, name):
    md = documents(mode)[name][1]
    blocks, marks, code, shown = _shape(md)
    plain_blocks, plain_marks, _, _ = _shape(documents("plain")[name][1])
    assert not {"link_open", "image", "html_inline", "html_block", "em_open"} & {
        *blocks, *marks}  # fmt: skip
    assert blocks == plain_blocks  # no heading, list, quote, code block or table cell …
    assert marks == plain_marks  # … nor link, autolink, image, HTML or emphasis from the plan
    for content in code:  # ids, and the command that records a result
        assert ID.match(content) or content.startswith("screenkit result "), content
    assert LINK in shown and IMG in shown  # shown as typed, not as markup
    assert not UNSEEN.search(md), UNSEEN.search(md)


def test_the_report_shows_its_title_organiser_films_and_venues_as_text():
    """Issue: `Team [click](http://evil.example)` was a live link in the report's heading."""
    md = documents("accepted")["report md"][1]
    shown = _shape(md)[3]
    paths = [where for where, _ in FIELDS]
    for field in ["organiser.name", "films.return-to-homs.title",
                  *(f"venues.{v}.name" for v in VENUES)]:  # fmt: skip
        assert marker(paths.index(field)) in shown, field
    heading = md.splitlines()[0]
    assert heading.startswith("# Impact report: ") and "\\<img src=x" in heading


# -- HTML ------------------------------------------------------------------------------------
class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _ours(tag: str, attrs: dict[str, str | None]) -> bool:
    """The pages' own images (embedded) and scripts (structured data), never the plan's."""
    if tag == "img":
        return (attrs.get("src") or "").startswith("data:")
    return tag != "script" or attrs.get("type") == "application/ld+json"


@pytest.mark.parametrize(("mode", "name"), cases("html", "public html"))
def test_html_holds_no_tag_from_the_plan(mode, name):
    html = documents(mode)[name][1]
    for raw in (IMG, "<script>alert", AUTOLINK):
        assert raw not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html  # shown, as text
    parser = Tags()
    parser.feed(html)
    for tag, attrs in parser.tags:
        assert _ours(tag, attrs), (tag, attrs)
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        for link in (attrs.get("href"), attrs.get("src")):
            assert not (link or "").startswith((EVIL, "javascript:")), (tag, attrs)


@pytest.mark.parametrize(("mode", "name"), cases("html"))
def test_printed_documents_hold_no_control_characters(mode, name):
    """Checklists, returns, reports and slips: every value one line of printable text."""
    html = documents(mode)[name][1]
    assert not UNSEEN.search(html), UNSEEN.search(html)


# -- CSV -------------------------------------------------------------------------------------
@pytest.mark.parametrize(("mode", "name"), cases("csv"))
def test_no_csv_cell_is_a_formula(mode, name):
    rows = list(csv.reader(io.StringIO(documents(mode)[name][1])))
    cells = [cell for row in rows for cell in row]
    for cell in cells:
        assert not cell.startswith(FORMULA_STARTS), cell
        assert not UNSEEN.search(cell) and "\n" not in cell, cell
    assert [cell for cell in cells if cell.startswith(("'=", "'-"))]  # there, as text


# -- plain text ------------------------------------------------------------------------------
@pytest.mark.parametrize(("mode", "name"), cases("txt", "listing txt", "lines"))
def test_plain_text_holds_no_control_characters(mode, name):
    text = documents(mode)[name][1]
    assert not UNSEEN.search(text), UNSEEN.search(text)
    assert "alert(1)" in text


@pytest.mark.parametrize(("mode", "name"), cases("lines"))
def test_every_value_stays_on_its_line(mode, name):
    lines, plain = documents(mode)[name][1].splitlines(), documents("plain")[name][1].splitlines()
    assert len(lines) == len(plain)
    for line, plain_line in zip(lines, plain, strict=True):
        # Each line is indented as it is with plain words: a heading, a row, a task …
        assert len(line) - len(line.lstrip(" ")) == len(plain_line) - len(plain_line.lstrip(" "))


@pytest.mark.parametrize(("mode", "name"), cases("listing txt", "listing md"))
def test_each_listing_is_one_line(mode, name):
    """Full and short, each one line under its heading (`FULL (123 characters)`)."""
    lines = documents(mode)[name][1].splitlines()
    at = (0, 1, 3, 4) if name.endswith("txt") else (0, 2, 4, 6)
    assert len(lines) == at[-1] + 1, lines
    full_heading, full, short_heading, short = (lines[i] for i in at)
    assert f"({len(full)} characters)" in full_heading
    assert f"({len(short)} characters)" in short_heading


def coverage(mode: str = "accepted") -> dict[str, set[str]]:
    """Which fields (by path) each kind of document shows: for reading, not asserted."""
    markers: dict[str, set[str]] = {}
    for name, (fmt, text) in documents(mode).items():
        kind = f"{name.split()[0]} {fmt.split()[-1]}"
        shown = {where for i, (where, _) in enumerate(FIELDS) if marker(i) in text}
        markers.setdefault(kind, set()).update(shown)
    return markers
