"""Answers straight from the mailbox: new messages read from an IMAP folder, and handled ones
moved aside. Settings and the password never come from the plan.

Settings come from the environment (`SCREENKIT_IMAP_URL`, `SCREENKIT_IMAP_USER`,
`SCREENKIT_IMAP_PASSWORD`) or an `[imap]` table in the user config file (`url`, `user`, a
password as for SMTP: `password`, `password_command` or `keyring`; `folder`, default INBOX;
`move_to`, a folder for handled replies; `authserv_id`, the receiving server's name in its
Authentication-Results; `timeout`). `imaps://` (993) and `imap+starttls://` (143) encrypt;
plain `imap://` is for this machine only (a test server, a local bridge such as Proton's or
Davmail), since the password would otherwise cross the network in clear.

A message is known by the folder's UIDVALIDITY and its UID (RFC 9051): the last UID handled
is kept in the user's state folder, per account and folder, so a second run reads only what
arrived since, and a folder whose UIDVALIDITY changed is read again from the start (an
answer recorded twice changes nothing). The standard library's `imaplib` speaks the protocol:
login by AUTHENTICATE PLAIN in UTF-8 when the server offers it, UID SEARCH and FETCH with
BODY.PEEK (nothing is marked read), and UID MOVE (or COPY, then \\Deleted and UID EXPUNGE).
Every exchange has a deadline; a message over 2 MB is skipped, named (a reply is a few KB).
"""

from __future__ import annotations

import json
import re
import ssl
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from screenkit.delivery.deadline import Watchdog
from screenkit.delivery.secrets import Secret, scrub
from screenkit.errors import DeliveryError, InputError

SCHEMES = {"imaps": 993, "imap+starttls": 143, "imap": 143}
EXAMPLE = "imaps://imap.example.org:993 or imap+starttls://imap.example.org:143"
TIMEOUT = 30.0
MAX_MESSAGE = 2 * 1024 * 1024
MAX_NEW = 5000  # messages read in one run; the rest wait for the next
CONFIG_KEYS: dict[str, tuple[type, ...]] = {
    "url": (str,), "user": (str,), "password": (str,), "password_command": (str, list),
    "keyring": (str, bool), "timeout": (int, float, str), "folder": (str,),
    "move_to": (str,), "authserv_id": (str,),
}  # fmt: skip
_UIDVALIDITY = re.compile(rb"UIDVALIDITY (\d+)")


@dataclass(frozen=True)
class Settings:
    scheme: str
    host: str
    port: int
    user: str
    password: Secret
    folder: str = "INBOX"
    move_to: str | None = None
    authserv_id: str | None = None
    timeout: float = TIMEOUT

    def where(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{host}:{self.port}"

    def key(self) -> str:
        """This account's folder, as the state file names it."""
        return f"{self.user}@{self.host}:{self.port}/{self.folder}"


def settings(environ: Mapping[str, str]) -> Settings:
    """The mailbox to read; a missing or malformed setting is an InputError naming it."""
    from screenkit.delivery import secrets, serverurls, userconfig
    from screenkit.delivery.smtp import seconds

    path = userconfig.path(environ)
    table = userconfig.table("imap", CONFIG_KEYS, environ)
    raw = environ.get("SCREENKIT_IMAP_URL") or table.get("url")
    where = "SCREENKIT_IMAP_URL" if environ.get("SCREENKIT_IMAP_URL") else f"{path}: imap.url"
    if not raw:
        raise InputError(
            "SCREENKIT_IMAP_URL: no mailbox set; set it (e.g. imaps://imap.example.org) or put "
            f"url in [imap] of {path}"
        )
    url = serverurls.parse(str(raw), where, tuple(SCHEMES), "a mailbox URL", EXAMPLE,
                           path=False)  # fmt: skip
    if url.scheme == "imap" and not url.loopback:
        raise InputError(
            f"{where}: imap://{url.netloc} has no encryption, so the password would cross the "
            "network in clear; use imaps:// (993) or imap+starttls:// (143)"
        )
    user = environ.get("SCREENKIT_IMAP_USER") or table.get("user") or url.user
    if not user:
        raise InputError(f"SCREENKIT_IMAP_USER: no user to log in as; set it or user in [imap] "
                         f"of {path}")  # fmt: skip
    password: Secret | None
    if environ.get("SCREENKIT_IMAP_PASSWORD"):
        password = secrets.given(environ["SCREENKIT_IMAP_PASSWORD"], "SCREENKIT_IMAP_PASSWORD")
    else:
        password = secrets.from_table("imap", table, f"{path}: imap", str(user))
    if password is None and url.password:
        password = secrets.given(url.password, where)
    if password is None:
        raise InputError(f"SCREENKIT_IMAP_PASSWORD: no password for {user}; set it, or give "
                         f"password_command or keyring in [imap] of {path}")  # fmt: skip
    limit = seconds(table["timeout"], f"{path}: imap.timeout") if "timeout" in table else TIMEOUT
    for key in ("folder", "move_to"):
        value = table.get(key)
        if value is not None and (not value.strip() or any(ord(c) < 32 for c in value)):
            raise InputError(f"{path}: imap.{key}: {value!r} is not a folder name")
    return Settings(url.scheme, url.host, url.port or SCHEMES[url.scheme], str(user), password,
                    table.get("folder") or "INBOX", table.get("move_to"),
                    table.get("authserv_id"), limit)  # fmt: skip


# -- what was read before ----------------------------------------------------------------------
def state_path(environ: Mapping[str, str]) -> Path:
    """Where the last UID read of each folder is kept: the user's state folder."""
    given = environ.get("SCREENKIT_STATE_DIR")
    if given:
        return Path(given).expanduser() / "imap.json"
    from platformdirs import user_state_dir

    return Path(user_state_dir("screenkit", appauthor=False)) / "imap.json"


def last_read(environ: Mapping[str, str], key: str) -> tuple[int, int]:
    """(UIDVALIDITY, last UID handled) of a folder; (0, 0) before any."""
    try:
        raw = state_path(environ).read_bytes()[:1_000_000]
        entry = json.loads(raw).get(key) or {}
        return int(entry.get("uidvalidity", 0)), int(entry.get("uid", 0))
    except (OSError, ValueError, AttributeError, TypeError):
        return 0, 0


def remember(environ: Mapping[str, str], key: str, uidvalidity: int, uid: int) -> None:
    from screenkit.files import atomic_write_bytes

    file = state_path(environ)
    try:
        known = json.loads(file.read_bytes()[:1_000_000])
        known = known if isinstance(known, dict) else {}
    except (OSError, ValueError):
        known = {}
    known[key] = {"uidvalidity": uidvalidity, "uid": uid}
    file.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(file, json.dumps(known, indent=1).encode())


# -- the mailbox -----------------------------------------------------------------------------
@dataclass
class Message:
    uid: int
    raw: bytes


@dataclass
class Found:
    uidvalidity: int
    messages: list[Message]
    skipped: list[str]  # messages not read, and why
    last_uid: int  # the highest UID seen, read or skipped


class Mailbox:
    """One IMAP session on the folder: `new(since)`, then `move(uids)`."""

    def __init__(self, s: Settings) -> None:
        self.s = s
        self.conn: Any = None
        self.watch = Watchdog(s.timeout, lambda: getattr(self.conn, "sock", None))

    @contextmanager
    def _exchange(self, what: str) -> Iterator[None]:
        import imaplib

        try:
            with self.watch:
                yield
        except (OSError, EOFError, imaplib.IMAP4.error, ssl.SSLError) as exc:
            why = "timed out" if self.watch.expired else scrub(str(exc), self.s.password)[:200]
            raise DeliveryError(f"{self.s.where()}: {what} failed ({why})") from None

    def open(self) -> None:
        import imaplib

        s = self.s
        context = ssl.create_default_context()
        with self._exchange("connecting"):
            if s.scheme == "imaps":
                self.conn = imaplib.IMAP4_SSL(s.host, s.port, ssl_context=context,
                                              timeout=s.timeout)  # fmt: skip
            else:
                self.conn = imaplib.IMAP4(s.host, s.port, timeout=s.timeout)
                if s.scheme == "imap+starttls":
                    self.conn.starttls(context)
        with self._exchange("logging in"):
            try:
                if "AUTH=PLAIN" in self.conn.capabilities:
                    blob = f"\0{s.user}\0{s.password.get()}".encode()
                    self.conn.authenticate("PLAIN", lambda _: blob)
                else:
                    self.conn.login(s.user, s.password.get())
            except imaplib.IMAP4.error:
                raise DeliveryError(
                    f"{s.where()}: the server refused the login for {s.user}; check the user "
                    "and the password (an app password, for Gmail or Outlook)"
                ) from None

    def new(self, uidvalidity: int, since: int) -> Found:
        """Every message with a UID above `since` (all, if the folder's UIDVALIDITY is not
        `uidvalidity`), oldest first, at most MAX_NEW; too large ones are skipped, named."""
        s = self.s
        with self._exchange(f"opening {s.folder}"):
            ok, said = self.conn.select(_quoted(s.folder), readonly=s.move_to is None)
            if ok != "OK":
                raise DeliveryError(f"{s.where()}: no folder {s.folder!r} to read ({_text(said)})")
            found = _UIDVALIDITY.search(b" ".join(x for x in self.conn.response("UIDVALIDITY")[1]
                                                  if isinstance(x, bytes)))  # fmt: skip
            current = int(found.group(1)) if found else 0
            if current != uidvalidity:
                since = 0
            ok, data = self.conn.uid("SEARCH", f"UID {since + 1}:*")
        uids = sorted(int(x) for x in (data[0] or b"").split() if int(x) > since)[:MAX_NEW]
        out = Found(current, [], [], max([since, *uids]))
        for uid in uids:
            with self._exchange(f"reading message {uid}"):
                ok, data = self.conn.uid("FETCH", str(uid), "(RFC822.SIZE)")
                size = _size(data)
                if size is None or size > MAX_MESSAGE:
                    out.skipped.append(f"{s.folder} UID {uid}: over {MAX_MESSAGE // 1048576} MB "
                                       "(a reply is a few KB); not read")  # fmt: skip
                    continue
                ok, data = self.conn.uid("FETCH", str(uid), "(BODY.PEEK[])")
            raw = next((part[1] for part in data if isinstance(part, tuple)), None)
            if ok == "OK" and isinstance(raw, bytes):
                out.messages.append(Message(uid, raw))
        return out

    def move(self, uids: list[int]) -> None:
        """Move handled messages to `move_to` (made if missing)."""
        s = self.s
        if not uids or s.move_to is None:
            return
        with self._exchange(f"moving replies to {s.move_to}"):
            self.conn.create(_quoted(s.move_to))  # already there: a NO, which is fine
            which = ",".join(map(str, uids))
            if "MOVE" in self.conn.capabilities:
                ok, said = self.conn.uid("MOVE", which, _quoted(s.move_to))
            else:
                ok, said = self.conn.uid("COPY", which, _quoted(s.move_to))
                if ok == "OK":
                    self.conn.uid("STORE", which, "+FLAGS.SILENT", r"(\Deleted)")
                    if "UIDPLUS" in self.conn.capabilities:
                        self.conn.uid("EXPUNGE", which)
                    else:
                        self.conn.expunge()
            if ok != "OK":
                raise DeliveryError(f"{s.where()}: could not move the replies to "
                                    f"{s.move_to!r} ({_text(said)})")  # fmt: skip

    def close(self) -> None:
        if self.conn is not None:
            with suppress(Exception), self.watch:
                self.conn.logout()
            self.conn = None


@contextmanager
def mailbox(s: Settings) -> Iterator[Mailbox]:
    box = Mailbox(s)
    try:
        box.open()
        yield box
    finally:
        box.close()


def _quoted(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _size(data: list[Any]) -> int | None:
    for part in data:
        text = part[0] if isinstance(part, tuple) else part
        if isinstance(text, bytes):
            found = re.search(rb"RFC822\.SIZE (\d+)", text)
            if found:
                return int(found.group(1))
    return None


def _text(said: Any) -> str:
    parts = [x.decode("utf-8", "replace") if isinstance(x, bytes) else str(x) for x in said or []]
    return " ".join(parts)[:200]
