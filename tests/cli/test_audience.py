"""Every audience: outputs in the screening's languages (golden files for en, cy, cy+en and
ar), access per screening, content notes, preview cards and search engines' structured data,
and prices in each stop's own currency."""

from __future__ import annotations

import email
import json
import re
import tomllib
from email import policy
from pathlib import Path

import pytest

from screenkit.errors import ExitCode
from tests.support.golden import assert_golden

VARIANTS = {"en": [], "cy": ["cy"], "cy-en": ["cy", "en"], "ar": ["ar"]}


def ok(result):
    assert result.exit_code == 0, result.output
    return result


def in_languages(run, languages: list[str]) -> None:
    """The premiere in `languages`, with access and a content note; Amira reads its first."""
    args = [a for code in languages for a in ("--language", code)]
    access = ["--access", "captioned", "--access", "bsl-talk"]
    note = ["--content-note", "Scenes of war and injury.", "--sales-open", "2027-05-01"]
    ok(run("update", "ica-premiere", *args, *access, *note))
    if languages:
        ok(run("speaker", "update", "amira", "--language", languages[0]))


def email_text(folder: Path, name: str) -> bytes:
    """A message as its reader sees it: the subject and the plain-text body."""
    msg = email.message_from_bytes((folder / name).read_bytes(), policy=policy.default)
    body = msg.get_body(preferencelist=("plain",)).get_content()
    return f"Subject: {msg['Subject']}\n\n{body}".encode()


@pytest.mark.parametrize("variant", VARIANTS)
def test_public_outputs_and_a_speakers_email_match_their_golden_files(run, example, variant):
    in_languages(run, VARIANTS[variant])
    ok(run("export", "poster", "ica-premiere", "-o", "poster.html"))
    assert_golden(f"languages/{variant}/poster.html", Path("poster.html").read_bytes())
    ok(run("export", "site", "--out", "site", "--base-url", "https://example.org/homs/"))
    page = Path("site/screenings/ica-premiere.html").read_bytes()
    assert_golden(f"languages/{variant}/site-ica-premiere.html", page)
    listing = ok(run("export", "listing", "ica-premiere")).stdout
    assert_golden(f"languages/{variant}/listing.txt", listing.encode())
    ok(run("export", "feedback", "ica-premiere", "-o", "slips.html"))
    assert_golden(f"languages/{variant}/feedback.html", Path("slips.html").read_bytes())
    ok(run("send", "ica-premiere", "--eml", "mail"))
    assert_golden(
        f"languages/{variant}/email-amira.txt", email_text(Path("mail"), "ica-premiere-amira.eml")
    )


def test_an_arabic_page_reads_right_to_left_with_latin_isolated(run, example):
    in_languages(run, ["ar"])
    ok(run("export", "site", "--out", "site"))
    page = Path("site/screenings/ica-premiere.html").read_text()
    assert page.startswith('<!DOCTYPE html>\n<html lang="ar" dir="rtl">')
    assert ':lang(ar) { font-family: "Noto Naskh Arabic"' in page
    assert re.search(r"<bdi[^>]*>SW1Y 5AH</bdi>", page)  # a postcode keeps its order
    assert "\u2068Return to Homs\u2069: عرض ونقاش مع" in page  # plan text isolated
    assert "حزيران" in page and "يونيو" not in page  # Levantine months (ar_SY)
    poster = ok(run("export", "poster", "ica-premiere", "-o", "-")).stdout
    assert '<html lang="ar" dir="rtl">' in poster and "<h1><bdi>Return to Homs</bdi></h1>" in poster


def test_a_bilingual_page_says_everything_twice_welsh_first(run, example):
    in_languages(run, ["cy", "en"])
    ok(run("export", "site", "--out", "site"))
    page = Path("site/screenings/ica-premiere.html").read_text()
    assert page.startswith('<!DOCTYPE html>\n<html lang="cy" dir="ltr">')
    welsh, english = (
        page.index('<article class="lang h-event" lang="cy"'),
        page.index('<article class="lang" lang="en"'),
    )
    assert welsh < english
    assert page.index("Tocynnau") < page.index("Tickets")
    assert page.count('class="lang') == 2 and page.count("h-event") == 1  # one event


def test_the_public_calendar_summary_stays_one_line_in_two_languages(run, example):
    in_languages(run, ["cy", "en"])
    feed = ok(run("export", "feed", "-o", "-")).stdout.replace("\r\n", "\n").replace("\n ", "")
    summaries = [line for line in feed.splitlines() if line.startswith("SUMMARY:")]
    assert len(summaries) == 3
    assert summaries[0] == (
        "SUMMARY:Return to Homs: dangosiad a sgwrs gyda Amira Haddad a Talal Derki / "
        "Return to Homs: screening and talk with Amira Haddad and Talal Derki"
    )
    assert "Run sheet (Europe/London):" in feed and "Trefn y noson (Europe/London):" in feed


def test_an_unknown_language_is_one_error_naming_those_there_are(run, example):
    before = example.read_bytes()
    for args in (["update", "ica-premiere", "--language", "fr"],
                 ["speaker", "update", "amira", "--language", "de"]):  # fmt: skip
        result = run(*args)
        assert result.exit_code == ExitCode.USAGE, result.output
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: ")
        assert "is not a language screenkit is translated into: use one of ar, cy, en" in (
            result.stderr
        )
        assert example.read_bytes() == before
    three = run("update", "ica-premiere", "--language", "cy", "--language", "en",
                "--language", "ar")  # fmt: skip
    assert three.exit_code == ExitCode.USAGE and "two for a bilingual output" in three.stderr


def test_languages_are_set_from_the_command_line_and_kept_in_the_plan(run, example):
    ok(run("update", "clapham", "--language", "AR"))
    ok(run("speaker", "update", "amira", "--language", "ar"))
    ok(run("set", "settings.language", "cy"))
    data = tomllib.loads(example.read_text())
    assert data["screenings"]["clapham"]["languages"] == ["ar"]
    assert data["speakers"]["amira"]["language"] == "ar"
    assert data["settings"]["language"] == "cy"
    ok(run("export", "site", "--out", "site"))  # the tour's language: the index, and the rest
    assert Path("site/index.html").read_text().startswith('<!DOCTYPE html>\n<html lang="cy"')
    assert '<html lang="cy"' in Path("site/screenings/east-finchley.html").read_text()
    assert '<html lang="ar"' in Path("site/screenings/clapham.html").read_text()


# -- access ----------------------------------------------------------------------------------
def test_access_at_a_screening_in_words_symbols_and_structured_data(run, example):
    ok(run("update", "clapham", "--access", "audio-described", "--access", "bsl-talk",
           "--access", "relaxed", "--access-note", "Headsets from the box office"))  # fmt: skip
    ok(run("export", "site", "--out", "site"))
    page = Path("site/screenings/clapham.html").read_text()
    for words in ("Audio description", "Talk interpreted in British Sign Language (BSL)",
                  "Relaxed screening", "Headsets from the box office"):  # fmt: skip
        assert words in page
    data = json.loads(re.search(r'ld\+json">\n(.*?)\n</script>', page, re.S).group(1))
    assert data["accessibilityFeature"] == ["audioDescription", "signLanguage"]
    assert "Relaxed screening." in data["accessibilitySummary"]
    poster = ok(run("export", "poster", "clapham", "-o", "-")).stdout
    assert ">AD</text>" in poster and ">BSL</text>" in poster and "Relaxed screening" in poster
    listing = ok(run("export", "listing", "clapham")).stdout
    assert "Access: Audio description; Talk interpreted" in listing
    checklist = ok(run("export", "checklist", "clapham", "--format", "txt", "--out", "-")).stdout
    assert "At this screening: Audio description; Talk interpreted" in checklist


def test_a_bad_access_kind_is_one_error_naming_the_kinds(run, example):
    result = run("update", "clapham", "--access", "loop")
    assert result.exit_code == ExitCode.USAGE and result.stderr.count("\n") == 1
    assert "'loop' is not a kind of access: use one of captioned, subtitled-descriptive" in (
        result.stderr
    )


def test_a_captioned_copy_asks_for_a_tech_run_with_a_due_date(run, example):
    def asked() -> list[str]:
        problems = json.loads(run("check", "--json").stdout)
        return [f"{p['where']}: {p['message']}" for p in problems if "tech-run" in p["message"]]

    assert asked() == []
    ok(run("update", "clapham", "--access", "captioned"))
    assert asked() == [
        "screenings.clapham.access: an access copy is booked (captioned): run it on the "
        "venue's kit by Mon 14 Jun 2027 (task access-tech-run; `screenkit tick clapham "
        "access-tech-run` when done)"
    ]
    tasks = ok(run("tasks", "clapham", "--json")).stdout
    (task,) = [t for t in json.loads(tasks) if t["task"] == "access-tech-run"]
    assert task["due"] == "2027-06-14"
    checklist = ok(run("export", "checklist", "clapham", "--format", "md", "--out", "-")).stdout
    assert "Tech run with the access copy" in checklist and "(`access-tech-run`)" in checklist
    ok(run("tick", "clapham", "access-tech-run"))
    assert asked() == []
    ok(run("update", "clapham", "--access", "relaxed"))  # no copy to run
    tasks = json.loads(ok(run("tasks", "clapham", "--json")).stdout)
    assert "access-tech-run" not in [t["task"] for t in tasks]


# -- content notes ---------------------------------------------------------------------------
def test_a_content_note_comes_before_the_booking_link(run, example):
    ok(run("update", "clapham", "--content-note", "Scenes of violence"))
    ok(run("export", "site", "--out", "site"))
    page = Path("site/screenings/clapham.html").read_text()
    main = page[page.index("<main") :]
    assert main.index("Scenes of violence") < main.index('href="https://claphamcinema.example')
    listing = ok(run("export", "listing", "clapham")).stdout
    full, short = listing.splitlines()[1], listing.splitlines()[4]
    assert full.index("Content note: Scenes of violence.") < full.index(
        "Book: https://claphamcinema"
    )
    assert short.index("Content note: Scenes of violence.") < short.index("Book: https://clapham")


# -- sharing and search engines --------------------------------------------------------------
def test_preview_cards_only_with_absolute_urls(run, example, tmp_path):
    (tmp_path / "homs.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 16)
    ok(run("film", "update", "return-to-homs", "--poster", "homs.png"))
    ok(run("update", "clapham", "--language", "cy", "--language", "en"))
    ok(run("export", "site", "--out", "site", "--base-url", "https://example.org/homs"))
    page = Path("site/screenings/clapham.html").read_text()
    tags = dict(re.findall(r'<meta (?:property|name)="((?:og|twitter):[^"]+)" content="([^"]*)"',
                           page))  # fmt: skip
    assert tags["og:title"] == "Return to Homs: dangosiad a sgwrs gyda Amira Haddad"
    assert tags["og:url"] == "https://example.org/homs/screenings/clapham.html"
    assert tags["og:image"] == "https://example.org/homs/images/return-to-homs.png"
    assert tags["og:locale"] == "cy_GB" and tags["og:locale:alternate"] == "en_GB"
    assert tags["og:description"].startswith("Two years in the life of Basset")
    assert tags["twitter:card"] == "summary_large_image"
    data = json.loads(re.search(r'ld\+json">\n(.*?)\n</script>', page, re.S).group(1))
    assert data["image"] == ["https://example.org/homs/images/return-to-homs.png"]
    poster = ok(run("export", "poster", "clapham", "-o", "-")).stdout
    assert '<img src="data:image/png;base64,' in poster  # the film's key art
    ok(run("export", "site", "--out", "relative"))
    assert "og:" not in Path("relative/screenings/clapham.html").read_text()


def test_offers_in_each_stops_currency_from_when_sales_open(run, example):
    ok(run("venue", "add", "kolkata", "--name", "Nandan", "--address", "1/1 AJC Bose Road, Kolkata",
           "--country", "IN", "--timezone", "Asia/Kolkata", "--currency", "INR"))  # fmt: skip
    ok(run("new", "kolkata-1", "--film", "return-to-homs", "--venue", "kolkata", "--date",
           "2027-07-10", "--start", "18:00", "--speaker", "amira", "--price", "₹200",
           "--sales-open", "2027-06-01"))  # fmt: skip
    refused = run("update", "kolkata-1", "--price", "£15")
    assert refused.exit_code == ExitCode.USAGE and "in GBP, but" in refused.stderr
    ok(run("update", "east-finchley", "--currency", "EUR"))
    ok(run("export", "site", "--out", "site"))

    def event(sid: str) -> dict:
        page = Path(f"site/screenings/{sid}.html").read_text()
        return json.loads(re.search(r'ld\+json">\n(.*?)\n</script>', page, re.S).group(1))

    (offer,) = event("kolkata-1")["offers"]
    assert offer["priceCurrency"] == "INR" and offer["price"] == "200.00"
    assert offer["validFrom"] == "2027-06-01" and offer["name"] == "Full price"
    assert "₹200" in Path("site/screenings/kolkata-1.html").read_text()
    (free,) = event("east-finchley")["offers"]
    assert free["name"] == "Free" and free["price"] == "0.00" and free["priceCurrency"] == "EUR"
    london = event("clapham")["offers"]
    assert [o["priceCurrency"] for o in london] == ["GBP", "GBP"]  # settings.currency stays


def test_a_plan_written_with_a_repeated_access_feature_still_loads_and_mends(run, example):
    """A repeat the previous version stored made every command exit 3, the mending ones too."""
    text = example.read_text().replace(
        "[screenings.clapham]\n", '[screenings.clapham]\naccess = ["captioned", "captioned"]\n', 1
    )
    example.write_text(text)
    assert run("list").exit_code == 0
    assert run("update", "clapham", "--clear", "access").exit_code == 0
    assert "access" not in tomllib.loads(example.read_text())["screenings"]["clapham"]


def test_a_captioned_screening_at_a_venue_with_a_captioned_copy_says_it_once(run, example):
    """Issue 34, item 10: not "Captioned" twice on the site, poster and listing."""
    assert run("venue", "update", "clapham", "--captioned").exit_code == 0
    assert run("update", "clapham", "--access", "captioned").exit_code == 0
    listing = run("export", "listing", "clapham", "--format", "txt").stdout
    assert "captioned screening" not in listing.lower(), listing  # full and short: once each
    assert listing.count("Captioned for deaf") == 2
    assert run("export", "site", "--out", "site").exit_code == 0
    from pathlib import Path

    page = Path("site/screenings/clapham.html").read_text()
    assert page.count("Captioned screening") == 0 and "Captioned for deaf" in page
