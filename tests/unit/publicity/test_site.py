"""`export site`: the public website, its structured data, and what it must never show."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from screenkit.errors import ExitCode

extruct = pytest.importorskip("extruct", reason="pip install extruct (in the test extra)")

SCHEMA = "https://schema.org/"


def export_site(run, *args: str) -> Path:
    result = run("export", "site", "--out", "site", *args)
    assert result.exit_code == 0, result.output
    return Path("site")


def extract(path: Path, base: str = "https://example.org/") -> dict:
    return extruct.extract(
        path.read_text(), base_url=base, syntaxes=["json-ld", "microformat"], uniform=False
    )


def event(path: Path) -> dict:
    (data,) = extract(path)["json-ld"]
    return data


def test_the_example_makes_an_index_a_page_each_and_calendars(run, example):
    site = export_site(run)
    files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    assert files.pop(0) == ".screenkit-export.json"  # for `status`: a digest, nothing private
    assert files.pop(0) == ".screenkit-site-files.json"  # what it wrote: the next sweeps
    assert files == [
        "feed.ics", "index.html",
        "screenings/clapham.html", "screenings/clapham.ics",
        "screenings/east-finchley.html", "screenings/east-finchley.ics",
        "screenings/ica-premiere.html", "screenings/ica-premiere.ics",
    ]  # fmt: skip
    index = (site / "index.html").read_text()
    # Upcoming, by date, each linked to its page.
    links = re.findall(r'href="(screenings/[^"]+\.html)"', index)
    assert links == [
        "screenings/ica-premiere.html", "screenings/clapham.html",
        "screenings/east-finchley.html",
    ]  # fmt: skip
    page = (site / "screenings" / "ica-premiere.html").read_text()
    assert 'href="ica-premiere.ics"' in page and 'href="../feed.ics"' in page
    ics = (site / "screenings" / "ica-premiere.ics").read_bytes()
    assert b"METHOD" not in ics and ics.count(b"BEGIN:VEVENT") == 1
    assert b"UID:3b0f6a7e-6f4e-4f0b-9a51-1c2d7e8f9a01" in ics


def test_each_calendar_file_is_the_feeds_event_alone(run, example):
    from tests.support.icalcheck import events, instants

    site = export_site(run)
    feed = (site / "feed.ics").read_bytes()
    assert b"X-WR-CALNAME:Homs Tour Team: screenings" in feed
    everything = instants(feed)
    for sid in ("ica-premiere", "clapham", "east-finchley"):
        one = (site / "screenings" / f"{sid}.ics").read_bytes()
        (event,) = events(one)
        assert instants(one) == {str(event["uid"]): everything[str(event["uid"])]}
        assert b"X-WR-CALNAME" not in one and b"METHOD" not in one
        assert one.count(b"BEGIN:VTIMEZONE") == 1 and one.endswith(b"END:VCALENDAR\r\n")
        block = one[one.index(b"BEGIN:VEVENT") : one.index(b"END:VEVENT")]
        assert block in feed


def test_a_uid_holding_what_icalendar_escapes_still_gets_its_calendar_file(run, example):
    """A uid with `,`, `;` or `\\` (a hand edit, or a network group's folder name) ended the
    site's export in a KeyError: the feed writes it escaped."""
    from tests.support.icalcheck import events

    odd = "3b0f6a7e-6f4e-4f0b-9a51-1c2d7e8f9a02,x;y\\z"
    text = example.read_text().replace(
        '"3b0f6a7e-6f4e-4f0b-9a51-1c2d7e8f9a02"', f'"{odd}"'.replace("\\", "\\\\")
    )
    assert odd.replace("\\", "\\\\") in text
    example.write_text(text)
    site = export_site(run)
    (event,) = events((site / "screenings" / "clapham.ics").read_bytes())
    assert str(event["uid"]) == odd


def test_every_page_carries_a_screening_event(run, example):
    site = export_site(run)
    data = event(site / "screenings" / "ica-premiere.html")
    assert data["@type"] == "ScreeningEvent"
    assert data["name"] == "Return to Homs: screening and talk with Amira Haddad and Talal Derki"
    assert data["startDate"] == "2027-06-27T18:30:00+01:00"
    assert data["endDate"] == "2027-06-27T20:54:00+01:00"
    assert data["eventStatus"] == SCHEMA + "EventScheduled"
    assert data["eventAttendanceMode"] == SCHEMA + "OfflineEventAttendanceMode"
    assert "previousStartDate" not in data
    place = data["location"]
    assert place["@type"] == "Place" and place["name"] == "Institute of Contemporary Arts"
    assert place["address"] == {
        "@type": "PostalAddress", "streetAddress": "The Mall", "addressLocality": "London",
        "postalCode": "SW1Y 5AH", "addressCountry": "GB",
    }  # fmt: skip
    assert place["geo"] == {"@type": "GeoCoordinates", "latitude": 51.5065, "longitude": -0.131}
    movie = data["workPresented"]
    assert movie["@type"] == "Movie" and movie["name"] == "Return to Homs"
    assert movie["director"] == {"@type": "Person", "name": "Talal Derki"}
    assert movie["duration"] == "PT1H34M"
    assert data["subtitleLanguage"] == "en"  # BCP 47, from the plan's "English"
    assert data["inLanguage"] == "ar" and movie["inLanguage"] == "ar"
    assert data["videoFormat"] == "DCP"
    assert [p["name"] for p in data["performer"]] == ["Amira Haddad", "Talal Derki", "Sam Okafor"]
    assert data["organizer"] == {
        "@type": "Organization", "name": "Homs Tour Team", "url": "https://homs-tour.example.org/"
    }  # fmt: skip
    full, concession = data["offers"]
    assert full["price"] == "12.00" and concession["price"] == "9.00"
    assert full["priceCurrency"] == "GBP"
    assert full["url"] == "https://www.ica.example.org/films/return-to-homs"
    assert full["availability"] == SCHEMA + "InStock"
    assert data["isAccessibleForFree"] is False
    free = event(site / "screenings" / "east-finchley.html")
    assert free["isAccessibleForFree"] is True and free["offers"][0]["price"] == "0.00"


def test_pages_carry_h_event_microformats(run, example):
    site = export_site(run, "--base-url", "https://example.org/homs")
    (item,) = extract(site / "screenings" / "clapham.html")["microformat"]
    assert item["type"] == ["h-event"]
    props = item["properties"]
    assert props["start"] == ["2027-06-28T19:00:00+0100"]
    assert props["url"] == ["https://example.org/homs/screenings/clapham.html"]
    assert props["location"][0]["properties"]["name"] == ["Clapham Community Cinema"]


def test_a_cancelled_and_a_moved_screening(run, example):
    assert run("cancel", "clapham").exit_code == 0
    # The calendar record still holds the start last exported: 19:30.
    assert run("update", "east-finchley", "--start", "20:15").exit_code == 0
    site = export_site(run)
    cancelled = event(site / "screenings" / "clapham.html")
    assert cancelled["eventStatus"] == SCHEMA + "EventCancelled"
    assert all(o["availability"] == SCHEMA + "Discontinued" for o in cancelled["offers"])
    moved = event(site / "screenings" / "east-finchley.html")
    assert moved["eventStatus"] == SCHEMA + "EventRescheduled"
    assert moved["startDate"] == "2027-06-29T20:15:00+01:00"
    assert moved["previousStartDate"] == "2027-06-29T19:30:00+01:00"
    page = (site / "screenings" / "east-finchley.html").read_text()
    assert "The start has moved from 19:30 to 20:15 on Tuesday 29 June 2027." in page
    index = (site / "index.html").read_text()
    upcoming, rest = index.split('<h2 id="cancelled">')
    assert "clapham" not in upcoming and "clapham.html" in rest and "Cancelled" in rest
    assert "This screening is cancelled." in (site / "screenings" / "clapham.html").read_text()
    # Until a calendar export announces the new time, a re-export says the same.
    assert export_site(run) and (site / "screenings" / "east-finchley.html").read_text() == page


def test_past_screenings_have_their_own_section(run, example, monkeypatch):
    monkeypatch.setenv("SCREENKIT_NOW", "2027-06-28T12:00:00Z")
    index = (export_site(run) / "index.html").read_text()
    upcoming, past = index.split('<h2 id="past">')
    assert "ica-premiere" not in upcoming and "ica-premiere" in past
    assert "clapham" in upcoming


def test_re_export_is_byte_identical(run, example):
    site = export_site(run)
    first = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    result = run("export", "site", "--out", "site")
    assert "(8 already up to date)" in result.stderr
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == first


def test_base_url_makes_every_link_absolute(run, example):
    site = export_site(run, "--base-url", "https://example.org/homs")
    page = (site / "screenings" / "ica-premiere.html").read_text()
    assert 'href="https://example.org/homs/screenings/ica-premiere.ics"' in page
    assert 'href="https://example.org/homs/feed.ics"' in page
    assert event(site / "screenings" / "ica-premiere.html")["url"] == (
        "https://example.org/homs/screenings/ica-premiere.html"
    )
    index = (site / "index.html").read_text()
    assert 'href="https://example.org/homs/screenings/clapham.html"' in index


@pytest.mark.parametrize("bad", ["javascript:alert(1)", "ftp://example.org/", "example.org",
                                 "https://", 'https://example.org/"><script>'])  # fmt: skip
def test_a_bad_base_url_is_one_error_and_nothing_is_written(run, example, bad):
    before = example.read_bytes()
    result = run("export", "site", "--out", "site", "--base-url", bad)
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.startswith("error: --base-url: ") and result.stderr.count("\n") == 1
    assert not Path("site").exists() and example.read_bytes() == before


def test_pages_are_self_contained_and_accessible(run, example):
    site = export_site(run)
    for page in site.rglob("*.html"):
        html = page.read_text()
        assert html.startswith('<!DOCTYPE html>\n<html lang="en" dir="ltr">')
        assert '<meta name="viewport"' in html
        assert re.search(r"<h1[ >]", html)
        for external in ["<link", "<script src", "@import", "url(", "<iframe", "@font-face"]:
            assert external not in html, (page, external)
        # Every resource the page loads is local; only links go elsewhere.
        assert not re.search(r'src="https?:', html)
        for tag in re.findall(r"<img [^>]*>", html):
            assert 'alt="' in tag
        # Links say where they go: no bare "click here".
        assert ">here<" not in html.lower()


def test_a_poster_image_is_copied_beside_the_pages(run, example, tmp_path):
    png = tmp_path / "homs.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 32)
    assert run("film", "update", "return-to-homs", "--poster", "homs.png").exit_code == 0
    site = export_site(run)
    assert (site / "images" / "return-to-homs.png").read_bytes() == png.read_bytes()
    page = (site / "screenings" / "ica-premiere.html").read_text()
    assert '<img class="poster" src="../images/return-to-homs.png" alt="Poster for Return' in page
    assert event(site / "screenings" / "ica-premiere.html")["image"] == [
        "../images/return-to-homs.png"
    ]


def test_a_missing_poster_image_is_one_error_and_nothing_is_written(run, example):
    assert run("film", "update", "return-to-homs", "--poster", "nowhere.jpg").exit_code == 0
    before = example.read_bytes()
    result = run("export", "site", "--out", "site")
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.startswith("error: films.return-to-homs.poster: no file 'nowhere.jpg'")
    assert result.stderr.count("\n") == 1
    assert not Path("site").exists() and example.read_bytes() == before


def test_a_hostile_title_is_escaped_everywhere(run, example):
    title = '</script><script>alert(1)</script> & "Homs"'
    assert run("film", "update", "return-to-homs", "--title", title).exit_code == 0
    site = export_site(run)
    for page in site.rglob("*.html"):
        html = page.read_text()
        assert "<script>alert" not in html and "</script><script>" not in html
    page = site / "screenings" / "ica-premiere.html"
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;Homs&#34;" in (
        page.read_text()
    )
    assert event(page)["workPresented"]["name"] == title


def test_a_script_url_never_reaches_the_plan(run, example):
    before = example.read_bytes()
    result = run("update", "ica-premiere", "--booking-url", "javascript:alert(1)")
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr == (
        "error: screenings.ica-premiere.booking_url: 'javascript:alert(1)' is not a web "
        "address: use one starting https://\n"
    )
    assert example.read_bytes() == before


def test_a_screening_without_a_calendar_identity_has_no_calendar_link(run, basic):
    args = ["--film", "homs", "--venue", "ica", "--date", "2027-06-27", "--start", "18:30"]
    assert run("new", "ica-one", *args).exit_code == 0
    before = basic.read_bytes()
    result = run("export", "site", "--out", "site")
    assert result.exit_code == 0, result.output
    assert "warning: screenings.ica-one: no calendar file on its page yet" in result.stderr
    page = Path("site/screenings/ica-one.html").read_text()
    assert "Add to calendar" not in page and not Path("site/feed.ics").exists()
    assert event(Path("site/screenings/ica-one.html"))["name"].startswith("Return to Homs")
    assert basic.read_bytes() == before  # the site never writes the plan


def test_no_price_claims_nothing(run, example):
    for field in ("price", "concession-price", "booking-url"):
        assert run("update", "clapham", "--clear", field).exit_code == 0
    site = export_site(run)
    data = event(site / "screenings" / "clapham.html")
    assert "offers" not in data and "isAccessibleForFree" not in data
    assert "Price to be announced" in (site / "screenings" / "clapham.html").read_text()


def test_a_start_the_clock_skips_is_a_calendar_file_in_utc(run, example):
    # 01:30 on 28 March 2027 does not exist in London: calendars get the exact instant in UTC.
    args = ["--film", "return-to-homs", "--venue", "clapham", "--date", "2027-03-28"]
    assert run("new", "night", *args, "--start", "01:30").exit_code == 0
    assert run("export", "feed", "-o", "feed.ics").exit_code == 0  # gives it a calendar identity
    from tests.support.icalcheck import events

    site = export_site(run)
    one = (site / "screenings" / "night.ics").read_bytes()
    (event,) = events(one)
    assert b"DTSTART:2027" in one and b"Z\r\n" in one and b"BEGIN:VTIMEZONE" not in one
    assert b"REFRESH-INTERVAL" not in one and b"X-PUBLISHED-TTL" not in one
    assert b"REFRESH-INTERVAL" in (site / "feed.ics").read_bytes()
    assert event.decoded("dtstart").isoformat().endswith("+00:00")
