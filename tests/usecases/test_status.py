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
