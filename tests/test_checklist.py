import shutil
import subprocess
import tomllib

import pytest

from screenkit.checklist import render
from screenkit.models import validate_plan
from tests.conftest import EXAMPLE
from tests.golden import assert_golden


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
        "[ ] Sun 02 May  Confirm the rights holder and the screening licence (licence)",
        "[ ] Tue 27 Jul  Pay the screening licence (pay-licence)",
    ]:  # fmt: skip
        assert expected in text, expected


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


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(
    not chromium() or not shutil.which("pdfinfo"),
    reason="needs Chromium and pdfinfo: apt-get install chromium poppler-utils",
)
@pytest.mark.parametrize("paper", ["A4", "letter"])
def test_a_typical_checklist_prints_on_two_pages(tmp_path, paper):
    # The example premiere is typical: two speakers and a host, the default tasks.
    html = render(plan_with(), "ica-premiere", "html").decode()
    page = tmp_path / "sheet.html"
    page.write_text(html.replace("</style>", f"@page {{ size: {paper}; }}</style>"))
    pdf = tmp_path / "sheet.pdf"
    subprocess.run(
        [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", "--no-pdf-header-footer",
         f"--print-to-pdf={pdf}", page.as_uri()],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert 1 <= pages <= 2, f"{pages} pages on {paper}"
