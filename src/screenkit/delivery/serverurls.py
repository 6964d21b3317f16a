"""Server addresses a person gives (a mail server's, a calendar's): read strictly, and shown
without their userinfo however they were written.

A URL is the one setting that may carry a secret (`smtps://tour:pw@host`), and a password
holding `/`, `?`, `#` or `@` spills out of the userinfo into the path, query or fragment,
where a generic parser leaves it for an error message (or the plan) to show. So an address
is never echoed as typed: messages show `ServerUrl.shown()`, rebuilt from its parts without
userinfo, and an address that does not read cleanly is refused without being quoted.

Hosts are checked before any lookup: an empty label (`a..b`), a label over 63 characters or a
bad internationalised name made the resolver raise UnicodeError, which nothing expected.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from screenkit.errors import InputError

_ASCII_LABEL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?")
_MAX_URL = 2000  # longer than any real server address; a pasted page is not one


@dataclass(frozen=True)
class ServerUrl:
    scheme: str  # lower case
    host: str  # its ASCII (IDNA) form, lower case; an IPv6 address without brackets
    port: int | None
    path: str
    user: str | None = None  # from the userinfo, percent-decoded
    password: str | None = None

    @property
    def netloc(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port is None else f"{host}:{self.port}"

    def shown(self) -> str:
        """The address for messages and the plan: no user, no password."""
        return f"{self.scheme}://{self.netloc}{self.path}"

    @property
    def loopback(self) -> bool:
        """This machine itself: nothing sent there crosses a network."""
        return is_loopback(self.host)


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost" or host.lower().endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_host(host: str) -> str:
    """The host's ASCII form, or ValueError saying what is wrong with it."""
    if not host:
        raise ValueError("has no host")
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        pass
    name = host.rstrip(".") if host.endswith(".") and not host.endswith("..") else host
    if len(name) > 253:
        raise ValueError("has a host name over 253 characters")
    labels = name.split(".")
    if any(not label for label in labels):
        raise ValueError("has a host name with an empty part (two dots together, or a dot first)")
    out = []
    for label in labels:
        if label.isascii() and not label.lower().startswith("xn--"):
            if not _ASCII_LABEL.fullmatch(label):
                raise ValueError(
                    "has a host name with a part that is not letters, digits and hyphens "
                    "(at most 63, no hyphen first or last)"
                )
            out.append(label.lower())
            continue
        import idna

        try:
            out.append(idna.encode(label, uts46=True).decode("ascii"))
        except (idna.IDNAError, UnicodeError, ValueError):
            raise ValueError("has a host name that is not a valid internationalised name") from None
    return ".".join(out)


def _unreadable(where: str, example: str) -> InputError:
    return InputError(
        f"{where}: cannot be read as a server address (a password in it holding '/', '?', "
        f"'#' or '@' must be percent-encoded, and is better kept out of the URL); use "
        f"{example}"
    )


def parse(raw: str, where: str, schemes: tuple[str, ...], kind: str, example: str, *,
          path: bool) -> ServerUrl:  # fmt: skip
    """`raw` read as a server address of one of `schemes` (`kind`: `a mail server URL`);
    `path`: whether it may have one (a calendar's does, a mail server's not). Every error
    names `where` and never quotes `raw`, which may hold a password."""
    text = raw.strip()
    if not text or len(text) > _MAX_URL or any(c.isspace() or ord(c) < 32 or
                                               0x7F <= ord(c) <= 0x9F for c in text):  # fmt: skip
        raise _unreadable(where, example)
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError:
        raise _unreadable(where, example) from None
    scheme = parts.scheme.lower()
    if scheme not in schemes:
        raise InputError(f"{where}: is not {kind}; use {example}")
    try:
        port = parts.port
    except ValueError:
        raise InputError(
            f"{where}: has a bad port number (1 to 65535), or a password holding '/', '?', '#' "
            f"or '@' that is not percent-encoded; use {example}"
        ) from None
    if parts.query or parts.fragment or "?" in text or "#" in text:
        raise _unreadable(where, example)
    if "@" in parts.path and (not path or "@" in parts.path.split("/")[1] or not host
                              or ("." not in host and not is_loopback(host))):  # fmt: skip
        # `https://me:12/x@host/cal/` reads as host `me`, port 12: the password spilled
        raise _unreadable(where, example)
    if not path and parts.path not in ("", "/"):
        raise InputError(f"{where}: needs a host and nothing after the port; use {example}")
    if port == 0:
        raise InputError(f"{where}: has a bad port number (1 to 65535); use {example}")
    try:
        ascii_host = check_host(unquote(host or ""))
    except ValueError as exc:
        raise InputError(f"{where}: {exc}; use {example}") from None
    try:
        user = unquote(parts.username, errors="strict") if parts.username else None
        password = unquote(parts.password, errors="strict") if parts.password else None
    except UnicodeDecodeError:
        raise _unreadable(where, example) from None
    return ServerUrl(scheme, ascii_host, port, parts.path, user, password)


def shown_location(value: str) -> str:
    """An address a server handed back (a redirect's Location), fit for one line of a
    message: rebuilt without userinfo, or `elsewhere` when it does not read as one."""
    text = value.strip()
    try:
        parts = urlsplit(text)
        host = check_host(parts.hostname or "")
        port = parts.port
    except ValueError:
        return "elsewhere"
    if parts.scheme.lower() not in ("http", "https") or len(text) > _MAX_URL:
        return "elsewhere"
    if any(c.isspace() or ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in parts.path):
        return "elsewhere"
    return ServerUrl(parts.scheme.lower(), host, port, parts.path).shown()
