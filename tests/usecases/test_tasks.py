"""`usecases.tasks`: what is due, ticked, and who owns it."""

from __future__ import annotations

from screenkit.planfile import store
from screenkit.usecases import tasks
from screenkit.usecases.workspace import Workspace


def test_a_ticked_task_leaves_the_open_list(ws: Workspace):
    open_before = tasks.due(ws, ["clapham"])
    name = open_before[0]["task"]
    tasks.tick(ws, "clapham", [name])
    assert name not in [t["task"] for t in tasks.due(ws, ["clapham"])]
    assert name in store.load(ws.plan).screenings["clapham"].done


def test_an_assigned_task_has_its_owner(ws: Workspace):
    name = tasks.due(ws, ["clapham"])[0]["task"]
    tasks.assign(ws, "clapham", name, "amira")
    owned = {t["task"]: t.get("owner") for t in tasks.due(ws, ["clapham"])}
    assert owned[name] == "amira"
