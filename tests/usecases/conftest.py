"""Use cases called as a script would call them: a `Workspace` over a copy of the bundled
tour, with the clock pinned, and no CLI in between."""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
from pathlib import Path

import pytest

from screenkit.usecases.workspace import Workspace
from tests.support.plans import EXAMPLE, NOW


def workspace(plan: Path, **more: object) -> Workspace:
    now = dt.datetime.fromisoformat(NOW)
    uids = itertools.count(1)
    return Workspace(
        plan=plan,
        now=now,
        today=now.date(),
        new_uid=lambda: f"uid-{next(uids)}@test",
        environ={"SCREENKIT_SELF_CHECK": "1"},
        cwd=plan.parent,
        **more,  # type: ignore[arg-type]
    )


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    plan = tmp_path / "screenkit.toml"
    shutil.copy(EXAMPLE, plan)
    return workspace(plan)
