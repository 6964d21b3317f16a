"""`usecases.tickets`: what the shop is told, worked out from the plan (the shop itself is a
real pretix in tests/servers/test_tickets.py)."""

from __future__ import annotations

import pytest

from screenkit.errors import InputError
from screenkit.planfile import store
from screenkit.usecases import tickets
from screenkit.usecases.workspace import Workspace


def test_an_event_says_the_plans_time_place_prices_and_seats(ws: Workspace):
    wanted = tickets.desired(store.load(ws.plan), "clapham", held_back=6)
    assert not isinstance(wanted, str)
    event, items, seats = wanted
    assert event["slug"] == "clapham" and event["currency"] == "GBP"
    assert event["date_from"] == "2027-06-28T19:00:00+01:00"
    assert event["presale_end"] == event["date_from"]
    assert [(i["internal_name"], i["default_price"]) for i in items] == [
        ("screenkit:full", "6.00"), ("screenkit:concession", "4.00")]  # fmt: skip
    assert seats == 120 - 6


def test_too_many_seats_held_back_is_said(ws: Workspace):
    assert "leaves no seats" in str(tickets.desired(store.load(ws.plan), "clapham", 500))


def test_a_slug_is_what_pretix_takes():
    assert tickets.slug("leeds_2027") == "leeds-2027"
    assert len(tickets.slug("a" * 80)) == 50


def test_no_shop_is_an_error_before_anything_is_read(ws: Workspace):
    with pytest.raises(InputError, match="SCREENKIT_PRETIX_URL"):
        tickets.publish(ws)
