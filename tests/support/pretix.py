"""A real pretix, started for the tests: SQLite in a temporary folder, its development
server on 127.0.0.1 and a free port, an organizer and an API token made through pretix's own
models. pretix lives in its own virtual environment (it pins its own Django), found at
SCREENKIT_TEST_PRETIX (its Python) or `.venv-pretix/bin/python`; `.ci/run` installs it.

pretix's migrations take a minute or two, so they run once into a template database kept
beside that environment, which each server copies.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.support.plans import ROOT
from tests.support.processes import stop
from tests.support.radicale import free_port

INSTALL = "python3 -m venv .venv-pretix && .venv-pretix/bin/pip install -q pretix"
ORGANIZER = "homs"
SETUP = """
from pretix.base.models import Organizer, Team
o = Organizer.objects.create(slug="homs", name="Homs Tour")
t = Team.objects.create(organizer=o, name="screenkit", all_events=True,
                        all_event_permissions=True, all_organizer_permissions=True)
print("TOKEN", t.tokens.create(name="tests").token)
"""


def python() -> Path | None:
    given = os.environ.get("SCREENKIT_TEST_PRETIX")
    found = Path(given) if given else ROOT / ".venv-pretix" / "bin" / "python"
    return found if found.exists() else None


MISSING = None if python() else f"needs a local pretix: {INSTALL}"


@dataclass(frozen=True)
class Pretix:
    url: str
    token: str
    organizer: str = ORGANIZER

    def environ(self) -> dict[str, str]:
        return {"SCREENKIT_PRETIX_URL": self.url, "SCREENKIT_PRETIX_ORGANIZER": self.organizer,
                "SCREENKIT_PRETIX_TOKEN": self.token}  # fmt: skip


def _config(folder: Path, port: int) -> Path:
    data = folder / "data"
    data.mkdir(parents=True, exist_ok=True)
    cfg = folder / "pretix.cfg"
    cfg.write_text(
        f"[pretix]\ninstance_name=screenkit tests\nurl=http://127.0.0.1:{port}\n"
        f"currency=GBP\ndatadir={data}\nregistration=off\n\n[database]\nbackend=sqlite3\n\n"
        "[mail]\nfrom=tickets@example.org\nhost=127.0.0.1\nport=1\n"
    )
    return cfg


def _run(exe: Path, cfg: Path, *args: str, timeout: float = 900) -> str:
    env = {**os.environ, "PRETIX_CONFIG_FILE": str(cfg), "DJANGO_SETTINGS_MODULE": ""}
    env.pop("DJANGO_SETTINGS_MODULE")
    done = subprocess.run([str(exe), "-m", "pretix", *args], env=env, capture_output=True,
                          text=True, timeout=timeout, cwd=cfg.parent)  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"pretix {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def template(exe: Path) -> Path:
    """A migrated, empty database, made once beside the pretix environment."""
    from filelock import FileLock

    home = exe.parent.parent / "screenkit-test-template"
    home.mkdir(exist_ok=True)
    db = home / "data" / "db.sqlite3"
    with FileLock(str(home / ".lock")):
        if not db.exists():
            cfg = _config(home, 1)
            _run(exe, cfg, "migrate")
    return db


@contextmanager
def pretix(folder: Path) -> Iterator[Pretix]:
    exe = python()
    assert exe is not None
    db = template(exe)
    port = free_port()
    cfg = _config(folder, port)
    shutil.copy(db, folder / "data" / "db.sqlite3")
    token = _run(exe, cfg, "shell", "-c", SETUP).split("TOKEN", 1)[1].strip()
    env = {**os.environ, "PRETIX_CONFIG_FILE": str(cfg)}
    log = (folder / "server.log").open("wb")
    argv = [str(exe), "-m", "pretix", "runserver", f"127.0.0.1:{port}", "--noreload"]
    proc = subprocess.Popen(argv, env=env, stdout=log, stderr=log, cwd=folder)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(url + "api/v1/", timeout=2).close()
                break
            except OSError as exc:
                if getattr(exc, "code", None):  # any HTTP answer: it is up
                    break
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((folder / "server.log").read_text()[-3000:]) from None
                time.sleep(0.3)
        yield Pretix(url, token)
    finally:
        stop(proc)
        log.close()
