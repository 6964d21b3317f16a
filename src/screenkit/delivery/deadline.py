"""Deadlines for whole network exchanges, not only for each read.

A socket timeout bounds one wait: a server that sends one byte a second never trips it, and a
greeting, a multi-line reply or an HTTP answer trickled that way would hold a run for ever.
So each exchange (connecting and greeting, a login, one message, one HTTP request with its
answer) gets a deadline of its own:

- `Watchdog` (smtplib, which owns its socket): a timer that shuts the socket down when the
  deadline passes, which wakes whatever read or write is waiting; `expired` then tells a
  timeout from a server that closed the connection.
- `Clock` and `backend` (httpx): each read and write of the HTTP connection waits at most the
  time left before the deadline, and past it raises httpcore's own timeout, which httpx
  reports as its TimeoutException.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any


class Watchdog:
    """`with Watchdog(seconds, lambda: server.sock):` — the socket the function returns (at
    the moment the deadline passes) is shut down if the block has not finished by then.

    One per connection, used for each of its exchanges in turn: once it has fired the
    connection is gone, and `expired` stays true, so that whatever fails on it afterwards
    (a timer that fired as its block was ending shuts down the next one's socket) is told
    as the timeout it is, not as a server that closed the connection."""

    def __init__(self, seconds: float, sock: Callable[[], socket.socket | None]) -> None:
        self.seconds = seconds
        self.sock = sock
        self.expired = False
        self._timer: threading.Timer | None = None
        self._done = threading.Lock()

    def _fire(self) -> None:
        with self._done:
            if self._timer is None:  # the block finished as the timer fired
                return
            self.expired = True
            sock = self.sock()
            if sock is not None:
                with suppress(OSError, ValueError):
                    # The plain socket's own shutdown, also under TLS: wakes a blocked read.
                    socket.socket.shutdown(sock, socket.SHUT_RDWR)

    def __enter__(self) -> Watchdog:
        self._timer = threading.Timer(self.seconds, self._fire)
        self._timer.daemon = True
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        with self._done:
            timer, self._timer = self._timer, None
        if timer is not None:
            timer.cancel()


class Clock:
    """The deadline of the HTTP request under way, if any (`limit`)."""

    def __init__(self) -> None:
        self.deadline: float | None = None

    @contextmanager
    def limit(self, seconds: float) -> Iterator[None]:
        self.deadline = time.monotonic() + seconds
        try:
            yield
        finally:
            self.deadline = None

    def left(self, timeout: float | None, timed_out: type[Exception]) -> float | None:
        if self.deadline is None:
            return timeout
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise timed_out("the deadline for the whole answer passed")
        return remaining if timeout is None else min(timeout, remaining)


def backend(inner: Any, clock: Clock) -> Any:
    """httpcore's network backend `inner`, with every wait bounded by `clock`."""
    import httpcore

    class Stream(httpcore.NetworkStream):
        def __init__(self, stream: Any) -> None:
            self.stream = stream

        def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
            return self.stream.read(max_bytes, clock.left(timeout, httpcore.ReadTimeout))

        def write(self, buffer: bytes, timeout: float | None = None) -> None:
            self.stream.write(buffer, clock.left(timeout, httpcore.WriteTimeout))

        def close(self) -> None:
            self.stream.close()

        def start_tls(self, ssl_context: Any, server_hostname: str | None = None,
                      timeout: float | None = None) -> Stream:  # fmt: skip
            left = clock.left(timeout, httpcore.ConnectTimeout)
            return Stream(self.stream.start_tls(ssl_context, server_hostname, left))

        def get_extra_info(self, info: str) -> Any:
            return self.stream.get_extra_info(info)

    class Backend(httpcore.NetworkBackend):
        def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                        local_address: str | None = None,
                        socket_options: Any = None) -> Stream:  # fmt: skip
            left = clock.left(timeout, httpcore.ConnectTimeout)
            return Stream(inner.connect_tcp(host, port, left, local_address, socket_options))

        def connect_unix_socket(self, path: str, timeout: float | None = None,
                                socket_options: Any = None) -> Stream:  # fmt: skip
            left = clock.left(timeout, httpcore.ConnectTimeout)
            return Stream(inner.connect_unix_socket(path, left, socket_options))

        def sleep(self, seconds: float) -> None:
            inner.sleep(seconds)

    return Backend()


def transport(clock: Clock, **options: Any) -> Any:
    """An httpx transport whose connections keep to `clock` (see `backend`). httpx takes no
    network backend of its own; its pool keeps one, which is wrapped here (httpcore 1.x)."""
    import httpx

    made = httpx.HTTPTransport(**options)
    pool = made._pool
    pool._network_backend = backend(pool._network_backend, clock)
    return made
