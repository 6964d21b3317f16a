"""A real Radicale server on 127.0.0.1 for tests and the benchmark, and a small CalDAV reader.

Radicale runs as a subprocess (`python -m radicale --config FILE`) on a free port, storing in
a temporary folder, with htpasswd authentication (plain passwords: it is a test server).
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

USER, PASSWORD = "alice", "s3cret horse"
CONFIG = """\
[server]
hosts = 127.0.0.1:{port}
timeout = 30

[auth]
type = htpasswd
htpasswd_filename = {users}
htpasswd_encryption = plain
delay = 0

[rights]
type = owner_only

[storage]
filesystem_folder = {storage}

[logging]
level = error
"""
CALDAV = "urn:ietf:params:xml:ns:caldav"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    base: str  # http://127.0.0.1:PORT/
    folder: Path

    @property
    def auth(self) -> tuple[str, str]:
        return (USER, PASSWORD)

    def mkcalendar(self, name: str = "screenings") -> str:
        """A new calendar collection of the test user, made with MKCALENDAR; its URL."""
        url = f"{self.base}{USER}/{name}/"
        body = (
            '<?xml version="1.0" encoding="utf-8"?>'
            f'<C:mkcalendar xmlns:D="DAV:" xmlns:C="{CALDAV}"><D:set><D:prop>'
            f"<D:displayname>{name}</D:displayname></D:prop></D:set></C:mkcalendar>"
        )
        answer = httpx.request("MKCALENDAR", url, content=body, auth=self.auth)
        assert answer.status_code == 201, answer.text
        return url

    def mkcol(self, name: str) -> str:
        """A plain WebDAV folder (not a calendar)."""
        url = f"{self.base}{USER}/{name}/"
        answer = httpx.request("MKCOL", url, auth=self.auth)
        assert answer.status_code == 201, answer.text
        return url

    def query(self, url: str) -> dict[str, tuple[str, bytes]]:
        """Every event in the calendar through a calendar-query REPORT (RFC 4791 §7.8):
        resource name -> (ETag, calendar data)."""
        body = (
            '<?xml version="1.0" encoding="utf-8"?>'
            f'<C:calendar-query xmlns:D="DAV:" xmlns:C="{CALDAV}">'
            "<D:prop><D:getetag/><C:calendar-data/></D:prop>"
            '<C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT"/>'
            "</C:comp-filter></C:filter></C:calendar-query>"
        )
        answer = httpx.request("REPORT", url, content=body, auth=self.auth, headers={"Depth": "1"})
        assert answer.status_code == 207, answer.text
        found = {}
        for response in ET.fromstring(answer.content).iter("{DAV:}response"):
            href = response.findtext("{DAV:}href") or ""
            etag = response.findtext(".//{DAV:}getetag") or ""
            data = response.findtext(f".//{{{CALDAV}}}calendar-data") or ""
            found[href.rsplit("/", 1)[-1]] = (etag, data.encode())
        return found


@contextlib.contextmanager
def radicale(folder: Path) -> Iterator[Server]:
    folder.mkdir(parents=True, exist_ok=True)
    users = folder / "users"
    users.write_text(f"{USER}:{PASSWORD}\n")
    port = free_port()
    config = folder / "config"
    config.write_text(CONFIG.format(port=port, users=users, storage=folder / "storage"))
    proc = subprocess.Popen(
        [sys.executable, "-m", "radicale", "--config", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    err = proc.stderr.read().decode() if proc.stderr else ""
                    raise RuntimeError(f"radicale did not start: {err}") from None
                time.sleep(0.05)
        yield Server(f"http://127.0.0.1:{port}/", folder)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
