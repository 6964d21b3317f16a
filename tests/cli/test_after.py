"""The box-office return, the impact report and the feedback slips: golden files, refusals,
the chart, and printing with headless Chromium."""

import shutil
import xml.etree.ElementTree as ET

import pytest

from screenkit.documents import impact
from tests.support.golden import assert_golden
from tests.support.plans import ROOT
from tests.support.printing import needs_chromium, pages, print_pdf

AFTER = ROOT / "examples" / "after-the-tour.toml"
TOUR = ROOT / "examples" / "tour.csv"


@pytest.fixture
def toured(plan_path):
    shutil.copy(AFTER, plan_path)
    return plan_path


def out(run, *args):
    result = run("-q", "export", *args, "-o", "-")
    assert result.exit_code == 0, result.output
    return result.stdout.encode()


@pytest.mark.parametrize("fmt", ["html", "txt", "csv"])
def test_the_box_office_return_matches_its_golden_file(run, toured, fmt):
    assert_golden(f"after/return-clapham.{fmt}", out(run, "return", "clapham", "--format", fmt))


@pytest.mark.parametrize("fmt", ["html", "md", "csv"])
def test_the_impact_report_matches_its_golden_file(run, toured, fmt):
    assert_golden(f"after/report.{fmt}", out(run, "report", "--format", fmt))


def test_the_feedback_slips_match_their_golden_file(run, toured):
    assert_golden("after/feedback-clapham.html", out(run, "feedback", "clapham"))


def test_the_return_shows_the_working(run, toured):
    text = out(run, "return", "clapham", "--format", "txt").decode()
    for expected in [
        "Licence holder:       Dogwoof", "Licence reference:    STSL-2026-0977",
        "Friday 9 October 2026, 19:00 (Europe/London)", "Paid:               45",
        "Total admissions:   97", "Gross takings:      £412.50", "VAT at 20%:         £68.75",
        "Net takings:        £343.75",
        "Working:            35% of £343.75 net = £120.31; minimum £100.00; due £120.31",
        "Organiser:          Homs Tour Team", "Email:              tour@example.org",
    ]:  # fmt: skip
        assert expected in text, expected
    below = out(run, "return", "lexi", "--format", "txt").decode()
    assert "35% of £150.00 net = £52.50; minimum £100.00; due £100.00" in below
    assert "By kind:            not recorded" in below


def test_a_return_and_a_report_go_to_a_file(run, toured, tmp_path):
    result = run("export", "return", "rio", "-o", str(tmp_path / "rio.csv"), "--format", "csv")
    assert result.exit_code == 0 and result.stdout == f"{tmp_path / 'rio.csv'}\n"
    assert "flat fee; due £85.00" in (tmp_path / "rio.csv").read_text()


def test_the_return_warns_when_it_is_overdue(run, toured):
    result = run("export", "return", "clapham", "--format", "txt", "-o", "-")
    assert "warning: screenings.clapham.done: the box-office return was due 2026-10-16" in (
        result.stderr
    )


REFUSED = {
    "future": (["return", "ica-preview"], "2026-10-01T10:00:00Z", "screenings.ica-preview: on "
               "2026-10-08, still ahead"),
    "cancelled": (["return", "east-finchley"], None, "screenings.east-finchley: cancelled, so "
                  "there is no box-office return"),
    "unknown": (["return", "nope"], None, "screenings.nope: no screening 'nope'"),
    "format": (["return", "clapham", "--format", "pdf"], None, "format: 'pdf' is not one of"),
    "report format": (["report", "--format", "txt"], None, "format: 'txt' is not one of html"),
    "feedback unknown": (["feedback", "nope"], None, "screenings.nope: no screening 'nope'"),
    "feedback cancelled": (["feedback", "east-finchley"], None, "screenings.east-finchley: "
                           "cancelled, so there is no audience to ask"),
}  # fmt: skip


@pytest.mark.parametrize("case", REFUSED)
def test_refusals_are_one_error_line(run, toured, monkeypatch, case):
    args, now, message = REFUSED[case]
    if now:
        monkeypatch.setenv("SCREENKIT_NOW", now)
    before = toured.read_bytes()
    result = run("export", *args)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0], lines
    assert result.stdout == "" and toured.read_bytes() == before


def test_a_return_names_a_missing_film_instead_of_failing(run, toured):
    toured.write_text(toured.read_text().replace('venue = "lexi"', 'venue = "gone"'))
    result = run("export", "return", "lexi", "-o", "-")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1].startswith(
        "error: screenings.lexi.venue: no venue 'gone'"
    )


def test_a_screening_without_a_result_has_no_return(run, toured):
    run("result", "lexi", "--clear")
    result = run("export", "return", "lexi", "-o", "-")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "error: screenings.lexi.result: no result recorded; record it first with `screenkit "
        "result lexi --attendance N --takings AMOUNT`"
    )


def test_the_report_counts_held_cancelled_and_awaiting(run, toured):
    run("result", "lexi", "--clear")
    md = out(run, "report", "--format", "md").decode()
    assert "- **Screenings held**: 3" in md
    assert "## Cancelled\n\n- Sat 10 Oct 2026: Phoenix Cinema (`east-finchley`)" in md
    assert "## Awaiting a result\n\n- Thu 19 Nov 2026: The Lexi Cinema" in md


def test_a_report_before_anything_is_held(run, example):
    md = out(run, "report", "--format", "md").decode()
    assert "No screening has been held yet." in md and "3 screening(s) still to come" in md
    assert b"No screening has been held yet; 3 still to come" in out(run, "report")


def test_user_text_is_escaped(run, toured):
    toured.write_text(toured.read_text().replace(
        'name = "Rio Cinema"', 'name = "<script>alert(1)</script> | *Rio*"'))  # fmt: skip
    for args in (["report"], ["return", "rio"], ["feedback", "rio"]):
        html = out(run, *args).decode()
        assert "<script>" not in html and "&lt;script&gt;" in html, args
    md = out(run, "report", "--format", "md").decode()
    assert "\\<script\\>alert(1)\\</script\\> \\| \\*Rio\\*" in md
    toured.write_text(toured.read_text().replace("<script>alert(1)</script> | *Rio*",
                                                 "=HYPERLINK(1)"))  # fmt: skip
    assert ",'=HYPERLINK(1)," in out(run, "report", "--format", "csv").decode()


def test_pages_are_self_contained(run, toured):
    for args in (["report"], ["return", "clapham"], ["feedback", "clapham"]):
        html = out(run, *args).decode()
        for external in ["<script", "<link", "<img", "@import", "url(", "https://"]:
            assert external not in html, (args, external)


def test_slips_use_the_campaigns_actions_or_sensible_defaults(run, toured):
    html = out(run, "feedback", "clapham").decode()
    assert html.count('class="slip"') == 4
    assert html.count("Sign the petition for safe return") == 4
    assert "Friday 9 October 2026 · Clapham Community Cinema" in html
    toured.write_text(toured.read_text().replace("[campaign]", "[unused]").replace(
        "actions = [", "unused = ["))  # fmt: skip
    toured.write_text(toured.read_text().split("[unused]")[0] + "[films" +
                      toured.read_text().split("\n[films", 1)[1])  # fmt: skip
    assert "Tell friends about the film" in out(run, "feedback", "clapham").decode()


# -- the chart ------------------------------------------------------------------------------
def chart_of(plan_path):
    from screenkit.planfile import store

    svg = impact.chart(impact.build(store.load(plan_path), __import__("datetime").date(
        2026, 11, 25)))  # fmt: skip
    return ET.fromstring(svg)


def test_the_chart_has_a_bar_per_held_screening_in_proportion(toured):
    root = chart_of(toured)
    ns = "{http://www.w3.org/2000/svg}"
    came = [r for r in root.iter(f"{ns}rect") if r.get("class") == "came"]
    seats = [r for r in root.iter(f"{ns}rect") if r.get("class") == "seats"]
    assert len(came) == len(seats) == 4
    widths = [float(r.get("width")) for r in came]
    capacity = [float(r.get("width")) for r in seats]
    # 164 of 185, 97 of 120, 212 of 400 (the widest), 31 of 80
    assert capacity[2] == max(capacity)
    assert widths[0] / capacity[2] == pytest.approx(164 / 400, abs=0.001)
    assert widths[3] / capacity[3] == pytest.approx(31 / 80, abs=0.001)
    texts = [t.text for t in root.iter(f"{ns}text")]
    assert "164 / 185 (89%)" in texts and "8 Oct · Institute of Contemporary Arts" in texts


def test_the_chart_reads_in_greyscale(toured):
    def luminance(colour):
        r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
        return 0.299 * r + 0.587 * g + 0.114 * b

    root = chart_of(toured)
    fills = {r.get("class"): r.get("fill") for r in root.iter() if r.get("class")}
    assert luminance(fills["seats"]) - luminance(fills["came"]) > 150


# -- printing -------------------------------------------------------------------------------
def pages_printed(tmp_path, html_file):
    info = print_pdf(tmp_path, html_file)
    assert "(A4)" in info, info
    return pages(info)


TOUR_RESULTS = """id,attendance,paid,concessions,free,takings,donations,signups,feedback,rating
manchester,141,100,30,11,1180.00,220.00,35,60,4.6
leeds,77,50,20,7,560.00,95.50,18,30,4.4
glasgow,118,80,30,8,845.00,140.00,27,44,4.5
cardiff,64,40,20,4,410.00,70.00,12,22,4.1
belfast,52,30,18,4,300.00,66.00,9,19,4.3
dublin,120,90,25,5,1010.00,180.00,30,51,4.7
paris,48,30,15,3,350.00,40.00,8,15,4.0
berlin,83,60,18,5,610.00,88.00,21,35,4.5
new-york,130,100,25,5,1625.00,300.00,44,70,4.8
toronto,101,70,25,6,990.00,150.00,26,41,4.4
melbourne,95,70,20,5,1100.00,130.00,20,38,4.6
auckland,72,50,18,4,720.00,90.00,15,29,4.2
"""


@needs_chromium
def test_the_return_and_the_slips_print_on_one_page(run, toured, tmp_path):
    for name, args in (("return", ["return", "clapham"]), ("slips", ["feedback", "clapham"])):
        page = tmp_path / f"{name}.html"
        page.write_bytes(out(run, *args))
        assert pages_printed(tmp_path, page) == 1, name


@needs_chromium
def test_the_report_of_a_twelve_screening_tour_prints_within_two_pages(
    run, plan_path, tmp_path, monkeypatch
):
    monkeypatch.setenv("SCREENKIT_NOW", "2027-11-01T10:00:00Z")
    assert run("init", "--organiser", "Tour Team", "--email", "t@example.org").exit_code == 0
    assert run("import", str(TOUR)).exit_code == 0
    results = tmp_path / "results.csv"
    results.write_text(TOUR_RESULTS)
    imported = run("import", str(results), "--on-existing", "update")
    assert imported.exit_code == 0, imported.output
    page = tmp_path / "report.html"
    page.write_bytes(out(run, "report"))
    assert page.read_text().count('class="came"') == 12
    assert 1 <= pages_printed(tmp_path, page) <= 2
