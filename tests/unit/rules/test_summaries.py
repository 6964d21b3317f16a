"""What was sent, read back typed, and what moved between two versions of it."""

from __future__ import annotations

import datetime as dt

from screenkit.rules.summaries import Change, Summary, read_summary

SENT = "2027-06-28T19:00/2027-06-28T21:34 Europe/London at clapham, confirmed"


def test_a_summary_reads_back_to_the_text_it_was_kept_as():
    summary = read_summary(SENT)
    assert summary is not None
    assert summary.text() == SENT
    assert read_summary("moved by hand") is None


def test_a_moved_start_is_one_change_its_end_goes_along():
    before = read_summary(SENT)
    assert before is not None
    later = dt.timedelta(minutes=30)
    now = Summary(before.start + later, before.end + later, before.zone, "phoenix", "confirmed")
    assert before.changes(now) == [
        Change("start", before.start, now.start),
        Change("venue", "clapham", "phoenix"),
    ]


def test_a_new_day_and_a_longer_evening_are_each_named():
    before = read_summary(SENT)
    assert before is not None
    day = dt.timedelta(days=1)
    now = Summary(before.start + day, before.end + day + dt.timedelta(minutes=20), before.zone,
                  before.venue, "cancelled")  # fmt: skip
    assert [c.field for c in before.changes(now)] == ["date", "end", "status"]
    assert before.changes(before) == []
