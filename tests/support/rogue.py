"""Small misbehaving servers, for what no real server does on purpose: a mail server that
hangs after connecting or trickles its greeting a byte at a time, and a CalDAV server whose
answers are too big, too slow, malformed or elsewhere. Each runs in a thread on 127.0.0.1 on
a free port and records what it was asked."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CALENDAR = (
    b'<?xml version="1.0" encoding="utf-8"?>\n<d:multistatus xmlns:d="DAV:" '
    b'xmlns:c="urn:ietf:params:xml:ns:caldav"><d:response><d:href>/cal/</d:href><d:propstat>'
    b"<d:prop><d:resourcetype><d:collection/><c:calendar/></d:resourcetype></d:prop>"
    b"<d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response></d:multistatus>"
)


@contextmanager
def tcp(talk: Callable[[socket.socket], None]) -> Iterator[int]:
    """A TCP server whose every connection is handed to `talk`; yields its port."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    stop = threading.Event()
    open_ones: list[socket.socket] = []

    def serve() -> None:
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            open_ones.append(conn)
            threading.Thread(target=_quietly, args=(talk, conn), daemon=True).start()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1]
    finally:
        stop.set()
        thread.join(2)
        server.close()
        for conn in open_ones:
            conn.close()


def _quietly(talk: Callable[[socket.socket], None], conn: socket.socket) -> None:
    with suppress(OSError):
        talk(conn)


def silent(conn: socket.socket) -> None:
    """Accept, then say nothing at all."""
    time.sleep(60)


def trickle(conn: socket.socket) -> None:
    """A greeting that never ends, a byte a ~tenth of a second: every read gets something
    well within a per-read timeout."""
    for byte in b"220-" + b"x" * 10_000:
        conn.sendall(bytes([byte]))
        time.sleep(0.1)


@dataclass
class Asked:
    method: str
    path: str
    headers: dict[str, str]


@dataclass
class CalDAVRogue:
    """A CalDAV server whose answer to each method is a function of the request; records
    every request. `answers[METHOD](handler)` writes the whole answer."""

    answers: dict[str, Callable[[BaseHTTPRequestHandler], None]] = field(default_factory=dict)
    asked: list[Asked] = field(default_factory=list)
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/cal/"


def answer(handler: BaseHTTPRequestHandler, status: int, body: bytes = b"",
           headers: dict[str, str] | None = None) -> None:  # fmt: skip
    handler.send_response(status)
    for key, value in (headers or {}).items():
        handler.send_header(key, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def calendar(handler: BaseHTTPRequestHandler) -> None:
    answer(handler, 207, CALENDAR, {"Content-Type": "application/xml"})


def created(etag: str = '"1"') -> Callable[[BaseHTTPRequestHandler], None]:
    def put(handler: BaseHTTPRequestHandler) -> None:
        # http.server writes a header as Latin-1: U+0085 goes on the wire as the byte 0x85.
        answer(handler, 201, b"", {"ETag": etag})

    return put


@contextmanager
def caldav(rogue: CalDAVRogue) -> Iterator[CalDAVRogue]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def _any(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            rogue.asked.append(Asked(self.command, self.path, dict(self.headers.items())))
            respond = rogue.answers.get(self.command)
            if respond is None:
                answer(self, 405)
            else:
                try:
                    respond(self)
                except OSError:  # the client hung up on a huge or slow answer: as meant
                    self.close_connection = True

        do_PROPFIND = do_PUT = do_GET = do_HEAD = do_DELETE = _any

    class Quiet(ThreadingHTTPServer):
        daemon_threads = True

        def handle_error(self, request: object, client_address: object) -> None:
            pass  # a client that hung up on a huge answer: as meant, and not the test's output

    httpd = Quiet(("127.0.0.1", 0), Handler)
    rogue.port = httpd.server_port
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield rogue
    finally:
        httpd.shutdown()
        httpd.server_close()
