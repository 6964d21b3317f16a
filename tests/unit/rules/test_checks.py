"""Each plan-level check: one case that trips it and the clean example that does not."""

import datetime as dt
import json
import tomllib

import pytest

from screenkit.plan.models import validate_plan
from screenkit.rules.checks import check
from tests.support.plans import EXAMPLE

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
        ("error", "screenings.clapham.film", "no film 'nope'; known: return-to-homs"),
    ),
    "unknown venue": (
        lambda d: s(d, "clapham").update(venue="nope"),
        (
            "error",
            "screenings.clapham.venue",
            "no venue 'nope'; known: clapham, east-finchley, ica",
        ),
    ),
    "unknown speaker": (
        lambda d: s(d, "clapham").update(speakers=["amira", "nobody"]),
        (
            "error",
            "screenings.clapham.speakers[1]",
            "no speaker 'nobody'; known: amira, sam, talal",
        ),
    ),
    "unknown host": (
        lambda d: s(d, "clapham").update(host="nobody"),
        ("error", "screenings.clapham.host", "no speaker 'nobody'; known: amira, sam, talal"),
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
            # a venue is booked from its doors
            "clapham is booked twice: clapham 18:30–21:19 and east-finchley 19:00–21:54 "
            "on 2027-06-28",
        ),
    ),
    "speaker double-booked": (
        lambda d: s(d, "east-finchley").update(date=dt.date(2027, 6, 28), venue="ica"),
        (
            "error",
            "screenings.east-finchley.speakers",
            "amira is booked twice: clapham 19:00–21:19 and east-finchley 19:30–21:54 "
            "on 2027-06-28",
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
    "volunteer with a speaker's id": (
        lambda d: (d.update(volunteers={"sam": {"name": "Sam Smith", "email": "s@example.org"}}),
                   s(d, "ica-premiere").update(rota={"door": "sam"})),
        ("warning", "screenings.ica-premiere.rota.door",
         "the volunteer sam (Sam Smith) has the id of this screening's host Sam Okafor, so "
         "`screenkit remind` reminds only the host; rename the volunteer "
         "(screenkit volunteer rename sam NEW-ID)"),
    ),
}  # fmt: skip


def test_a_volunteer_who_is_the_speaker_too_is_one_person():
    def same(d):
        d["volunteers"] = {"sam": {"name": "Sam Okafor", "email": "sam@example.org"}}
        s(d, "ica-premiere")["rota"] = {"door": "sam"}

    assert problems(same) == []


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

    from screenkit.rules.schedule import timing

    data = tomllib.loads(EXAMPLE.read_text())
    autumn(data)
    plan = validate_plan(data)
    t = timing(plan, plan.screenings["clapham"])
    utc = dt.UTC
    assert t.end.astimezone(utc) - t.start.astimezone(utc) == dt.timedelta(minutes=5 + 94 + 40)
    assert (t.end.hour, t.end.minute) == (1, 49)  # 01:49 GMT, after the clocks went back
    assert t.end.utcoffset() == dt.timedelta(0) and t.start.utcoffset() == dt.timedelta(hours=1)


# ── A venue's time zone must be one its country uses ─────────────────────────────────────


@pytest.mark.parametrize("zone", ["GMT", "UTC", "Etc/GMT", "Etc/GMT-1", "Europe/Paris"])
def test_a_zone_from_outside_the_country_is_flagged(zone):
    def wrong(d):
        d["venues"]["ica"]["timezone"] = zone

    assert (
        "warning",
        "venues.ica.timezone",
        f"{zone} is not a time zone of GB (Britain (UK)), which uses Europe/London",
    ) in problems(wrong)


@pytest.mark.parametrize(
    ("country", "zone"),
    [("GB", "Europe/Belfast"), ("US", "US/Eastern"), ("NO", "Europe/Berlin"), (None, "GMT")],
)
def test_aliases_and_shared_zones_pass(country, zone):
    """Links to a country's zone (Europe/Belfast names Europe/London) and zones tzdata says a
    country shares (Norway keeps Berlin's time) belong; without a country nothing is known."""

    def aliased(d):
        d["venues"]["ica"]["timezone"] = zone
        if country is None:
            d["venues"]["ica"].pop("country")
        else:
            d["venues"]["ica"]["country"] = country

    assert not [p for p in problems(aliased) if p[1] == "venues.ica.timezone"]


def test_another_countrys_own_zone_is_flagged_even_if_it_keeps_the_same_time():
    def sweden(d):
        d["venues"]["ica"].update(country="NO", timezone="Europe/Stockholm")

    assert (
        "warning",
        "venues.ica.timezone",
        "Europe/Stockholm is not a time zone of NO (Norway), which uses Europe/Oslo",
    ) in problems(sweden)


def test_a_country_with_many_zones_names_one_of_each_time():
    def london_in_the_us(d):
        d["venues"]["ica"]["country"] = "US"

    (message,) = [m for _, w, m in problems(london_in_the_us) if w == "venues.ica.timezone"]
    assert message.startswith(
        "Europe/London is not a time zone of US (United States), which uses America/New_York, "
        "America/Chicago, America/Denver"
    )
    assert "Pacific/Honolulu (and 21 more zones keeping the same time)" in message


# ── Morning times ────────────────────────────────────────────────────────────────────────

MORNING = {
    "start": (
        lambda d: s(d, "clapham").update(start="7:30", doors="07:00"),
        ("warning", "screenings.clapham.start", "starts at 07:30, in the morning; did you mean "
         "19:30? (if not, set [settings] earliest, now 10:00, to 07:30 or earlier)"),
    ),
    "doors": (
        lambda d: s(d, "clapham").update(start="7:30", doors="07:00"),
        ("warning", "screenings.clapham.doors", "doors open at 07:00, in the morning; did you "
         "mean 19:00? (if not, set [settings] earliest, now 10:00, to 07:00 or earlier)"),
    ),
    "small hours": (
        lambda d: s(d, "clapham").update(start="00:30", doors="00:15"),
        ("warning", "screenings.clapham.start", "starts at 00:30, in the small hours; did you "
         "mean 12:30? (if not, set [settings] earliest, now 10:00, to 00:30 or earlier)"),
    ),
    "afternoon before a late earliest": (
        lambda d: (s(d, "clapham").update(start="13:00", doors="12:45"),
                   d["settings"].update(earliest="14:00")),
        ("warning", "screenings.clapham.start",
         "starts at 13:00, before 14:00, the earliest set in [settings] earliest"),
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", MORNING)
def test_morning_times_are_questioned(name):
    change, expected = MORNING[name]
    assert expected in problems(change)


def test_the_plan_can_allow_morning_screenings():
    def school_morning(d):
        s(d, "clapham").update(start="09:30", doors="09:00")
        d["settings"]["earliest"] = "09:00"

    assert problems(school_morning) == []


# ── Clock changes ────────────────────────────────────────────────────────────────────────


def at(zone, date, start, doors=None, end=None, country=None):
    """Clapham moved to `zone` on `date`, starting at `start`."""

    def change(d):
        d["venues"]["clapham"].update(timezone=zone, country=country or "GB")
        d["settings"]["earliest"] = "00:00"  # the small hours are meant here
        screening = s(d, "clapham")
        screening.update(date=date, start=start)
        screening.pop("doors")
        if doors:
            screening["doors"] = doors
        if end:
            screening["end"] = end

    return change


LONDON, NEW_YORK = "Europe/London", "America/New_York"
SPRING_UK, AUTUMN_UK = dt.date(2027, 3, 28), dt.date(2027, 10, 31)
SPRING_US, AUTUMN_US = dt.date(2027, 3, 14), dt.date(2027, 11, 7)

CLOCKS = {
    "London, skipped start": (
        at(LONDON, SPRING_UK, "01:30"),
        ("warning", "screenings.clapham.start", "01:30 does not exist on 2027-03-28 in "
         "Europe/London: clocks go forward from 01:00 to 02:00; screenkit reads it as 02:30"),
    ),
    "London, repeated start": (
        at(LONDON, AUTUMN_UK, "01:30"),
        ("warning", "screenings.clapham.start", "01:30 happens twice on 2027-10-31 in "
         "Europe/London: clocks go back from 02:00 to 01:00; screenkit uses the first 01:30 "
         "(BST, UTC+01:00), and invites carry that exact instant"),
    ),
    "New York, skipped start": (
        at(NEW_YORK, SPRING_US, "02:30", country="US"),
        ("warning", "screenings.clapham.start", "02:30 does not exist on 2027-03-14 in "
         "America/New_York: clocks go forward from 02:00 to 03:00; screenkit reads it as 03:30"),
    ),
    "New York, repeated start": (
        at(NEW_YORK, AUTUMN_US, "01:30", country="US"),
        ("warning", "screenings.clapham.start", "01:30 happens twice on 2027-11-07 in "
         "America/New_York: clocks go back from 02:00 to 01:00; screenkit uses the first 01:30 "
         "(EDT, UTC-04:00), and invites carry that exact instant"),
    ),
    "London, repeated doors": (
        at(LONDON, AUTUMN_UK, "02:00", doors="01:40"),
        ("warning", "screenings.clapham.doors", "01:40 happens twice on 2027-10-31 in "
         "Europe/London: clocks go back from 02:00 to 01:00; screenkit uses the first 01:40 "
         "(BST, UTC+01:00)"),
    ),
    "New York, skipped end": (
        at(NEW_YORK, SPRING_US, "00:00", end="02:45", country="US"),
        ("warning", "screenings.clapham.end", "02:45 does not exist on 2027-03-14 in "
         "America/New_York: clocks go forward from 02:00 to 03:00; screenkit reads it as 03:45"),
    ),
}  # fmt: skip

# The same nights, at times that exist once: nothing to say.
CLOCKS_FINE = {
    "London, spring": at(LONDON, SPRING_UK, "02:30"),
    "London, autumn": at(LONDON, AUTUMN_UK, "02:00"),
    "New York, spring": at(NEW_YORK, SPRING_US, "01:30", country="US"),  # 01:30 exists there
    "New York, autumn": at(NEW_YORK, AUTUMN_US, "02:30", doors="02:00", country="US"),
    "London, evening": at(LONDON, AUTUMN_UK, "19:00", doors="18:30", end="22:30"),
}


@pytest.mark.parametrize("name", CLOCKS)
def test_times_a_clock_change_skips_or_repeats_are_explained(name):
    change, expected = CLOCKS[name]
    assert expected in problems(change)


@pytest.mark.parametrize("name", CLOCKS_FINE)
def test_times_that_happen_once_are_fine(name):
    assert problems(CLOCKS_FINE[name]) == []


def test_an_evening_that_runs_into_the_repeated_hour_is_not_a_mistake():
    # 00:30 BST + 139 min ends at the second 01:49 (GMT): exact, explained on the sheet.
    assert problems(at(LONDON, AUTUMN_UK, "00:30")) == []


# ── Double bookings name both screenings ──────────────────────────────────────────────────


def test_double_bookings_list_the_screenings_involved():
    def clash(d):
        s(d, "east-finchley").update(venue="clapham", date=dt.date(2027, 6, 28))

    data = tomllib.loads(EXAMPLE.read_text())
    clash(data)
    found = [p for p in check(validate_plan(data), TODAY) if p.severity == "error"]
    assert {p.involves for p in found} == {("clapham", "east-finchley")}
    assert {tuple(p.as_dict()) for p in found} == {("severity", "where", "message")}


def test_double_bookings_across_zones_give_each_its_own_time():
    def new_york(d):
        d["venues"]["east-finchley"].update(timezone=NEW_YORK, country="US")
        s(d, "east-finchley").update(date=dt.date(2027, 6, 27), start="14:00", doors="13:30")

    assert (
        "error",
        "screenings.east-finchley.speakers",
        "amira is booked twice: ica-premiere 18:30–20:54 (Europe/London) and east-finchley "
        "14:00–16:24 (America/New_York) on 2027-06-27",
    ) in problems(new_york)


def test_double_bookings_over_midnight_give_each_date():
    def late(d):
        s(d, "clapham").update(date=dt.date(2027, 6, 27), start="22:00", doors="21:45")
        s(d, "east-finchley").update(date=dt.date(2027, 6, 28), start="00:15", doors="00:00")
        d["settings"]["earliest"] = "00:00"

    found = problems(late)
    assert (
        "error",
        "screenings.east-finchley.speakers",
        "amira is booked twice: clapham 22:00–00:19 on 2027-06-27 and east-finchley "
        "00:15–02:39 on 2027-06-28",
    ) in found


# ── Ticks that name no task ───────────────────────────────────────────────────────────────


def test_ticks_that_name_no_task_are_flagged():
    def ticks(d):
        s(d, "clapham")["done"] = ["licence", "licnce", "need-amira-1"]

    found = problems(ticks)
    assert (
        "warning",
        "screenings.clapham.done[1]",
        "'licnce' is not one of this screening's tasks",
    ) in found
    assert (
        "warning",
        "screenings.clapham.done[2]",
        "'need-amira-1' is not one of this screening's tasks: need tasks are named after the "
        "need now (need-amira-handheld-mic, need-amira-step-free-route)",
    ) in found
    assert not any(w == "screenings.clapham.done[0]" for _, w, _ in found)


# ── A change is checked within what it touched (a plan session) ──────────────────────────────


def _shared(old, new):
    """`new` sharing every record equal to `old`'s, as a change leaves the data."""
    for key, value in new.items():
        if value == old.get(key):
            new[key] = old[key]
        elif isinstance(value, dict) and isinstance(old.get(key), dict):
            for rid, record in value.items():
                if record == old[key].get(rid):
                    value[rid] = old[key][rid]
    return new


@pytest.mark.parametrize("name", CASES)
def test_every_problem_a_change_makes_is_found_within_its_scope(name):
    import copy

    from screenkit.plan.models import changed_records, revalidate
    from screenkit.rules.checks import scope

    change, expected = CASES[name]
    data = tomllib.loads(EXAMPLE.read_text())
    new = copy.deepcopy(data)
    change(new)
    new = _shared(data, new)
    before = validate_plan(data)
    changed = changed_records(data, new)
    after = revalidate(before, new, changed)
    within = scope(before, after, changed)
    found = {(p.severity, p.where, p.message) for p in check(after, TODAY, within)}
    assert expected in found


def test_a_scope_holds_the_evenings_sharing_a_venue_or_a_person():
    from screenkit.rules.checks import Scope

    data = tomllib.loads(EXAMPLE.read_text())
    s(data, "east-finchley").update(venue="clapham", date=dt.date(2027, 6, 28))  # clash
    s(data, "ica-premiere").update(end="18:00")  # a problem elsewhere
    plan = validate_plan(data)
    within = Scope(frozenset({"east-finchley"}), frozenset({"clapham"}), frozenset({"amira"}))
    found = {p.where for p in check(plan, TODAY, within)}
    assert "screenings.east-finchley.venue" in found  # booked twice with clapham, untouched
    assert "screenings.ica-premiere.end" not in found  # not this change's business
    assert "screenings.ica-premiere.end" in {p.where for p in check(plan, TODAY)}


def test_a_change_to_the_settings_is_checked_everywhere():
    from screenkit.plan.models import changed_records, revalidate
    from screenkit.rules.checks import scope

    data = tomllib.loads(EXAMPLE.read_text())
    new = {**data, "settings": {**data.get("settings", {}), "travel_buffer": 300}}
    before = validate_plan(data)
    changed = changed_records(data, new)
    assert scope(before, revalidate(before, new, changed), changed) is None


def test_what_an_export_records_is_outside_every_checks_reach():
    """The first export writes a calendar record into every screening; none is re-checked."""
    from screenkit.plan.models import changed_records, revalidate
    from screenkit.rules.checks import scope

    data = tomllib.loads(EXAMPLE.read_text())
    clapham = {**s(data, "clapham"), "calendar": {**s(data, "clapham")["calendar"], "sequence": 7}}
    new = {**data, "screenings": {**data["screenings"], "clapham": clapham}}
    before = validate_plan(data)
    changed = changed_records(data, new)
    assert changed == {"screenings": {"clapham"}}
    within = scope(before, revalidate(before, new, changed), changed)
    assert within is not None and within.screenings == frozenset()


def _slot(start: str, end: str, sid: str):
    day = "2027-06-27T"
    return (dt.datetime.fromisoformat(day + start), dt.datetime.fromisoformat(day + end), sid)


def test_a_clash_behind_a_longer_evening_is_found():
    from screenkit.rules.checks import _overlaps

    slots = [_slot("18:00", "20:24", "a"), _slot("18:30", "23:00", "x"),
             _slot("20:00", "22:24", "b")]  # fmt: skip
    pairs = {(first[2], second[2]) for first, second in _overlaps(slots)}
    assert pairs == {("a", "x"), ("a", "b"), ("x", "b")}  # a/b was hidden behind x


def test_a_thousand_bookings_of_one_evening_name_a_few_clashes_each():
    from screenkit.rules.checks import CLASHES_NAMED, _overlaps

    slots = [_slot("19:00", "21:00", f"s{k:04d}") for k in range(1000)]
    pairs = list(_overlaps(slots))
    assert len(pairs) == sum(min(k, CLASHES_NAMED) for k in range(1000))
    assert {second[2] for _, second in pairs} == {f"s{k:04d}" for k in range(1, 1000)}


def test_two_people_on_one_screening_may_not_share_an_address(run, example):
    """Invitations would go to one inbox, and an answer from it could be either's: the
    answer used to land on whichever of them came last."""
    before = example.read_bytes()
    result = run("speaker", "update", "sam", "--email", "AMIRA@example.org")
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines() == [  # one line per screening they share
        f"error: screenings.{sid}.speakers: amira and sam share the address AMIRA@example.org; "
        "give each person their own (an answer from it could be either's)"
        for sid in ("east-finchley", "ica-premiere")
    ]
    assert example.read_bytes() == before
    text = example.read_text().replace('"sam@example.org"', '"Amira@Example.org"')
    example.write_text(text)  # by hand: check says so, and send leaves that screening out
    check = run("check", "--json")
    assert check.exit_code == 1
    assert {(p["where"], p["message"].split(";")[0]) for p in json.loads(check.stdout)} >= {
        (f"screenings.{sid}.speakers", "amira and sam share the address Amira@Example.org")
        for sid in ("east-finchley", "ica-premiere")
    }
