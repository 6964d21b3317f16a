"""`usecases.network`: many groups' plans read as one."""

from __future__ import annotations

import shutil

from screenkit.usecases import network
from screenkit.usecases.workspace import Workspace
from tests.usecases.conftest import workspace


def test_two_groups_plans_list_as_one(ws: Workspace, tmp_path):
    other = tmp_path / "leeds" / "screenkit.toml"
    other.parent.mkdir()
    shutil.copy(ws.plan, other)
    text = other.read_text().replace('name = "Homs Tour Team"', 'name = "Leeds Group"', 1)
    other.write_text(text)
    both = workspace(ws.plan, plans=(ws.plan, other))
    names = [m.name for m in network.members(both)]
    assert len(set(names)) == 2
    rows = network.listing(both)
    assert len(rows) == 2 * len(network.listing(workspace(ws.plan)))
