"""A calendar record's `sent` summary read back: the start, end, zone, venue and status a
version of an invitation said (`2027-06-28T19:00/2027-06-28T21:34 Europe/London at clapham,
confirmed`), as `calendars.identity.sent_summary` writes it. Messages compare two of them to
say what changed, and an answer to an old version says which time it accepted.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Summary:
    """A `sent` summary read back: what a calendar record says people were sent."""

    start: dt.datetime  # local, naive
    end: dt.datetime
    zone: str
    venue: str
    status: str


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
