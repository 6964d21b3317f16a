"""What a version of an invitation said: the start, end, zone, venue and status, kept in a
calendar record's `sent` as text (`2027-06-28T19:00/2027-06-28T21:34 Europe/London at
clapham, confirmed`) and read back typed. Messages, `status` and `show` compare two of them
with `Summary.changes`, which names each field that moved with its value before and after,
and render those; nothing reads a field's name back out of a sentence.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

Field = Literal["date", "start", "end", "venue", "status"]


@dataclass(frozen=True)
class Change:
    """One field of what was sent that moved: `start`, 19:00 → 19:30. Dates are `dt.date`,
    times `dt.datetime` (local, for the venue's zone), venues ids and statuses words."""

    field: Field
    before: dt.date | dt.datetime | str
    after: dt.date | dt.datetime | str


@dataclass(frozen=True)
class Summary:
    """A `sent` summary read back: what a calendar record says people were sent."""

    start: dt.datetime  # local, naive
    end: dt.datetime
    zone: str
    venue: str
    status: str

    def text(self) -> str:
        """The form kept in the plan, which `read_summary` reads back."""
        start, end = (f"{m:%Y-%m-%dT%H:%M}" for m in (self.start, self.end))
        return f"{start}/{end} {self.zone} at {self.venue}, {self.status}"

    def changes(self, now: Summary) -> list[Change]:
        """What moved from this version to `now`, in the order people read an evening: the
        day, the start, the end (only when the evening's length changed, since a moved start
        takes its end along), the venue and the status."""
        found: list[Change] = []
        if self.start.date() != now.start.date():
            found.append(Change("date", self.start.date(), now.start.date()))
        if self.start.time() != now.start.time():
            found.append(Change("start", self.start, now.start))
        if self.end != now.end and self.end - self.start != now.end - now.start:
            found.append(Change("end", self.end, now.end))
        if self.venue != now.venue:
            found.append(Change("venue", self.venue, now.venue))
        if self.status != now.status:
            found.append(Change("status", self.status, now.status))
        return found


_SUMMARY = re.compile(r"(\S+)/(\S+) (\S+) at (\S+), (\w+)")


def read_summary(text: str | None) -> Summary | None:
    """`2027-06-28T19:00/2027-06-28T21:34 Europe/London at clapham, confirmed`; None for
    what does not read (a hand-edited record)."""
    found = _SUMMARY.fullmatch(text or "")
    if found is None:
        return None
    try:
        start, end = (dt.datetime.fromisoformat(found[n]) for n in (1, 2))
    except ValueError:
        return None
    return Summary(start, end, found[3], found[4], found[5])
