"""`usecases.records`: films, venues and people added, changed, renamed and removed."""

from __future__ import annotations

import pytest

from screenkit.errors import InputError
from screenkit.planfile import store
from screenkit.usecases import records
from screenkit.usecases.workspace import Workspace


def test_a_venue_added_and_renamed_keeps_its_screenings(ws: Workspace):
    records.add(ws, "venue", "hall", {"name": "Church Hall", "address": "1 High St",
                                     "timezone": "Europe/London", "capacity": 80})  # fmt: skip
    records.rename(ws, "venue", "clapham", "clapham-cc")
    plan = store.load(ws.plan)
    assert plan.venues["hall"].capacity == 80
    assert plan.screenings["clapham"].venue == "clapham-cc"


def test_a_film_in_use_is_not_removed_without_force(ws: Workspace):
    with pytest.raises(InputError):
        records.remove(ws, "film", "return-to-homs")
    assert "return-to-homs" in store.load(ws.plan).films


def test_show_and_listing_read_a_record(ws: Workspace):
    assert records.show(ws, "venue", "clapham")["id"] == "clapham"
    assert "clapham" in [row["id"] for row in records.listing(ws, "venue")]


def test_prepare_reads_what_people_type(ws: Workspace):
    record = records.prepare("screening", "clapham", {"start": "7:30pm"}, store.load(ws.plan))
    assert record == {"start": "19:30"}
