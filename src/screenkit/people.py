"""The people on a screening: who is booked, who is invited, and whose answer to chase.

A screening's people are its speakers, then its host, each once, in the order the plan names
them (`Screening.people`). Its invite goes to those of them the plan knows, never to the
organiser, who sends it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator

from screenkit.models import Plan


def invited(plan: Plan, sid: str) -> list[str]:
    """Who a screening's invite is for: its people the plan knows, in order, never the
    organiser (they send it)."""
    organiser = (plan.organiser.email or "").lower() if plan.organiser else ""
    return [
        p
        for p in plan.screenings[sid].people
        if p in plan.speakers and (plan.speakers[p].email or "").lower() != organiser
    ]


def booked(plan: Plan) -> list[str]:
    """The speakers on at least one screening, in the plan's order of speakers."""
    on = {pid for s in plan.screenings.values() for pid in s.people}
    return [pid for pid in plan.speakers if pid in on]


def screenings_of(plan: Plan, pid: str) -> list[str]:
    """The screenings a person speaks at or hosts, in the plan's order."""
    return [sid for sid, s in plan.screenings.items() if pid in s.people]


def to_chase(
    plan: Plan, today: dt.date, sids: Collection[str] | None = None
) -> Iterator[tuple[str, str, str]]:
    """(screening, person, answer) for everyone on a confirmed screening (of `sids`, if
    given) who has declined, or has not accepted when it is `settings.confirm_by` days away
    or nearer."""
    window = dt.timedelta(days=plan.settings.confirm_by)
    for sid, s in plan.screenings.items():
        if (sids is not None and sid not in sids) or s.status != "confirmed" or s.date < today:
            continue
        for pid in s.people:
            if pid not in plan.speakers:
                continue
            answer = s.rsvp.get(pid, "needs-action")
            if answer == "declined" or (answer != "accepted" and s.date <= today + window):
                yield sid, pid, answer


def private_names(plan: Plan) -> dict[str, str]:
    """Private speaker id -> the name never to show in public."""
    return {pid: p.name for pid, p in plan.speakers.items() if p.private}
