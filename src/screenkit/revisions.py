"""Calendar identity and revisions: what makes an update replace an event, not duplicate it.

Each screening keeps its `uid` for life, and a `calendar` record of what the last export sent:
its SEQUENCE, its DTSTAMP and a readable summary (`sent`) of the fields that matter to a
calendar (start, end, venue, status). Before exporting, `sync` compares every screening with
what was sent. A change (by a command or by hand in the file) raises SEQUENCE by exactly one
and sets DTSTAMP to now; no change leaves both alone, so exporting twice gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from screenkit.models import Plan
from screenkit.schedule import timing

Data = dict[str, Any]


def sent_summary(plan: Plan, sid: str) -> str:
    """The calendar-relevant state of a screening, as a person could read it in the plan."""
    s = plan.screenings[sid]
    t = timing(plan, s)
    start = t.start.strftime("%Y-%m-%dT%H:%M")
    end = t.end.strftime("%Y-%m-%dT%H:%M")
    return f"{start}/{end} {t.start.tzinfo} at {s.venue}, {s.status}"


def sync(data: Data, plan: Plan, now: dt.datetime, new_uid: Callable[[], str]) -> Data:
    """New plan data with every screening's uid and calendar record brought up to date.

    `plan` is `data` validated; screenings whose film or venue is unknown are skipped (the
    export refuses them with the reason).
    """
    stamp = now.astimezone(dt.UTC).replace(microsecond=0)
    changed: dict[str, Data] = {}
    for sid, s in plan.screenings.items():
        if s.film not in plan.films or s.venue not in plan.venues:
            continue
        record = data["screenings"][sid]
        summary = sent_summary(plan, sid)
        previous = s.calendar
        same = previous is not None and previous.sent == summary
        if same and s.uid:
            continue
        if same:
            calendar = record["calendar"]  # only the uid was missing
        else:
            # A first cancellation is at least the second version of an event (RFC 5546).
            first = 1 if s.status == "cancelled" else 0
            sequence = first if previous is None else previous.sequence + 1
            calendar = {"sequence": sequence, "stamp": stamp, "sent": summary}
        changed[sid] = {**record, "uid": s.uid or new_uid(), "calendar": calendar}
    if not changed:
        return data
    return {**data, "screenings": {**data["screenings"], **changed}}


def keep(data: Data, synced: Data, sids: set[str]) -> Data:
    """`data` with the synced identity and calendar record of `sids` only: what was really
    delivered is recorded, the rest is worked out again next time (to the same bytes)."""
    if synced is data:
        return data
    before, after = data.get("screenings", {}), synced["screenings"]
    changed = {
        sid: after[sid] for sid in sids if sid in after and after[sid] is not before.get(sid)
    }
    if not changed:
        return data
    return {**data, "screenings": {**before, **changed}}
