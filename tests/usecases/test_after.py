"""`usecases.after`: the result recorded, and the return and report made from it."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from screenkit.delivery.targets import Folder
from screenkit.errors import InputError
from screenkit.planfile import store
from screenkit.usecases import after
from screenkit.usecases.workspace import Workspace

AFTER = dt.datetime(2027, 7, 1, 10, tzinfo=dt.UTC)


@pytest.fixture
def later(ws: Workspace) -> Workspace:
    """The tour's first evening is over."""
    return replace(ws, now=AFTER, today=AFTER.date())


def test_a_result_is_recorded_and_cleared(later: Workspace):
    ws = later
    after.record_result(ws, "ica-premiere", {"attendance": 120})
    assert store.load(ws.plan).screenings["ica-premiere"].result is not None
    after.record_result(ws, "ica-premiere", {}, clear=True)
    assert store.load(ws.plan).screenings["ica-premiere"].result is None


def test_a_result_before_the_evening_is_refused(ws: Workspace):
    with pytest.raises(InputError, match="still ahead"):
        after.record_result(ws, "ica-premiere", {"attendance": 120})


def test_nothing_given_is_refused(ws: Workspace):
    with pytest.raises(InputError, match="attendance"):
        after.record_result(ws, "ica-premiere", {})


def test_the_impact_report_is_written(later: Workspace):
    ws = later
    after.record_result(ws, "ica-premiere", {"attendance": 120})
    done = after.export_report(ws, "md", Folder(ws.cwd / "out"))
    assert done.delivery.done
