"""import: all or nothing, rows and columns named, safe to re-run, hostile input handled."""

import json
import os
import subprocess
import sys
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from screenkit.errors import ExitCode
from tests.conftest import ROOT

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
    assert result.stderr.startswith("dry run, nothing written: 29 created, 1 updated")
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
