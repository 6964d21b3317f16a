"""`status` and the digest chase an answer: how to reach the person, and how to record what
they say; never a suggested `rsvp … accepted` that records an acceptance nobody gave."""

from __future__ import annotations

import datetime as dt

from screenkit.planfile import store
from screenkit.usecases.status import answers_to_chase
from tests.support.plans import EXAMPLE


def test_an_answer_to_chase_says_how_to_reach_them_and_suggests_no_answer():
    chased = answers_to_chase(store.load(EXAMPLE), dt.date(2027, 6, 21))
    amira = next(p for p in chased if p.screening == "ica-premiere" and p.person == "amira")
    assert "ask them (amira@example.org, +44 20 7946 0404)" in amira.message
    assert amira.command == "screenkit rsvp ica-premiere amira yes|no|maybe (what they tell you)"
    assert not any(p.command.endswith(" accepted") for p in chased)


def test_status_counts_the_warnings_check_has_instead_of_saying_nothing_is_pending(tmp_path):
    """Issue 34, item 1: status never claims more than it checked."""
    import shutil

    from screenkit.rules.checks import check
    from screenkit.usecases.status import status
    from tests.usecases.conftest import workspace

    plan = tmp_path / "screenkit.toml"
    shutil.copy(EXAMPLE, plan)
    from dataclasses import replace

    later = dt.datetime(2027, 6, 21, 9, tzinfo=dt.UTC)  # answers to chase, tasks overdue
    ws = replace(workspace(plan), now=later, today=later.date())
    warned = [p for p in check(store.load(plan), ws.today) if p.severity == "warning"]
    said = [p for p in status(ws) if p.kind == "warnings"]
    assert warned and said and said[0].message == f"{len(warned)} warning(s) in the plan"
    assert said[0].command == "screenkit check"
