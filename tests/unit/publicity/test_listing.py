"""`export listing`: full and short listing text, facts in the usual order."""

from __future__ import annotations

import re

from screenkit.errors import ExitCode


def versions(text: str) -> tuple[str, str]:
    lines = text.splitlines()
    return lines[1], lines[4]


def test_full_and_short_listings_fit_and_keep_the_order(run, example):
    result = run("export", "listing", "ica-premiere")
    assert result.exit_code == 0, result.output
    full, short = versions(result.stdout)
    assert len(full) < 600 and len(short) < 280
    assert result.stdout.startswith(f"FULL ({len(full)} characters)\n")
    for text in (full, short):
        order = [
            "Return to Homs",
            "27 Jun",
            "18:30",
            "Institute of Contemporary Arts",
            "£12",
            "Step-free access",
            "https://www.ica.example.org/films/return-to-homs",
        ]
        at = [text.index(fact) for fact in order]
        assert at == sorted(at), text
        # the link ends the text: nothing runs on from the end of the address
        assert text.endswith("https://www.ica.example.org/films/return-to-homs"), text
    assert "Sunday 27 June 2027, 18:30 (doors 18:00) BST" in full


def test_markdown_links_the_booking_page(run, example):
    result = run("export", "listing", "clapham", "--format", "md")
    assert result.exit_code == 0, result.output
    assert "**Return to Homs**" in result.stdout
    assert "[Book](https://claphamcinema.example.org/book/homs)" in result.stdout
    assert "## Full listing (" in result.stdout and "## Short listing (" in result.stdout


def test_long_texts_drop_the_least_needed_facts_first(run, example):
    long_bio = "A long public description. " * 40
    assert run("update", "ica-premiere", "--description", long_bio).exit_code == 0
    long_url = "https://tickets.example.org/" + "x" * 200
    assert run("update", "ica-premiere", "--booking-url", long_url).exit_code == 0
    full, short = versions(run("export", "listing", "ica-premiere").stdout)
    assert len(full) < 600 and len(short) < 280
    assert "A long public description" not in full  # dropped whole, not cut
    assert long_url in full and "£12" in short
    assert long_url not in short and "Step-free" not in short  # dropped whole, not cut


def test_a_cancelled_screening_says_so_and_sells_nothing(run, example):
    assert run("cancel", "clapham").exit_code == 0
    full, short = versions(run("export", "listing", "clapham").stdout)
    assert full.startswith("CANCELLED: Return to Homs") and short.startswith("CANCELLED")
    assert "Book" not in full and "£" not in full


def test_an_unknown_format_is_one_error(run, example):
    result = run("export", "listing", "clapham", "--format", "html")
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr == "error: --format: 'html' is not one of txt, md\n"


def test_markdown_escapes_whatever_the_plan_says(run, example):
    title = "<script>alert(1)</script> [click](javascript:alert(1)) *x*"
    assert run("film", "update", "return-to-homs", "--title", title).exit_code == 0
    md = run("export", "listing", "clapham", "--format", "md").stdout
    assert "<script>" not in md and not re.search(r"(?<!\\)\]\(javascript:", md)
    assert r"**\<script\>alert(1)\</script\> \[click\](javascript:alert(1)) \*x\***" in md
    txt = run("export", "listing", "clapham").stdout  # plain text says it as it is
    assert title in txt


def test_a_tentative_screening_says_so(run, example):
    full, _ = versions(run("export", "listing", "east-finchley").stdout)
    assert "19:30 (doors 19:00) BST, to be confirmed." in full
    assert "Free." in full


def test_a_tentative_screening_says_so_in_both_versions(run, example):
    result = run("export", "listing", "east-finchley")
    full, short = versions(result.stdout)
    assert "to be confirmed" in full and "to be confirmed" in short
