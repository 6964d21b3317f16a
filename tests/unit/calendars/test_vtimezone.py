"""Every event lands at the same instant in zoneinfo and in vobject, whatever the zone."""

import datetime as dt

import pytest

from screenkit.calendars.vtimezone import vtimezone
from screenkit.plan.zones import transitions
from tests.support.icalcheck import instants

ZONES = {
    "Europe/London": [(2027, 1, 15, 19, 0), (2027, 7, 15, 19, 0), (2027, 3, 28, 19, 0),
                      (2027, 10, 31, 19, 0), (2027, 10, 31, 0, 30)],
    "Asia/Tokyo": [(2027, 1, 15, 19, 0), (2027, 7, 15, 19, 0)],
    "Australia/Sydney": [(2027, 1, 15, 19, 0), (2027, 7, 15, 19, 0), (2027, 4, 4, 19, 0),
                         (2027, 10, 3, 19, 0)],
    "America/Sao_Paulo": [(2027, 1, 15, 19, 0)],  # DST abolished in 2019: a fixed offset now
    "America/New_York": [(2027, 3, 14, 19, 0), (2027, 11, 7, 0, 30)],
}  # fmt: skip


def calendar_bytes(zone: str, starts: list[tuple[int, ...]]) -> bytes:
    from zoneinfo import ZoneInfo

    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//test//EN")
    cal.add("version", "2.0")
    years = [s[0] for s in starts]
    cal.add_component(vtimezone(zone, min(years), max(years)))
    for i, parts in enumerate(starts):
        e = Event()
        e.add("uid", f"e{i}")
        e.add("dtstamp", dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
        start = dt.datetime(*parts, tzinfo=ZoneInfo(zone))
        e.add("dtstart", start)
        e.add("dtend", start + dt.timedelta(hours=2))
        cal.add_component(e)
    return cal.to_ical()


@pytest.mark.parametrize("zone", ZONES)
def test_vobject_agrees_with_zoneinfo(zone):
    data = calendar_bytes(zone, ZONES[zone])
    found = instants(data)
    from zoneinfo import ZoneInfo

    for i, parts in enumerate(ZONES[zone]):
        expected = dt.datetime(*parts, tzinfo=ZoneInfo(zone)).astimezone(dt.UTC)
        assert found[f"e{i}"][0] == expected


def test_london_is_one_standard_and_one_daylight_with_yearly_rules():
    text = vtimezone("Europe/London", 2027, 2027).to_ical().decode()
    assert text.count("BEGIN:STANDARD") == 1 and text.count("BEGIN:DAYLIGHT") == 1
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in text
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10" in text
    assert "RDATE" not in text


def test_sydney_daylight_is_the_southern_summer():
    text = vtimezone("Australia/Sydney", 2027, 2027).to_ical().decode()
    daylight = text.split("BEGIN:DAYLIGHT")[1].split("END:DAYLIGHT")[0]
    assert "BYMONTH=10" in daylight and "TZOFFSETTO:+1100" in daylight


def test_a_zone_without_dst_has_one_observance():
    text = vtimezone("Asia/Tokyo", 2027, 2027).to_ical().decode()
    assert text.count("BEGIN:STANDARD") == 1 and "DAYLIGHT" not in text
    assert "TZOFFSETTO:+0900" in text


def test_transitions_are_found_to_the_second():
    spring, autumn = transitions("Europe/London", 2027)
    assert spring.local_before == dt.datetime(2027, 3, 28, 1, 0)
    assert autumn.local_before == dt.datetime(2027, 10, 31, 2, 0)
