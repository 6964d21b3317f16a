"""A real SMTP server on 127.0.0.1 for the tests (aiosmtpd), keeping what it accepted."""

from __future__ import annotations

import email
import socket
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Received:
    sender: str
    recipients: list[str]
    message: EmailMessage


@dataclass
class Handler:
    refuse: set[str] = field(default_factory=set)  # RCPT answered 550
    drop_after: int | None = None  # close the connection after this many messages
    received: list[Received] = field(default_factory=list)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 no such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.drop_after is not None and len(self.received) >= self.drop_after:
            session.transport.close()  # the connection drops halfway
            return "421 closing"
        msg = email.message_from_bytes(envelope.original_content, policy=policy.default)
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), msg))
        return "250 Message accepted for delivery"


class Server:
    def __init__(self, handler: Handler, password: str | None = None) -> None:
        self.handler = handler
        self.port = free_port()
        kwargs = {}
        if password is not None:

            def authenticate(server, session, envelope, mechanism, auth_data):
                ok = auth_data.login == b"tour" and auth_data.password == password.encode()
                return AuthResult(success=ok, handled=False)

            kwargs = {"authenticator": authenticate, "auth_require_tls": False}
        self.controller = Controller(handler, hostname="127.0.0.1", port=self.port, **kwargs)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    @property
    def received(self) -> list[Received]:
        return self.handler.received

    def __enter__(self) -> Server:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()
