"""A change to private fields alone leaves the public calendar byte for byte as it was,
DTSTAMP included; a change the public sees gives it a new stamp."""

from __future__ import annotations

import datetime as dt

from screenkit.calendars import objects
from screenkit.calendars.identity import sync
from screenkit.plan.models import validate_plan
from screenkit.planfile import store
from tests.support.plans import EXAMPLE

T0 = dt.datetime(2026, 11, 25, 10, tzinfo=dt.UTC)


def synced(data, now):
    plan = validate_plan(data)
    data = sync(data, plan, now, lambda: "uid-new")
    return data, validate_plan(data)


def changed(data, sid, **fields):
    s = {**data["screenings"][sid], **fields}
    return {**data, "screenings": {**data["screenings"], sid: s}}


def test_a_private_change_keeps_the_public_event_and_moves_the_teams():
    data, plan = synced(store.parse(EXAMPLE.read_text(), EXAMPLE), T0)
    public, team = (objects.resource(plan, "clapham", v) for v in ("public", "team"))
    later = T0 + dt.timedelta(days=3)
    data, plan = synced(changed(data, "clapham", notes="Interpreter: +44 20 7946 0555"), later)
    assert objects.resource(plan, "clapham", "public") == public
    assert objects.resource(plan, "clapham", "team") != team


def test_a_public_change_gives_the_public_event_a_new_stamp():
    data, plan = synced(store.parse(EXAMPLE.read_text(), EXAMPLE), T0)
    later = T0 + dt.timedelta(days=3)
    amira = {**data["speakers"]["amira"], "role": "Director, Syria Solidarity UK"}
    data, plan = synced({**data, "speakers": {**data["speakers"], "amira": amira}}, later)
    public = objects.resource(plan, "clapham", "public")
    assert b"DTSTAMP:20261128T100000Z" in public
