"""`usecases.kit`: the shared part a national office gives its groups, and a group's plan
started from it."""

from __future__ import annotations

from screenkit.delivery.targets import Folder
from screenkit.planfile import store
from screenkit.usecases import kit
from screenkit.usecases.workspace import Workspace
from tests.usecases.conftest import workspace


def test_a_kit_starts_a_groups_plan(ws: Workspace, tmp_path):
    written = kit.export(ws, Folder(tmp_path / "kit"))
    [made] = [o.name for o in written.exported.delivery.done]
    group = workspace(tmp_path / "leeds" / "screenkit.toml")
    group.plan.parent.mkdir()
    brought = kit.init(group, "Leeds Group", "leeds@example.org", tmp_path / "kit" / made,
                       group="leeds", region=None, force=False)  # fmt: skip
    plan = store.load(group.plan)
    assert plan.films.keys() == store.load(ws.plan).films.keys()
    assert brought.taken
