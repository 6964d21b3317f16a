"""An umbrella licence allows no advertising by title and no charge: `check` and the public
outputs both say so."""

from __future__ import annotations

import json
from pathlib import Path

import tomli_w

from screenkit.errors import ExitCode
from screenkit.planfile import store
from screenkit.rules.checks import check, umbrella_licence


def umbrella(example: Path, *, sold: bool) -> None:
    """The example with its film under an umbrella licence; unsold drops prices and links."""
    import tomllib

    data = tomllib.loads(example.read_text())
    data["films"]["return-to-homs"]["licence_kind"] = "umbrella"
    if not sold:
        for s in data["screenings"].values():
            for key in ("price", "concession_price", "booking_url"):
                s.pop(key, None)
    example.write_text(tomli_w.dumps(data))


def test_check_reports_a_priced_or_booked_umbrella_screening(run, example):
    umbrella(example, sold=True)
    plan = store.load(example)
    problems = umbrella_licence(plan)
    assert [p.where for p in problems] == [
        "screenings.ica-premiere.price", "screenings.ica-premiere.concession_price",
        "screenings.ica-premiere.booking_url", "screenings.clapham.price",
        "screenings.clapham.concession_price", "screenings.clapham.booking_url",
    ]  # fmt: skip
    assert all(p in check(plan, plan.screenings["clapham"].date) for p in problems)
    result = run("check", "--json")
    assert result.exit_code == ExitCode.PROBLEMS
    assert {
        "severity": "error",
        "where": "screenings.clapham.price",
        "message": "films.return-to-homs is shown under an umbrella licence: an umbrella licence "
        "does not allow advertising a film by title to the public or charging for entry; get a "
        "single-title screening licence from the distributor (films.return-to-homs.licence_kind "
        '= "single-title"), or remove the price',
    } in json.loads(result.stdout)


def test_a_change_that_sells_an_umbrella_screening_is_refused(run, example):
    before = example.read_bytes()
    result = run("film", "update", "return-to-homs", "--licence-kind", "umbrella")
    assert result.exit_code == ExitCode.USAGE
    assert "umbrella licence" in result.stderr
    assert example.read_bytes() == before


def test_public_outputs_refuse_an_umbrella_film_by_title(run, example):
    umbrella(example, sold=False)
    assert run("check").exit_code == 0  # warnings only: nothing is sold
    assert not [p for p in check(store.load(example), example_today()) if "umbrella" in p.message]
    result = run("export", "site", "--out", "site")
    assert result.exit_code == 0, result.output
    assert "warning: screenings.ica-premiere: not advertised: films.return-to-homs is shown " \
           "under an umbrella licence" in result.stderr  # fmt: skip
    assert "single-title" in result.stderr
    site = Path("site")
    assert not list((site).glob("screenings/*"))
    assert "screening and talk" not in (site / "index.html").read_text()
    assert not (site / "feed.ics").exists()
    for command in (["poster", "clapham"], ["listing", "clapham"]):
        refused = run("export", *command)
        assert refused.exit_code == ExitCode.USAGE
        assert refused.stderr.startswith(
            "error: screenings.clapham: not advertised: films.return-to-homs is shown under an "
            "umbrella licence"
        )
        assert 'licence_kind = "single-title"' in refused.stderr
        assert refused.stderr.count("\n") == 1


def example_today():
    import datetime as dt

    return dt.date(2026, 11, 25)


def test_the_public_feed_and_a_public_vdir_leave_an_umbrella_film_out(run, example, tmp_path):
    """The feed was the one public output that still carried the title (and so did
    `publish --public`, which publishes the same view; tests/servers/test_publish.py)."""
    umbrella(example, sold=False)
    result = run("export", "feed", "-o", "feed.ics")
    assert result.exit_code == 0, result.output
    feed = (tmp_path / "feed.ics").read_text()
    assert "Return to Homs" not in feed and "BEGIN:VEVENT" not in feed
    warned = [line for line in result.stderr.splitlines() if "umbrella licence" in line]
    assert len(warned) == 3 and warned[0].startswith(
        "warning: screenings.ica-premiere: left out of the public calendar: "
        "films.return-to-homs is shown under an umbrella licence"
    )
    vdir = run("export", "vdir", "--out", "public")
    assert vdir.exit_code == 0, vdir.output
    assert not list((tmp_path / "public").glob("*.ics"))
    team = run("export", "vdir", "--out", "team", "--team")  # the organiser's own view
    assert team.exit_code == 0 and len(list((tmp_path / "team").glob("*.ics"))) == 3
    full = run("export", "--out", "all")  # invites and checklists are not advertising
    assert full.exit_code == 0 and len(list((tmp_path / "all" / "invites").glob("*"))) == 3
    assert "Return to Homs" not in (tmp_path / "all" / "feed.ics").read_text()
