"""The volunteer rota: fair, never double-booked, as full as it can be."""

from __future__ import annotations

import tomllib

from screenkit.plan.models import validate_plan
from screenkit.rules.checks import check
from screenkit.rules.rota import fill
from tests.support.plans import EXAMPLE

VOLUNTEERS = {
    "alex": {"name": "Alex", "email": "alex@example.org", "can": ["door", "refreshments"]},
    "bea": {"name": "Bea", "email": "bea@example.org"},
    "cy": {"name": "Cy", "email": "cy@example.org", "can": ["projection"]},
}


def plan_with(change=None):
    data = tomllib.loads(EXAMPLE.read_text())
    data["volunteers"] = VOLUNTEERS
    if change:
        change(data)
    return validate_plan(data)


def test_every_role_is_filled_when_the_volunteers_allow_it():
    # Greedy in settings order would give projection to Bea (alphabetically first), leaving
    # refreshments open; the rota tries the orders and fills all three.
    assert fill(plan_with(), "clapham") == {"door": "alex", "projection": "cy",
                                            "refreshments": "bea"}  # fmt: skip


def test_a_role_goes_to_whoever_did_it_least_recently():
    def history(data):
        data["screenings"]["ica-premiere"]["rota"] = {"refreshments": "bea", "door": "alex"}

    rota = fill(plan_with(history), "east-finchley")
    # Bea did refreshments on the 27th and Alex the door: now they swap.
    assert rota["door"] == "bea" and rota["refreshments"] == "alex"


def test_nobody_is_booked_at_two_evenings_that_overlap():
    def same_evening(data):
        clapham = data["screenings"]["clapham"]
        data["screenings"]["twin"] = {**clapham, "venue": "ica", "uid": "twin-uid",
                                      "rota": {"door": "alex", "refreshments": "bea"}}  # fmt: skip
        data["screenings"]["twin"].pop("calendar", None)

    rota = fill(plan_with(same_evening), "clapham")
    assert "alex" not in rota.values() and "bea" not in rota.values()
    assert rota == {"projection": "cy"}


def test_check_names_a_volunteer_booked_twice_and_roles_left_open():
    def twice(data):
        data["screenings"]["twin"] = {**data["screenings"]["clapham"], "venue": "ica",
                                      "uid": "twin-uid", "rota": {"door": "alex"}}  # fmt: skip
        data["screenings"]["twin"].pop("calendar", None)
        data["screenings"]["clapham"]["rota"] = {"door": "alex", "bar": "bea"}

    import datetime as dt

    problems = {(p.severity, p.where): p.message
                for p in check(plan_with(twice), dt.date(2027, 6, 24))}  # fmt: skip
    assert "volunteer alex is booked twice" in problems[("error", "screenings.twin.rota")]
    assert "no role 'bar'" in problems[("error", "screenings.clapham.rota.bar")]
    open_roles = problems[("warning", "screenings.east-finchley.rota")]
    assert open_roles.startswith("door, projection, refreshments not filled, 5 day(s) before")


def test_check_warns_of_one_volunteer_holding_two_roles_at_once():
    """`rota clapham --set door=jo` gave Jo door and projection with no word."""
    import datetime as dt

    def doubled(data):
        data["screenings"]["clapham"]["rota"] = {"door": "alex", "projection": "alex"}

    (said,) = [p.message for p in check(plan_with(doubled), dt.date(2027, 6, 24))
               if p.message.startswith("alex has door and projection at once")]  # fmt: skip
    assert "screenkit rota clapham --set projection=VOLUNTEER" in said
