"""The person's own settings, outside the plan: server addresses and credentials.

A plan is shared (in git, by email); passwords must never be in it. They live in one TOML file
in the user's config folder (`~/.config/screenkit/config.toml` on Linux, the platform's
equivalent elsewhere, or the file `SCREENKIT_CONFIG` names), one table per service:

    [caldav]
    user = "tour"
    password_command = ["pass", "show", "nextcloud/tour"]   # or password, or keyring

    [smtp]
    url = "smtp+starttls://smtp.example.org:587"

The file must be a regular file (not a FIFO or a device, which would hang or never end) and is
read with a cap. On POSIX systems a file that holds a password and that other users can read
is refused: fix its mode first. On Windows mode bits say nothing about who may read a file
(access is by ACL, and a profile folder is private by default), so the check is not made
there, rather than refusing every password file.
"""

from __future__ import annotations

import stat
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from screenkit.errors import InputError

ENV = "SCREENKIT_CONFIG"
MAX_BYTES = 256 * 1024  # a config file is a few lines
WINDOWS = sys.platform == "win32"


def path(environ: Mapping[str, str]) -> Path:
    """Where the user config file is (it may not exist); `environ` is the workspace's."""
    given = environ.get(ENV)
    if given:
        return Path(given).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("screenkit", appauthor=False)) / "config.toml"


def _has_secret(data: Any) -> bool:
    """A password anywhere in the file (any table), however the key is spelled; a command or
    a keyring entry that fetches one is not one."""
    if not isinstance(data, dict):
        return False
    return any(
        (any(word in key.lower() for word in ("password", "secret"))
         and key.lower() != "password_command")
        or _has_secret(value)
        for key, value in data.items()
    )  # fmt: skip


def _others_may_read(mode: int) -> bool:
    return not WINDOWS and bool(mode & (stat.S_IRWXG | stat.S_IRWXO))


def _too_big(name: str, size: int | None) -> InputError:
    return InputError(f"{name}: over {MAX_BYTES // 1024} KB; not a screenkit config file")


def _read(file: Path) -> tuple[bytes, int] | None:
    """The file's bytes and mode, or None when there is no file."""
    import os

    from screenkit.inputfiles import open_regular

    if not os.path.lexists(file):
        return None
    fd, size = open_regular(file, "the user config file (a TOML file)")
    with os.fdopen(fd, "rb") as handle:
        mode = os.fstat(handle.fileno()).st_mode
        if size > MAX_BYTES:
            raise _too_big(str(file), size)
        raw = handle.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise _too_big(str(file), None)
    return raw, mode


def section(name: str, environ: Mapping[str, str]) -> dict[str, Any]:
    """The `[name]` table of the user config file; empty when the file or table is absent."""
    import tomllib

    file = path(environ)
    try:
        found = _read(file)
    except OSError as exc:
        raise InputError(f"{file}: cannot read the user config file: {exc.strerror}") from None
    if found is None:
        return {}
    raw, mode = found
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"{file}: not a valid TOML config file: {exc}") from None
    except RecursionError:
        raise InputError(f"{file}: not a valid TOML config file: nested too deeply") from None
    table = data.get(name, {})
    if not isinstance(table, dict):
        raise InputError(f"{file}: [{name}] must be a table")
    if _has_secret(data) and _others_may_read(mode):
        raise InputError(
            f"{file}: holds a password but other users can read it; run `chmod 600 {file}`"
        )
    return table


def table(
    name: str, keys: dict[str, tuple[type, ...]], environ: Mapping[str, str],
    account: str | None = None,
) -> dict[str, Any]:  # fmt: skip
    """`section(name)` checked: only `keys`, each of one of its types (a typo such as
    `pasword` would otherwise be ignored and the login fail for no visible reason). A table
    inside it is another account (`[smtp.cardiff]`): `account` reads that one instead."""
    found = section(name, environ)
    where = path(environ)
    if account is not None:
        inner = found.get(account)
        if not isinstance(inner, dict):
            raise InputError(
                f"{where}: [{name}.{account}]: no such table, and an organiser's account names "
                f"one; add it (url, user, password_command …) or remove the account"
            )
        found, name = inner, f"{name}.{account}"
    else:
        found = {k: v for k, v in found.items() if not isinstance(v, dict)}
    kinds = {str: "text", list: "a list of text", bool: "true or false"}
    for key, value in found.items():
        if key not in keys:
            raise InputError(
                f"{where}: {name}.{key}: unknown key ({', '.join(keys)}); remove or rename it"
            )
        if (isinstance(value, bool) and bool not in keys[key]) or not isinstance(value, keys[key]):
            said = " or ".join(dict.fromkeys(kinds.get(k, "a number") for k in keys[key]))
            raise InputError(f"{where}: {name}.{key}: must be {said}")
    return found
