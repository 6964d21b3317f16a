"""`usecases.rota`: an evening's roles, filled from the volunteers who offered."""

from __future__ import annotations

from screenkit.usecases import rota
from screenkit.usecases.workspace import Workspace


def test_the_rota_lists_every_role_and_writes_nothing_unasked(ws: Workspace):
    before = ws.plan.read_bytes()
    shown = rota.rota(ws, "clapham")
    assert shown.screening == "clapham"
    assert shown.roles
    assert ws.plan.read_bytes() == before
