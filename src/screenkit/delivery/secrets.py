"""Where a password comes from, fetched only when a server asks for it, and never shown.

One of, in this order: the environment (`SCREENKIT_SMTP_PASSWORD`, `SCREENKIT_CALDAV_PASSWORD`);
in the user config file's table, `password`, or `password_command` (a program and its
arguments, run without a shell, whose first line of output is the password: the way msmtp
and vdirsyncer read `pass`, `gpg` or a password manager's CLI), or `keyring` (the system's
keyring through the `keyring` library, under a service name, for the table's user); for SMTP
last, the URL's own userinfo.

A command has a deadline and its output a cap, so a hung or chatty program cannot hold the
run; its output and its error stream are never shown, only its name and how it ended.
`keyring` is imported only when a table asks for it: it costs a tenth of a second and looks
for backends on the system.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import threading
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any

from screenkit.errors import InputError

COMMAND_DEADLINE = 30.0  # seconds; a GPG agent may ask for a passphrase first
KEYRING_DEADLINE = 30.0  # seconds; an unlock prompt may come first
COMMAND_CAP = 4096  # bytes of output read; a password is far shorter
KEYS = ("password", "password_command", "keyring")
KEY_TYPES: dict[str, tuple[type, ...]] = {
    "password": (str,), "password_command": (str, list), "keyring": (str, bool),
}  # fmt: skip


@dataclass
class Secret:
    """A password, fetched the first time `get` is called, then kept for the run."""

    source: str  # where it comes from, for messages: `SCREENKIT_SMTP_PASSWORD`, …
    fetch: Callable[[], str]
    _value: str | None = field(default=None, repr=False)

    def get(self) -> str:
        if self._value is None:
            self._value = self.fetch()
        return self._value

    def __repr__(self) -> str:  # never the value, in a traceback or a debug print
        return f"Secret({self.source})"


def given(value: str, source: str) -> Secret:
    return Secret(source, lambda: value)


def from_table(service: str, table: dict[str, Any], where: str, user: str | None) -> Secret | None:
    """The password a config table names (`password`, `password_command` or `keyring`), or
    None; more than one is a mistake, named. `where` is the table's place in the file."""
    chosen = [key for key in KEYS if key in table and table[key] not in (False, "", [])]
    if len(chosen) > 1:
        raise InputError(f"{where}: give one of {', '.join(chosen)}, not several")
    if not chosen:
        return None
    (key,) = chosen
    value = table[key]
    if key == "password":
        return given(str(value), f"{where}.password")
    if key == "password_command":
        argv = _argv(value, f"{where}.password_command")
        return Secret(f"{where}.password_command", lambda: run_command(argv, where))
    name = f"screenkit-{service}" if value is True else str(value)
    if user is None:
        raise InputError(f"{where}.keyring: needs a user to look the password up for")
    return Secret(f"{where}.keyring", lambda: from_keyring(name, user, f"{where}.keyring"))


def _argv(value: object, where: str) -> list[str]:
    if isinstance(value, str):
        try:
            argv = shlex.split(value)
        except ValueError as exc:
            raise InputError(f"{where}: cannot be read as a command ({exc})") from None
    elif isinstance(value, list) and all(isinstance(v, str) for v in value):
        argv = list(value)
    else:
        raise InputError(f"{where}: must be a list of text, the program and its arguments")
    if not argv or not argv[0]:
        raise InputError(f"{where}: is empty; give the program and its arguments")
    if any("\x00" in a for a in argv):
        raise InputError(f"{where}: holds a NUL character")
    return argv


def run_command(argv: list[str], where: str, deadline: float = COMMAND_DEADLINE) -> str:
    """The first line `argv` prints, within `deadline` seconds; never through a shell.

    The program runs in a process group of its own, and the whole group is killed when it
    is done or out of time: a child it left holding the output pipe (`sleep infinity &`)
    would otherwise keep the read, and a cron run, waiting for ever."""
    what = f"{where}.password_command: {shlex.quote(argv[0])}"
    try:
        proc = subprocess.Popen(
            argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
    except FileNotFoundError:
        raise InputError(f"{what}: no such program") from None
    except OSError as exc:
        raise InputError(f"{what}: cannot run it ({exc.strerror or type(exc).__name__})") from None
    out = bytearray()
    assert proc.stdout is not None
    stdout = proc.stdout
    # The first line is the password: read up to it, not to the end of the output, which a
    # child the program left behind may hold open.
    reader = threading.Thread(target=lambda: out.extend(stdout.readline(COMMAND_CAP + 1)),
                              daemon=True)  # fmt: skip
    reader.start()
    reader.join(deadline)
    try:
        if reader.is_alive():
            raise InputError(f"{what}: gave no password within {deadline:g} s; it was stopped")
        if len(out) > COMMAND_CAP:
            raise InputError(f"{what}: printed over {COMMAND_CAP} bytes; a password is one line")
        try:
            code = proc.wait(timeout=max(1.0, deadline / 10))
        except subprocess.TimeoutExpired:
            raise InputError(f"{what}: did not finish after printing; it was stopped") from None
        if code != 0:
            raise InputError(f"{what}: failed (exit status {code}); run it yourself to see why")
    finally:
        _stop_group(proc)
        reader.join(1.0)  # the pipe closed with the group: the read ends
        if not reader.is_alive():
            stdout.close()  # (closing it under a blocked read would itself block)
    try:
        text = bytes(out).decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{what}: printed something that is not UTF-8 text") from None
    line = text.split("\n", 1)[0].removesuffix("\r")
    if not line:
        raise InputError(f"{what}: printed no password (its first line is empty)")
    return line


def _stop_group(proc: subprocess.Popen[bytes]) -> None:
    """Kill the program and everything it started (its process group), and reap it."""
    import os
    import signal

    if hasattr(os, "killpg"):  # POSIX: the group start_new_session made; elsewhere, the program
        with suppress(OSError):
            os.killpg(proc.pid, signal.SIGKILL)
    if proc.poll() is None:
        with suppress(OSError):
            proc.kill()
    with suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=5)


def from_keyring(service: str, user: str, where: str) -> str:
    """The password the system keyring keeps for `user` under `service`."""
    try:
        import keyring
        from keyring.errors import KeyringError
    except ImportError:  # pragma: no cover - a dependency; a broken install
        raise InputError(f"{where}: the keyring library is not installed") from None
    try:
        value = _within(KEYRING_DEADLINE, lambda: keyring.get_password(service, user))
    except TimeoutError:
        raise InputError(
            f"{where}: the system keyring gave no answer within {KEYRING_DEADLINE:g} s (locked, "
            "or no session to unlock it under cron?); set the password another way"
        ) from None
    except KeyringError as exc:
        raise InputError(
            f"{where}: the system keyring cannot be used ({type(exc).__name__}); set the "
            "password another way"
        ) from None
    except Exception as exc:  # backends raise what their platform raises (D-Bus, Keychain …)
        raise InputError(f"{where}: the system keyring failed ({type(exc).__name__})") from None
    if not value:
        raise InputError(
            f"{where}: the keyring holds no password for {user} under {service!r}; store one "
            f"with `keyring set {shlex.quote(service)} {shlex.quote(user)}`"
        )
    return value


def _within(deadline: float, call: Callable[[], Any]) -> Any:
    """`call()`, or TimeoutError after `deadline` seconds (the call is left behind in a
    daemon thread: a blocked D-Bus request cannot be interrupted, only not waited for)."""
    done: list[Any] = []
    failed: list[BaseException] = []

    def run() -> None:
        try:
            done.append(call())
        except BaseException as exc:  # handed to the caller's thread as it was
            failed.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(deadline)
    if worker.is_alive():
        raise TimeoutError
    if failed:
        raise failed[0]
    return done[0] if done else None


_BASE64 = re.compile(r"[A-Za-z0-9+/]{8,}={0,2}")


def scrub(text: str, *secrets: Secret | None) -> str:
    """`text` with every password already fetched replaced by `***`, however a server echoes
    what it was sent: as it is, percent-encoded (a URL), or in base64 (AUTH LOGIN sends the
    password so, AUTH PLAIN a blob that holds it beside the user name)."""
    from urllib.parse import quote, quote_plus

    values = [s._value for s in secrets if s is not None and s._value]
    for value in values:
        for form in {value, quote(value, safe=""), quote_plus(value, safe="")}:
            text = text.replace(form, "***")
    if values and _BASE64.search(text):
        needles = [v.encode("utf-8") for v in values]
        text = _BASE64.sub(lambda m: "***" if _holds(m.group(0), needles) else m.group(0), text)
    return text


def _holds(token: str, needles: list[bytes]) -> bool:
    import base64
    import binascii

    try:
        decoded = base64.b64decode(token + "=" * (-len(token) % 4), validate=True)
    except (binascii.Error, ValueError):
        return False
    return any(n in decoded for n in needles)
