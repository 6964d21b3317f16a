"""Each plan-level check: one case that trips it and the clean example that does not."""

import datetime as dt
import tomllib

import pytest

from screenkit.checks import check
from screenkit.models import validate_plan
from tests.conftest import EXAMPLE

TODAY = dt.date(2026, 11, 25)


def problems(change=None, today=TODAY):
    data = tomllib.loads(EXAMPLE.read_text())
    if change:
        change(data)
    return [(p.severity, p.where, p.message) for p in check(validate_plan(data), today)]


def test_example_is_clean():
    assert problems() == []


def s(data, sid):
    return data["screenings"][sid]


CASES = {
    "unknown film": (
        lambda d: s(d, "clapham").update(film="nope"),
        ("error", "screenings.clapham.film", "no film with id 'nope'"),
    ),
    "unknown venue": (
        lambda d: s(d, "clapham").update(venue="nope"),
        ("error", "screenings.clapham.venue", "no venue with id 'nope'"),
    ),
    "unknown speaker": (
        lambda d: s(d, "clapham").update(speakers=["amira", "nobody"]),
        ("error", "screenings.clapham.speakers[1]", "no speaker with id 'nobody'"),
    ),
    "unknown host": (
        lambda d: s(d, "clapham").update(host="nobody"),
        ("error", "screenings.clapham.host", "no speaker with id 'nobody'"),
    ),
    "speaker listed twice": (
        lambda d: s(d, "clapham").update(speakers=["amira", "amira"]),
        ("error", "screenings.clapham.speakers", "a speaker is listed twice"),
    ),
    "duplicate uid": (
        lambda d: s(d, "clapham").update(uid=s(d, "ica-premiere")["uid"]),
        ("error", "screenings.clapham.uid", "the same uid as screenings.ica-premiere (copied?)"),
    ),
    "end not after start": (
        lambda d: s(d, "clapham").update(end="18:00"),
        ("error", "screenings.clapham.end", "ends at 18:00, not after its start"),
    ),
    "doors after start": (
        lambda d: s(d, "clapham").update(doors="19:15"),
        ("error", "screenings.clapham.doors", "doors open at 19:15, after the start"),
    ),
    "venue double-booked": (
        lambda d: s(d, "east-finchley").update(venue="clapham", date=dt.date(2027, 6, 28)),
        (
            "error",
            "screenings.east-finchley.venue",
            "venue clapham is already booked for clapham at an overlapping time",
        ),
    ),
    "speaker double-booked": (
        lambda d: s(d, "east-finchley").update(date=dt.date(2027, 6, 28), venue="ica"),
        (
            "error",
            "screenings.east-finchley.speakers",
            "amira is already at clapham at an overlapping time",
        ),
    ),
    "travel buffer": (
        lambda d: s(d, "east-finchley").update(date=dt.date(2027, 6, 28), start="22:00",
                                               doors="21:45", talk=20),
        (
            "warning",
            "screenings.east-finchley.speakers",
            "amira has 41 min to get from clapham (clapham) to east-finchley; "
            "the travel buffer is 120 min",
        ),
    ),
    "curfew": (
        lambda d: s(d, "clapham").update(talk=120),
        ("warning", "screenings.clapham.start",
         "ends at 22:39, after the venue's curfew of 22:30"),
    ),
    "over capacity": (
        lambda d: s(d, "clapham").update(audience=150),
        ("warning", "screenings.clapham.audience",
         "expected audience 150 is over the venue's capacity of 120"),
    ),
    "confirmed without licence": (
        lambda d: d["films"]["return-to-homs"].pop("licence_ref"),
        ("warning", "films.return-to-homs.licence_ref",
         "screening clapham is confirmed but the film has no screening-licence reference"),
    ),
    "speaker without email": (
        lambda d: d["speakers"]["talal"].pop("email"),
        ("warning", "speakers.talal.email", "no email: this speaker gets no invite"),
    ),
    "no speaker": (
        lambda d: s(d, "clapham").pop("speakers"),
        ("warning", "screenings.clapham.speakers", "no speaker for the talk"),
    ),
    "programme past planned end": (
        lambda d: s(d, "clapham").update(end="21:00"),
        ("warning", "screenings.clapham.end", "the programme runs to 21:19, past the planned end"),
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", CASES)
def test_check_trips(name):
    change, expected = CASES[name]
    assert expected in problems(change)


def test_unclassified_film_needs_28_days():
    def unclassified(d):
        d["films"]["return-to-homs"]["certificate"] = "Unclassified"

    soon = dt.date(2027, 6, 10)  # 17 days before the premiere
    found = problems(unclassified, today=soon)
    assert (
        "warning",
        "screenings.ica-premiere.date",
        "the film is unclassified and the screening is 17 days away: councils need at least "
        "28 days to classify it",
    ) in found
    assert problems(unclassified) == []  # seven months ahead is fine


def test_past_dates_are_flagged():
    found = problems(today=dt.date(2027, 6, 28))
    assert ("warning", "screenings.ica-premiere.date", "2027-06-27 is in the past") in found
    assert not any(w == "screenings.east-finchley.date" for _, w, _ in found)


def test_cancelled_screenings_do_not_block_their_slot():
    def rebook(d):
        s(d, "clapham")["status"] = "cancelled"
        s(d, "east-finchley").update(venue="clapham", date=dt.date(2027, 6, 28))

    assert [p for p in problems(rebook) if p[0] == "error"] == []


def test_travel_buffer_is_settable():
    def tight(d):
        s(d, "east-finchley").update(date=dt.date(2027, 6, 28), start="22:00", doors="21:45",
                                     talk=20)  # fmt: skip
        d["settings"]["travel_buffer"] = "30m"

    assert not any("travel buffer" in m for *_, m in problems(tight))


def test_an_evening_over_a_dst_change_keeps_its_length():
    def autumn(d):
        s(d, "clapham").update(date=dt.date(2027, 10, 31), start="00:30", doors="00:15")

    from screenkit.schedule import timing

    data = tomllib.loads(EXAMPLE.read_text())
    autumn(data)
    plan = validate_plan(data)
    t = timing(plan, plan.screenings["clapham"])
    utc = dt.UTC
    assert t.end.astimezone(utc) - t.start.astimezone(utc) == dt.timedelta(minutes=5 + 94 + 40)
    assert (t.end.hour, t.end.minute) == (1, 49)  # 01:49 GMT, after the clocks went back
    assert t.end.utcoffset() == dt.timedelta(0) and t.start.utcoffset() == dt.timedelta(hours=1)
