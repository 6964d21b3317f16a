"""`usecases.keys`: any value of the plan by its dotted key."""

from __future__ import annotations

from screenkit.usecases import keys
from screenkit.usecases.workspace import Workspace


def test_set_then_get_then_unset(ws: Workspace):
    keys.set_(ws, "venues.clapham.capacity", ["90"])
    assert keys.get(ws, "venues.clapham.capacity").value == 90
    keys.unset(ws, "venues.clapham.capacity")
    got = keys.get(ws, "venues.clapham.capacity")
    assert got.value is None or got.default
