"""`usecases.checking`: every problem of the plan, and the plan file's JSON Schema."""

from __future__ import annotations

from screenkit.usecases import checking
from screenkit.usecases.workspace import Workspace


def test_the_bundled_tour_has_no_error(ws: Workspace):
    problems = checking.check(ws)
    assert not [p for p in problems if p.severity == "error"]


def test_the_schema_names_the_plans_tables():
    schema = checking.schema()
    assert {"screenings", "venues", "films"} <= set(schema["properties"])
