"""A problem's place is a path; consumers ask it questions instead of splitting strings."""

from screenkit.plan.problems import Problem


def test_place_is_written_as_the_plan_names_it():
    p = Problem("error", ("screenings", "clapham", "speakers", 1), "unknown speaker")
    assert p.where == "screenings.clapham.speakers[1]"
    assert p.as_dict() == {
        "severity": "error",
        "where": "screenings.clapham.speakers[1]",
        "message": "unknown speaker",
    }


def test_screening_and_field():
    p = Problem("warning", ("screenings", "a.b", "done", 2), "x")
    assert (p.screening, p.field) == ("a.b", "done")  # a dot in an id no longer misleads
    assert Problem("warning", ("films", "f", "fee"), "x").screening is None
    assert Problem("warning", ("films", "f", "fee"), "x").field == "fee"
    assert Problem("warning", ("screenings", "a"), "x").screening == "a"


def test_equal_on_severity_place_and_message_not_involves():
    a = Problem("error", ("screenings", "b", "venue"), "twice", ("a", "b"))
    b = Problem("error", ("screenings", "b", "venue"), "twice")
    assert a == b and hash(a) == hash(b) and len({a, b}) == 1
    assert a != Problem("error", ("screenings", "b", "speakers"), "twice")


def test_ordered_by_the_written_place_even_with_indexes():
    found = [
        Problem("warning", ("screenings", "a", "speakers", 1), "m"),
        Problem("warning", ("screenings", "a", "speakers"), "m"),
        Problem("error", ("screenings", "z"), "m"),
        Problem("warning", ("screenings", "a", "speakers", "x"), "m"),
    ]
    assert [p.where for p in sorted(found)] == [
        "screenings.z",
        "screenings.a.speakers",
        "screenings.a.speakers.x",
        "screenings.a.speakers[1]",
    ]
