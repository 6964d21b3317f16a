"""`usecases.workspace`: the surroundings of a use case, and its shared guards."""

from __future__ import annotations

import pytest

from screenkit.errors import InputError
from screenkit.planfile import store
from screenkit.usecases.workspace import Workspace, require_screening


def test_an_unknown_screening_names_the_nearest(ws: Workspace):
    with pytest.raises(InputError, match="ica-premiere"):
        require_screening(store.load(ws.plan), "ica-premier")


def test_an_edit_reports_whose_invitations_it_made_old(ws: Workspace):
    edited = ws.edit(lambda data, plan: (data, None))
    assert edited.warnings == [] and edited.notices == []
    assert not ws.network
