"""`check` and `schema`: what needs attention in the plan, and its format for editors."""

from __future__ import annotations

from typing import Any

from screenkit.plan.problems import Problem
from screenkit.planfile import store
from screenkit.usecases.workspace import Workspace


def check(ws: Workspace) -> list[Problem]:
    """Every problem of the plan, and a warning for each screening whose invitation people
    hold in an older version than the plan's (what only a calendar export can tell: the
    plan's own checks run on every write and know nothing of what was sent)."""
    from screenkit.plan.models import validate_plan
    from screenkit.rules.checks import check as run
    from screenkit.usecases.status import describe, owed_messages, synced

    data = store.parse(store.read_text(ws.plan), ws.plan)
    plan = validate_plan(data)
    problems = run(plan, ws.today)
    sent = [sid for sid, s in plan.screenings.items() if s.calendar and s.calendar.sent_to]
    if sent:
        owed: dict[str, list[Any]] = {}
        for p in owed_messages(synced(ws, data, plan), ws.today, sent):
            if p.kind != "Invitation":
                owed.setdefault(p.sid, []).append(p)
        problems += [
            Problem("warning", ("screenings", sid),
                    f"{describe(plan, sid, people)}: run `screenkit send {sid}`", (sid,))
            for sid, people in owed.items()
        ]  # fmt: skip
    rank = {"error": 0, "warning": 1}
    return sorted(problems, key=lambda p: (rank[p.severity], p.where, p.message))


def schema() -> dict[str, Any]:
    from screenkit.plan.models import json_schema

    return json_schema()
