"""`export vdir`: one stored calendar object per screening, read back by khal."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import icalendar
import pytest

from screenkit.calendars import ical, objects
from screenkit.errors import ExitCode
from screenkit.planfile import store
from tests.support.icalcheck import instants, lines


def test_one_file_per_screening_no_method_and_byte_identical_again(run, example, tmp_path):
    result = run("export", "vdir", "--out", "cal")
    assert result.exit_code == 0, result.output
    folder = tmp_path / "cal"
    files = sorted(folder.glob("*.ics"))  # beside them, the folder's view (.screenkit-vdir.json)
    plan = store.load(example)
    assert [f.name for f in files] == sorted(f"{s.uid}.ics" for s in plan.screenings.values())
    expected = instants(ical.feed(plan))
    first = {f.name: f.read_bytes() for f in files}
    for name, data in first.items():
        lines(data)
        assert b"METHOD" not in data
        cal = icalendar.Calendar.from_ical(data)
        assert len(cal.walk("VEVENT")) == 1 and len(cal.walk("VTIMEZONE")) == 1
        uid = name.removesuffix(".ics")
        assert instants(data) == {uid: expected[uid]}
    again = run("export", "vdir", "--out", "cal")
    assert again.exit_code == 0
    assert "(3 already up to date)" in again.stderr
    assert {f.name: f.read_bytes() for f in folder.glob("*.ics")} == first


def test_team_view_carries_the_private_details_the_public_one_does_not(run, example, tmp_path):
    assert run("export", "vdir", "--out", "public").exit_code == 0
    assert run("export", "vdir", "--out", "team", "--team").exit_code == 0
    uid = store.load(example).screenings["ica-premiere"].uid
    public = (tmp_path / "public" / f"{uid}.ics").read_bytes().replace(b"\r\n ", b"")
    team = (tmp_path / "team" / f"{uid}.ics").read_bytes().replace(b"\r\n ", b"")
    for private in [b"@example.org", b"Contact on the day", b"press night", b"ATTENDEE"]:
        assert private not in public and private in team


def test_a_file_in_the_way_is_a_storage_error(run, example, tmp_path):
    (tmp_path / "cal").write_text("not a folder")
    before = example.read_bytes()
    result = run("export", "vdir", "--out", "cal")
    assert result.exit_code == ExitCode.OUTPUT
    assert example.read_bytes() == before


def test_names_are_safe_for_any_uid():
    assert objects.name("3b0f6a7e-6f4e") == "3b0f6a7e-6f4e.ics"
    assert objects.name("event@example.org") == "event@example.org.ics"
    assert objects.name("a/../b c") == "a%2F..%2Fb%20c.ics"


def _khal() -> list[str]:
    try:
        import khal  # noqa: F401
    except ImportError:
        pytest.skip("khal is not installed (pip install '.[test]')")
    found = shutil.which("khal", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", "khal"]


KHAL_CONFIG = """\
[calendars]
[[screenings]]
path = {vdir}
type = calendar

[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
local_timezone = {zone}
default_timezone = {zone}

[sqlite]
path = {db}
"""


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        ("Europe/London", ["2027-06-27 18:30 2027-06-27 20:54", "2027-06-28 19:00 2027-06-28 21:19",
                           "2027-06-29 19:30 2027-06-29 21:54"]),
        ("America/New_York", ["2027-06-27 13:30 2027-06-27 15:54",
                              "2027-06-28 14:00 2027-06-28 16:19",
                              "2027-06-29 14:30 2027-06-29 16:54"]),
    ],
)  # fmt: skip
def test_khal_lists_the_screenings_at_the_right_local_times(
    run, example, tmp_path, monkeypatch, zone, expected
):
    khal = _khal()
    assert run("export", "vdir", "--out", "vdir").exit_code == 0
    config = tmp_path / "khal.conf"
    config.write_text(
        KHAL_CONFIG.format(vdir=tmp_path / "vdir", zone=zone, db=tmp_path / "khal.db")
    )
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / ".local"))
    done = subprocess.run(
        [
            *khal,
            "-c",
            str(config),
            "list",
            "2027-06-20",
            "14d",
            "--format",
            "{start} {end} {title}",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # khal read every file without a complaint
    listed = [line for line in done.stdout.splitlines() if "Return to Homs" in line]
    assert [line[: len(expected[0])] for line in listed] == expected


def test_the_feed_tells_subscribers_its_name_and_how_often_to_refresh(example):
    unfolded = ical.feed(store.load(example)).replace(b"\r\n ", b"")
    for line in [
        b"NAME:Homs Tour Team: screenings",
        b"X-WR-CALNAME:Homs Tour Team: screenings",
        b"REFRESH-INTERVAL;VALUE=DURATION:PT12H",
        b"X-PUBLISHED-TTL:PT12H",
    ]:
        assert line + b"\r\n" in unfolded
    invite = ical.invite(store.load(example), "clapham")
    assert b"REFRESH-INTERVAL" not in invite  # only the feed is subscribed to


def test_a_vdir_keeps_its_view_in_the_folder(run, example, tmp_path):
    """Kept in the folder (`.screenkit-vdir.json`, which khal and vdirsyncer do not read:
    they read *.ics), not in the plan: the folder is what syncs, wherever it moves."""
    assert run("export", "vdir", "--out", "cal", "--team").exit_code == 0
    marker = tmp_path / "cal" / ".screenkit-vdir.json"
    assert marker.read_text() == '{"audience": "team"}\n'
    files = {f.name: f.read_bytes() for f in (tmp_path / "cal").glob("*.ics")}
    again = run("export", "vdir", "--out", "cal")  # no flag: the folder's own view
    assert again.exit_code == 0 and "(3 already up to date)" in again.stderr
    assert ".screenkit-vdir.json" not in again.stdout
    before = example.read_bytes()
    refused = run("export", "vdir", "--out", "cal", "--public")
    assert refused.exit_code == ExitCode.USAGE and refused.stderr.count("error: ") == 1
    assert "cal: holds the team view (published with --team); --public would" in refused.stderr
    assert example.read_bytes() == before
    assert {f.name: f.read_bytes() for f in (tmp_path / "cal").glob("*.ics")} == files
    switched = run("export", "vdir", "--out", "cal", "--public", "--switch-audience")
    assert switched.exit_code == 0 and "wrote 3 file(s)" in switched.stderr
    assert marker.read_text() == '{"audience": "public"}\n'


def test_a_vdir_written_before_it_kept_a_marker_tells_its_view_by_its_files(run, example,
                                                                           tmp_path):  # fmt: skip
    assert run("export", "vdir", "--out", "cal", "--team").exit_code == 0
    (tmp_path / "cal" / ".screenkit-vdir.json").unlink()
    assert run("export", "vdir", "--out", "cal").exit_code == 0
    assert "team" in (tmp_path / "cal" / ".screenkit-vdir.json").read_text()
    (tmp_path / "cal" / ".screenkit-vdir.json").write_text("nonsense")
    bad = run("export", "vdir", "--out", "cal")
    assert bad.exit_code == ExitCode.USAGE and "not a screenkit vdir marker" in bad.stderr
