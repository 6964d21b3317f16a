import datetime as dt
import re
import tomllib

import pytest

from screenkit.plan.models import validate_plan
from screenkit.rules.tasks import due_date, open_tasks, parse_due, tasks_for
from tests.support.plans import EXAMPLE

PREMIERE = dt.date(2027, 6, 27)  # a Sunday


def plan_with(change=None):
    data = tomllib.loads(EXAMPLE.read_text())
    if change:
        change(data)
    return validate_plan(data)


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("-6w", dt.date(2027, 5, 16)),
        ("-1d", dt.date(2027, 6, 26)),
        ("0d", PREMIERE),
        ("+30d", dt.date(2027, 7, 27)),
        ("+5 working days", dt.date(2027, 7, 2)),  # Mon 28 … Fri 2 July
        ("+5wd", dt.date(2027, 7, 2)),
        ("-2 working days", dt.date(2027, 6, 24)),  # back over the weekend to Thursday
        ("+2 weeks", dt.date(2027, 7, 11)),
    ],
)
def test_due_dates(spec, expected):
    assert due_date(PREMIERE, spec) == expected


def test_working_days_from_a_friday_skip_the_weekend():
    assert due_date(dt.date(2027, 7, 2), "+1 working day") == dt.date(2027, 7, 5)


@pytest.mark.parametrize("bad", ["soon", "6w", "-6 fortnights", ""])
def test_bad_due_specs(bad):
    if bad == "6w":
        assert parse_due(bad) == (6, "w")  # a sign is optional: 6w means after
        return
    with pytest.raises(ValueError, match="not a due date"):
        parse_due(bad)


def test_default_tasks_with_speaker_needs_and_phases():
    tasks = tasks_for(plan_with(), "ica-premiere")
    ids = [t.id for t in tasks]
    assert ids[0] == "licence" and ids[-1] == "pay-licence"
    needs = {"need-amira-handheld-mic", "need-amira-step-free-route",
             "need-talal-arabic-english-interpreter"}  # fmt: skip
    assert needs <= set(ids)
    assert "classification" not in ids
    need = next(t for t in tasks if t.id == "need-amira-handheld-mic")
    assert (need.text, need.due) == ("For Amira Haddad: handheld mic", dt.date(2027, 6, 13))
    phases = list(dict.fromkeys(t.phase for t in tasks))
    assert phases == ["Four weeks or more before", "Two to four weeks before", "The week before",
                      "The day before", "On the day", "After the screening"]  # fmt: skip


def test_an_unclassified_film_adds_the_council_application():
    def unclassified(d):
        d["films"]["return-to-homs"]["certificate"] = "unclassified"

    tasks = {t.id: t for t in tasks_for(plan_with(unclassified), "clapham")}
    assert tasks["classification"].due == dt.date(2027, 5, 17)


def test_the_plan_can_extend_change_remove_and_replace():
    def custom(d):
        d["checklist"] = {
            "remove": ["content-warnings"],
            "tasks": [
                {"id": "tod-deadline", "text": "Check ticket sales", "due": "-10d"},
                {"id": "licence", "text": "Licence from the distributor", "due": "-10w"},
            ],
        }

    tasks = {t.id: t for t in tasks_for(plan_with(custom), "clapham")}
    assert "content-warnings" not in tasks
    assert tasks["tod-deadline"].due == dt.date(2027, 6, 18)
    assert tasks["licence"].text == "Licence from the distributor"
    assert tasks["licence"].due == dt.date(2027, 4, 19)

    def replace(d):
        custom(d)
        d["checklist"]["replace"] = True

    ids = [t.id for t in tasks_for(plan_with(replace), "clapham")]
    assert ids == ["licence", "need-amira-handheld-mic", "need-amira-step-free-route",
                   "tod-deadline"]  # fmt: skip


def test_bad_checklist_entries_are_named():
    from screenkit.errors import PlanError

    data = tomllib.loads(EXAMPLE.read_text())
    data["checklist"] = {"tasks": [{"id": "x", "text": "X", "due": "soon"}]}
    with pytest.raises(PlanError, match=r"checklist\.tasks\[0\]\.due: 'soon' is not a due date"):
        validate_plan(data)


def test_open_tasks_by_date_skip_done_and_cancelled():
    def progress(d):
        d["screenings"]["ica-premiere"]["done"] = ["licence"]
        d["screenings"]["clapham"]["status"] = "cancelled"

    today = dt.date(2027, 5, 3)
    overdue = open_tasks(plan_with(progress), today, within=-1)
    assert [(t.screening, t.id) for t in overdue] == [  # licence, certificate: by data
        ("ica-premiere", "format"), ("ica-premiere", "venue"),
    ]  # fmt: skip
    week = open_tasks(plan_with(progress), today, within=7)
    assert [(t.screening, t.id) for t in week[len(overdue) :]] == [
        ("east-finchley", "format"), ("east-finchley", "venue"),
        ("ica-premiere", "access-audit"), ("ica-premiere", "invite-speakers"),
    ]  # fmt: skip


def need_ids(change=None, sid="clapham"):
    return [t.id for t in tasks_for(plan_with(change), sid) if t.id.startswith("need-")]


def test_swapping_needs_keeps_their_ticks():
    def ticked(d):
        d["screenings"]["clapham"]["done"] = ["need-amira-step-free-route"]

    def swapped(d):
        ticked(d)
        d["speakers"]["amira"]["needs"].reverse()

    for change in (ticked, swapped):
        tasks = {t.id: t for t in tasks_for(plan_with(change), "clapham")}
        assert tasks["need-amira-step-free-route"].done
        assert tasks["need-amira-step-free-route"].text == "For Amira Haddad: step-free route"
        assert not tasks["need-amira-handheld-mic"].done


def test_needs_whose_names_collide_are_told_apart_whatever_their_order():
    def clash(d):
        d["speakers"]["amira"]["needs"] = ["Handheld mic", "handheld mic!", "water"]

    def swapped(d):
        clash(d)
        d["speakers"]["amira"]["needs"].reverse()

    first, second = need_ids(clash), need_ids(swapped)
    assert len(set(first)) == 3 and set(first) == set(second)
    assert "need-amira-water" in first
    assert all(re.fullmatch(r"need-amira-handheld-mic-[0-9a-f]{8}", i) for i in first[:2])


def test_the_same_need_twice_is_numbered():
    def twice(d):
        d["speakers"]["amira"]["needs"] = ["water", "water"]

    assert need_ids(twice) == ["need-amira-water", "need-amira-water-2"]


def test_need_ids_are_valid_ids_whatever_the_text():
    from screenkit.plan.values import check_id

    long_id = "a" * 63

    def odd(d):
        d["speakers"][long_id] = {"name": "Long", "needs": ["handheld mic"]}
        d["speakers"]["amira"]["needs"] = ["مترجم", "Café — à l'écoute", "x" * 200, "!!!"]
        d["screenings"]["clapham"]["speakers"] = ["amira", long_id]

    ids = need_ids(odd)
    assert len(set(ids)) == 5
    for tid in ids:
        check_id(tid)
    assert ids[1] == "need-amira-cafe-a-l-ecoute"
    assert re.fullmatch(r"need-amira-[0-9a-f]{8}", ids[0])  # no Latin letters: a digest
    assert len(ids[2]) == 63 and ids[2].startswith("need-amira-xxx")


def test_a_need_id_never_takes_a_checklist_tasks_id():
    def taken(d):
        d["checklist"] = {"tasks": [{"id": "need-amira-water", "text": "Buy water", "due": "-1d"}]}
        d["speakers"]["amira"]["needs"] = ["water"]

    tasks = tasks_for(plan_with(taken), "clapham")
    ids = [t.id for t in tasks]
    assert len(ids) == len(set(ids))
    assert "need-amira-water" in ids and "need-amira-water-" in " ".join(ids)


def test_no_hearing_loop_to_test_where_the_venue_has_none():
    """A newcomer's checklist for Clapham said to test a hearing loop the plan says it has not."""
    plan = plan_with()
    setup = {s: next(t.text for t in tasks_for(plan, s) if t.id == "setup")
             for s in ("clapham", "ica-premiere")}  # fmt: skip
    assert setup == {"clapham": "Set up; sound check",
                     "ica-premiere": "Set up; sound check; test the hearing loop"}  # fmt: skip
