"""A private speaker's name is found however it is written: with spaces, hyphens or nothing
between its words, without its accents, family name first, in Arabic script with or without
harakat, tatweel and letter variants, with invisible characters slipped in, or a distinctive
part of it alone. Each withholds the screening from the site and the listing, with a
warning naming the field, until reworded or (a part only) reviewed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from screenkit.errors import ExitCode


def ok(result):
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def nour(run, example):
    ok(run("speaker", "add", "nour", "--name", "Nour Al-Khatib", "--email", "nour.k@example.org",
           "--private", "--public-name", "A Syrian activist", "--alias", "نور الخطيب"))  # fmt: skip
    ok(run("update", "clapham", "--speaker", "amira", "--speaker", "nour"))
    ok(run("export", "--out", "export"))
    return example


SPELLINGS = [
    "With Nour Al Khatib.",  # a space for the hyphen
    "With Nour AlKhatib.",  # nothing between
    "With nour al-khatib.",  # case
    "With Nour, an activist from Homs.",  # the given name alone
    "With activist Al-Khatib.",  # the family name alone
    "With Khatib.",  # without the article
    "With El-Khatib.",  # another article
    "With AL-KHATIB, Nour.",  # family name first
    "With Nour\u200b Al\u2060-Khatib.",  # zero-width space, word joiner
    "With No\u00adur Al-Kha\u034ftib.",  # soft hyphen, combining grapheme joiner
    "With Nour\u2063Al\u2063Khatib.",  # invisible separators
    "With Ｎｏｕｒ Ａｌ-Ｋｈａｔｉｂ.",  # full width
    "With Noûr Al-Khâtib.",  # accents
    "مع نور الخطيب",  # the Arabic alias
    "مع نُور الخَطِيب",  # with harakat
    "مع نور الخطـــيب",  # with tatweel
    "مع نور خطيب",  # without the article
    "مع نور",  # the given name alone, in Arabic
]


@pytest.mark.parametrize("text", SPELLINGS)
def test_every_spelling_withholds_the_screening_with_the_field_named(run, nour, text):
    ok(run("update", "clapham", "--description", text))
    said = run("check")
    assert "screenings.clapham.description" in said.stdout, said.output
    assert "speakers.nour, who is private" in said.stdout
    ok(run("export", "site", "--out", "site"))
    assert not Path("site/screenings/clapham.html").exists()
    listing = run("export", "listing", "clapham")
    assert listing.exit_code == ExitCode.USAGE and "not advertised" in listing.stderr
    assert "screenings.clapham.description" in listing.stderr


LOOKALIKES = ["A talk with the director.", "Sundance award winner.",
              "Nourishing food after the film.", "Khatibah Street venue."]  # fmt: skip


@pytest.mark.parametrize("text", LOOKALIKES)
def test_words_that_only_look_alike_withhold_nothing(run, nour, text):
    ok(run("update", "clapham", "--description", text))
    assert "speakers.nour" not in run("check").stdout
    ok(run("export", "site", "--out", "site"))
    assert Path("site/screenings/clapham.html").exists()


def test_a_part_found_can_be_reviewed_until_the_text_changes_but_a_whole_name_never(run, nour):
    ok(run("update", "clapham", "--description", "Food by Nour's Kitchen after the film."))
    assert "mentions 'nour'" in run("check").stdout
    ok(run("review", "screenings.clapham.description"))
    assert "speakers.nour" not in run("check").stdout
    ok(run("export", "site", "--out", "site"))
    assert Path("site/screenings/clapham.html").exists()
    ok(run("update", "clapham", "--description", "Food by Nour's Kitchen, then Al-Khatib talks."))
    assert "speakers.nour" in run("check").stdout  # changed text: looked at again
    whole = run("review", "screenings.clapham.description")
    assert whole.exit_code == ExitCode.OK  # only a part (Al-Khatib alone): reviewable …
    ok(run("update", "clapham", "--description", "With Nour Al Khatib."))
    refused = run("review", "screenings.clapham.description")
    assert refused.exit_code == ExitCode.USAGE and "never excused" in refused.stderr


def test_a_private_name_in_a_screening_id_is_an_error_that_says_to_rename_it(run, nour):
    refused = run("rename", "clapham", "nour-talk")  # every page address would name her
    assert refused.exit_code == ExitCode.USAGE and "speakers.nour" in refused.stderr
    text = nour.read_text().replace("[screenings.clapham", "[screenings.nour-talk")
    nour.write_text(text)  # a plan written so by hand
    said = run("check")
    assert said.exit_code == ExitCode.PROBLEMS
    assert "screenings.nour-talk.id" in said.stdout and "screenkit rename nour-talk" in said.stdout


def test_a_direction_override_in_public_text_is_refused_at_once(run, nour):
    said = run("update", "clapham", "--description", "With \u202eNour Al-Khatib\u202c.")
    assert said.exit_code == ExitCode.USAGE and "text-direction control" in said.stderr


def test_aliases_are_kept_on_the_speaker(run, nour):
    shown = json.loads(run("speaker", "show", "nour", "--json").stdout)
    assert shown["aliases"] == ["نور الخطيب"]


def test_a_withheld_screenings_earlier_page_leaves_the_site_and_nothing_else_does(
    run, nour, tmp_path
):
    """The earlier page held her name and its address still worked: export site removes what
    it made before and no longer makes, never a file it did not write."""
    ok(run("export", "site", "--out", "site"))
    page = Path("site/screenings/clapham.html")
    assert page.exists()
    Path("site/notes.txt").write_text("mine")
    outside = tmp_path / "outside.txt"
    outside.write_text("mine too")
    ok(run("update", "clapham", "--description", "With Nour Al Khatib."))
    again = ok(run("export", "site", "--out", "site"))
    assert not page.exists() and "removed 2 file(s)" in again.stderr  # page and .ics
    assert "screenings/clapham.html" in again.stderr
    assert Path("site/notes.txt").read_text() == "mine"
    # A manifest tampered with to name files outside the folder removes nothing there.
    Path("site/.screenkit-site-files.json").write_text(
        json.dumps(["../outside.txt", str(outside), "notes.txt/../../outside.txt"])
    )
    ok(run("export", "site", "--out", "site"))
    assert outside.read_text() == "mine too" and Path("site/notes.txt").exists()


def test_an_arabic_evening_with_only_a_latin_name_is_warned(run, example):
    ok(run("speaker", "add", "rima", "--name", "Rima Saleh", "--email", "rima@example.org",
           "--private", "--public-name", "A guest"))  # fmt: skip
    ok(run("update", "clapham", "--speaker", "amira", "--speaker", "rima", "--language", "ar"))
    said = run("check")
    assert "speakers.rima.aliases" in said.stdout
    assert "Arabic script" in said.stdout
    ok(run("speaker", "update", "rima", "--alias", "ريما صالح"))
    assert "speakers.rima.aliases" not in run("check").stdout
