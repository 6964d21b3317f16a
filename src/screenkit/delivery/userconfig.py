"""The person's own settings, outside the plan: server addresses and credentials.

A plan is shared (in git, by email); passwords must never be in it. They live in one TOML file
in the user's config folder (`~/.config/screenkit/config.toml` on Linux, the platform's
equivalent elsewhere, or the file `SCREENKIT_CONFIG` names), one table per service:

    [caldav]
    user = "tour"
    password = "app password"

    [smtp]
    url = "smtp+starttls://smtp.example.org:587"

A file that holds a password and that other users can read is refused: fix its mode first.
"""

from __future__ import annotations

import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from screenkit.errors import InputError

ENV = "SCREENKIT_CONFIG"


def path(environ: Mapping[str, str]) -> Path:
    """Where the user config file is (it may not exist); `environ` is the workspace's."""
    given = environ.get(ENV)
    if given:
        return Path(given).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("screenkit", appauthor=False)) / "config.toml"


def _has_secret(data: Any) -> bool:
    """A password anywhere in the file (any table), however the key is spelled."""
    if not isinstance(data, dict):
        return False
    return any(
        any(word in key.lower() for word in ("password", "secret")) or _has_secret(value)
        for key, value in data.items()
    )


def section(name: str, environ: Mapping[str, str]) -> dict[str, Any]:
    """The `[name]` table of the user config file; empty when the file or table is absent."""
    import tomllib

    file = path(environ)
    try:
        raw = file.read_bytes()
        mode = file.stat().st_mode
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise InputError(f"{file}: cannot read the user config file: {exc.strerror}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"{file}: not a valid TOML config file: {exc}") from None
    table = data.get(name, {})
    if not isinstance(table, dict):
        raise InputError(f"{file}: [{name}] must be a table")
    if _has_secret(data) and mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise InputError(
            f"{file}: holds a password but other users can read it; run `chmod 600 {file}`"
        )
    return table


def table(
    name: str, keys: dict[str, tuple[type, ...]], environ: Mapping[str, str]
) -> dict[str, Any]:
    """`section(name)` checked: only `keys`, each of one of its types (a typo such as
    `pasword` would otherwise be ignored and the login fail for no visible reason)."""
    found = section(name, environ)
    where = path(environ)
    for key, value in found.items():
        if key not in keys:
            raise InputError(
                f"{where}: {name}.{key}: unknown key ({', '.join(keys)}); remove or rename it"
            )
        if isinstance(value, bool) or not isinstance(value, keys[key]):
            kinds = " or ".join("text" if k is str else "a number" for k in keys[key])
            raise InputError(f"{where}: {name}.{key}: must be {kinds}")
    return found
