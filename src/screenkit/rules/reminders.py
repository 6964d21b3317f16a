"""Who is owed a reminder now: the speakers, hosts and volunteers of each confirmed screening
still ahead, at each of `settings.reminders` before it (7 days and 1 day by default). Pure:
the plan and the time in, the reminders out.

A reminder that fell due while nothing ran goes once, late, and only the latest one due: the
earlier ones it passes over are recorded with it, so they never go. What was sent is kept per
screening and person (`reminded`), with the start it was about: a screening that moves is
reminded of again, at its new time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from screenkit.plan.models import Plan
from screenkit.plan.values import parse_lead


@dataclass(frozen=True)
class Reminder:
    sid: str
    pid: str  # a speaker's id, or a volunteer's
    role: str  # "speaker", "host", or the volunteer's rota role ("door")
    lead: str  # the reminder this is ("1d")
    due: dt.datetime  # when it fell due (UTC)
    start: dt.datetime  # the screening's start, in its venue's time
    passes: tuple[str, ...]  # every lead it settles: itself and the earlier ones missed

    @property
    def volunteer(self) -> bool:
        return self.role not in ("speaker", "host")


def start_key(start: dt.datetime) -> str:
    """`2027-06-27T18:30`: the start a reminder was about, as the plan records it."""
    return start.strftime("%Y-%m-%dT%H:%M")


def leads(plan: Plan) -> list[tuple[str, dt.timedelta]]:
    """The plan's reminders, earliest first (7d before 1d)."""
    return sorted(((lead, parse_lead(lead)) for lead in dict.fromkeys(plan.settings.reminders)),
                  key=lambda item: -item[1])  # fmt: skip


def roles(plan: Plan, sid: str) -> Iterator[tuple[str, str]]:
    """(person, role) of everyone reminded of `sid`: speakers, the host, the rota."""
    s = plan.screenings[sid]
    for pid, does in s.roles():
        yield pid, does[0]  # a speaker who also hosts is reminded as the speaker
    for role, vid in s.rota.items():
        yield vid, role


def due(plan: Plan, now: dt.datetime, sids: list[str] | None = None) -> list[Reminder]:
    """Every reminder owed at `now`, one at most per person and screening, soonest first.
    None for a screening that is cancelled, tentative, held or begun, nor for a speaker who
    has declined it."""
    from screenkit.rules.people import answer_to_current
    from screenkit.rules.schedule import timing

    schedule = leads(plan)
    if not schedule:
        return []
    now = now.astimezone(dt.UTC)
    longest = schedule[0][1]
    out = []
    for sid in plan.screenings if sids is None else sids:
        s = plan.screenings[sid]
        if s.status != "confirmed" or s.result is not None:
            continue
        if s.film not in plan.films or s.venue not in plan.venues:
            continue
        # Most of a big plan is months away: its date alone says nothing is due yet.
        if s.date > (now + longest + dt.timedelta(days=2)).date() or s.date < now.date() - (
            dt.timedelta(days=2)
        ):
            continue
        start = timing(plan, s).start
        begins = start.astimezone(dt.UTC)
        if begins <= now:
            continue
        passed = [(lead, begins - before) for lead, before in schedule if begins - before <= now]
        if not passed:
            continue
        latest, when = passed[-1]
        key = start_key(start)
        seen: set[tuple[str, str]] = set()
        for pid, role in roles(plan, sid):
            if (pid, role) in seen:
                continue
            # An id with no record is the plan's error, which the digest names: no one to remind.
            if pid not in (plan.speakers if role in ("speaker", "host") else plan.volunteers):
                continue
            seen.add((pid, role))
            if role in ("speaker", "host") and answer_to_current(plan, sid, pid) == "declined":
                continue
            record = s.reminded.get(pid)
            done = set(record.leads) if record is not None and record.start == key else set()
            if latest in done:
                continue
            out.append(Reminder(sid, pid, role, latest, when, start,
                                tuple(lead for lead, _ in passed)))  # fmt: skip
    # One message per person and screening: a speaker who also hosts is reminded once.
    unique: dict[tuple[str, str], Reminder] = {}
    for r in out:
        unique.setdefault((r.sid, r.pid), r)
    return sorted(unique.values(), key=lambda r: (r.start.astimezone(dt.UTC), r.sid, r.pid))
