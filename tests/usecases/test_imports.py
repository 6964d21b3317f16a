"""`usecases.imports`: a whole tour from CSV, all rows or none."""

from __future__ import annotations

from screenkit.planfile import store
from screenkit.usecases import imports
from screenkit.usecases.workspace import Workspace
from tests.support.plans import ROOT

TOUR = ROOT / "examples" / "tour.csv"


def test_a_dry_run_works_it_all_out_and_writes_nothing(ws: Workspace):
    before = ws.plan.read_bytes()
    report = imports.run(ws, str(TOUR), dry_run=True, on_existing="skip")
    assert report.created.get("screenings")
    assert ws.plan.read_bytes() == before


def test_the_tour_imports(ws: Workspace):
    report = imports.run(ws, str(TOUR), on_existing="skip")
    plan = store.load(ws.plan)
    assert set(report.created["screenings"]) <= set(plan.screenings)


def test_the_format_is_told_by_the_name_or_the_bytes():
    assert imports.sniff("tour.csv", b"a,b\n1,2\n", None) == "csv"
    assert imports.sniff("-", b'{"screenings": []}', None) == "json"
