"""`usecases.privacy`: where a private speaker's real name goes, worked out from the rules."""

from __future__ import annotations

import pytest

from screenkit.errors import InputError
from screenkit.usecases import records
from screenkit.usecases.privacy import privacy
from screenkit.usecases.workspace import Workspace


def test_no_private_speaker_lists_nothing_and_a_public_one_is_refused(ws: Workspace):
    assert privacy(ws) == []
    with pytest.raises(InputError, match="is not private"):
        privacy(ws, "amira")


def test_a_private_speaker_is_carried_to_the_organiser_and_themselves_only(ws: Workspace):
    records.update(ws, "speaker", "talal", {"private": True, "public_name": "A film-maker"})
    [found] = privacy(ws, "talal")
    assert {c.to for c in found.carried_by} == {"organiser", "talal", "team"}
