"""A real IMAP server for the tests: Dovecot from the distribution's packages (Debian's
`dovecot-imapd`), started in the foreground from a config file of its own, on 127.0.0.1 and
a free port, with its state, logs and one user's Maildir in a temporary folder, and stopped
after. Dovecot starts as root and hands the mail to an unprivileged user (`nobody`), so the
folder is made world-traversable. Messages are put in place with IMAP APPEND, as a mail
server's delivery would leave them.
"""

from __future__ import annotations

import imaplib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.processes import stop

DOVECOT = shutil.which("dovecot") or ("/usr/sbin/dovecot" if Path("/usr/sbin/dovecot").exists()
                                      else None)  # fmt: skip
USER, PASSWORD = "tour@example.org", "imap-test-pässword"

needs_dovecot = pytest.mark.skipif(
    DOVECOT is None or os.geteuid() != 0,
    reason="needs Dovecot, started as root: apt-get install dovecot-imapd (CI installs it)",
)

CONFIG = """\
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:{root}/mail/%n
first_valid_uid = 1
default_login_user = dovenull
default_internal_user = dovecot
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%n
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service stats {{
  unix_listener stats-reader {{
    mode = 0666
  }}
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Imap:
    port: int
    root: Path

    @property
    def url(self) -> str:
        return f"imap://127.0.0.1:{self.port}"

    def append(self, raw: bytes, folder: str = "INBOX") -> None:
        with self.session() as conn:
            conn.create(folder)  # "already exists" is fine
            ok, said = conn.append(folder, None, None, raw.replace(b"\r\n", b"\n").replace(
                b"\n", b"\r\n"))  # fmt: skip
            assert ok == "OK", said

    def uids(self, folder: str = "INBOX") -> list[int]:
        with self.session() as conn:
            conn.select(folder, readonly=True)
            ok, data = conn.uid("SEARCH", "ALL")
            return [int(x) for x in data[0].split()] if ok == "OK" and data[0] else []

    @contextmanager
    def session(self) -> Iterator[imaplib.IMAP4]:
        conn = imaplib.IMAP4("127.0.0.1", self.port, timeout=10)
        try:
            conn.authenticate("PLAIN", lambda _: f"\0{USER}\0{PASSWORD}".encode())
            yield conn
        finally:
            with suppress(OSError, imaplib.IMAP4.error):
                conn.logout()


@contextmanager
def dovecot() -> Iterator[Imap]:
    """Dovecot on a free port, for one test; its log is shown if it would not start."""
    import grp
    import pwd

    assert DOVECOT is not None
    root = Path(tempfile.mkdtemp(prefix="sk-dovecot-"))
    os.chmod(root, 0o755)
    nobody = pwd.getpwnam("nobody")
    gid = grp.getgrnam("nogroup").gr_gid if _has_group("nogroup") else nobody.pw_gid
    for sub in ("mail", "home"):
        (root / sub).mkdir()
        os.chown(root / sub, nobody.pw_uid, gid)
    (root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}::::::\n")
    port = free_port()
    config = root / "dovecot.conf"
    config.write_text(CONFIG.format(root=root, port=port, uid=nobody.pw_uid, gid=gid))
    proc = subprocess.Popen([DOVECOT, "-F", "-c", str(config)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)  # fmt: skip
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                    if s.recv(64).startswith(b"* OK"):
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                log = (root / "dovecot.log").read_text() if (root / "dovecot.log").exists() else ""
                err = proc.stderr.read().decode() if proc.stderr and proc.poll() is not None else ""
                raise RuntimeError(f"dovecot did not start:\n{err}\n{log}")
            time.sleep(0.1)
        yield Imap(port, root)
    finally:
        stop(proc)
        shutil.rmtree(root, ignore_errors=True)


def _has_group(name: str) -> bool:
    import grp

    try:
        grp.getgrnam(name)
    except KeyError:
        return False
    return True
