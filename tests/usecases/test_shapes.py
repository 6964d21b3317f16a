"""`usecases.shapes`: the `--json` shape of one screening."""

from __future__ import annotations

from screenkit.planfile import store
from screenkit.usecases.shapes import describe
from screenkit.usecases.workspace import Workspace


def test_a_screening_is_described_with_its_times_and_people(ws: Workspace):
    shape = describe(store.load(ws.plan), "clapham", ws.today)
    assert shape["id"] == "clapham"
    assert shape["start"].endswith("19:00") or "19:00" in str(shape["start"])
