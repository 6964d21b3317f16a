"""The public facts of a screening, and the rules on public values in the plan."""

from __future__ import annotations

import datetime as dt
import tomllib
from decimal import Decimal

import pytest
import tomli_w

from screenkit.errors import ExitCode, InputError, PlanError
from screenkit.planfile import store
from screenkit.publicity.facts import access_facts, base_url, gather, money
from screenkit.publicity.jsonld import duration, script

NOW = dt.datetime(2026, 11, 25, 10, tzinfo=dt.UTC)


def test_public_records_hold_no_private_field(example):
    publicity = gather(store.load(example), NOW, example.parent)
    fields = set()
    for p in publicity.screenings:
        fields |= set(vars(p)) | set(vars(p.film)) | set(vars(p.venue))
        for person in p.speakers:
            fields |= set(vars(person))
    assert not fields & {"email", "phone", "needs", "travel", "notes", "tech", "contact",
                         "audience", "licence_ref", "licence_holder", "done"}  # fmt: skip
    assert [p.id for p in publicity.screenings] == ["ica-premiere", "clapham", "east-finchley"]


def test_unknown_ids_are_named():
    from screenkit.plan.models import Plan

    with pytest.raises(InputError, match=r"screenings\.nope: no screening 'nope'"):
        gather(Plan(), NOW, store.Path("."), ["nope"])


def test_money_durations_and_access_words():
    assert money(Decimal(12), "GBP") == "£12" and money(Decimal("4.5"), "EUR") == "€4.50"
    assert money(Decimal(7), "CHF") == "CHF\u00a07"  # as CLDR writes it in British English
    assert duration(94) == "PT1H34M" and duration(60) == "PT1H" and duration(45) == "PT45M"
    assert access_facts(None, None) == ()
    from screenkit.plan.models import Access

    facts = access_facts(Access(step_free=False, wheelchair_spaces=1, captioned=True), "English")
    from screenkit.publicity.words import venue_fact
    from screenkit.text.i18n import language

    said = tuple(venue_fact(fact, language("en")) for fact in facts)
    assert said == ("No step-free access", "1 wheelchair space", "Captioned screening",
                    "English subtitles")  # fmt: skip


def test_json_ld_cannot_close_its_script_element():
    text = script({"name": "</script><script>alert(1)</script> & more"})
    assert "<" not in text and ">" not in text and "&" not in text


@pytest.mark.parametrize("good", ["https://example.org", "http://example.org/a/b/"])
def test_base_urls_end_in_a_slash(good):
    assert base_url(good).endswith("/") and base_url(None) == ""


def edit(example, change):
    data = tomllib.loads(example.read_text())
    change(data)
    example.write_text(tomli_w.dumps(data))


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "ftp://example.org/x", "//example.org", "https://exa mple.org",
     'https://example.org/"onmouseover="x', "data:text/html,<script>"],
)  # fmt: skip
def test_only_web_addresses_are_booking_links(example, url):
    edit(example, lambda d: d["screenings"]["clapham"].update(booking_url=url))
    with pytest.raises(PlanError, match=r"screenings\.clapham\.booking_url: .* is not a web"):
        store.load(example)


def test_the_tour_website_is_a_web_address_too(example):
    edit(example, lambda d: d["tour"].update(website="javascript:alert(1)"))
    with pytest.raises(PlanError, match=r"tour\.website: .* is not a web address"):
        store.load(example)


def test_free_with_a_price_is_refused(run, example):
    before = example.read_bytes()
    result = run("update", "east-finchley", "--price", "5")
    assert result.exit_code == ExitCode.USAGE
    assert "free = true with a price: remove one of them" in result.stderr
    assert example.read_bytes() == before


def test_public_fields_have_flags(run, example):
    assert run("update", "clapham", "--description", "With a Q&A.").exit_code == 0
    assert run("update", "clapham", "--concession-price", "3.5").exit_code == 0
    assert run("film", "update", "return-to-homs", "--licence-kind", "own-rights").exit_code == 0
    plan = store.load(example)
    assert plan.screenings["clapham"].description == "With a Q&A."
    assert plan.screenings["clapham"].concession_price == 3.5
    assert plan.films["return-to-homs"].licence_kind == "own-rights"
    assert run("update", "clapham", "--clear", "booking-url").exit_code == 0
    assert store.load(example).screenings["clapham"].booking_url is None
