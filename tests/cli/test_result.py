"""`screenkit result`, and results in list, show, tasks and import."""

import json
import shutil
import tomllib

import pytest

from screenkit.errors import ExitCode
from tests.support.plans import ROOT

AFTER = ROOT / "examples" / "after-the-tour.toml"


@pytest.fixture
def toured(plan_path):
    """The after-the-tour example: held screenings with results, as of the pinned clock."""
    shutil.copy(AFTER, plan_path)
    return plan_path


def plan(path):
    return tomllib.loads(path.read_text())


def test_a_result_is_stored_with_exact_amounts(run, toured):
    toured.write_text(toured.read_text().replace(
        "[screenings.lexi.result]\nattendance = 31\ntakings = \"180.00\"\ndonations = \"40.00\"\n"
        "signups = 6\nfeedback = 12\nrating = 4.2\n", ""))  # fmt: skip
    before = toured.read_text()
    result = run("result", "lexi", "--attendance", "62", "--paid", "40", "--concessions", "20",
                 "--free", "2", "--takings", "1,234.5", "--donations", "56", "--signups", "9",
                 "--feedback", "20", "--rating", "4.35", "--notes", "Full house")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stderr == "recorded the result of lexi\n"
    assert plan(toured)["screenings"]["lexi"]["result"] == {
        "attendance": 62, "paid": 40, "concessions": 20, "free": 2, "takings": "1234.50",
        "donations": "56.00", "signups": 9, "feedback": 20, "rating": 4.35,
        "notes": "Full house",
    }  # fmt: skip
    text = toured.read_text()
    assert text.startswith(before.split("[screenings.lexi]")[0])  # the rest kept byte for byte
    assert 'takings = "1234.50"' in text


def test_options_given_replace_those_recorded_and_the_rest_stay(run, toured):
    assert run("result", "clapham", "--donations", "101.10").exit_code == 0
    r = plan(toured)["screenings"]["clapham"]["result"]
    assert (r["donations"], r["takings"], r["attendance"]) == ("101.10", "412.50", 97)


def test_clear_removes_the_result(run, toured):
    result = run("result", "lexi", "--clear")
    assert result.exit_code == 0 and result.stderr.endswith("removed the result of lexi\n")
    assert "lexi.result: held 6 days ago and no result recorded" in result.stderr
    assert "result" not in plan(toured)["screenings"]["lexi"]
    assert run("result", "lexi", "--clear").stderr == "lexi had no result\n"


def test_attendance_over_capacity_is_a_warning(run, toured):
    result = run("result", "lexi", "--attendance", "95")
    assert result.exit_code == 0
    assert (
        "warning: screenings.lexi.result.attendance: attendance 95 is over the venue's "
        "capacity of 80" in result.stderr
    )


HOSTILE = {
    "negative attendance": (["lexi", "--attendance", "-5"],
                            "screenings.lexi.result.attendance: -5 is less than 0; use 0 or "
                            "more"),
    "huge attendance": (["lexi", "--attendance", "99999999999"], "; use 1000000 or less"),
    "attendance not a number": (["lexi", "--attendance", "NaN"], "give a whole number"),
    "negative takings": (["lexi", "--takings", "-10"], "screenings.lexi.result.takings: '-10' "
                         "is not an amount"),
    "huge takings": (["lexi", "--takings", "1e999"], "'1e999' is not an amount"),
    "takings NaN": (["lexi", "--takings", "NaN"], "'NaN' is not an amount"),
    "takings too big": (["lexi", "--takings", "999999999999"], "over the limit"),
    "half pennies": (["lexi", "--takings", "10.125"], "more decimal places than GBP has (2)"),
    "donations infinite": (["lexi", "--donations", "inf"], "'inf' is not an amount"),
    "rating 0": (["lexi", "--rating", "0"], "screenings.lexi.result.rating: '0' is not a "
                 "rating from 1 to 5"),
    "rating 6": (["lexi", "--rating", "6"], "'6' is not a rating from 1 to 5"),
    "rating NaN": (["lexi", "--rating", "NaN"], "'NaN' is not a rating"),
    "cancelled": (["east-finchley", "--attendance", "10"],
                  "screenings.east-finchley: cancelled, so it has no result"),
    "unknown id": (["nope", "--attendance", "10"], "screenings.nope: no screening 'nope'"),
    "kinds do not add up": (["clapham", "--free", "60"], "but the attendance is 97"),
    "nothing given": (["lexi"], "give what happened"),
    "clear and values": (["lexi", "--clear", "--attendance", "3"], "--clear removes"),
}  # fmt: skip


@pytest.mark.parametrize("case", HOSTILE)
def test_hostile_input_is_one_error_and_leaves_the_plan(run, toured, case):
    args, message = HOSTILE[case]
    before = toured.read_bytes()
    result = run("result", *args)
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert message in lines[0]
    assert toured.read_bytes() == before


def test_a_future_screening_has_no_result_yet(run, example):
    before = example.read_bytes()
    result = run("result", "ica-premiere", "--attendance", "170")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: screenings.ica-premiere: on 2027-06-27, still ahead; record its result once it "
        "has happened\n"
    )
    assert example.read_bytes() == before


def test_a_first_result_needs_the_attendance(run, toured):
    run("result", "lexi", "--clear")
    result = run("result", "lexi", "--takings", "10")
    assert (result.exit_code, result.stderr) == (
        2,
        "error: screenings.lexi.result: a first result needs --attendance N\n",
    )


def test_list_and_show_tell_the_outcome(run, toured):
    listed = json.loads(run("list", "--json").stdout)
    by_id = {s["id"]: s for s in listed}
    assert by_id["clapham"]["held"] is True and by_id["clapham"]["status"] == "confirmed"
    assert by_id["east-finchley"]["held"] is False and by_id["east-finchley"]["result"] is None
    assert by_id["clapham"]["result"] == {
        "attendance": 97, "paid": 45, "concessions": 30, "free": 22, "takings": "412.50",
        "donations": "96.00", "signups": 23, "actions": None, "feedback": 40, "rating": 4.4,
        "notes": "Hall full by 18:50; the Q&A ran to the curfew",
    }  # fmt: skip
    table = run("list").stdout
    assert "held, 97 came" in table and "cancelled" in table
    shown = run("show", "clapham").stdout
    assert (
        "Held\n  attendance: 97 of 120 (81%)\n  admissions: 45 paid, 30 concessions, 22 free"
        in shown
    )
    assert "licence fee: 35% of £343.75 net = £120.31; minimum £100.00; due £120.31" in shown
    assert json.loads(run("show", "lexi", "--json").stdout)["result"]["takings"] == "180.00"


def test_tasks_ask_for_the_result_of_a_past_screening(run, toured):
    run("result", "lexi", "--clear")
    rows = json.loads(run("tasks", "lexi", "--json").stdout)
    record = [r for r in rows if r["task"] == "result"]
    assert record and record[0]["due"] == "2026-11-20" and record[0]["overdue"]
    assert "Record the result" in record[0]["text"]
    checked = run("check").stdout
    assert "held 6 days ago and no result recorded" in checked
    run("result", "lexi", "--attendance", "30")
    assert not [r for r in json.loads(run("tasks", "lexi", "--json").stdout)
                if r["task"] == "result"]  # fmt: skip


def test_fee_terms_from_the_command_line(run, basic):
    assert (
        run("film", "update", "homs", "--fee-percent", "35", "--fee-minimum", "100").exit_code == 0
    )
    assert plan(basic)["films"]["homs"]["fee"] == {"percent": "35", "minimum": "100"}
    bad = run("film", "update", "homs", "--fee-amount", "85")
    assert bad.exit_code == 2
    assert "films.homs.fee: give either amount (a flat fee) or percent" in bad.stderr
    assert run("film", "update", "homs", "--fee-amount", "85", "--clear", "fee-percent",
               "--clear", "fee-minimum").exit_code == 0  # fmt: skip
    assert plan(basic)["films"]["homs"]["fee"] == {"amount": "85"}


# -- import ---------------------------------------------------------------------------------
RESULTS = """id,attendance,paid,concessions,free,takings,donations,signups,feedback,rating,\
result_notes
ica-preview,164,,,,1000.00,,,,,
lexi,33,20,10,3,"1,200.00",12.5,7,9,4.5,Rain all evening
"""


def test_import_reads_a_tours_results_from_one_spreadsheet(run, toured, tmp_path):
    sheet = tmp_path / "results.csv"
    sheet.write_text(RESULTS)
    result = run("import", str(sheet), "--on-existing", "update")
    assert result.exit_code == 0, result.output
    data = plan(toured)["screenings"]
    assert data["lexi"]["result"] == {
        "attendance": 33, "paid": 20, "concessions": 10, "free": 3, "takings": "1200.00",
        "donations": "12.5", "signups": 7, "feedback": 9, "rating": 4.5,
        "notes": "Rain all evening",
    }  # fmt: skip
    # Columns left empty keep what was recorded.
    assert data["ica-preview"]["result"]["donations"] == "212.40"
    assert data["ica-preview"]["result"]["takings"] == "1000.00"
    shown = json.loads(run("show", "lexi", "--json").stdout)["result"]
    assert (shown["takings"], shown["donations"]) == ("1200.00", "12.50")


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ("lexi,33,,,,,,,,6,", "row 2, column rating: 6.0 is not a rating from 1 to 5"),
        ("lexi,33,,,,1e999,,,,,", "row 2, column takings: '1e999' is not an amount"),
        (
            "lexi,-3,,,,,,,,,",
            "row 2, column attendance: -3 is less than 0; use 0 or more",
        ),
        (
            "east-finchley,10,,,,,,,,,",
            "row 2: screenings.east-finchley.result: the screening is cancelled",
        ),
        ("lexi,33,,,,,,,,nan,", "row 2, column rating: 'nan' is not a rating from 1 to 5"),
    ],
)
def test_bad_results_in_an_import_are_named_by_row_and_column(
    run, toured, tmp_path, cells, message
):
    sheet = tmp_path / "results.csv"
    sheet.write_text(RESULTS.splitlines()[0] + "\n" + cells + "\n")
    before = toured.read_bytes()
    result = run("import", str(sheet), "--on-existing", "update")
    assert result.exit_code == 2
    assert message in result.stderr, result.stderr
    assert toured.read_bytes() == before


def test_results_move_between_plans_with_list_json(run, toured, tmp_path, monkeypatch):
    dump = tmp_path / "held.json"
    dump.write_text(run("list", "--json").stdout)
    other = tmp_path / "other.toml"  # the same films, venues and people; no screenings
    other.write_text(toured.read_text().split("# Each held screening")[0])
    monkeypatch.setenv("SCREENKIT_FILE", str(other))
    result = run("import", str(dump))
    assert result.exit_code == 0, result.output
    assert plan(other)["screenings"]["clapham"]["result"]["takings"] == "412.50"
    assert json.loads(run("show", "rio", "--json").stdout)["held"] is True


def test_the_schema_describes_the_after_the_tour_example(run):
    import jsonschema

    schema = json.loads(run("schema").stdout)
    data = json.loads(json.dumps(tomllib.loads(AFTER.read_text()), default=str))
    jsonschema.validate(data, schema)
    data["screenings"]["lexi"]["result"]["takings"] = 180.5
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_a_screening_can_have_its_own_fee_terms(run, toured):
    assert run("update", "lexi", "--fee-amount", "60").exit_code == 0
    assert plan(toured)["screenings"]["lexi"]["fee"] == {"amount": "60"}
    assert "licence fee: flat fee; due £60.00" in run("show", "lexi").stdout


def test_cancelling_a_screening_with_a_result_asks_to_clear_it_first(run, toured):
    before = toured.read_bytes()
    result = run("cancel", "lexi")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: screenings.lexi.result: the screening is cancelled, so it has no result; "
        "remove it with `screenkit result lexi --clear`\n"
    )
    assert toured.read_bytes() == before


def test_admissions_by_kind_that_fall_short_are_recorded_and_said(run, example, monkeypatch):
    """`--attendance 120 --paid 100 --free 10` was taken in silence (110 is not 120)."""
    monkeypatch.setenv("SCREENKIT_NOW", "2027-07-01T09:00:00Z")
    done = run("result", "clapham", "--attendance", "120", "--paid", "100", "--free", "10")
    assert done.exit_code == 0, done.output
    assert "10 of no recorded kind; give --concessions if you know them" in done.stderr
    over = run("result", "clapham", "--paid", "130")
    assert over.exit_code == ExitCode.USAGE and "but the attendance is 120" in over.stderr
