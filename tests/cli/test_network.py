"""A network of groups: many plans read as one by the read commands, refused by the rest;
one listing, feed and report; a kit for hosts; chasing the groups that are late.

Three groups copy the bundled tour, so their screening ids and calendar uids collide, as
copied plans do; each is in its own region and town."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import shutil
import subprocess
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import Result

from screenkit.errors import ExitCode
from tests.support.plans import EXAMPLE, NOW
from tests.support.printing import chromium, headless, needs_chromium

GROUPS = {  # name: (organiser, email, region, town)
    "leeds": ("Leeds Amnesty Group", "leeds@example.org", "Yorkshire", "Leeds"),
    "york": ("York Film Circle", "york@example.org", "Yorkshire", "York"),
    "cardiff": ("Cardiff Screenings", "cardiff@example.org", "Wales", "Cardiff"),
}
GLOB = "groups/*/screenkit.toml"
AFTER = "2027-07-10T10:00:00+00:00"  # every screening is over


def ok(result):
    assert result.exit_code == 0, result.output
    return result


def one_error(result, code: int, *words: str) -> str:
    assert result.exit_code == code, result.output
    assert result.stdout == "" and result.stderr.startswith("error: "), result.output
    assert result.stderr.count("\n") == 1, result.stderr
    for word in words:
        assert word in result.stderr, result.stderr
    return result.stderr


@pytest.fixture(scope="module")
def made_groups(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Three plans copied from one tour: the same screening ids, the same uids; exported
    once each (so each screening has its calendar identity). Made once per module through
    the CLI, and copied for each test, which may change its copies as it likes."""
    from typer.testing import CliRunner

    from screenkit.cli.app import app

    runner = CliRunner()
    root = tmp_path_factory.mktemp("groups")
    made = {}
    env = {"SCREENKIT_NOW": NOW, "SCREENKIT_SELF_CHECK": "1"}
    for name, (organiser, email, region, town) in GROUPS.items():
        path = root / name / "screenkit.toml"
        path.parent.mkdir(parents=True)
        shutil.copy(EXAMPLE, path)

        def run(*args: str, path: Path = path) -> Result:
            return runner.invoke(app, ["-f", str(path), *args], env=env)

        ok(run("set", "organiser.name", organiser))
        ok(run("set", "organiser.email", email))
        ok(run("set", "tour.region", region))
        for venue in ("ica", "clapham", "east-finchley"):
            ok(run("venue", "update", venue, "--address", f"1 {venue.title()} Street, {town}"))
        ok(run("export", "--out", str(root / "exports" / name)))
        made[name] = path.read_bytes()
    return made


@pytest.fixture
def groups(made_groups: dict[str, bytes], tmp_path: Path) -> dict[str, Path]:
    plans = {}
    for name, content in made_groups.items():
        path = tmp_path / "groups" / name / "screenkit.toml"
        path.parent.mkdir(parents=True)
        path.write_bytes(content)
        plans[name] = path
    return plans


def snapshot(plans: dict[str, Path]) -> dict[str, bytes]:
    return {name: path.read_bytes() for name, path in plans.items()}


# -- several plans at once --------------------------------------------------------------------
def test_plans_are_named_by_folder_stem_or_tour_group(run, groups, tmp_path):
    solo = tmp_path / "bristol-2027.toml"
    shutil.copy(EXAMPLE, solo)
    rows = json.loads(ok(run("-f", GLOB, "-f", str(solo), "list", "--json")).stdout)
    assert {r["plan"] for r in rows} == {"leeds", "york", "cardiff", "bristol-2027"}
    ok(run("-f", str(groups["york"]), "set", "tour.group", "york-city"))
    rows = json.loads(ok(run("-f", "groups", "list", "--json")).stdout)  # a folder of folders
    assert {r["plan"] for r in rows} == {"leeds", "york-city", "cardiff"}
    ok(run("-f", str(groups["cardiff"]), "set", "tour.group", "leeds"))
    one_error(run("-f", GLOB, "list"), ExitCode.USAGE, "both named 'leeds'", "tour.group")


def test_list_shows_every_group_with_ids_as_group_slash_id(run, groups):
    rows = json.loads(ok(run("-f", GLOB, "list", "--json")).stdout)
    assert len(rows) == 9
    ids = [r["id"] for r in rows]
    assert len(set(ids)) == 9 and "leeds/clapham" in ids and "cardiff/clapham" in ids
    first = rows[0]
    assert first["id"] == f"{first['plan']}/{first['id'].split('/')[1]}"
    assert first["film"] == f"{first['plan']}/return-to-homs"
    assert all(sp.startswith(r["plan"] + "/") for r in rows for sp in r["speakers"])
    dates = [(r["date"], r["start"]) for r in rows]
    assert dates == sorted(dates)
    table = ok(run("-f", GLOB, "list")).stdout
    assert "york/east-finchley" in table
    # One plan through a glob is a plan like any other: plain ids, no `plan` field.
    single = json.loads(ok(run("-f", "groups/leeds/*.toml", "list", "--json")).stdout)
    assert single[0]["id"] == "ica-premiere" and "plan" not in single[0]


def test_show_takes_group_slash_id_and_an_id_only_one_plan_has(run, groups, tmp_path):
    shown = ok(run("-f", GLOB, "show", "york/clapham")).stdout
    assert shown.splitlines()[0] == "york/clapham" and "1 Clapham Street, York" in shown
    info = json.loads(ok(run("-f", GLOB, "show", "cardiff/clapham", "--json")).stdout)
    assert info["plan"] == "cardiff" and info["venue"] == "cardiff/clapham"
    one_error(run("-f", GLOB, "show", "clapham"), ExitCode.USAGE, "3 plans have it",
              "leeds/clapham")  # fmt: skip
    one_error(run("-f", GLOB, "show", "hull/clapham"), ExitCode.USAGE, "no plan named 'hull'")
    one_error(run("-f", GLOB, "show", "york/nowhere"), ExitCode.USAGE, "screenings.york/nowhere")
    ok(run("-f", str(groups["york"]), "rename", "clapham", "clapham-york"))
    info = json.loads(ok(run("-f", GLOB, "show", "clapham-york", "--json")).stdout)
    assert info["id"] == "york/clapham-york"


def test_check_places_each_problem_in_its_plan_and_warns_of_a_shared_uid(run, groups):
    result = run("-f", GLOB, "check", "--json")
    assert result.exit_code == 0, result.output
    problems = json.loads(result.stdout)
    shared = [p for p in problems if p["where"].endswith(".uid")]
    assert {p["plan"] for p in shared} == {"leeds", "york", "cardiff"}
    clash = next(p for p in shared if p["plan"] == "york" and "clapham" in p["where"])
    assert "cardiff/clapham" in clash["message"] and "leeds/clapham" in clash["message"]
    assert "in 3 plans" in result.stderr
    text = ok(run("-f", GLOB, "check")).stdout
    assert "york: screenings.clapham.uid" in text
    # A uid made the group's own ends its warnings, and only its.
    text = groups["york"].read_text()
    uid = tomllib.loads(text)["screenings"]["clapham"]["uid"]
    groups["york"].write_text(text.replace(uid, "york-clapham-2027@example.org"))
    problems = json.loads(ok(run("-f", GLOB, "check", "--json")).stdout)
    assert not [p for p in problems if p["where"] == "screenings.clapham.uid"
                and p["plan"] == "york"]  # fmt: skip
    assert any(p["where"] == "screenings.ica-premiere.uid" for p in problems)


def test_tasks_across_plans(run, groups):
    rows = json.loads(ok(run("-f", GLOB, "tasks", "--json")).stdout)
    assert {r["plan"] for r in rows} == set(GROUPS)
    assert all(r["screening"].startswith(r["plan"] + "/") for r in rows)
    mine = json.loads(ok(run("-f", GLOB, "tasks", "leeds/clapham", "--json")).stdout)
    assert mine and {r["screening"] for r in mine} == {"leeds/clapham"}


def test_every_command_that_writes_refuses_several_plans(run, groups, tmp_path):
    before = snapshot(groups)
    many = ["-f", GLOB]
    for args in (
        ["update", "leeds/clapham", "--notes", "x"], ["new", "--film", "return-to-homs"],
        ["cancel", "clapham"], ["tick", "clapham", "venue"], ["set", "tour.name", "X"],
        ["result", "clapham", "--attendance", "9"], ["send", "--dry-run"],
        ["film", "add", "x", "--title", "X", "--runtime", "9"], ["rota", "clapham"],
        ["export", "checklist"], ["export", "poster", "clapham"], ["kit", "export"],
        ["kit", "update", "kit.toml"], ["git-setup"], ["rsvp", "clapham", "amira", "yes"],
        ["export", "--out", "all"], ["replies", "x.eml"],
        ["publish", "http://127.0.0.1:9/cal/", "--dry-run"],
    ):  # fmt: skip
        one_error(run(*many, *args), ExitCode.USAGE, "works on one plan", "3 were given")
    # `-f` after the command adds to the plans before it.
    one_error(run("-f", str(groups["leeds"]), "cancel", "clapham", "-f", str(groups["york"])),
              ExitCode.USAGE, "2 were given")  # fmt: skip
    assert snapshot(groups) == before
    assert not (tmp_path / "all").exists()


def test_a_kit_beside_the_groups_plans_is_not_read_as_a_group(run, groups, tmp_path):
    ok(run("-f", str(EXAMPLE), "kit", "export", "-o", str(tmp_path / "groups" / "kit.toml")))
    flat = tmp_path / "flat"
    flat.mkdir()
    for name, path in groups.items():
        shutil.copy(path, flat / f"{name}.toml")
    shutil.copy(tmp_path / "groups" / "kit.toml", flat / "kit.toml")
    rows = json.loads(ok(run("-f", str(flat), "list", "--json")).stdout)
    assert {r["plan"] for r in rows} == set(GROUPS)
    chase = ok(run("-f", "flat/*.toml", "status")).stdout
    assert "kit" not in chase


def test_a_glob_that_matches_nothing_is_one_error(run, groups):
    one_error(run("-f", "groups/*/plan.toml", "list"), ExitCode.USAGE, "no file matches")


def test_a_group_whose_plan_is_a_broken_link_is_named_not_left_out(run, groups, tmp_path):
    """`-f groups` listed the other groups, exit 0, and the national site lost one."""
    york = groups["york"]
    york.unlink()
    york.symlink_to(tmp_path / "nowhere.toml")
    for args in (["list"], ["export", "site", "--out", "site"]):
        one_error(run("-f", "groups", *args), ExitCode.PLAN, "groups/york/screenkit.toml")
    assert not Path("site").exists()


def test_a_loop_of_links_given_as_the_plan_is_one_error(run, tmp_path):
    (tmp_path / "l1").symlink_to(tmp_path / "l2")
    (tmp_path / "l2").symlink_to(tmp_path / "l1")
    for args in (["list"], ["init", "--organiser", "A", "--email", "a@example.org"]):
        result = run("-f", "l1", *args)
        assert result.exit_code in (ExitCode.PLAN, ExitCode.OUTPUT), result.output
        assert result.stderr.startswith("error: l1: ") and result.stderr.count("\n") == 1


def test_a_group_folder_that_cannot_be_read_is_named_not_left_out():
    """As an unprivileged user (root reads everything): a folder of groups, one unreadable."""
    from tests.support import users

    root = users.folder()
    try:
        for name in ("leeds", "york"):
            (root / name).mkdir()
            shutil.copy(EXAMPLE, root / name / "screenkit.toml")
            (root / name).chmod(0o755)
            (root / name / "screenkit.toml").chmod(0o644)
        (root / "york").chmod(0o000)
        for target in (root, root / "york", root / "york" / "screenkit.toml"):
            result = users.as_user(("--version",), "-f", str(target), "list")
            assert result.exit_code == ExitCode.PLAN, result
            assert result.stderr.startswith(f"error: {root / 'york'}"), result.stderr
            assert result.stderr.count("\n") == 1 and "readable" in result.stderr
    finally:
        (root / "york").chmod(0o755)
        shutil.rmtree(root)


def test_a_plan_that_is_not_valid_is_named_among_many(run, groups):
    york = groups["york"]
    york.write_text(york.read_text().replace('venue = "clapham"', 'venue = "Clap Ham"'))
    before = snapshot(groups)
    for args in (["list"], ["check"], ["export", "feed", "-o", "feed.ics"]):
        one_error(
            run("-f", GLOB, *args),
            ExitCode.PLAN,
            "groups/york/screenkit.toml: screenings.clapham.venue",
        )
    assert snapshot(groups) == before


# -- national outputs ---------------------------------------------------------------------------
def test_the_feed_is_one_calendar_with_every_uid_unique(run, groups, tmp_path):
    ok(run("-f", GLOB, "export", "feed", "-o", "feed.ics"))
    feed = Path("feed.ics").read_bytes().decode()
    uids = re.findall(r"^UID:(.+?)\r?$", feed, re.M)
    assert len(uids) == 9 and len(set(uids)) == 9
    assert feed.count("BEGIN:VCALENDAR") == 1
    # No plan was written: the network's feed only reads.
    before = snapshot(groups)
    ok(run("-f", GLOB, "export", "feed", "-o", "again.ics"))
    assert snapshot(groups) == before and Path("again.ics").read_bytes() == feed.encode()


def test_a_screening_without_a_calendar_identity_is_left_out_and_said(run, groups):
    ok(run("-f", str(groups["leeds"]), "new", "late", "--film", "return-to-homs", "--venue",
           "ica", "--date", "2027-07-01", "--start", "19:00"))  # fmt: skip
    result = ok(run("-f", GLOB, "export", "feed", "-o", "feed.ics"))
    assert "screenings.leeds/late: left out: no calendar identity yet" in result.stderr
    assert Path("feed.ics").read_text().count("BEGIN:VEVENT") == 9


def test_vdir_names_stay_unique(run, groups):
    ok(run("-f", GLOB, "export", "vdir", "--out", "vdir"))
    assert len(list(Path("vdir").glob("*.ics"))) == 9


def test_the_site_names_each_group_and_keeps_pages_apart(run, groups):
    ok(run("-f", GLOB, "export", "site", "--out", "site"))
    pages = sorted(p.name for p in Path("site/screenings").glob("*.html"))
    assert len(pages) == 9 and "york.clapham.html" in pages and "leeds.clapham.html" in pages
    york = Path("site/screenings/york.clapham.html").read_text()
    assert "York Film Circle" in york and "Yorkshire" in york
    assert 'href="york.clapham.ics"' in york and Path("site/screenings/york.clapham.ics").exists()
    index = Path("site/index.html").read_text()
    assert 'href="screenings/cardiff.clapham.html"' in index
    assert "Cardiff Screenings · Wales" in index
    # The filter's index: where each page's screening is, for the script; the whole list
    # is in the page without it, and the form is hidden until the script shows it.
    places = json.loads(re.search(r'id="places-index">(.*?)</script>', index, re.S).group(1))
    assert {(p["region"], p["town"]) for p in places} == {
        ("Yorkshire", "Leeds"),
        ("Yorkshire", "York"),
        ("Wales", "Cardiff"),
    }
    assert '<form class="filter" id="filter" hidden>' in index
    assert index.count('<li class="h-event"') == 9


def test_the_site_links_a_group_whose_folder_name_is_no_url(run, groups, tmp_path):
    """A folder's name is the group's, whatever it holds: its pages' links still find them."""
    from urllib.parse import unquote, urlsplit

    groups["york"].parent.rename(tmp_path / "groups" / "York #2? 100%")
    ok(run("-f", GLOB, "export", "site", "--out", "site"))
    pages = [Path("site/index.html"), *Path("site/screenings").glob("York*.html")]
    assert len(pages) == 4
    for page in pages:
        for href in re.findall(r'(?:href|src)="([^"#][^"]*)"', page.read_text()):
            if not urlsplit(href).scheme:
                assert not urlsplit(href).fragment and not urlsplit(href).query, href
                assert (page.parent / unquote(href)).is_file(), (page, href)


def test_a_single_plan_in_one_town_has_no_filter(run, example):
    ok(run("export", "site", "--out", "site"))
    assert 'id="filter"' not in Path("site/index.html").read_text()


@needs_chromium
def test_the_index_filter_finds_the_screenings_of_one_town(run, groups, tmp_path):
    """In headless Chromium: the page as the script leaves it, asked for one town (the
    filter reads the place from the address, as a shared link gives it)."""
    ok(run("-f", GLOB, "export", "site", "--out", "site"))
    index = (tmp_path / "site" / "index.html").as_uri()

    def shown(place: str) -> list[str]:
        dom = subprocess.run(
            [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", f"{index}#{place}"],
            check=True, capture_output=True, text=True, timeout=120,
        ).stdout  # fmt: skip
        items = re.findall(r'<li class="h-event" data-page="screenings/([^"]+)\.html"( hidden)?',
                           dom)  # fmt: skip
        assert '<form class="filter" id="filter">' in dom  # shown by the script
        return sorted(page for page, hidden in items if not hidden)

    assert shown("town:York") == ["york.clapham", "york.east-finchley", "york.ica-premiere"]
    assert len(shown("region:Yorkshire")) == 6
    assert len(shown("")) == 9
    headless(tmp_path, "--screenshot=" + str(tmp_path / "index.png"), "--window-size=390,900",
             f"{index}#town:Cardiff")  # fmt: skip
    assert (tmp_path / "index.png").stat().st_size > 0


@needs_chromium
def test_the_index_filter_shows_a_hostile_region_as_written(run, groups, tmp_path):
    """A region with markup, quotes and `$` patterns is one option and one line of text: no
    script runs, and `$$` or `$&` are not read as a replacement pattern."""
    from urllib.parse import quote

    region = """$$ Tyne & Wear $& "North" </script><script>document.title='pwned'</script>"""
    ok(run("-f", str(groups["york"]), "set", "tour.region", region))
    ok(run("-f", GLOB, "export", "site", "--out", "site"))
    index = (tmp_path / "site" / "index.html").as_uri()
    dom = subprocess.run(
        [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom",
         f"{index}#{quote('region:' + region, safe='')}"],
        check=True, capture_output=True, text=True, timeout=120,
    ).stdout  # fmt: skip
    assert "pwned" not in re.search(r"<title>(.*?)</title>", dom).group(1)
    shown = re.search(r'<p id="shown"[^>]*>(.*?)</p>', dom).group(1)
    assert html.unescape(shown) == f"Showing screenings in {region}."
    items = re.findall(r'<li class="h-event" data-page="screenings/([^"]+)\.html"( hidden)?', dom)
    assert sorted(page for page, hidden in items if not hidden) == [
        "york.clapham", "york.east-finchley", "york.ica-premiere"]  # fmt: skip


def results(run, plans: dict[str, Path]) -> None:
    """Each group's results, different everywhere; one screening left unreported."""
    figures = {
        "leeds": [("ica-premiere", 120, "600.00", 30, 45), ("clapham", 80, "320.50", 12, 20)],
        "york": [("ica-premiere", 60, "240.00", 8, 10), ("clapham", 95, "380.00", 20, 31),
                 ("east-finchley", 40, "150.25", 5, 7)],
        "cardiff": [("ica-premiere", 150, "750.00", 40, 60)],
    }  # fmt: skip
    for name, rows in figures.items():
        for sid, came, takings, signups, actions in rows:
            ok(run("-f", str(plans[name]), "result", sid, "--attendance", str(came),
                   "--takings", takings, "--signups", str(signups), "--actions", str(actions),
                   "--rating", "4"))  # fmt: skip


def test_the_report_sums_the_groups_reports(run, groups, monkeypatch):
    monkeypatch.setenv("SCREENKIT_NOW", AFTER)
    ok(run("-f", str(groups["york"]), "update", "east-finchley", "--status", "confirmed"))
    results(run, groups)
    singles = {}
    for name, path in groups.items():
        text = ok(run("-f", str(path), "export", "report", "--format", "csv", "-o", "-")).stdout
        singles[name] = list(csv.DictReader(io.StringIO(text)))
    text = ok(run("-f", GLOB, "export", "report", "--format", "csv", "-o", "-")).stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    assert next(iter(rows[0])) == "group"
    assert len(rows) == sum(len(r) for r in singles.values()) == 6
    for column in ("attendance", "signups", "actions"):
        assert sum(int(r[column]) for r in rows) == sum(
            int(r[column]) for s in singles.values() for r in s
        )
    total = sum(Decimal(r["takings"]) for s in singles.values() for r in s)
    assert sum(Decimal(r["takings"]) for r in rows) == total
    by_group = {(r["group"], r["screening"]) for r in rows}
    assert ("york", "york/east-finchley") in by_group
    md = ok(run("-f", GLOB, "export", "report", "--format", "md", "-o", "-")).stdout
    assert "| York Film Circle (`york`) | 3 | 195 | 33 | 48 | £770.25 |" in md
    assert "- **Attendance**: 545" in md and "- **Actions taken**: 173" in md
    assert f"- **Takings**: £{total:,}" in md
    # Held with no result: the two groups' screenings, with whom to ask.
    assert "## Not reported" in md
    assert "(`leeds/east-finchley`): Leeds Amnesty Group <leeds@example.org>" in md
    assert "(`cardiff/clapham`): Cardiff Screenings <cardiff@example.org>" in md
    html = ok(run("-f", GLOB, "export", "report", "-o", "report.html"))
    page = Path("report.html").read_text()
    assert "Not reported" in page and "cardiff@example.org" in page and html.stdout


def test_status_names_the_groups_to_chase_with_their_email(run, groups, monkeypatch):
    monkeypatch.setenv("SCREENKIT_NOW", AFTER)
    results(run, groups)
    ok(run("-f", str(groups["york"]), "export", "return", "clapham", "--final", "-o", "r.html"))
    chase = json.loads(ok(run("-f", GLOB, "status", "--json")).stdout)
    by = {g["plan"]: g for g in chase}
    assert set(by) == {"leeds", "york", "cardiff"}
    assert by["cardiff"]["email"] == "cardiff@example.org"
    said = [p["message"] for p in by["cardiff"]["pending"]]
    assert any("no result recorded" in m for m in said)
    assert {p["screening"] for p in by["leeds"]["pending"] if "no result" in p["message"]} == {
        "leeds/east-finchley"
    }
    assert not any(p["screening"] == "york/clapham" and "return" in p["message"]
                   for p in by["york"]["pending"])  # fmt: skip
    text = ok(run("-f", GLOB, "status")).stdout
    assert "cardiff: Cardiff Screenings <cardiff@example.org>" in text
    assert text.rstrip().endswith("3 of 3 groups to chase.")


# -- the kit ------------------------------------------------------------------------------------
def test_kit_export_holds_only_the_shared_part(run, example):
    result = ok(run("kit", "export", "-o", "kit.toml"))
    assert result.stdout.strip() == "kit.toml"
    kit = tomllib.loads(Path("kit.toml").read_text())
    assert set(kit) <= {"tour", "settings", "films", "campaign", "checklist"}
    assert set(kit["tour"]) <= {"name", "website"}
    film = kit["films"]["return-to-homs"]
    assert film["certificate"] == "15" and film["fee"] and film["licence_holder"]


def test_init_from_a_kit_and_a_kit_update_that_keeps_the_groups_edits(run, example, tmp_path):
    ok(run("kit", "export", "-o", "kit.toml"))
    leeds = tmp_path / "leeds" / "screenkit.toml"
    leeds.parent.mkdir()
    f = ["-f", str(leeds)]
    ok(run(*f, "init", "--from-kit", "kit.toml", "--organiser", "Leeds Amnesty Group", "--email",
           "leeds@example.org", "--group", "leeds", "--region", "Yorkshire"))  # fmt: skip
    plan = tomllib.loads(leeds.read_text())
    assert plan["tour"]["group"] == "leeds" and plan["tour"]["region"] == "Yorkshire"
    assert plan["films"]["return-to-homs"]["title"] == "Return to Homs"
    assert not plan.get("screenings") and not plan.get("venues")
    ok(run(*f, "check"))
    # The group's own: a venue, a screening, and an edit to the kit's film.
    ok(run(*f, "venue", "add", "hyde", "--name", "Hyde Park Picture House", "--address",
           "73 Brudenell Road, Leeds", "--timezone", "Europe/London"))  # fmt: skip
    ok(run(*f, "new", "launch", "--film", "return-to-homs", "--venue", "hyde", "--date",
           "2027-06-30", "--start", "19:00"))  # fmt: skip
    ok(run(*f, "film", "update", "return-to-homs", "--licence-ref", "LEEDS-7"))
    # A newer kit: a new synopsis, the same licence ref, a curfew, and another film.
    kit = Path("kit.toml").read_text()
    kit = kit.replace('synopsis = "Two years', 'synopsis = "Twenty months')
    kit = kit.replace('curfew = "23:00"', 'curfew = "22:30"')
    Path("kit.toml").write_text(kit + '\n[films.the-square]\ntitle = "The Square"\nruntime = 108\n')
    result = ok(run(*f, "kit", "update", "kit.toml"))
    assert "kept: films.return-to-homs.licence_ref" in result.stderr
    plan = tomllib.loads(leeds.read_text())
    film = plan["films"]["return-to-homs"]
    assert film["licence_ref"] == "LEEDS-7" and film["synopsis"].startswith("Twenty months")
    assert plan["settings"]["curfew"] == "22:30" and plan["films"]["the-square"]["runtime"] == 108
    assert plan["screenings"]["launch"]["venue"] == "hyde" and plan["venues"]["hyde"]
    assert plan["tour"]["group"] == "leeds"
    # Again: nothing new, and the group's edit is still its own.
    again = ok(run(*f, "kit", "update", "kit.toml"))
    assert "already has everything" in again.stderr
    assert tomllib.loads(leeds.read_text())["films"]["return-to-homs"]["licence_ref"] == "LEEDS-7"


def test_a_plan_is_not_a_kit(run, example, tmp_path):
    other = tmp_path / "other.toml"
    shutil.copy(EXAMPLE, other)
    before = Path("screenkit.toml").read_bytes()
    one_error(run("kit", "update", str(other)), ExitCode.USAGE, "holds organiser", "kit export")
    one_error(run("kit", "update", "missing.toml"), ExitCode.USAGE, "no kit file")
    assert Path("screenkit.toml").read_bytes() == before
    Path("empty.toml").write_text("[settings]\ncurfew = '22:00'\n")
    one_error(run("init", "--from-kit", "empty.toml", "--organiser", "A", "--email",
                  "a@example.org", "-f", "new.toml"), ExitCode.USAGE, "has no films")  # fmt: skip
    assert not Path("new.toml").exists()


def test_one_groups_poster_that_cannot_be_read_does_not_stop_the_national_site(run, groups):
    """A missing poster in one group stopped the whole national `export site`."""
    york = groups["york"]
    york.write_text(
        york.read_text().replace(
            'title = "Return to Homs"', 'title = "Return to Homs"\nposter = "gone.png"', 1
        )
    )
    result = run("-f", "groups", "export", "site", "--out", "site")
    assert result.exit_code == 0, result.output
    assert "warning: york: films.return-to-homs.poster: no file 'gone.png'" in result.stderr
    assert "its pages go without the poster" in result.stderr
    pages = {p.name for p in Path("site/screenings").glob("york.*.html")}
    assert pages, "york's screenings are still listed"


@pytest.mark.parametrize(
    "name", ["ev\x1b]0;pwned\x07", "two\nlines", "zero\u200bwidth", "rtl\u202ename"]
)
def test_a_group_folder_name_that_is_no_plain_name_is_one_error_shown_escaped(
    run, groups, tmp_path, name
):
    """A folder's name reaches ids, uids, file names and terminal lines: refused, never
    written raw anywhere."""
    odd = tmp_path / "groups" / name / "screenkit.toml"
    odd.parent.mkdir()
    shutil.copy(EXAMPLE, odd)
    feed = tmp_path / "feed.ics"
    for args in (["list"], ["export", "feed", "-o", str(feed)]):
        said = one_error(run("-f", GLOB, *args), ExitCode.USAGE, "tour.group", "plain name")
        assert not any(c in said for c in "\x1b\x07\u202e") and said.count("\n") == 1
    assert not feed.exists()
    ok(run("-f", str(odd), "set", "tour.group", "renamed"))  # the way out it names
    rows = json.loads(ok(run("-f", GLOB, "list", "--json")).stdout)
    assert "renamed" in {r["plan"] for r in rows}


def test_a_group_with_an_unsettled_conflict_is_left_off_the_national_site(run, groups):
    with groups["cardiff"].open("a") as handle:
        handle.write('\n[conflicts."screenings.clapham.start"]\nours = "19:00"\n'
                     'theirs = "19:30"\n')  # fmt: skip
    result = run("-f", GLOB, "export", "site", "--out", "site")
    assert "resolve" in result.stderr, result.output
    pages = {p.name for p in Path("site/screenings").glob("*.html")}
    assert pages and not any(name.startswith("cardiff") for name in pages)
    assert any(name.startswith("leeds") for name in pages)
