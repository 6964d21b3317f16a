"""Three versions of a plan's data merged by record and field, delivery state by meaning."""

from __future__ import annotations

import datetime as dt

from screenkit.planfile.merging import MISSING, merge

BASE = {
    "settings": {"curfew": "23:00"},
    "screenings": {
        "a": {"film": "f", "venue": "v", "start": "19:00", "doors": "18:30", "done": ["x"]},
        "b": {"film": "f", "venue": "v", "start": "20:00"},
    },
}


def changed(**edits):
    import copy

    data = copy.deepcopy(BASE)
    for dotted, value in edits.items():
        *parents, last = dotted.split("__")
        node = data
        for part in parents:
            node = node.setdefault(part, {})
        if value is MISSING:
            node.pop(last, None)
        else:
            node[last] = value
    return data


def test_fields_changed_on_different_sides_both_come_through():
    ours = changed(screenings__a__start="19:30")
    theirs = changed(screenings__a__doors="18:45", settings__curfew="22:30")
    done = merge(BASE, ours, theirs)
    assert done.conflicts == []
    assert done.data["screenings"]["a"]["start"] == "19:30"
    assert done.data["screenings"]["a"]["doors"] == "18:45"
    assert done.data["settings"]["curfew"] == "22:30"


def test_a_field_changed_both_ways_is_a_conflict_holding_ours():
    done = merge(BASE, changed(screenings__a__start="19:30"), changed(screenings__a__start="20:15"))
    (c,) = done.conflicts
    assert (c.path, c.base, c.ours, c.theirs) == (("screenings", "a", "start"), "19:00", "19:30",
                                                   "20:15")  # fmt: skip
    assert done.data["screenings"]["a"]["start"] == "19:30"


def test_a_record_removed_on_one_side_and_changed_on_the_other_is_a_conflict():
    ours = changed()
    del ours["screenings"]["b"]
    done = merge(BASE, ours, changed(screenings__b__start="21:00"))
    (c,) = done.conflicts
    assert c.path == ("screenings", "b") and c.ours is MISSING


def test_ticks_made_on_both_sides_are_all_kept():
    done = merge(BASE, changed(screenings__a__done=["x", "y"]), changed(screenings__a__done=["z"]))
    assert done.data["screenings"]["a"]["done"] == ["y", "z"]  # x unticked by theirs


def stamp(day):
    return dt.datetime(2027, 6, day, 9, tzinfo=dt.UTC)


def test_calendar_records_merge_by_meaning_sequences_never_go_back():
    base = changed(screenings__a__calendar={"sequence": 1, "stamp": stamp(1), "digest": "d1",
                                            "sent": "s1"})  # fmt: skip
    ours = changed(
        screenings__a__start="19:30",
        screenings__a__calendar={
            "sequence": 2,
            "stamp": stamp(2),
            "digest": "d2",
            "sent": "s2",
            "sent_to": {"amira": {"sequence": 2, "digest": "d2", "method": "REQUEST"}},
        },
    )
    theirs = changed(screenings__a__calendar={
        "sequence": 1, "stamp": stamp(3), "digest": "d3", "sent": "s1",
        "sent_to": {"amira": {"sequence": 1, "digest": "d3", "method": "REQUEST"},
                    "sam": {"sequence": 1, "digest": "d3", "method": "REQUEST"}}})  # fmt: skip
    done = merge(base, ours, theirs)
    assert done.conflicts == []
    cal = done.data["screenings"]["a"]["calendar"]
    assert cal["sequence"] == 2 and cal["stamp"] == stamp(3)
    assert cal["sent_to"]["amira"]["sequence"] == 2  # the newer of the two
    assert cal["sent_to"]["sam"]["digest"] == "d3"  # only theirs sent to sam


def test_a_cancel_outranks_the_request_it_cancels():
    told = {"sequence": 2, "digest": "d", "method": "CANCEL"}
    held = {"sequence": 2, "digest": "d", "method": "REQUEST"}
    base = changed(screenings__a__calendar={"sequence": 1, "stamp": stamp(1)})
    ours = changed(screenings__a__calendar={"sequence": 2, "stamp": stamp(2),
                                            "sent_to": {"talal": told}})  # fmt: skip
    theirs = changed(screenings__a__calendar={"sequence": 2, "stamp": stamp(2),
                                              "sent_to": {"talal": held}})  # fmt: skip
    cal = merge(base, ours, theirs).data["screenings"]["a"]["calendar"]
    assert cal["sent_to"]["talal"]["method"] == "CANCEL"


def test_a_screening_removed_whose_other_side_changed_only_its_records_goes():
    ours = changed()
    del ours["screenings"]["b"]
    theirs = changed(screenings__b__calendar={"sequence": 0, "stamp": stamp(1)})
    done = merge(BASE, ours, theirs)
    assert done.conflicts == [] and "b" not in done.data["screenings"]


def test_what_each_volunteer_was_sent_merges_by_person_like_the_speakers():
    """Two clones each told a different volunteer of their job: both are kept, so neither
    is sent it again."""
    stamp = "2026-11-20T09:00:00Z"
    cal = {"sequence": 1, "stamp": stamp, "sent": "x", "digest": "d"}

    def told(vid):
        return {"sequence": 1, "digest": "c", "method": "REQUEST", "email": f"{vid}@example.org"}

    base = changed(screenings__a__calendar=dict(cal))
    ours = changed(screenings__a__calendar={**cal, "crew": {"alex": told("alex")}},
                   screenings__a__start="19:30")  # fmt: skip
    theirs = changed(screenings__a__calendar={**cal, "crew": {"bea": told("bea")}})
    done = merge(base, ours, theirs)
    assert done.conflicts == []
    assert set(done.data["screenings"]["a"]["calendar"]["crew"]) == {"alex", "bea"}
