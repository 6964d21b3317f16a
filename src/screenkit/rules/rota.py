"""The volunteer rota: who does each job (`settings.roles`) at each screening, filled fairly.

Fair as film clubs do it: each open role goes to the volunteer who can do it and has not done
it for the longest time (never is longest), then to whoever has done fewest jobs at all,
then by id, so the same plan always gives the same rota. Nobody does two jobs at one
screening, or a job at two evenings that overlap (doors to end, compared as instants), and
nobody is placed away from their town or on a day they did not offer (`Volunteer.town`,
`weekdays`, `dates`). A role nobody can take stays open, and `unplaced` says why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from itertools import permutations

from screenkit.plan.models import Plan, Screening
from screenkit.rules.schedule import timing

Interval = tuple[dt.datetime, dt.datetime]
Last = dict[tuple[str, str], dt.date]  # (volunteer, role) -> the last date they did it


def _interval(plan: Plan, s: Screening) -> Interval | None:
    if s.film not in plan.films or s.venue not in plan.venues:
        return None
    t = timing(plan, s)
    return ((t.doors or t.start).astimezone(dt.UTC), t.end.astimezone(dt.UTC))


def _overlapping(plan: Plan, sid: str) -> Iterator[str]:
    """The other screenings that go ahead and overlap this one."""
    here = _interval(plan, plan.screenings[sid])
    if here is None:
        return
    day = plan.screenings[sid].date
    for other, s in plan.screenings.items():
        # An evening overlaps only one on the same local day or either side of it.
        if other == sid or s.status == "cancelled" or abs((s.date - day).days) > 1:
            continue
        there = _interval(plan, s)
        if there is not None and there[0] < here[1] and here[0] < there[1]:
            yield other


def can_do(plan: Plan, vid: str, role: str) -> bool:
    can = plan.volunteers[vid].can
    return not can or role in can


def away(plan: Plan, sid: str) -> dict[str, str]:
    """Volunteer id → why they cannot work this evening: another town, or not a day they
    offered."""
    s = plan.screenings[sid]
    venue = plan.venues.get(s.venue)
    out: dict[str, str] = {}
    for vid, v in plan.volunteers.items():
        if venue is not None and not v.lives_near(venue.address):
            out[vid] = f"lives in {v.town}"
        elif not v.available(s.date):
            out[vid] = f"not free on {s.date:%a %d %b}"
    return out


def unplaced(plan: Plan, sid: str) -> list[str]:
    """Each role still open at the screening, with why nobody could take it."""
    s = plan.screenings[sid]
    elsewhere = away(plan, sid)
    busy = {vid for other in _overlapping(plan, sid)
            for vid in plan.screenings[other].rota.values()}  # fmt: skip
    lines = []
    for role in (r for r in plan.settings.roles if r not in s.rota):
        why = []
        for vid in plan.volunteers:
            if not can_do(plan, vid, role):
                continue
            if vid in s.rota.values():
                why.append(f"{vid} has another job that evening")
            elif vid in busy:
                why.append(f"{vid} works an overlapping evening")
            elif vid in elsewhere:
                why.append(f"{vid} {elsewhere[vid]}")
        said = ", ".join(why) if why else "no volunteer does it; add one, or --set it"
        lines.append(f"{role}: nobody could be placed: {said}")
    return lines


def fill(plan: Plan, sid: str) -> dict[str, str]:
    """The screening's rota with every open role filled where someone can take it."""
    s = plan.screenings[sid]
    rota = dict(s.rota)
    busy = {vid for other in _overlapping(plan, sid)
            for vid in plan.screenings[other].rota.values()}  # fmt: skip
    busy |= set(away(plan, sid))  # another town, or a day they did not offer
    last: Last = {}
    jobs: dict[str, int] = {}
    for other, o in plan.screenings.items():
        if other == sid or o.status == "cancelled":
            continue
        for role, vid in o.rota.items():
            key = (vid, role)
            last[key] = max(last.get(key, dt.date.min), o.date)
            jobs[vid] = jobs.get(vid, 0) + 1
    best: dict[str, str] = {}
    open_roles = [role for role in plan.settings.roles if role not in rota]
    # The most roles filled wins; among orders that fill as many, the first (settings order)
    # decides. Few roles, so every order can be tried.
    orders = permutations(open_roles) if len(open_roles) <= 6 else [tuple(open_roles)]
    for order in orders:
        tried = _greedy(plan, order, rota, busy, last, dict(jobs))
        if len(tried) > len(best):
            best = tried
    return {**rota, **{role: best[role] for role in open_roles if role in best}}


def _greedy(
    plan: Plan, order: tuple[str, ...], rota: dict[str, str], busy: set[str], last: Last,
    jobs: dict[str, int],
) -> dict[str, str]:  # fmt: skip
    chosen: dict[str, str] = {}
    for role in order:
        taken = {*rota.values(), *chosen.values()}
        free = [vid for vid in plan.volunteers
                if vid not in taken and vid not in busy and can_do(plan, vid, role)]  # fmt: skip
        if not free:
            continue
        pick = min(free, key=lambda v: (last.get((v, role), dt.date.min), jobs.get(v, 0), v))
        chosen[role] = pick
        jobs[pick] = jobs.get(pick, 0) + 1
    return chosen
