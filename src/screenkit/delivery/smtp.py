"""Sending mail: SMTP settings (never in the plan) and a delivery target over one connection.

Settings come from the environment (`SCREENKIT_SMTP_URL`, `SCREENKIT_SMTP_USER`,
`SCREENKIT_SMTP_PASSWORD`) or from an `[smtp]` table in the user's config file
(`SCREENKIT_CONFIG`, else `config.toml` in the platform's config folder); the environment
wins. A config file holding a password must not be readable by others.

`Mailer.deliver` opens one connection for the whole run. A recipient the server refuses, or a
connection that drops halfway, fails those messages and not the ones already accepted, so the
plan records exactly what arrived. A server that cannot be reached, or refuses the login, is
raised before anything is sent.
"""

from __future__ import annotations

import contextlib
import smtplib
import socket
import ssl
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from screenkit.delivery.targets import Delivery, Step
from screenkit.errors import DeliveryError, InputError
from screenkit.output import Output

SCHEMES = {"smtp": 25, "smtp+starttls": 587, "smtps": 465}
TIMEOUT = 30.0  # seconds for connecting and for each reply


@dataclass(frozen=True)
class Settings:
    scheme: str
    host: str
    port: int
    user: str | None = None
    password: str | None = None

    def where(self) -> str:
        return f"{self.scheme}://{self.host}:{self.port}"


def _config(environ: Mapping[str, str]) -> dict[str, str]:
    """The `[smtp]` table of the user's config file (see `userconfig`), checked."""
    from screenkit.delivery import userconfig

    return userconfig.table("smtp", {"url": (str,), "user": (str,), "password": (str,)}, environ)


def settings(environ: Mapping[str, str]) -> Settings:
    """The SMTP server to use; a missing or malformed setting is an InputError naming it."""
    from screenkit.delivery.userconfig import path as config_path

    path = config_path(environ)
    table = _config(environ)
    url = environ.get("SCREENKIT_SMTP_URL") or table.get("url")
    where = "SCREENKIT_SMTP_URL" if environ.get("SCREENKIT_SMTP_URL") else f"{path}: smtp.url"
    if not url:
        raise InputError(
            "SCREENKIT_SMTP_URL: no mail server set; set it (e.g. "
            "smtp+starttls://smtp.example.org:587) or put url in [smtp] of "
            f"{path}, or use --dry-run, --eml or --mbox"
        )
    try:
        parts = urlsplit(url.strip())
    except ValueError as exc:  # e.g. an unclosed [ of an IPv6 address
        raise InputError(f"{where}: not a mail server URL ({exc}); use smtp://host:port") from None
    if parts.password:  # never echo a password embedded in the URL
        url = url.replace(f":{parts.password}@", ":***@")
    if parts.scheme not in SCHEMES:
        raise InputError(
            f"{where}: {url!r} is not a mail server URL; use smtp://host:port, "
            "smtp+starttls://host:587 or smtps://host:465"
        )
    try:
        port = parts.port or SCHEMES[parts.scheme]
    except ValueError:
        raise InputError(f"{where}: {url!r} has a bad port number") from None
    if not parts.hostname or parts.path not in ("", "/") or parts.query:
        raise InputError(f"{where}: {url!r} needs a host and nothing after the port")
    user = (
        environ.get("SCREENKIT_SMTP_USER")
        or table.get("user")
        or (unquote(parts.username) if parts.username else None)
    )
    password = (
        environ.get("SCREENKIT_SMTP_PASSWORD")
        or table.get("password")
        or (unquote(parts.password) if parts.password else None)
    )
    if password and not user:
        raise InputError("SCREENKIT_SMTP_USER: a password is set but no user to log in as")
    return Settings(parts.scheme, parts.hostname, port, user, password)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        text = (
            exc.smtp_error.decode("utf-8", "replace")
            if isinstance(exc.smtp_error, bytes)
            else str(exc.smtp_error)
        )
        return f"{exc.smtp_code} {' '.join(text.split())}"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        (code, text), *_ = exc.recipients.values()
        return f"{code} {' '.join(text.decode('utf-8', 'replace').split())}"
    if isinstance(exc, socket.timeout | TimeoutError):
        return "the server did not answer in time"
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return "the server closed the connection"
    return str(exc) or type(exc).__name__


@dataclass
class Mailer:
    """A delivery target: each output is one message, sent from `sender` to its recipients."""

    settings: Settings
    sender: str
    timeout: float = TIMEOUT

    def connect(self) -> smtplib.SMTP:
        s = self.settings
        try:
            if s.scheme == "smtps":
                server: smtplib.SMTP = smtplib.SMTP_SSL(
                    s.host, s.port, timeout=self.timeout, context=ssl.create_default_context()
                )
            else:
                server = smtplib.SMTP(s.host, s.port, timeout=self.timeout)
            server.ehlo_or_helo_if_needed()
            if s.scheme == "smtp+starttls":
                server.starttls(context=ssl.create_default_context())
                server.ehlo()
        except ssl.SSLCertVerificationError as exc:
            raise DeliveryError(
                f"{s.where()}: the mail server's certificate cannot be trusted "
                f"({exc.verify_message}); check the host name in SCREENKIT_SMTP_URL; "
                "nothing was sent"
            ) from None
        except (OSError, smtplib.SMTPException) as exc:
            raise DeliveryError(
                f"{s.where()}: cannot reach the mail server: {_reason(exc)}; nothing was sent"
            ) from None
        if s.user:
            try:
                server.login(s.user, s.password or "")
            except smtplib.SMTPAuthenticationError as exc:
                _close(server)
                raise DeliveryError(
                    f"{s.where()}: the server refused the login for {s.user} ({_reason(exc)}); "
                    "check SCREENKIT_SMTP_USER and SCREENKIT_SMTP_PASSWORD (an app password "
                    "for most providers); nothing was sent"
                ) from None
            except (OSError, smtplib.SMTPException) as exc:
                _close(server)
                raise DeliveryError(
                    f"{s.where()}: cannot log in: {_reason(exc)}; nothing was sent"
                ) from None
        return server

    def deliver(self, outputs: Sequence[Output], step: Step = lambda: None) -> Delivery:
        result = Delivery()
        if not outputs:
            return result
        server = self.connect()
        broken: str | None = None  # once the connection is gone, the rest are not tried
        try:
            for out in outputs:
                step()
                if broken is not None:
                    result.failed.append((out, f"{', '.join(out.recipients)}: {broken}"))
                    continue
                try:
                    refused = server.sendmail(self.sender, list(out.recipients), out.content)
                except smtplib.SMTPRecipientsRefused as exc:
                    result.failed.append((out, f"{', '.join(out.recipients)}: {_reason(exc)}"))
                    _reset(server)
                    continue
                except (smtplib.SMTPServerDisconnected, OSError) as exc:
                    broken = _reason(exc)
                    result.failed.append((out, f"{', '.join(out.recipients)}: {broken}"))
                    continue
                except smtplib.SMTPException as exc:  # sender or data refused
                    result.failed.append((out, f"{', '.join(out.recipients)}: {_reason(exc)}"))
                    _reset(server)
                    continue
                if refused:
                    result.failed.append((out, f"{', '.join(refused)}: refused"))
                    continue
                result.done.append(out)
                result.places.append(", ".join(out.recipients))
        finally:
            _close(server)
        return result


def _reset(server: smtplib.SMTP) -> None:
    with contextlib.suppress(OSError, smtplib.SMTPException):
        server.rset()


def _close(server: smtplib.SMTP) -> None:
    try:
        server.quit()
    except (OSError, smtplib.SMTPException):
        server.close()
