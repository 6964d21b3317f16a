"""Sending mail: SMTP settings (never in the plan) and a delivery target over one connection.

Settings come from the environment (`SCREENKIT_SMTP_URL`, `SCREENKIT_SMTP_USER`,
`SCREENKIT_SMTP_PASSWORD`, `SCREENKIT_SMTP_TIMEOUT`) or from an `[smtp]` table in the user's
config file (`SCREENKIT_CONFIG`, else `config.toml` in the platform's config folder); the
environment wins. A password may also come from a command or the system keyring (`secrets`).
A password over plain `smtp://` to another machine would cross the network in clear, so it is
refused unless the person says `--insecure`.

`Mailer.deliver` opens one connection for the whole run. A recipient the server refuses, or a
connection that drops halfway, fails those messages and not the ones already accepted, each of
which is reported (`arrived`) the moment the server takes it, so the plan can record exactly
what arrived even if the run is killed. A server that cannot be reached, or refuses the login,
is raised before anything is sent. Every exchange has a deadline (`deadline.Watchdog`): a
server that hangs, or answers a byte at a time, is given up on as timed out.

Logins are AUTH PLAIN or LOGIN with the user and password in UTF-8 (RFC 4616), so a password
outside ASCII works; the standard library would encode it as ASCII and fail. An address whose
local part is not ASCII (`jöhn@…`) is sent with SMTPUTF8 (RFC 6531) when the server offers it,
and is otherwise refused for that message alone, with the reason.
"""

from __future__ import annotations

import base64
import contextlib
import smtplib
import socket
import ssl
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from screenkit.delivery.deadline import Watchdog
from screenkit.delivery.secrets import Secret, scrub
from screenkit.delivery.targets import Arrival, Arrived, Delivery, Step
from screenkit.errors import DeliveryError, InputError
from screenkit.output import Output

SCHEMES = {"smtp": 25, "smtp+starttls": 587, "smtps": 465}
EXAMPLE = "smtp+starttls://smtp.example.org:587, smtps://host:465 or smtp://host:25"
TIMEOUT = 30.0  # seconds for connecting, for each reply, and for each whole exchange
CONFIG_KEYS: dict[str, tuple[type, ...]] = {
    "url": (str,), "user": (str,), "password": (str,), "password_command": (str, list),
    "keyring": (str, bool), "timeout": (int, float, str),
}  # fmt: skip


@dataclass(frozen=True)
class Settings:
    scheme: str
    host: str
    port: int
    user: str | None = None
    password: Secret | None = None
    timeout: float = TIMEOUT

    def where(self) -> str:
        """The server as messages name it: never a user or a password."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{host}:{self.port}"


def _config(environ: Mapping[str, str], account: str | None = None) -> dict[str, object]:
    """The `[smtp]` table of the user's config file (see `userconfig`), checked; or the
    `[smtp.ACCOUNT]` table of an organiser's own account."""
    from screenkit.delivery import userconfig

    return userconfig.table("smtp", CONFIG_KEYS, environ, account)


def seconds(value: object, where: str) -> float:
    """A timeout in seconds, from 0 (excluded) to an hour."""
    try:
        number = float(value) if not isinstance(value, bool) else -1.0  # type: ignore[arg-type]
    except (TypeError, ValueError):
        number = -1.0
    if not 0 < number <= 3600:
        from screenkit.plan.values import show

        raise InputError(
            f"{where}: {show(value)} is not a number of seconds above 0 and up to "
            "3600; give one such as 30"
        )
    return number


def settings(
    environ: Mapping[str, str], *, insecure: bool = False, account: str | None = None
) -> Settings:
    """The SMTP server to use (an organiser's own `account`: `[smtp.ACCOUNT]`, which the
    SCREENKIT_SMTP_* variables do not touch); a missing or malformed setting is an
    InputError naming it, never quoting the URL (which may hold a password)."""
    from screenkit.delivery import secrets, serverurls
    from screenkit.delivery.userconfig import path as config_path

    path = config_path(environ)
    table = _config(environ, account)
    name = f"smtp.{account}" if account else "smtp"
    if account is not None:  # the environment is the default account's
        environ = {k: v for k, v in environ.items() if not k.startswith("SCREENKIT_SMTP_")}
    raw = environ.get("SCREENKIT_SMTP_URL") or table.get("url")
    where = "SCREENKIT_SMTP_URL" if environ.get("SCREENKIT_SMTP_URL") else f"{path}: {name}.url"
    if not raw:
        raise InputError(
            "SCREENKIT_SMTP_URL: no mail server set; set it (e.g. "
            "smtp+starttls://smtp.example.org:587) or put url in [smtp] of "
            f"{path}, or use --dry-run or --eml (send takes --mbox too)"
        )
    url = serverurls.parse(str(raw), where, tuple(SCHEMES), "a mail server URL", EXAMPLE,
                           path=False)  # fmt: skip
    user = environ.get("SCREENKIT_SMTP_USER") or table.get("user") or url.user
    password: Secret | None = None
    if environ.get("SCREENKIT_SMTP_PASSWORD"):
        password = secrets.given(environ["SCREENKIT_SMTP_PASSWORD"], "SCREENKIT_SMTP_PASSWORD")
    else:
        password = secrets.from_table("smtp", table, f"{path}: {name}", str(user) if user else None)
    if password is None and url.password:
        password = secrets.given(url.password, where)
    if password is not None and not user:
        raise InputError("SCREENKIT_SMTP_USER: a password is set but no user to log in as")
    shown = f"smtp://{url.netloc}"
    if password is not None and url.scheme == "smtp" and not url.loopback and not insecure:
        raise InputError(
            f"{where}: {shown} has no encryption, so the password would cross the network "
            "in clear; use smtp+starttls:// (port 587) or smtps:// (465), or --insecure if "
            "you must"
        )
    timeout = environ.get("SCREENKIT_SMTP_TIMEOUT") or table.get("timeout")
    limit = TIMEOUT
    if timeout is not None:
        said = "SCREENKIT_SMTP_TIMEOUT" if environ.get("SCREENKIT_SMTP_TIMEOUT") else (
            f"{path}: {name}.timeout")  # fmt: skip
        limit = seconds(timeout, said)
    port = url.port or SCHEMES[url.scheme]
    return Settings(url.scheme, url.host, port, str(user) if user else None, password, limit)


def _text(value: object) -> str:
    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    return " ".join(text.split())[:300]


def _reason(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{exc.smtp_code} {_text(exc.smtp_error)}"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        (code, text), *_ = exc.recipients.values()
        return f"{code} {_text(text)}"
    if isinstance(exc, socket.timeout | TimeoutError):
        return "the server did not answer in time (timed out)"
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        if "timed out" in str(exc):  # smtplib's word for a socket timeout on a read
            return "the server did not answer in time (timed out)"
        return "the server closed the connection"
    if isinstance(exc, ssl.SSLError):
        return f"the encrypted connection failed ({_text(exc.reason or type(exc).__name__)})"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return _text(str(exc) or type(exc).__name__)


def needs_smtputf8(sender: str, recipients: Sequence[str]) -> bool:
    return not all(a.isascii() for a in (sender, *recipients))


class _Refused(Exception):
    """A login the server refused, with its answer."""

    def __init__(self, code: int, text: str) -> None:
        self.code, self.text = code, text


def login(server: smtplib.SMTP, user: str, password: str) -> None:
    """AUTH PLAIN (or LOGIN, if that is all the server offers) in UTF-8."""
    offered = (server.esmtp_features.get("auth") or "").upper().split()
    if "PLAIN" not in offered and "LOGIN" in offered:
        code, text = server.docmd("AUTH", "LOGIN " + _b64(user))
        if code == 334:
            code, text = server.docmd(_b64(password))
    elif "PLAIN" in offered:
        token = b"\0" + user.encode() + b"\0" + password.encode()
        code, text = server.docmd("AUTH", "PLAIN " + base64.b64encode(token).decode("ascii"))
    else:
        raise _Refused(0, "it offers no login this program can use (PLAIN or LOGIN): "
                          + " ".join(offered)[:100])  # fmt: skip
    if code not in (235, 503):  # 503: already logged in
        raise _Refused(code, _text(text))


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode("ascii")


@dataclass
class Mailer:
    """A delivery target: each output is one message, sent from `sender` to its recipients."""

    settings: Settings
    sender: str
    reports_arrivals = True  # see targets.deliver_to

    def _scrub(self, text: str) -> str:
        return scrub(text, self.settings.password)

    def _watch(self, server: smtplib.SMTP) -> Watchdog:
        return Watchdog(self.settings.timeout, lambda: getattr(server, "sock", None))

    def _timed_out(self) -> str:
        return f"the server did not answer within {self.settings.timeout:g} s (timed out)"

    def connect(self) -> tuple[smtplib.SMTP, Watchdog]:
        """A connection, greeted, encrypted and logged in as the settings say, and the
        watchdog that keeps each of its exchanges to the deadline."""
        s = self.settings
        # The socket's own timeout is a backstop, a little longer than the watchdog's
        # deadline, so that a silent server is told by the watchdog (smtplib turns a socket
        # timeout into "Connection unexpectedly closed").
        backstop = s.timeout * 1.5 + 1
        server: smtplib.SMTP = (
            smtplib.SMTP_SSL(timeout=backstop, context=ssl.create_default_context())
            if s.scheme == "smtps"
            else smtplib.SMTP(timeout=backstop)
        )
        # Made without a host, so that connecting and the greeting happen under the watchdog;
        # smtplib names the host for TLS (SNI, the certificate check) from `_host`.
        server._host = s.host  # type: ignore[attr-defined]
        watch = self._watch(server)
        try:
            with watch:
                server.connect(s.host, s.port)
                server.ehlo_or_helo_if_needed()
                if s.scheme == "smtp+starttls":
                    server.starttls(context=ssl.create_default_context())
                    server.ehlo()
        except ssl.SSLCertVerificationError as exc:
            _close(server)
            raise DeliveryError(
                f"{s.where()}: the mail server's certificate cannot be trusted "
                f"({exc.verify_message}); check the host name in SCREENKIT_SMTP_URL; "
                "nothing was sent"
            ) from None
        except (OSError, smtplib.SMTPException, UnicodeError) as exc:
            _close(server)
            why = self._timed_out() if watch.expired else _reason(exc)
            raise DeliveryError(
                f"{s.where()}: cannot reach the mail server: {why}; nothing was sent"
            ) from None
        if s.user:
            self._login(server, watch)
        return server, watch

    def _login(self, server: smtplib.SMTP, watch: Watchdog) -> None:
        s = self.settings
        assert s.user is not None
        password = s.password.get() if s.password is not None else ""
        try:
            with watch:
                if not server.has_extn("auth"):
                    raise _Refused(0, "it offers no login (no AUTH); is this the submission port?")
                login(server, s.user, password)
        except _Refused as exc:
            _close(server)
            said = f"{exc.code} {exc.text}" if exc.code else exc.text
            raise DeliveryError(
                f"{s.where()}: the server refused the login for {s.user} "
                f"({self._scrub(said)}); check SCREENKIT_SMTP_USER and the password (an app "
                "password for most providers); nothing was sent"
            ) from None
        except (OSError, smtplib.SMTPException) as exc:
            _close(server)
            why = self._timed_out() if watch.expired else self._scrub(_reason(exc))
            raise DeliveryError(f"{s.where()}: cannot log in: {why}; nothing was sent") from None

    def deliver(self, outputs: Iterable[Output], step: Step = lambda: None,
                arrived: Arrived | None = None) -> Delivery:  # fmt: skip
        outputs = list(outputs)
        result = Delivery()
        if not outputs:
            return result
        server, watch = self.connect()
        broken: str | None = None  # once the connection is gone, the rest are not tried
        try:
            for out in outputs:
                step()
                who = ", ".join(out.recipients)
                if broken is not None:
                    result.failed.append((out, f"{who}: {broken}"))
                    continue
                options: list[str] = []
                if needs_smtputf8(self.sender, out.recipients):
                    if not server.has_extn("smtputf8"):
                        result.failed.append((out, f"{who}: the mail server does not take "
                                              "addresses outside ASCII (no SMTPUTF8); send it "
                                              "from a provider that does"))  # fmt: skip
                        continue
                    options = ["SMTPUTF8", "BODY=8BITMIME"]
                try:
                    with watch:
                        refused = server.sendmail(self.sender, list(out.recipients), out.content,
                                                  mail_options=options)  # fmt: skip
                except smtplib.SMTPRecipientsRefused as exc:
                    result.failed.append((out, f"{who}: {self._scrub(_reason(exc))}"))
                    _reset(server, watch)
                    continue
                except (smtplib.SMTPServerDisconnected, OSError) as exc:
                    broken = self._timed_out() if watch.expired else self._scrub(_reason(exc))
                    result.failed.append((out, f"{who}: {broken}"))
                    continue
                except smtplib.SMTPException as exc:  # sender or data refused
                    if watch.expired:
                        broken = self._timed_out()
                    result.failed.append((out, f"{who}: {broken or self._scrub(_reason(exc))}"))
                    if broken is None:
                        _reset(server, watch)
                    continue
                if refused:
                    result.failed.append((out, f"{', '.join(refused)}: refused"))
                    continue
                result.done.append(out)
                result.places.append(who)
                if arrived is not None:
                    arrived(Arrival(out))
        except BaseException:  # Ctrl-C: go at once, without a polite QUIT the server may stall
            server.close()
            raise
        if broken is None:
            with contextlib.suppress(Exception), watch:
                server.quit()
        server.close()
        return result


def _reset(server: smtplib.SMTP, watch: Watchdog) -> None:
    with contextlib.suppress(OSError, smtplib.SMTPException), watch:
        server.rset()


def _close(server: smtplib.SMTP) -> None:
    with contextlib.suppress(OSError, smtplib.SMTPException):
        server.close()


class Routed:
    """Several mailers, each taking the messages `route` gives it (an organiser's account and
    address): one run sends every group's mail as that group. A server that cannot be
    reached fails its own messages, named, not the others'."""

    reports_arrivals = True

    def __init__(self, mailers: Mapping[Any, Mailer], route: Callable[[Output], Any]) -> None:
        self.mailers, self.route = mailers, route

    def deliver(self, outputs: Iterable[Output], step: Step = lambda: None,
                arrived: Arrived | None = None) -> Delivery:  # fmt: skip
        groups: dict[Any, list[Output]] = {}
        for out in outputs:
            groups.setdefault(self.route(out), []).append(out)
        result = Delivery()
        for key, group in groups.items():
            mailer = self.mailers.get(key)
            if mailer is None:
                result.failed += [(out, f"{out.name}: no organiser's address to send it from")
                                  for out in group]  # fmt: skip
                continue
            try:
                done = mailer.deliver(group, step, arrived)
            except DeliveryError as exc:
                result.failed += [(out, exc.lines[0]) for out in group]
                continue
            result.done += done.done
            result.unchanged += done.unchanged
            result.failed += done.failed
            result.places += done.places
            result.skipped += done.skipped
        return result
