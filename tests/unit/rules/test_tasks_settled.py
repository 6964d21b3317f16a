"""Tasks the plan's own data settles: done without a tick, with the reason; a tick still wins."""

from __future__ import annotations

import datetime as dt
import json
import tomllib

import pytest

from screenkit.plan.models import validate_plan
from screenkit.rules.tasks import tasks_for
from tests.support.plans import EXAMPLE


def state(change, sid="clapham"):
    data = tomllib.loads(EXAMPLE.read_text())
    change(data)
    return {t.id: t for t in tasks_for(validate_plan(data), sid)}


def film(**fields):
    def change(data):
        data["films"]["return-to-homs"].update(fields)
        for key in [k for k, v in fields.items() if v is None]:
            del data["films"]["return-to-homs"][key]

    return change


@pytest.mark.parametrize(
    ("change", "done"),
    [
        (film(licence_status="needed"), False),
        (film(licence_status="confirmed", licence_ref=None), False),
        (film(licence_status="paid"), True),
    ],
)
def test_the_licence_is_settled_by_its_status_and_reference(change, done):
    task = state(change)["licence"]
    assert task.done is done and (task.settled is not None) is done
    if done:
        assert task.settled == "the licence is paid, reference STSL-2027-0412"


@pytest.mark.parametrize(
    ("certificate", "done"), [(None, False), ("unclassified", False), ("12A", True)]
)
def test_the_certificate_is_settled_by_a_rating(certificate, done):
    task = state(film(certificate=certificate))["certificate"]
    assert task.done is done


def invited_at(sequence, digest, people=("amira",), current=("amira",)):
    def change(data):
        s = data["screenings"]["clapham"]
        s["calendar"]["sequence"], s["calendar"]["digest"] = 1, "d1"
        s["calendar"]["sent_to"] = {p: {"sequence": sequence, "digest": digest} for p in people}
        s["speakers"] = list(current)

    return change


def test_invitations_are_settled_when_everyone_holds_the_latest():
    assert state(invited_at(1, "d1"))["calendar-invites"].done
    assert not state(invited_at(0, "d0"))["calendar-invites"].done  # an older version
    assert not state(invited_at(1, "d1", current=("amira", "talal")))["calendar-invites"].done


def answers(**given):
    def change(data):
        data["screenings"]["ica-premiere"]["rsvp"] = given

    return change


def test_invite_speakers_is_settled_when_every_speaker_accepted():
    every = {"amira": "accepted", "talal": "accepted", "sam": "accepted"}
    assert state(answers(**every), "ica-premiere")["invite-speakers"].done
    some = {**every, "talal": "tentative"}
    assert not state(answers(**some), "ica-premiere")["invite-speakers"].done


def test_the_result_and_the_return_are_settled_when_recorded():
    def held(data):
        s = data["screenings"]["clapham"]
        s["result"] = {"attendance": 90}
        s["return_made"] = dt.date(2027, 7, 1)

    tasks = state(held)
    assert tasks["result"].done and tasks["box-office"].settled.endswith("2027-07-01")


def test_a_plans_own_task_names_the_fact_that_settles_it():
    def own(data):
        data["checklist"] = {"tasks": [{"id": "rights-email", "text": "Email the rights",
                                        "due": "-8w", "settled_by": "licence"}]}  # fmt: skip

    assert state(own)["rights-email"].settled.startswith("the licence is confirmed")


def test_a_tick_wins_over_the_data_and_untick_says_why_it_stays_done(run, example):
    assert run("tick", "clapham", "format").exit_code == 0  # no fact settles it: the tick does
    tasks = {t["task"]: t for t in json.loads(run("tasks", "clapham", "--all", "--json").stdout)}
    assert tasks["format"]["done"] and tasks["format"]["settled"] is None
    assert tasks["licence"]["done"] and "STSL-2027-0412" in tasks["licence"]["settled"]
    assert "licence" not in {t["task"] for t in json.loads(run("tasks", "--json").stdout)}
    untick = run("untick", "clapham", "licence")
    said = untick.stderr
    assert "licence stays done all the same: the licence is confirmed" in said
    if "unticked licence" in said:  # the tick goes first, then why the task is still done
        assert said.index("unticked licence") < said.index("stays done all the same")


def test_export_return_settles_the_return(run, tmp_path):
    import shutil

    from tests.support.plans import ROOT

    plan = tmp_path / "screenkit.toml"
    shutil.copy(ROOT / "examples" / "after-the-tour.toml", plan)
    held = [t for t in json.loads(run("tasks", "--all", "--json").stdout)
            if t["task"] == "box-office" and not t["done"]]  # fmt: skip
    sid = held[0]["screening"]
    before = plan.read_bytes()
    assert run("export", "return", sid, "--format", "txt", "-o", "-").exit_code == 0
    assert plan.read_bytes() == before  # a preview records nothing (issue 34, item 6)
    assert run("export", "return", sid, "--final", "-o", str(tmp_path / "r.html")).exit_code == 0
    tasks = {t["task"]: t for t in json.loads(run("tasks", sid, "--all", "--json").stdout)}
    assert tasks["box-office"]["done"] and "return was made" in tasks["box-office"]["settled"]
