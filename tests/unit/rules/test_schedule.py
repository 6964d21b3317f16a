"""How screenkit reads times that a clock change skips or repeats, and says so in words."""

import datetime as dt
import tomllib

import pytest

from screenkit.plan.models import validate_plan
from screenkit.rules.schedule import clock, clock_notes, run_sheet, timing
from tests.support.plans import EXAMPLE

UTC = dt.UTC


def evening(zone, date, start, doors=None, end=None):
    data = tomllib.loads(EXAMPLE.read_text())
    data["venues"]["clapham"]["timezone"] = zone
    screening = data["screenings"]["clapham"]
    screening.update(date=date, start=start)
    screening.pop("doors")
    screening.update({k: v for k, v in (("doors", doors), ("end", end)) if v})
    plan = validate_plan(data)
    return timing(plan, plan.screenings["clapham"])


def utc(*parts):
    return dt.datetime(*parts, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "date", "start", "instant", "wall"),
    [
        # Skipped: read on the offset before the change, so 01:30 GMT, which is 02:30 BST.
        ("Europe/London", dt.date(2027, 3, 28), "01:30", utc(2027, 3, 28, 1, 30), "02:30"),
        ("America/New_York", dt.date(2027, 3, 14), "02:30", utc(2027, 3, 14, 7, 30), "03:30"),
        # Repeated: the first of the two, before the clocks go back.
        ("Europe/London", dt.date(2027, 10, 31), "01:30", utc(2027, 10, 31, 0, 30), "01:30"),
        ("America/New_York", dt.date(2027, 11, 7), "01:30", utc(2027, 11, 7, 5, 30), "01:30"),
    ],
)
def test_one_reading_of_each_odd_time(zone, date, start, instant, wall):
    t = evening(zone, date, start)
    assert t.start.astimezone(UTC) == instant
    assert t.start.strftime("%H:%M") == wall
    assert t.exact
    assert t.end.astimezone(UTC) - instant == dt.timedelta(minutes=5 + 94 + 40)


def test_notes_for_a_skipped_start():
    t = evening("Europe/London", dt.date(2027, 3, 28), "01:30")
    assert clock_notes(t) == [
        "Start 01:30 does not exist on 2027-03-28 in Europe/London: clocks go forward from "
        "01:00 to 02:00; screenkit reads it as 02:30."
    ]
    assert [clock(t, m) for m, _ in run_sheet(t)] == ["02:30", "02:35", "04:09", "04:49"]


def test_notes_for_a_repeated_start_in_new_york():
    t = evening("America/New_York", dt.date(2027, 11, 7), "01:30", doors="01:10")
    assert clock_notes(t) == [
        "Doors 01:10 happens twice on 2027-11-07 in America/New_York: clocks go back from "
        "02:00 to 01:00; screenkit uses the first 01:10 (EDT, UTC-04:00).",
        "Start 01:30 happens twice on 2027-11-07 in America/New_York: clocks go back from "
        "02:00 to 01:00; screenkit uses the first 01:30 (EDT, UTC-04:00), and invites carry "
        "that exact instant.",
        "The clocks go back during the evening: the run sheet gives EDT (UTC-04:00) before the "
        "change and EST (UTC-05:00) after it.",
    ]
    # The run sheet names the zone on each line, as the wall clock alone would be ambiguous.
    assert [clock(t, m) for m, _ in run_sheet(t)] == [
        "01:10 EDT", "01:30 EDT", "01:35 EDT", "02:09 EST", "02:49 EST",
    ]  # fmt: skip


def test_an_evening_ending_in_the_repeated_hour_ends_at_the_second():
    t = evening("Europe/London", dt.date(2027, 10, 31), "00:30")
    assert t.exact and t.end.fold == 1
    assert clock_notes(t)[0] == (
        "End 01:49 happens twice on 2027-10-31 in Europe/London: clocks go back from 02:00 to "
        "01:00; the evening ends at the second 01:49 (GMT, UTC+00:00), and invites carry that "
        "exact instant."
    )


def test_an_ordinary_evening_has_no_notes():
    t = evening("Europe/London", dt.date(2027, 10, 31), "19:00", doors="18:30", end="23:00")
    assert clock_notes(t) == [] and not t.exact and not t.spans_change
    assert clock(t, t.start) == "19:00"


def test_zones_whose_abbreviation_is_a_number_show_the_offset():
    # Santiago's clocks go back on 2027-04-04 at 00:00 (to 23:00 the day before), and its
    # abbreviations are numbers (-03, -04).
    t = evening("America/Santiago", dt.date(2027, 4, 3), "22:30")
    assert t.spans_change
    assert clock(t, t.start) == "22:30 UTC-03:00"
    assert (
        "the run sheet gives UTC-03:00 before the change and UTC-04:00 after it"
        in (clock_notes(t)[-1])
    )
