"""Reading exports back the way clients do: icalendar, and vobject as an independent parser."""

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import vobject

UTC = dt.UTC


def events(data: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


def instants(data: bytes) -> dict[str, tuple[dt.datetime, dt.datetime]]:
    """UID -> (start, end) in UTC as zoneinfo reads the TZID (or as written, for times in
    UTC), checked against vobject, which reads the times through the file's own VTIMEZONE."""
    expected = {}
    for e in events(data):
        moments = []
        for prop in ("dtstart", "dtend"):
            value, tzid = e.decoded(prop), e[prop].params.get("TZID")
            if tzid is None:  # `…Z`: an exact instant, no zone to resolve
                assert e[prop].to_ical().endswith(b"Z"), f"{prop} is neither UTC nor zoned"
                moments.append(value.astimezone(UTC))
            else:
                moments.append(value.replace(tzinfo=None).replace(tzinfo=ZoneInfo(tzid)))
        start, end = (m.astimezone(UTC) for m in moments)
        expected[str(e["uid"])] = (start, end)
    cal = vobject.readOne(data.decode("utf-8"))
    seen = {}
    for ve in cal.vevent_list:
        seen[ve.uid.value] = (
            ve.dtstart.value.astimezone(UTC),
            ve.dtend.value.astimezone(UTC),
        )
    assert seen == expected, "vobject places an event differently from zoneinfo"
    return expected


def lines(data: bytes) -> list[bytes]:
    assert data.endswith(b"\r\n")
    raw = data.split(b"\r\n")[:-1]
    for line in raw:
        assert len(line) <= 75, line
        line.decode("utf-8")  # a fold never splits a character
        assert b"\n" not in line and b"\r" not in line
    return raw
