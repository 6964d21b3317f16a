"""Who is owed a reminder, and when: pure, on the bundled tour (ica-premiere Sun 27 June 2027
18:30 BST = 17:30 UTC, with Amira, Talal and Sam hosting)."""

from __future__ import annotations

import datetime as dt

from screenkit.edits import changes
from screenkit.plan.models import validate_plan
from screenkit.planfile import store
from screenkit.rules import reminders
from tests.support.plans import EXAMPLE


def data():
    return store.parse(EXAMPLE.read_text(), EXAMPLE)


def due(d, when: str) -> list[tuple[str, str, str]]:
    plan = validate_plan(d)
    now = dt.datetime.fromisoformat(when)
    return [(r.sid, r.pid, r.lead) for r in reminders.due(plan, now)]


def test_nothing_before_the_first_lead_and_the_7d_reminder_at_its_minute():
    d = data()
    assert due(d, "2027-06-20T17:29:00+00:00") == []
    assert due(d, "2027-06-20T17:30:00+00:00") == [
        ("ica-premiere", "amira", "7d"), ("ica-premiere", "sam", "7d"),
        ("ica-premiere", "talal", "7d")]  # fmt: skip


def test_a_sent_reminder_is_not_due_again_and_a_missed_one_is_passed_over():
    d = data()
    plan = validate_plan(d)
    late = dt.datetime(2027, 6, 27, 9, tzinfo=dt.UTC)
    owed = reminders.due(plan, late)
    assert {r.lead for r in owed if r.sid == "ica-premiere"} == {"1d"}
    assert owed[0].passes == ("7d", "1d")
    d = changes.record_reminded(d, owed)
    assert due(d, "2027-06-27T10:00:00+00:00") == []


def test_a_moved_start_is_owed_again():
    d = data()
    plan = validate_plan(d)
    d = changes.record_reminded(d, reminders.due(plan, dt.datetime(2027, 6, 21, tzinfo=dt.UTC)))
    d["screenings"]["ica-premiere"] = {**d["screenings"]["ica-premiere"], "start": "19:30"}
    assert {lead for sid, _, lead in due(d, "2027-06-21T01:00:00+00:00")
            if sid == "ica-premiere"} == {"7d"}  # fmt: skip


def test_none_once_begun_held_cancelled_tentative_or_declined():
    d = data()
    assert [x for x in due(d, "2027-06-29T12:00:00+00:00") if x[0] == "east-finchley"] == []
    assert [x for x in due(d, "2027-06-27T18:00:00+00:00") if x[0] == "ica-premiere"] == []
    d["screenings"]["clapham"] = {**d["screenings"]["clapham"], "status": "cancelled"}
    assert [x for x in due(d, "2027-06-27T12:00:00+00:00") if x[0] == "clapham"] == []
    d["screenings"]["ica-premiere"] = {**d["screenings"]["ica-premiere"],
                                       "rsvp": {"talal": "declined"}}  # fmt: skip
    assert ("ica-premiere", "talal", "1d") not in due(d, "2027-06-27T12:00:00+00:00")


def test_the_leads_come_from_settings_earliest_first():
    d = data()
    d["settings"] = {**d["settings"], "reminders": ["12h", "3d", "12h"]}
    plan = validate_plan(d)
    assert [lead for lead, _ in reminders.leads(plan)] == ["3d", "12h"]


def test_a_journal_entry_of_a_reminder_folds_in_once():
    d = data()
    plan = validate_plan(d)
    (r, *_) = reminders.due(plan, dt.datetime(2027, 6, 21, tzinfo=dt.UTC))
    entry = changes.reminded_entry(r)
    once, skipped = changes.fold(d, [entry])
    twice, _ = changes.fold(once, [entry, {"kind": "digest", "day": "2027-06-21"}])
    assert skipped == 0
    assert once["screenings"][r.sid]["reminded"] == twice["screenings"][r.sid]["reminded"]
    assert twice["digest"] == {"last": dt.date(2027, 6, 21)}


def test_a_damaged_journal_entry_of_a_reminder_is_skipped():
    d = data()
    entry = {"kind": "reminded", "sid": "clapham", "pid": "amira",
             "start": "2027-06-28T19:00:00+01:00"}  # fmt: skip
    damaged = [{**entry, "passes": p} for p in ([], "7d", [None], [["7d"]], {"7d": 1}, None)]
    folded, skipped = changes.fold(d, damaged)
    assert skipped == len(damaged)
    assert folded == d


def test_no_reminder_for_someone_the_plan_does_not_have():
    # A hand-edited id the plan has no record of is the plan's error (the digest names it),
    # not a person to remind, nor one to tell to add an email.
    d = data()
    d["volunteers"] = {"zed": {"name": "Zed", "email": "zed@example.org"}}
    premiere = d["screenings"]["ica-premiere"]
    d["screenings"]["ica-premiere"] = {**premiere, "speakers": [*premiere["speakers"], "nobody"],
                                       "rota": {"door": "zed", "bar": "ghost"}}  # fmt: skip
    assert {pid for sid, pid, _ in due(d, "2027-06-27T10:00:00+00:00")
            if sid == "ica-premiere"} == {"amira", "talal", "sam", "zed"}  # fmt: skip
