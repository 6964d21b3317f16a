"""`export poster`: one printed page at A3, A4 and A5, a QR code that scans to the right URL."""

from __future__ import annotations

from pathlib import Path

import pytest

from screenkit.errors import ExitCode
from tests.support.printing import headless, needs_chromium, pages, print_pdf


def test_poster_names_the_facts(run, example):
    result = run("export", "poster", "ica-premiere", "-o", "poster.html")
    assert result.exit_code == 0, result.output
    html = Path("poster.html").read_text()
    for fact in [
        "<h1><bdi>Return to Homs</bdi></h1>",
        "Screening and talk with Amira Haddad and Talal Derki",
        "Sunday 27 June 2027",
        "18:30",
        "BST, Europe/London time",
        "Institute of Contemporary Arts",
        "<bdi>The Mall, London SW1Y 5AH</bdi>",
        "£12, concessions £9",
        "Step-free access",
        "Hearing loop",
        "Organised by Homs Tour Team",
        "Scan to book",
        "@page { size: A4 portrait",
    ]:
        assert fact in html, fact
    assert "<svg" in html and "<img" not in html  # the QR code is inline SVG
    for external in ["<link", "<script", "@import", "url(", 'src="http']:
        assert external not in html


def test_the_qr_code_is_segnos_svg_of_the_booking_link(run, example):
    from screenkit.publicity.poster import qr_svg

    url = "https://www.ica.example.org/films/return-to-homs"
    html = run("export", "poster", "ica-premiere", "-o", "-").stdout
    assert qr_svg(url) in html


def test_without_a_booking_link_the_qr_code_opens_the_page(run, example, tmp_path):
    result = run(
        "export", "poster", "east-finchley", "--base-url", "https://example.org/t/", "-o", "-"
    )
    assert result.exit_code == 0, result.output
    from screenkit.publicity.poster import qr_svg

    assert qr_svg("https://example.org/t/screenings/east-finchley.html") in result.stdout
    assert "Scan for details" in result.stdout


def test_a5_a3_sizes_and_a_bad_size(run, example):
    a5 = run("export", "poster", "clapham", "--size", "A5", "-o", "-").stdout
    assert "@page { size: A5 portrait" in a5 and "width: 148mm" in a5
    bad = run("export", "poster", "clapham", "--size", "letter", "-o", "-")
    assert bad.exit_code == ExitCode.USAGE
    assert bad.stderr == "error: --size: 'letter' is not one of a5, a4, a3\n"


def test_an_unknown_screening_is_one_error(run, example):
    for command in (["poster", "nope"], ["listing", "nope"]):
        result = run("export", *command)
        assert result.exit_code == ExitCode.USAGE
        assert result.stderr.startswith("error: screenings.nope: no screening 'nope'")
        assert result.stderr.count("\n") == 1


@needs_chromium
@pytest.mark.parametrize("size", ["a3", "a4", "a5"])
def test_the_poster_prints_on_exactly_one_page(run, example, tmp_path, size):
    # A long title and synopsis must still fit: the sheet clips rather than spill over.
    long = "A Very Long Film Title That Goes On " * 4
    assert run("film", "update", "return-to-homs", "--title", long).exit_code == 0
    assert run("film", "update", "return-to-homs", "--synopsis", "Words " * 400).exit_code == 0
    page = tmp_path / f"poster-{size}.html"
    assert run("export", "poster", "ica-premiere", "--size", size, "-o", str(page)).exit_code == 0
    info = print_pdf(tmp_path, page)
    assert pages(info) == 1, f"{pages(info)} pages at {size}"
    size_line = next(line for line in info.splitlines() if line.startswith("Page size:"))
    assert size_line.endswith(f"({size.upper()})"), size_line


@needs_chromium
def test_the_printed_qr_code_scans_to_the_booking_link(run, example, tmp_path):
    zxingcpp = pytest.importorskip("zxingcpp", reason="pip install zxing-cpp pillow")
    image = pytest.importorskip("PIL.Image", reason="pip install zxing-cpp pillow")
    page = tmp_path / "poster.html"
    assert run("export", "poster", "ica-premiere", "--size", "a4", "-o", str(page)).exit_code == 0
    png = tmp_path / "poster.png"
    headless(tmp_path, "--hide-scrollbars", "--window-size=900,1300", f"--screenshot={png}",
             page.as_uri())  # fmt: skip
    codes = zxingcpp.read_barcodes(image.open(png).convert("L"))
    assert [c.text for c in codes] == ["https://www.ica.example.org/films/return-to-homs"]


def test_a_hostile_title_and_name_are_escaped(run, example):
    title = "</title><script>alert(1)</script>"
    assert run("film", "update", "return-to-homs", "--title", title).exit_code == 0
    assert (
        run("speaker", "update", "amira", "--name", '<img src=x onerror="alert(1)">').exit_code == 0
    )
    html = run("export", "poster", "ica-premiere", "-o", "-").stdout
    assert "<script>" not in html and "<img" not in html
    assert "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_poster_image_is_embedded_and_a_missing_one_is_one_error(run, example, tmp_path):
    (tmp_path / "homs.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 16)
    assert run("film", "update", "return-to-homs", "--poster", "homs.png").exit_code == 0
    html = run("export", "poster", "clapham", "-o", "-").stdout
    assert '<img src="data:image/png;base64,iVBORw0KGgo' in html
    assert 'alt="Poster for Return to Homs"' in html
    (tmp_path / "homs.png").unlink()
    before = example.read_bytes()
    result = run("export", "poster", "clapham", "-o", "p.html")
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.startswith("error: films.return-to-homs.poster: no file 'homs.png'")
    assert result.stderr.count("\n") == 1
    assert not Path("p.html").exists() and example.read_bytes() == before


def test_only_bitmap_images_are_posters(run, example, tmp_path):
    (tmp_path / "homs.svg").write_text("<svg onload='alert(1)'/>")
    assert run("film", "update", "return-to-homs", "--poster", "homs.svg").exit_code == 0
    result = run("export", "site", "--out", "site")
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr == (
        "error: films.return-to-homs.poster: 'homs.svg' is not a PNG, JPEG, WebP or GIF image; "
        "give one of those\n"
    )


def test_long_titles_get_smaller_type_not_cut(run, example):
    short = run("export", "poster", "clapham", "-o", "-").stdout
    assert "h1 { font-size: calc(24mm * var(--k));" in short
    long = "The Extraordinarily Long and Winding Story of a Goalkeeper Who Sang in Homs"
    assert run("film", "update", "return-to-homs", "--title", long).exit_code == 0
    assert (
        "h1 { font-size: calc(13mm * var(--k));"
        in run("export", "poster", "clapham", "-o", "-").stdout
    )


def test_a_tentative_screening_is_named_before_printing(run, example):
    result = run("export", "poster", "east-finchley", "-o", "p.html")
    assert result.exit_code == 0
    assert "warning: screenings.east-finchley.status: tentative: confirm the screening" in (
        result.stderr
    )


@needs_chromium
@pytest.mark.parametrize("languages", [["ar"], ["cy", "en"], ["ar", "en"]])
def test_arabic_and_bilingual_posters_print_on_one_a4_page(run, example, tmp_path, languages):
    # The most a poster says: a long title, a description, every kind of access and a note.
    long = "A Very Long Film Title That Goes On " * 3
    assert run("film", "update", "return-to-homs", "--title", long).exit_code == 0
    access = [
        a
        for kind in (
            "captioned",
            "subtitled-descriptive",
            "audio-described",
            "bsl-talk",
            "live-captions",
            "relaxed",
        )
        for a in ("--access", kind)
    ]
    codes = [a for code in languages for a in ("--language", code)]
    update = run("update", "ica-premiere", *codes, *access, "--description", "Words " * 60)
    assert update.exit_code == 0, update.output
    page = tmp_path / "poster.html"
    result = run("export", "poster", "ica-premiere", "--size", "a4", "-o", str(page))
    assert result.exit_code == 0, result.output
    info = print_pdf(tmp_path, page)
    assert pages(info) == 1, f"{pages(info)} pages for {languages}"
    assert next(line for line in info.splitlines() if line.startswith("Page size:")).endswith(
        "(A4)"
    )
