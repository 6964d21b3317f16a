"""A send or a publish stopped halfway (kill -9, Ctrl-C) and run again: every message and
every event arrives exactly once, and the plan records exactly what arrived. Real servers
(aiosmtpd, Radicale), screenkit in a process of its own so that it can really be killed; two
runs at once queue on the plan's lock and still send each message once.

Each waits for what it needs with a generous deadline, never a fixed sleep, so a loaded
two-core machine slows these tests down without breaking them.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
import tomllib
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest

from screenkit.planfile.journal import journal_path
from tests.support.radicale import PASSWORD, USER, Server, radicale
from tests.support.smtp import Handler
from tests.support.smtp import Server as SMTPServer

PEOPLE = 6  # the example's messages: ica-premiere 3, clapham 1, east-finchley 2


def wait_for(condition: Callable[[], bool], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.02)


def screenkit(plan: Path, *args: str, env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "screenkit", "-f", str(plan), *args],
        env={**os.environ, **env}, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip


def finished(proc: subprocess.Popen[bytes]) -> tuple[int, str]:
    _out, err = proc.communicate(timeout=120)
    return proc.returncode, err.decode()


def sent_to(plan: Path) -> set[tuple[str, str]]:
    data = tomllib.loads(plan.read_text())
    return {(sid, pid) for sid, s in data["screenings"].items()
            for pid in s.get("calendar", {}).get("sent_to", {})}  # fmt: skip


class Gate(Handler):
    """Takes messages until `hold_at` of them are in, then holds the next one's DATA (before
    accepting it) until released; `pause` slows every message down."""

    def __init__(self, hold_at: int | None = None, pause: float = 0.0) -> None:
        super().__init__()
        self.hold_at = hold_at
        self.pause = pause
        self.holding = threading.Event()
        self.release = asyncio.Event()

    async def handle_DATA(self, server, session, envelope):
        if self.pause:
            await asyncio.sleep(self.pause)
        if self.hold_at is not None and len(self.received) >= self.hold_at:
            self.holding.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
            return "451 4.3.0 try again later"
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def mail_env(tmp_path) -> dict[str, str]:
    return {"SCREENKIT_CONFIG": str(tmp_path / "no-config.toml"), "SCREENKIT_SMTP_TIMEOUT": "60"}


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT], ids=["kill-9", "ctrl-c"])
def test_a_send_stopped_halfway_and_run_again_sends_each_message_once(example, mail_env, how):
    gate = Gate(hold_at=2)
    with SMTPServer(gate) as srv:
        env = {**mail_env, "SCREENKIT_SMTP_URL": srv.url}
        proc = screenkit(example, "send", env=env)
        wait_for(gate.holding.is_set)
        assert len(srv.received) == 2
        proc.send_signal(how)
        code, err = finished(proc)
        gate.release.set()
        if how == signal.SIGKILL:
            assert code == -signal.SIGKILL
            assert journal_path(example).exists()  # the plan was never written …
            assert sent_to(example) == set()
        else:
            assert code == 130, err  # Ctrl-C: what was taken is recorded at once
            assert "interrupted" in err and not journal_path(example).exists()
            assert len(sent_to(example)) == 2
        gate.hold_at = None
        again = screenkit(example, "send", env=env)
        code, err = finished(again)
        assert code == 0, err
        assert "sent 4 of 4" in err  # … and the rerun folded it in first
    assert len(srv.received) == PEOPLE
    assert len({(tuple(r.recipients), str(r.message["Subject"])) for r in srv.received}) == PEOPLE
    assert len(sent_to(example)) == PEOPLE and not journal_path(example).exists()


def test_two_sends_at_once_send_each_message_once(example, mail_env):
    gate = Gate(pause=0.2)
    with SMTPServer(gate) as srv:
        env = {**mail_env, "SCREENKIT_SMTP_URL": srv.url}
        runs = [screenkit(example, "send", env=env) for _ in range(2)]
        results = [finished(proc) for proc in runs]
    assert [code for code, _ in results] == [0, 0], results
    assert len(srv.received) == PEOPLE
    assert any("nothing to send" in err for _, err in results)


# -- publish against Radicale ---------------------------------------------------------------------
class ThreadingWSGI(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[Server]:
    with radicale(tmp_path_factory.mktemp("radicale")) as running:
        yield running


@pytest.fixture
def gated(server: Server, request) -> Iterator[tuple[str, dict]]:
    """Radicale itself (in this process, a thread per request) behind a gate that can hold
    the Nth PUT: before Radicale stores it, or after (stored, the answer not yet sent)."""
    from radicale import Application, config

    app = Application(config.load([(str(server.folder / "config"), False)]))
    gate: dict = {"hold_at": None, "after": False, "puts": 0, "holding": threading.Event(),
                  "release": threading.Event()}  # fmt: skip

    def wrapped(environ, start_response):
        if environ["REQUEST_METHOD"] != "PUT" or gate["hold_at"] is None:
            return app(environ, start_response)
        gate["puts"] += 1
        if gate["puts"] < gate["hold_at"]:
            return app(environ, start_response)
        if gate["after"]:
            body = app(environ, start_response)  # stored; now hold the answer back
            gate["holding"].set()
            gate["release"].wait(120)
            return body
        gate["holding"].set()
        gate["release"].wait(120)
        start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
        return [b"later"]

    httpd = make_server("127.0.0.1", 0, wrapped, server_class=ThreadingWSGI, handler_class=Quiet)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    name = f"gated-{uuid.uuid4().hex[:12]}"
    url = server.mkcalendar(name).replace(server.base, f"http://127.0.0.1:{httpd.server_port}/")
    try:
        yield url, gate
    finally:
        gate["release"].set()
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def dav_env(tmp_path) -> dict[str, str]:
    return {"SCREENKIT_CONFIG": str(tmp_path / "no-config.toml"), "SCREENKIT_CALDAV_USER": USER,
            "SCREENKIT_CALDAV_PASSWORD": PASSWORD, "SCREENKIT_CALDAV_TIMEOUT": "60"}  # fmt: skip


def published(plan: Path, url: str) -> dict[str, dict]:
    data = tomllib.loads(plan.read_text())
    return data.get("published", {}).get(url, {}).get("events", {})


@pytest.mark.parametrize("after", [False, True], ids=["before-stored", "after-stored"])
def test_a_publish_killed_halfway_and_run_again_neither_duplicates_nor_loses(
    example, server, gated, dav_env, after
):
    """Killed while the third PUT is held: before Radicale stored it, or after (the event is
    on the server, its answer never came back, so the journal does not have it). The rerun
    puts the third in, or finds it there as screenkit's own: not "someone else's"."""
    url, gate = gated
    gate.update(hold_at=3, after=after)
    proc = screenkit(example, "publish", url, env=dav_env)
    wait_for(gate["holding"].is_set)
    proc.send_signal(signal.SIGKILL)
    finished(proc)
    assert journal_path(example).exists() and published(example, url) == {}
    gate["hold_at"] = None
    gate["release"].set()
    again = screenkit(example, "publish", url, env=dav_env)
    code, err = finished(again)
    assert code == 0, err
    assert "error" not in err and "someone else" not in err
    stored = server.query(url)
    assert len(stored) == 3
    recorded = published(example, url)
    assert {f"{uid}.ics": r["etag"] for uid, r in recorded.items()} == {
        name: etag for name, (etag, _) in stored.items()
    }
    assert not journal_path(example).exists()
    code, err = finished(screenkit(example, "publish", url, env=dav_env))  # and all is known
    assert code == 0 and "0 created, 0 updated, 3 unchanged" in err


def test_two_publishes_at_once_put_each_event_once(example, server, dav_env):
    url = server.mkcalendar("two-at-once")
    runs = [screenkit(example, "publish", url, env=dav_env) for _ in range(2)]
    results = [finished(proc) for proc in runs]
    assert [code for code, _ in results] == [0, 0], results
    assert len(server.query(url)) == 3 and len(published(example, url)) == 3
    assert any("3 unchanged" in err for _, err in results)
