"""`publish` against a real Radicale server: one resource per screening, conditional writes,
ETags recorded in the plan, and every failure a person can cause as one clear line."""

from __future__ import annotations

import json
import socket
import threading
import tomllib
from collections.abc import Iterator
from pathlib import Path

import httpx
import icalendar
import pytest

from screenkit.errors import ExitCode
from tests.support.icalcheck import instants
from tests.support.radicale import PASSWORD, USER, Server, radicale

pytest.importorskip("radicale", reason="Radicale is in the test extra")

FOREIGN = b"""BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//someone else//EN\r
BEGIN:VEVENT\r
UID:not-screenkits@example.org\r
DTSTAMP:20261101T100000Z\r
DTSTART:20270701T180000Z\r
DTEND:20270701T190000Z\r
SUMMARY:Team meeting\r
END:VEVENT\r
END:VCALENDAR\r
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with radicale(tmp_path_factory.mktemp("radicale")) as running:
        yield running


@pytest.fixture
def calendar(server: Server, request: pytest.FixtureRequest) -> str:
    """A fresh calendar collection for each test."""
    return server.mkcalendar(request.node.name.replace("_", "-")[:60])


@pytest.fixture(autouse=True)
def credentials(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SCREENKIT_CALDAV_USER", USER)
    monkeypatch.setenv("SCREENKIT_CALDAV_PASSWORD", PASSWORD)
    monkeypatch.setenv("SCREENKIT_CONFIG", str(tmp_path / "no-config.toml"))
    monkeypatch.delenv("SCREENKIT_CALDAV_TIMEOUT", raising=False)


def publish(run, *args: str) -> tuple[int, dict, str]:
    result = run("publish", *args, "--json")
    report = json.loads(result.stdout) if result.stdout.strip() else {}
    return result.exit_code, report, result.stderr


def uids(plan_path: Path) -> dict[str, str]:
    data = tomllib.loads(plan_path.read_text())
    return {sid: s["uid"] for sid, s in data["screenings"].items()}


def errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error: ")]


def test_publish_puts_every_screening_in_its_own_resource_at_the_right_instant(
    run, example, server, calendar
):
    from screenkit.calendars import ical
    from screenkit.planfile import store

    code, report, stderr = publish(run, calendar)
    assert code == 0, stderr
    by_sid = uids(example)
    assert sorted(i["screening"] for i in report["created"]) == sorted(by_sid)
    stored = server.query(calendar)
    assert sorted(stored) == sorted(f"{uid}.ics" for uid in by_sid.values())
    expected = instants(ical.feed(store.load(example)))
    for name, (_, data) in stored.items():
        assert b"METHOD" not in data
        cal = icalendar.Calendar.from_ical(data)
        assert len(cal.walk("VEVENT")) == 1 and len(cal.walk("VTIMEZONE")) == 1
        (uid,) = instants(data)
        assert f"{uid}.ics" == name
        assert instants(data)[uid] == expected[uid]
        assert b"@example.org" not in data.replace(b"\r\n ", b"")  # the public view
    recorded = tomllib.loads(example.read_text())["published"][calendar]["events"]
    assert {uid: r["etag"] for uid, r in recorded.items()} == {
        name.removesuffix(".ics"): etag for name, (etag, _) in stored.items()
    }


def test_a_second_publish_changes_nothing_and_an_update_exactly_one(run, example, server, calendar):
    assert publish(run, calendar)[0] == 0
    before, plan_before = server.query(calendar), example.read_bytes()
    code, report, _ = publish(run, calendar)
    assert code == 0
    assert (report["created"], report["updated"], len(report["unchanged"])) == ([], [], 3)
    assert server.query(calendar) == before  # no PUT: every ETag as it was
    assert example.read_bytes() == plan_before

    assert run("update", "clapham", "--start", "19:15").exit_code == 0
    code, report, _ = publish(run, calendar)
    assert code == 0
    assert [i["screening"] for i in report["updated"]] == ["clapham"]
    after = server.query(calendar)
    changed = [name for name in after if after[name] != before[name]]
    assert changed == [f"{uids(example)['clapham']}.ics"]
    assert b"SEQUENCE:1" in after[changed[0]][1]


def test_cancelled_screenings_stay_marked_cancelled(run, example, server, calendar):
    assert publish(run, calendar)[0] == 0
    assert run("cancel", "clapham").exit_code == 0
    code, report, _ = publish(run, calendar)
    assert code == 0 and [i["screening"] for i in report["updated"]] == ["clapham"]
    data = server.query(calendar)[f"{uids(example)['clapham']}.ics"][1]
    assert b"STATUS:CANCELLED" in data


def test_remove_missing_removes_only_what_screenkit_published(run, example, server, calendar):
    assert httpx.put(calendar + "foreign.ics", content=FOREIGN, auth=server.auth).status_code == 201
    assert publish(run, calendar)[0] == 0
    gone = uids(example)["east-finchley"]
    assert run("remove", "east-finchley", "--force").exit_code == 0

    code, report, stderr = publish(run, calendar)  # without the option: kept, and said so
    assert code == 0
    assert [m["uid"] for m in report["missing"]] == [gone]
    assert "--remove-missing deletes them" in stderr
    assert f"{gone}.ics" in server.query(calendar)

    code, report, _ = publish(run, calendar, "--remove-missing")
    assert code == 0
    assert [r["uid"] for r in report["removed"]] == [gone]
    left = server.query(calendar)
    assert "foreign.ics" in left and f"{gone}.ics" not in left and len(left) == 3
    assert gone not in tomllib.loads(example.read_text())["published"][calendar]["events"]
    assert publish(run, calendar, "--remove-missing")[1]["removed"] == []


def test_an_event_changed_on_the_server_is_left_alone_unless_forced(run, example, server, calendar):
    assert publish(run, calendar, "--team")[0] == 0
    uid = uids(example)["clapham"]
    href = f"{calendar}{uid}.ics"
    theirs = server.query(calendar)[f"{uid}.ics"][1].replace(b"SUMMARY:", b"SUMMARY:Moved? ")
    assert httpx.put(href, content=theirs, auth=server.auth).status_code in (201, 204)
    recorded = tomllib.loads(example.read_text())["published"][calendar]["events"][uid]
    assert run("update", "clapham", "--notes", "Bring the DCP").exit_code == 0
    assert run("update", "ica-premiere", "--notes", "Press night").exit_code == 0

    code, report, stderr = publish(run, calendar, "--team")
    assert code == ExitCode.DELIVERY
    assert errors(stderr) == [
        f"error: screenings.clapham: not published: {href}: changed or deleted on the server "
        "since screenkit last published it; left as is (--force overwrites)"
    ]
    assert b"Moved?" in server.query(calendar)[f"{uid}.ics"][1]
    plan = tomllib.loads(example.read_text())
    assert plan["published"][calendar]["events"][uid] == recorded  # what failed is not recorded
    assert [i["screening"] for i in report["updated"]] == ["ica-premiere"]
    assert [(f["screening"], f["href"]) for f in report["failed"]] == [("clapham", href)]

    code, report, _ = publish(run, calendar, "--team", "--force")
    assert code == 0 and [i["screening"] for i in report["updated"]] == ["clapham"]
    assert b"Moved?" not in server.query(calendar)[f"{uid}.ics"][1]


def test_a_resource_put_there_by_someone_else_is_not_overwritten(run, example, server, calendar):
    uid = uids(example)["clapham"]
    theirs = FOREIGN.replace(b"not-screenkits@example.org", uid.encode())
    assert httpx.put(f"{calendar}{uid}.ics", content=theirs, auth=server.auth).status_code == 201
    code, report, stderr = publish(run, calendar)
    assert code == ExitCode.DELIVERY
    assert "already on the server, put there by someone else" in errors(stderr)[0]
    assert len(report["created"]) == 2
    assert uid not in tomllib.loads(example.read_text())["published"][calendar]["events"]


def test_team_view_has_attendees_the_server_must_not_invite(run, example, server, calendar):
    assert publish(run, calendar, "--team")[0] == 0
    data = server.query(calendar)[f"{uids(example)['ica-premiere']}.ics"][1]
    event = icalendar.Calendar.from_ical(data).walk("VEVENT")[0]
    attendees = event.get("attendee")
    assert {str(a) for a in attendees} == {
        "mailto:amira@example.org", "mailto:talal@example.org", "mailto:sam@example.org"
    }  # fmt: skip
    assert all(a.params["SCHEDULE-AGENT"] == "CLIENT" for a in attendees)
    assert event["organizer"].params["SCHEDULE-AGENT"] == "CLIENT"
    assert "Contact on the day" in str(event["description"])


def test_dry_run_sends_and_records_nothing(run, example):
    before = example.read_bytes()
    result = run("publish", "http://127.0.0.1:9/nowhere/", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert len(result.stdout.splitlines()) == 3
    assert "3 created, 0 updated, 0 unchanged, 0 removed (dry run: nothing sent)" in result.stderr
    assert example.read_bytes() == before


def test_credentials_from_the_user_config_file(
    run, example, server, calendar, monkeypatch, tmp_path
):
    monkeypatch.delenv("SCREENKIT_CALDAV_USER")
    monkeypatch.delenv("SCREENKIT_CALDAV_PASSWORD")
    config = tmp_path / "config.toml"
    config.write_text(f'[caldav]\nuser = "{USER}"\npassword = "{PASSWORD}"\n')
    config.chmod(0o600)
    monkeypatch.setenv("SCREENKIT_CONFIG", str(config))
    assert publish(run, calendar)[0] == 0
    assert PASSWORD not in example.read_text()

    config.chmod(0o644)
    before = example.read_bytes()
    result = run("publish", calendar)
    assert result.exit_code == ExitCode.USAGE
    assert errors(result.stderr) == [
        f"error: {config}: holds a password but other users can read it; run `chmod 600 {config}`"
    ]
    assert example.read_bytes() == before


# -- hostile input: one `error:` line each, the right exit code, the plan untouched ----------


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A server that accepts connections and never answers."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    yield sock.getsockname()[1]
    sock.close()


@pytest.fixture
def full_server(server: Server) -> Iterator[tuple[str, dict]]:
    """Radicale itself (in this process) behind a switch that makes PUTs answer 507 after a
    number of them: a full disk on demand."""
    from wsgiref.simple_server import WSGIRequestHandler, make_server

    from radicale import Application, config

    configuration = config.load([(str(server.folder / "config"), False)])
    app = Application(configuration)
    switch = {"puts_left": 0}

    def full(environ, start_response):
        if environ["REQUEST_METHOD"] == "PUT":
            if switch["puts_left"] <= 0:
                start_response("507 Insufficient Storage", [("Content-Type", "text/plain")])
                return [b"disk full"]
            switch["puts_left"] -= 1
        return app(environ, start_response)

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    httpd = make_server("127.0.0.1", 0, full, handler_class=Quiet)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    url = server.mkcalendar("nearly-full").replace(
        server.base, f"http://127.0.0.1:{httpd.server_port}/"
    )
    yield url, switch
    httpd.shutdown()
    httpd.server_close()


def _refused(run, example, *args: str) -> str:
    before = example.read_bytes()
    result = run("publish", *args)
    assert example.read_bytes() == before
    lines = errors(result.stderr)
    assert len(lines) == 1, result.stderr
    return f"{result.exit_code} {lines[0]}"


def test_a_malformed_url_is_a_usage_error(run, example):
    assert _refused(run, example, "ftp://cloud.example.org/cal/") == (
        "2 error: URL: is not an http(s) URL; use the calendar's address, such as "
        "https://cloud.example.org/remote.php/dav/calendars/USER/CALENDAR/"
    )
    assert _refused(run, example, "http://localhost:99999/").startswith("2 error: URL: ")
    assert _refused(run, example, "https://me:pw@cloud.example.org/cal/").startswith(
        "2 error: URL: holds a password"
    )


def test_an_unreachable_server(run, example):
    from tests.support.radicale import free_port

    port = free_port()
    assert _refused(run, example, f"http://127.0.0.1:{port}/alice/cal/") == (
        f"6 error: http://127.0.0.1:{port}/alice/cal/: cannot connect (Connection refused); "
        "is the server running and the URL right?"
    )


def test_a_server_that_never_answers(run, example, silent_port, monkeypatch):
    monkeypatch.setenv("SCREENKIT_CALDAV_TIMEOUT", "0.3")
    assert _refused(run, example, f"http://127.0.0.1:{silent_port}/cal/") == (
        f"6 error: http://127.0.0.1:{silent_port}/cal/: the server did not answer within 0.3 s;"
        " it may be down or overloaded: try again later"
    )


def test_a_wrong_password(run, example, calendar, monkeypatch):
    monkeypatch.setenv("SCREENKIT_CALDAV_PASSWORD", "wrong")
    assert _refused(run, example, calendar) == (
        f"6 error: {calendar}: the server refused the user name or password (401); set "
        "SCREENKIT_CALDAV_USER and SCREENKIT_CALDAV_PASSWORD, or user and password in the "
        f"[caldav] table of {Path('no-config.toml').resolve()}"
    )


def test_a_plain_folder_is_not_a_calendar(run, example, server, calendar):
    assert _refused(run, example, f"{server.base}{USER}/") == (
        f"6 error: {server.base}{USER}/: is not a calendar collection (a folder or a file); give "
        "the URL of a calendar, or create one in your calendar app (or with MKCALENDAR)"
    )


def test_a_calendar_that_does_not_exist(run, example, server):
    url = f"{server.base}{USER}/no-such-calendar/"
    assert _refused(run, example, url) == (
        f"6 error: {url}: no such calendar on the server (404); check the URL"
    )


def test_a_web_server_that_is_not_a_calendar_server(run, example, tmp_path):
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_port}/"
    try:
        assert _refused(run, example, url) == (
            f"6 error: {url}: is not a CalDAV calendar (PROPFIND answered 501); give the URL of "
            "a calendar collection"
        )
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_a_full_server_keeps_what_it_took_and_records_only_that(run, example, full_server):
    url, switch = full_server
    switch["puts_left"] = 1
    result = run("publish", url)
    assert result.exit_code == ExitCode.DELIVERY
    assert errors(result.stderr) == [
        f"error: screenings.clapham: not published: {url}{uids(example)['clapham']}.ics: the "
        "server has no storage left (507 Insufficient Storage); 1 more not tried (east-finchley)"
    ]
    recorded = tomllib.loads(example.read_text())["published"][url]["events"]
    assert list(recorded) == [uids(example)["ica-premiere"]]

    switch["puts_left"] = 0
    assert _refused(run, example, url).startswith("6 error: screenings.clapham: not published: ")

    switch["puts_left"] = 10
    code, report, _ = publish(run, url)
    assert code == 0
    assert (len(report["created"]), len(report["unchanged"])) == (2, 1)


# -- each calendar keeps its audience ----------------------------------------------------------
def test_a_calendar_keeps_the_audience_it_was_first_published_for(run, example, server, calendar):
    """A plain `publish` after `publish --team` used to republish every event in the public
    view ("3 updated"): the team's events lost their contacts and run sheet, silently."""
    assert publish(run, calendar, "--team")[0] == 0
    assert tomllib.loads(example.read_text())["published"][calendar]["audience"] == "team"
    code, report, _ = publish(run, calendar)  # no flag: the recorded audience
    assert code == 0 and report["view"] == "team" and len(report["unchanged"]) == 3
    before, stored = example.read_bytes(), server.query(calendar)
    line = _refused(run, example, calendar, "--public")
    assert line == (
        f"2 error: {calendar}: holds the team view (published with --team); --public would "
        "take the run sheet, contacts, notes and attendees out of its events; give --team, or "
        "--switch-audience to change it"
    )
    assert example.read_bytes() == before and server.query(calendar) == stored
    code, report, _ = publish(run, calendar, "--public", "--switch-audience")
    assert code == 0 and len(report["updated"]) == 3
    assert tomllib.loads(example.read_text())["published"][calendar]["audience"] == "public"
    assert _refused(run, example, calendar, "--switch-audience").startswith(
        "2 error: --switch-audience: say which audience"
    )


def _old_shape(plan: Path) -> None:
    """The plan as publish wrote it before audiences were kept: `[published."URL"."UID"]`."""
    import tomli_w

    data = tomllib.loads(plan.read_text())
    data["published"] = {url: cal["events"] for url, cal in data["published"].items()}
    plan.write_text(tomli_w.dumps(data))


def test_an_old_plan_loads_and_its_calendar_moves_to_the_new_shape(run, example, server, calendar):
    assert publish(run, calendar, "--team")[0] == 0
    _old_shape(example)
    assert run("list").exit_code == 0 and run("status").exit_code == 0
    code, report, stderr = publish(run, calendar)  # told from what was published: team
    assert code == 0, stderr
    assert report["view"] == "team" and len(report["unchanged"]) == 3
    recorded = tomllib.loads(example.read_text())["published"][calendar]
    assert recorded["audience"] == "team" and len(recorded["events"]) == 3
    _old_shape(example)
    retitled = run("film", "update", "return-to-homs", "--title", "Return to Homs (2013)")
    assert retitled.exit_code == 0
    line = _refused(run, example, calendar)  # every event moved on: they no longer tell
    assert line.startswith(f"2 error: {calendar}: screenkit published there before it kept")
    assert line.endswith("give --public or --team once")
    code, report, _ = publish(run, calendar, "--team")
    assert code == 0 and len(report["updated"]) == 3


def test_publish_public_leaves_an_umbrella_film_out_and_names_what_stays(run, example, server,
                                                                        calendar):  # fmt: skip
    assert publish(run, calendar)[0] == 0
    text = example.read_text().replace('licence_kind = "single-title"', 'licence_kind = '
                                       '"umbrella"', 1)  # fmt: skip
    for key in ("price", "concession_price", "booking_url"):
        text = "\n".join(line for line in text.splitlines() if not line.startswith(f"{key} ="))
    example.write_text(text + "\n")
    code, report, stderr = publish(run, calendar)
    assert code == 0, stderr
    # A screening withheld from the public leaves the public calendar at once: no
    # --remove-missing needed, since the public must not keep seeing it.
    assert report["created"] == report["updated"] == report["missing"] == []
    assert len(report["removed"]) == 3 and server.query(calendar) == {}
    assert stderr.count("left out of the public calendar") == 3
