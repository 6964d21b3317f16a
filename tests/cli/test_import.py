"""import: all or nothing, rows and columns named, safe to re-run, hostile input handled."""

import json
import os
import subprocess
import sys
import time
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from screenkit.edits import importing
from screenkit.errors import ExitCode
from tests.support.plans import ROOT

TOUR = ROOT / "examples" / "tour.csv"
HEADER = "film,film_title,film_runtime,venue,venue_name,venue_address,venue_timezone,date,start"
ROW = "homs,Return to Homs,94,{venue},Hall,1 Road,Europe/London,{date},19:00"


def plan(path):
    return tomllib.loads(path.read_text())


def test_the_example_tour_imports(run, basic):
    result = run("import", str(TOUR))
    assert result.exit_code == 0, result.output
    data = plan(basic)
    assert len(data["screenings"]) == 12
    assert data["venues"]["ifi-dublin"]["address"] == "6 Eustace Street\nTemple Bar, Dublin 2"
    assert data["screenings"]["leeds"]["notes"] == 'Balcony only by stairs; "relaxed" screening'
    assert data["speakers"]["amira"]["needs"] == ["handheld mic", "step-free route"]
    assert data["venues"]["hyde-park-leeds"]["access"] == {"step_free": False, "hearing_loop": True}
    # amira was in the plan already: the tour adds her phone, role and needs.
    assert result.stderr.endswith("29 created, 1 updated, 0 skipped\n")


def test_one_bad_row_imports_nothing_and_is_named(run, basic, tmp_path):
    csv = tmp_path / "bad.csv"
    csv.write_text(
        HEADER + ",speakers,speaker_name,speaker_email\n"
        + ROW.format(venue="v1", date="2027-07-01") + ",amira,,\n"
        + ROW.format(venue="v2", date="2027-07-02") + ",jo,Jo,not-an-email\n"
        + "homs,,,v3,Hall,1 Road,Mars/Base,2027-07-03,19:00,,,\n"
    )  # fmt: skip
    before = basic.read_bytes()
    result = run("import", str(csv))
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.splitlines() == [
        "error: nothing was imported",
        "error: row 4, column venue_timezone: 'Mars/Base' is not an IANA time zone: "
        "use a name like Europe/London",
        "error: row 3, column speaker_email: 'not-an-email' is not a valid email address: "
        "An email address must have an @-sign.",
    ]
    assert basic.read_bytes() == before


def test_missing_details_and_conflicts_are_named(run, basic, tmp_path):
    csv = tmp_path / "t.csv"
    csv.write_text("film,venue,venue_name,date,start\nnew-film,v1,Hall,2027-07-01,19:00\n"
                   "homs,v1,Other name,2027-07-02,19:00\n")  # fmt: skip
    lines = run("import", str(csv)).stderr.splitlines()
    assert "error: row 2, column film_title: required" in lines
    assert "error: row 2, column film_runtime: required" in lines
    assert "error: row 2, column venue_address: required" in lines
    assert "error: row 3, column venue_name: venues.v1 already has 'Hall'" in lines


def test_rerunning_with_skip_changes_nothing(run, basic):
    assert run("import", str(TOUR)).exit_code == 0
    after_first = basic.read_bytes()
    again = run("import", str(TOUR))
    assert again.exit_code == ExitCode.USAGE
    assert "error: row 2, column id: screenings.manchester already exists" in again.stderr
    skip = run("import", str(TOUR), "--on-existing", "skip")
    assert skip.exit_code == 0
    assert skip.stderr.endswith("0 created, 0 updated, 12 skipped\n")
    assert basic.read_bytes() == after_first


def test_update_changes_screenings_and_details_but_not_uids(run, basic, tmp_path):
    assert run("import", str(TOUR)).exit_code == 0
    uid = plan(basic)["screenings"]["leeds"]["uid"]
    changed = TOUR.read_text().replace(
        "leeds,2027-09-11,18:30,19:00", "leeds,2027-09-11,19:00,19:30"
    )
    changed = changed.replace("Hyde Park Picture House", "Hyde Park Picture House (Leeds)")
    (tmp_path / "t.csv").write_text(changed)
    result = run("import", str(tmp_path / "t.csv"), "--on-existing", "update")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "updated venues.hyde-park-leeds",
        "updated screenings.leeds",
    ]
    data = plan(basic)
    assert data["screenings"]["leeds"]["start"] == "19:30"
    assert data["screenings"]["leeds"]["uid"] == uid
    assert data["venues"]["hyde-park-leeds"]["name"] == "Hyde Park Picture House (Leeds)"


def test_dry_run_shows_and_writes_nothing(run, basic):
    before = basic.read_bytes()
    result = run("import", str(TOUR), "--dry-run")
    assert result.exit_code == 0
    assert "would create screenings.auckland" in result.stdout.splitlines()
    *warnings, summary = result.stderr.splitlines()
    assert summary.startswith("dry run, nothing written: 29 created, 1 updated")
    assert [w.split(":")[1] for w in warnings] == [" films.return-to-homs.fee"]  # as it would
    assert basic.read_bytes() == before


def test_stdin_csv_and_json_round_trip(run, example, tmp_path, monkeypatch):
    listed = run("list", "--json").stdout
    # A second plan with the same films, venues and speakers but no screenings yet.
    data = example.read_text().split("# ── Screenings")[0]
    other = tmp_path / "other.toml"
    other.write_text(data)
    monkeypatch.setenv("SCREENKIT_FILE", str(other))
    result = run("import", "-", input=listed)
    assert result.exit_code == 0, result.output
    assert json.loads(run("list", "--json").stdout) == json.loads(listed)  # uids kept too
    csv = HEADER + "\n" + ROW.format(venue="hall", date="2027-08-01").replace("homs", "new")
    result = run("import", "-", "--format", "csv", input=csv + "\n")
    assert result.exit_code == 0, result.output
    assert "hall-2027-08-01" in plan(other)["screenings"]


def test_unsafe_ids_are_rejected(run, basic, tmp_path):
    for bad in ["../evil", "a/b"]:
        csv = tmp_path / "t.csv"
        csv.write_text(f"id,{HEADER}\n{bad},{ROW.format(venue='v', date='2027-07-01')}\n")
        result = run("import", str(csv))
        assert result.exit_code == ExitCode.USAGE
        assert f"error: row 2, column id: '{bad}' is not a valid id" in result.stderr
        csv.write_text(f"{HEADER}\n{ROW.format(venue=bad, date='2027-07-01')}\n")
        assert "row 2, column venue: " in run("import", str(csv)).stderr
    assert not (tmp_path / "evil").exists()


def test_huge_inputs_fail_fast_and_clearly(run, basic, tmp_path):
    big = tmp_path / "big.csv"
    big.write_bytes(b"film,venue\n" + b"x" * (10 * 1024 * 1024))
    result = run("import", str(big))
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr == (
        f"error: {big}: 10.0 MB is over the 8 MB limit for one import; split the file\n"
    )
    wide = tmp_path / "wide.csv"
    wide.write_text(HEADER + "\n" + ",".join(["x"] * 10_000) + "\n")
    result = run("import", str(wide))
    assert result.stderr == f"error: {wide}: row 2 has 10000 cells but the header names 9 columns\n"
    wide.write_text(",".join(f"c{i}" for i in range(10_000)) + "\n")
    assert "the header has 10000 columns; at most 200" in run("import", str(wide)).stderr
    field = tmp_path / "field.csv"
    field.write_text(HEADER + "\n" + '"' + "x" * 200_000 + '",v\n')
    assert "not readable as CSV" in run("import", str(field)).stderr


def test_unknown_columns_and_formats(run, basic, tmp_path):
    csv = tmp_path / "t.csv"
    csv.write_text("film,venue,date,start,colour\n")
    result = run("import", str(csv))
    assert result.stderr.startswith(f"error: {csv}: unknown column(s) colour; screenkit knows: id,")
    assert run("import", str(csv), "--format", "xlsx").exit_code == ExitCode.USAGE
    assert run("import", "nope.csv").stderr == "error: nope.csv: no such file\n"


@pytest.mark.slow  # a real process run or a race: the whole suite's, not the quick loop's
def test_parallel_new_and_import_lose_nothing(basic, tmp_path):
    env = {**os.environ, "SCREENKIT_FILE": str(basic)}

    def job(n):
        if n % 2:
            cmd = ["new", "--film", "homs", "--venue", "ica", "--date", f"2027-08-{n:02d}",
                   "--start", "19:00"]  # fmt: skip
            stdin = None
        else:
            cmd = ["import", "-", "--format", "csv"]
            stdin = HEADER + "\n" + ROW.format(venue=f"hall-{n}", date=f"2027-08-{n:02d}") + "\n"
        return subprocess.run([sys.executable, "-m", "screenkit", "-q", *cmd], env=env,
                              input=stdin, capture_output=True, text=True)  # fmt: skip

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(job, range(1, 21)))
    assert [r.returncode for r in results] == [0] * 20, [r.stderr for r in results]
    assert len(plan(basic)["screenings"]) == 20


@pytest.mark.slow  # a real process run or a race: the whole suite's, not the quick loop's
def test_setup_tour_script_builds_a_plan_from_nothing(tmp_path):
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    env.pop("SCREENKIT_FILE")
    script = ROOT / "examples" / "setup-tour.sh"
    result = subprocess.run(["bash", str(script), "tour.toml", "out"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, stdin=subprocess.DEVNULL)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert len(tomllib.loads((tmp_path / "tour.toml").read_text())["screenings"]) == 13
    assert (tmp_path / "out" / "invites" / "auckland.ics").exists()
    assert result.stderr.endswith("13 screenings planned in tour.toml\n")


def test_skip_leaves_existing_records_alone(run, basic):
    # amira is in the plan without a phone; the tour gives one, but skip touches nothing.
    result = run("import", str(TOUR), "--on-existing", "skip")
    assert result.exit_code == 0, result.output
    assert "phone" not in plan(basic)["speakers"]["amira"]
    assert "updated speakers.amira" not in result.stdout


def test_many_bad_rows_fail_quickly_with_a_capped_list(run, basic, tmp_path):
    csv = tmp_path / "bad.csv"
    csv.write_text(HEADER + "\n" + "homs,,,v,,,,not-a-date,19:00\n" * 20_000)
    result = run("import", str(csv))
    assert result.exit_code == ExitCode.USAGE
    lines = result.stderr.splitlines()
    assert lines[1].startswith("error: row 2, column date: 'not-a-date' is not a date")
    assert lines[-1] == "error: … and 19960 more problems"


BASE = {"film": "homs", "venue": "hall", "venue_name": "Hall", "venue_address": "1 Road",
        "venue_timezone": "Europe/London", "date": "2027-07-01", "start": "19:00"}  # fmt: skip


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"date": 20280301}, "row 1, column date: 20280301 is not a date: use YYYY-MM-DD"),
        ({"speakers": 5}, "row 1, column speakers: 5 is not a list; give a list of strings"),
        ({"speakers": {"a": 1}}, "row 1, column speakers: an object is not a list;"),
        ({"speakers": ["amira", 5]}, "row 1, column speakers: item 2 is 5, not text"),
        ({"audience": True}, "row 1, column audience: true is a yes/no value, not a number"),
        ({"audience": 80.5}, "row 1, column audience: 80.5 is not a whole number"),
        ({"venue_name": {"en": "Hall"}}, "row 1, column venue_name: an object where one value "
         "belongs; give a single value"),
        ({"film": ["homs"]}, "row 1, column film: a list where one value belongs"),
        ({"start": 1900}, "row 1, column start: 1900 is not a time: use HH:MM"),
        ({"venue_step_free": 1}, "row 1, column venue_step_free: 1 is not yes or no"),
        ({"venue_lat": None, "venue_lon": 1e999}, "row 1, column venue_lon: inf is out of range"),
        ({"film_certificate": False}, "row 1, column film_certificate: false is not text"),
        ({"venue_name": "Hall\nTwo"}, "row 1, column venue_name: contains a line break"),
        ({"date": "2027-02-30"}, "row 1, column date: '2027-02-30' is not a date: February "
         "2027 has 28 days"),
    ],
)  # fmt: skip
def test_json_values_of_the_wrong_type_are_named(run, basic, tmp_path, change, message):
    source = tmp_path / "t.json"
    source.write_text(json.dumps([{**BASE, **change}]))
    before = basic.read_bytes()
    result = run("import", str(source))
    assert result.exit_code == ExitCode.USAGE, result.output
    assert result.stderr.splitlines()[0] == "error: nothing was imported"
    assert result.stderr.splitlines()[1].startswith(f"error: {message}")
    assert basic.read_bytes() == before


def test_a_json_number_where_text_belongs_is_text(run, basic, tmp_path):
    source = tmp_path / "t.json"
    source.write_text(json.dumps([{**BASE, "venue_postcode": 10115, "film_certificate": 15}]))
    assert run("import", str(source)).exit_code == 0
    assert plan(basic)["venues"]["hall"]["postcode"] == "10115"


def test_hostile_json_is_one_error_naming_the_file(run, basic, tmp_path):
    source = tmp_path / "deep.json"
    source.write_text("[" * 100_000 + "]" * 100_000)
    result = run("import", str(source))
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.startswith(f"error: {source}: nested too deeply")
    assert len(result.stderr.splitlines()) == 1
    source.write_text('[{"audience": ' + "9" * 5000 + "}]")
    result = run("import", str(source))
    assert result.stderr == (
        f"error: {source}: holds a number with 5,000 digits; no value screenkit reads has more "
        "than 100\n"
    )
    source.write_text(json.dumps([{**BASE, "audience": 10**40}]))
    assert (
        "row 1, column audience: a 41-digit number is out of range"
        in run("import", str(source)).stderr
    )


def test_without_an_id_column_errors_name_the_columns_the_id_comes_from(run, basic, tmp_path):
    csv = tmp_path / "t.csv"
    csv.write_text(HEADER + "\n" + ROW.format(venue="hall", date="2027-07-01") + "\n")
    assert run("import", str(csv)).exit_code == 0
    again = run("import", str(csv))
    assert again.stderr.splitlines()[1] == (
        "error: row 2, columns venue and date: screenings.hall-2027-07-01 already exists "
        "(use --on-existing skip to leave it, or update to change it)"
    )
    csv.write_text(HEADER + "\n" + ROW.format(venue="Bad Hall", date="2027-07-01") + "\n")
    assert run("import", str(csv)).stderr.splitlines()[1:] == [
        "error: row 2, column venue: 'Bad Hall' is not a valid id: use 1-63 lowercase letters, "
        "digits, '-' or '_', starting with a letter or digit"
    ]
    csv.write_text(f"{HEADER},speakers,speaker_name\n"
                   + ROW.format(venue="hall", date="2027-08-01") + ",Sam O,Sam\n")  # fmt: skip
    assert (
        "error: row 2, column speakers: 'Sam O' is not a valid id" in run("import", str(csv)).stderr
    )


def test_auto_ids_of_long_venues_keep_the_date(run, basic, tmp_path):
    venue = "the-very-long-named-community-cinema-and-arts-centre-of-somewhere"[:63]
    csv = tmp_path / "t.csv"
    rows = [ROW.format(venue=venue, date="2027-07-01").replace("19:00", start)
            for start in ("13:00", "19:00")]  # fmt: skip
    csv.write_text(HEADER + "\n" + "\n".join(rows) + "\n")
    result = run("import", str(csv))
    assert result.exit_code == 0, result.output
    ids = list(plan(basic)["screenings"])
    assert ids == [f"{venue[:52]}-2027-07-01", f"{venue[:50]}-2027-07-01-2"]
    assert all(len(sid) <= 63 for sid in ids)


def test_the_report_of_a_big_import_is_built_in_linear_time():
    # Checking each id against a list of those made so far took 3 of a 20,000-row import's
    # 6.6 s; this many ids would take minutes that way.
    report = importing.Report()
    start = time.perf_counter()
    for k in range(200_000):
        report.add(report.created, "screenings", f"s{k}")
        report.add(report.created, "screenings", f"s{k}")
    assert time.perf_counter() - start < 5
    assert len(report.created["screenings"]) == 200_000


def test_an_import_says_what_it_brought_to_check_twenty_lines_at_most(run, basic, tmp_path):
    rows = [ROW.format(venue=f"v{k}", date=f"2027-07-{k + 1:02d}") for k in range(25)]
    (tmp_path / "t.csv").write_text("\n".join([HEADER, *rows]) + "\n")
    result = run("import", str(tmp_path / "t.csv"))
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert len(warnings) == 21
    assert all(w.endswith(": no speaker for the talk") for w in warnings[:20])
    assert warnings[20] == "warning: and 5 more; `screenkit check` lists them all"
