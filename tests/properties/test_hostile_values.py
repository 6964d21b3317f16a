"""Hostile values through every entry point: the plan file (models), the value parsers, and
imports. Each must end in a clear ValueError, PlanError or InputError naming the field (or the
row and column), never in another exception; and the extremes that are allowed must work
all the way to the exports."""

from __future__ import annotations

import copy
import datetime as dt
import json
import math
import tomllib
from collections.abc import Callable
from typing import Any

import pytest

from screenkit.calendars import ical
from screenkit.documents import checklist
from screenkit.edits import importing
from screenkit.errors import InputError, PlanError
from screenkit.plan import problems, values
from screenkit.plan.models import validate_plan
from screenkit.rules import checks, people, tasks
from screenkit.usecases import shapes
from tests.support.plans import EXAMPLE

TODAY = dt.date(2026, 11, 25)

# Values of every kind a TOML file, a JSON file or a script can hold.
HOSTILE: list[Any] = [
    None, True, False, 0, -1, 2**63, 10**30, 10**5000, -(10**5000), 1.5, -0.0, 1e308,
    float("nan"), float("inf"), float("-inf"), "", " ", "\t", "\n", "\x00", "\x1b[31m", "\x7f",
    "\x85", "\u2028", "\ud800", "\ufeff", "\u202e", "９", "٣", "9" * 25, "9" * 5000, "x" * 100_000,
    "-", "+", "1e5", "nan", "inf", "0x1F", "1_000", "2027-02-30", "9999-12-31", "24:00",
    "+99999999999w", "9999999999h", "ünïcödé", "🎬", [], [1], ["a", None], {}, {"a": {"b": 1}},
    dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.datetime(2027, 1, 1, tzinfo=dt.UTC),
    dt.time(19, 30, tzinfo=dt.UTC), dt.time(0, 0),
]  # fmt: skip

PARSERS: dict[str, Callable[[Any], Any]] = {
    "check_id": values.check_id,
    "check_line": values.check_line,
    "check_name": values.check_name,
    "check_paragraph": values.check_paragraph,
    "check_address": values.check_address,
    "parse_clock": values.parse_clock,
    "parse_duration": values.parse_duration,
    "parse_due": values.parse_due,
    "parse_date": values.parse_date,
    "whole_number": lambda v: values.whole_number(v, 1, 1440),
    "whole_number (unbounded)": values.whole_number,
    "number": lambda v: values.number(v, -90, 90),
    "check_flag": values.check_flag,
    "check_email": values.check_email,
    "check_email quick": lambda v: values.check_email(v, quick=True),
    "check_phone": values.check_phone,
    "check_phone quick": lambda v: values.check_phone(v, quick=True),
    "normal_email": values.normal_email,
    "normal_phone": values.normal_phone,
    "check_timezone": values.check_timezone,
    "check_country": values.check_country,
    "auto_id": lambda v: values.auto_id(v, dt.date(2027, 6, 27)) if isinstance(v, str) else "",
    "show": values.show,
}


@pytest.mark.parametrize("name", PARSERS)
def test_every_parser_answers_every_value_with_a_value_or_a_value_error(name):
    parse = PARSERS[name]
    for value in HOSTILE:
        try:
            parse(value)
        except ValueError as exc:
            message = str(exc)
            assert message and len(message) < 400, (value, message)
            assert "Traceback" not in message and "sys.set_int_max_str_digits" not in message


def example() -> dict[str, Any]:
    return tomllib.loads(EXAMPLE.read_text())


# (where in the plan, the value): each must be refused with a message naming that place.
PLAN_CASES: list[tuple[str, Any]] = [
    ("films.return-to-homs.runtime", True),
    ("films.return-to-homs.runtime", 0),
    ("films.return-to-homs.runtime", 1441),
    ("films.return-to-homs.runtime", 10**5000),
    ("films.return-to-homs.runtime", 94.5),
    ("films.return-to-homs.runtime", float("nan")),
    ("films.return-to-homs.runtime", "ninety"),
    ("films.return-to-homs.runtime", "9" * 5000),
    ("films.return-to-homs.year", 1877),
    ("films.return-to-homs.year", 2101),
    ("films.return-to-homs.title", ""),
    ("films.return-to-homs.title", "   "),
    ("films.return-to-homs.title", "Return\nto Homs"),
    ("films.return-to-homs.title", "x" * 100_000),
    ("films.return-to-homs.certificate", "15\x00"),
    ("films.return-to-homs.certificate", 15),
    ("films.return-to-homs.notes", "\x1b]0;pwned\x07"),
    ("films.return-to-homs.notes", "x" * 10_001),
    ("venues.ica.capacity", 0),
    ("venues.ica.capacity", 1_000_001),
    ("venues.ica.capacity", False),
    ("venues.ica.access.wheelchair_spaces", -1),
    ("venues.ica.access.wheelchair_spaces", 10_001),
    ("venues.ica.access.step_free", "yes"),
    ("venues.ica.access.step_free", 1),
    ("venues.ica.lat", float("nan")),
    ("venues.ica.lat", float("inf")),
    ("venues.ica.lat", 90.0001),
    ("venues.ica.lon", -180.5),
    ("venues.ica.lat", True),
    ("venues.ica.name", "ICA\r"),
    ("venues.ica.postcode", "SW1Y\n5AH"),
    ("venues.ica.address", ""),
    ("venues.ica.address", "The Mall\x0b"),
    ("venues.ica.address", "x" * 1_001),
    ("venues.ica.timezone", "Europe/London\n"),
    ("venues.ica.timezone", "x" * 10_000),
    ("venues.ica.timezone", "\x00"),
    ("venues.ica.country", "gb"),
    ("venues.ica.contact.name", "Duty\u2028manager"),
    ("venues.ica.contact.email", "box@ica.org.uk\n"),
    ("venues.ica.contact.email", "x" * 600 + "@example.org"),
    ("venues.ica.contact.phone", "+44 20 7930 3647\x00"),
    ("venues.ica.contact.phone", "020 7930 3647"),
    ("venues.ica.curfew", "25:00"),
    ("speakers.amira.name", "Amira\nHaddad"),
    ("speakers.amira.name", "\u0085"),
    ("speakers.amira.role", "\ud83c"),
    ("speakers.amira.needs", "handheld mic"),
    ("speakers.amira.needs", ["mic", ""]),
    ("speakers.amira.needs", ["mic\nstand"]),
    ("speakers.amira.bio", "line\rbreak"),
    ("screenings.clapham.date", dt.date(9999, 12, 31)),
    ("screenings.clapham.date", dt.date(1, 1, 1)),
    ("screenings.clapham.date", dt.date(1899, 12, 31)),
    ("screenings.clapham.date", dt.date(2201, 1, 1)),
    ("screenings.clapham.date", "2027-02-30"),
    ("screenings.clapham.date", 20280301),
    ("screenings.clapham.date", dt.datetime(2027, 6, 27, 19, 0)),
    ("screenings.clapham.start", "19:30\n"),
    ("screenings.clapham.start", dt.time(19, 30, tzinfo=dt.UTC)),
    ("screenings.clapham.start", 1930),
    ("screenings.clapham.intro", 601),
    ("screenings.clapham.intro", "99999999999999999999999h"),
    ("screenings.clapham.intro", -1),
    ("screenings.clapham.talk", True),
    ("screenings.clapham.talk", 1e300),
    ("screenings.clapham.audience", True),
    ("screenings.clapham.audience", 0),
    ("screenings.clapham.audience", 10**30),
    ("screenings.clapham.speakers", "amira"),
    ("screenings.clapham.speakers", ["amira", "Not OK"]),
    ("screenings.clapham.uid", "uid\nX-INJECTED:1"),
    ("screenings.clapham.notes", "\x00"),
    ("screenings.clapham.done", ["licence\n"]),
    ("screenings.clapham.status", ["confirmed"]),
    ("settings.travel_buffer", "9999999999h"),
    ("settings.travel_buffer", 2881),
    ("settings.travel_buffer", True),
    ("settings.intro", "11h"),
    ("settings.curfew", "23:60"),
    ("organiser.name", "Tour\nTeam"),
    ("organiser.name", ""),
    ("organiser.email", "tour@example.org\r\nBcc: x@example.org"),
    ("checklist.replace", "yes"),
    ("checklist.tasks", [{"id": "far", "text": "Far", "due": "+99999999999w"}]),
    ("checklist.tasks", [{"id": "far", "text": "Far", "due": "-524w"}]),
    ("checklist.tasks", [{"id": "x", "text": "Two\nlines", "due": "-1d"}]),
    ("checklist.tasks", [{"id": "x", "text": "X", "due": 5}]),
]


def _put(data: dict[str, Any], where: str, value: Any) -> None:
    *parents, last = where.split(".")
    for part in parents:
        data = data.setdefault(part, {})
    data[last] = value


@pytest.mark.parametrize(("where", "value"), PLAN_CASES, ids=[w for w, _ in PLAN_CASES])
@pytest.mark.parametrize("quick", [False, True], ids=["full", "quick"])
def test_a_hostile_value_in_the_plan_is_named(where, value, quick):
    data = example()
    _put(data, where, copy.deepcopy(value))
    try:
        validate_plan(data, quick=quick)
    except PlanError as exc:
        lines = exc.lines
    else:  # a quick read checks emails, phones and countries by their shape only
        assert quick and where.endswith(("email", "phone", "country")), "accepted"
        return
    assert any(line.startswith(f"{where}") for line in lines), lines
    for line in lines:
        assert ": " in line and len(line) < 400, line
        assert "\n" not in line and "\x00" not in line and "\x1b" not in line, line


def _everything(plan: Any) -> None:
    """What the commands make from a valid plan: checks, tasks, listings and every export."""
    checks.check(plan, TODAY)
    tasks.open_tasks(plan, TODAY)
    for sid in plan.screenings:
        shapes.describe(plan, sid)
        invitees = [plan.speakers[p] for p in people.invited(plan, sid)]
        if plan.organiser and plan.organiser.email and all(p.email for p in invitees):
            ical.invite(plan, sid)
        for fmt in ("html", "md", "txt"):
            checklist.render(plan, sid, fmt)
    ical.feed(plan)
    for pid in plan.speakers:
        ical.speaker_calendar(plan, pid)


@pytest.mark.parametrize("day", [values.FIRST_DATE, values.LAST_DATE])
def test_the_extremes_that_are_allowed_work_all_the_way_to_the_exports(day):
    data = example()
    data["settings"] = {"travel_buffer": "48h", "intro": 600, "talk": "10h", "curfew": "0:00"}
    data["films"]["return-to-homs"]["runtime"] = 1440
    data["checklist"] = {"tasks": [
        {"id": "early", "text": "Early", "due": "-523w"},
        {"id": "late", "text": "Late", "due": "+3660d"},
        {"id": "work", "text": "Work", "due": "+2610 working days"},
    ]}  # fmt: skip
    for screening in data["screenings"].values():
        screening.update(date=day, start="23:59", audience=1_000_000)
        screening.pop("end", None)
        screening.pop("doors", None)
    data["venues"]["ica"].update(capacity=1_000_000, lat=-90, lon=180)
    data["speakers"]["amira"]["name"] = "ا" * values.LINE_MAX
    _everything(validate_plan(data))


# -- imports ----------------------------------------------------------------------------------
ROW = {"film": "homs", "film_title": "Return to Homs", "film_runtime": 94, "venue": "hall",
       "venue_name": "Hall", "venue_address": "1 Road", "venue_timezone": "Europe/London",
       "date": "2027-07-01", "start": "19:00", "speakers": ["jo"], "speaker_name": "Jo",
       }  # fmt: skip
JSON_HOSTILE: list[Any] = [
    True, False, 0, -1, 10**30, 1.5, 1e308, float("nan"), float("inf"), "", " ", "\n", "\x00",
    "\x1b[31m", "\ud800", "9" * 25, "x" * 70_000, "2027-02-30", "24:00", "yes", [], [1],
    ["a", None], {}, {"a": {"b": 1}}, [[[[["deep"]]]]],
]  # fmt: skip


def _import(rows: list[dict[str, Any]], raw: bytes | None = None) -> list[str]:
    """The lines an import into the example plan would fail with ([] if it would succeed),
    as a plan session works it out, without the file."""
    if raw is None:
        raw = json.dumps(rows, allow_nan=True).encode("utf-8", "surrogatepass")
    try:
        parsed = importing.read(raw, "json", "tour.json")
        job = importing.Import(parsed, "error", lambda: "uid-1")
        data, _ = job(example(), None)

        def explain(fields: Any) -> Exception:
            return job.failure(fields, []) or InputError("the plan is not valid")

        plan = validate_plan(data, describe=explain)
        failure = job.failure([], problems.errors(checks.check(plan, TODAY)))
    except InputError as exc:
        return exc.lines
    return failure.lines if failure else []


@pytest.mark.parametrize("column", [c for c in importing.COLUMNS if c not in ("speakers",)])
def test_a_hostile_cell_in_an_import_is_named_by_row_and_column(column):
    for value in JSON_HOSTILE:
        lines = _import([{**ROW, column: value}])
        if not lines:
            continue  # imported: the value was fine there (an empty cell, text in notes …)
        assert lines[0] == "nothing was imported", (value, lines)
        # The cell, or (for a problem across fields: lat without lon, an unknown host) the
        # row and the field.
        named = [line for line in lines if line.startswith(("row 1, column ", "row 1"))]
        assert len(named) == len(lines) - 1, (column, value, lines)
        assert all(len(line) < 400 for line in lines), lines


def test_speakers_of_every_shape():
    for value in [5, True, {"a": 1}, [5], [["sam"]], [None], "Sam Okafor", "\x00"]:
        lines = _import([{**ROW, "speakers": value}])
        assert lines and lines[1].startswith("row 1, column speakers: "), (value, lines)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"[" * 50_000 + b"]" * 50_000, "tour.json: nested too deeply"),
        (b'[{"audience": ' + b"9" * 5000 + b"}]", "tour.json: holds a number with 5,000 digits"),
        (b'[{"audience": -' + b"9" * 5000 + b"}]", "tour.json: holds a number with 5,000 digits"),
        (b"\xff\xfe", "tour.json: not UTF-8 text"),
        (b'{"film": "homs"', "tour.json: not valid JSON"),
        (b"5", "tour.json: expected a list of screenings"),
        (b'[{"film": 1}, 2]', "tour.json: expected a list of screenings"),
        (b'[{"colour": "red"}]', "tour.json: unknown column(s) colour"),
    ],
)
def test_a_hostile_import_file_is_one_error_naming_it(raw, message):
    lines = _import([], raw)
    assert len(lines) == 1 and lines[0].startswith(message), lines


def test_nan_and_infinity_in_json_are_named():
    row = json.dumps({**ROW, "audience": math.nan, "venue_lat": math.inf, "venue_lon": 0})
    assert "NaN" in row and "Infinity" in row  # as Python's json writes them, and reads them
    lines = _import([], f"[{row}]".encode())
    assert "row 1, column audience: nan is not a whole number; use 1 to 1,000,000" in lines
    assert "row 1, column venue_lat: inf is out of range; use -90 to 90" in lines


def test_numbers_are_shown_briefly_in_every_message():
    assert values.show(10**5000) == "a number with hundreds of digits"
    assert values.show(-(10**30)) == "a 31-digit number"
    assert values.show(float("nan")) == "nan" and not math.isfinite(float("inf"))
    assert values.show("x" * 1000).endswith("…'") and len(values.show("x" * 1000)) < 70


# -- the same rules behind the command-line flags -----------------------------------------------
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["speaker", "add", "sam2", "--name", "Sam\nOkafor", "--email", "s@example.org"],
         "error: speakers.sam2.name: contains a line break; use one line"),
        (["init", "--organiser", "Tour\x1bTeam", "--email", "t@example.org", "--force"],
         "error: organiser.name: contains a control character (U+001B); remove it"),
        (["film", "add", "f", "--title", "F", "--runtime", "99999999999999999999"],
         "error: films.f.runtime: a 20-digit number is out of range; use 1 to 1440 minutes"),
        (["venue", "add", "v", "--name", "V", "--address", "1 Road", "--timezone", "UTC",
          "--lat", "nan", "--lon", "0"], "error: venues.v.lat: 'nan' is not a number"),
        (["new", "--film", "homs", "--venue", "ica", "--date", "9999-12-31", "--start", "19:00"],
         "error: --date: '9999-12-31' is out of range; use a date from 1900-01-01 to 2200-12-31"),
        (["new", "--film", "homs", "--venue", "ica", "--date", "2027-02-30", "--start", "19:00"],
         "error: --date: '2027-02-30' is not a date: February 2027 has 28 days"),
        (["new", "--film", "homs", "--venue", "ica", "--date", "2027-06-27", "--start", "19:00",
          "--talk", "601"], "error: screenings.ica-2027-06-27.talk: 601 is too long; at most 600"),
    ],
)  # fmt: skip
def test_hostile_flags_are_named(run, basic, args, message):
    before = basic.read_bytes()
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(message), result.stderr
    assert basic.read_bytes() == before


def test_what_full_checks_accept_quick_reads_accept(run, basic):
    phones = [
        "+44 20 7946 0101 x5", "+44 20 7946 0101 ext 5", "+44 20 7946 0101#5",
        "+44 20 7946 0101;ext=5", "+44/20/7946/0101", "＋４４ ２０ ７９４６ ０１０１",
    ]  # fmt: skip
    emails = ["a@example。org", "b@exa．mple.org", "ñ@例え.jp"]
    for n, (phone, email) in enumerate(zip(phones, emails * 2, strict=True)):
        added = run("speaker", "add", f"p{n}", "--name", "P", "--email", email, "--phone", phone)
        assert added.exit_code == 0, added.output
    run("new", "--film", "homs", "--venue", "ica", "--date", "2027-06-27", "--start", "19:00",
        "--speaker", "p0", "--speaker", "p5")  # fmt: skip
    for command in (["check"], ["list"], ["show", "ica-2027-06-27"], ["tasks"]):
        result = run(*command)
        assert result.exit_code == 0, (command, result.output)
