"""Running screenkit as an ordinary user when the suite runs as root (as CI does).

Root reads every file whatever its mode, so a test of an unreadable plan would prove nothing
as root. `as_user` runs the command in a forked child that has dropped to the `nobody` user
before it runs. The child cannot read root's files (the Python installation among them), so
the same command first runs once in the parent, as a warm-up, to import what it needs.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

NOBODY = 65534


@dataclass
class Ran:
    exit_code: int
    stdout: str
    stderr: str


def folder() -> Path:
    """A fresh folder an unprivileged user may enter (pytest's own, under
    /tmp/pytest-of-root, only root may enter)."""
    path = Path(tempfile.mkdtemp(prefix="screenkit-user-"))
    path.chmod(0o755)
    return path


def _invoke(args: tuple[str, ...]) -> Ran:
    from screenkit.cli.app import app

    result = CliRunner().invoke(app, list(args))
    return Ran(int(result.exit_code), result.stdout, result.stderr)


def as_user(warm_up: tuple[str, ...], *args: str) -> Ran:
    """`screenkit ARGS…` as an unprivileged user, after `screenkit WARM_UP…` as this one."""
    _invoke(warm_up)
    if os.geteuid() != 0:
        return _invoke(args)
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child reports through the pipe
        code = 70
        try:
            os.close(read)
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            ran = _invoke(args)
            os.write(write, json.dumps(ran.__dict__).encode())
            code = 0
        finally:
            os._exit(code)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        report = pipe.read()
    os.waitpid(child, 0)
    return Ran(**json.loads(report))
