"""`usecases.reminding`: who is owed a reminder now, listed without sending."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from screenkit.usecases import reminding
from screenkit.usecases.workspace import Workspace


def test_a_dry_run_lists_what_is_due_and_writes_nothing(ws: Workspace):
    before = ws.plan.read_bytes()
    eve = dt.datetime(2027, 6, 26, 9, tzinfo=dt.UTC)  # the day before the premiere
    done = reminding.remind(replace(ws, now=eve, today=eve.date()), dry_run=True)
    assert done.planned or done.digest
    assert ws.plan.read_bytes() == before
