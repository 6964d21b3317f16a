"""`check` and `schema`: what needs attention in the plan, and its format for editors."""

from __future__ import annotations

from typing import Any

from screenkit.planfile import store
from screenkit.problems import Problem
from screenkit.usecases.workspace import Workspace


def check(ws: Workspace) -> list[Problem]:
    from screenkit.checks import check as run

    return run(store.load(ws.plan), ws.today)


def schema() -> dict[str, Any]:
    from screenkit.models import json_schema

    return json_schema()
