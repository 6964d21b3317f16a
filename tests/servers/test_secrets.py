"""Secrets stay secret: a full run with real servers, the password coming from every place a
password can come from, and then every output searched for it: stdout and stderr of each
command, every file written under the test's folder (the plan, its journal, exports, .eml,
mbox), in every form it could be written in (as typed, percent-encoded, base64)."""

from __future__ import annotations

import base64
import sys
from collections.abc import Iterator
from urllib.parse import quote

import pytest

from tests.support.radicale import USER, Server, radicale
from tests.support.smtp import Handler
from tests.support.smtp import Server as SMTPServer

SECRET = "Zx9-p\u00e4ss/w#rd?\u00df@"


def forms(secret: str) -> list[bytes]:
    return [secret.encode(), quote(secret, safe="").encode(), secret.encode("latin-1", "ignore"),
            base64.b64encode(secret.encode()), base64.b64encode(f"tour:{secret}".encode()),
            base64.b64encode(f"\0tour\0{secret}".encode())]  # fmt: skip


@pytest.fixture(scope="module")
def dav(tmp_path_factory) -> Iterator[tuple[Server, str]]:
    """Radicale with a calendar, and a user whose password is the secret."""
    folder = tmp_path_factory.mktemp("radicale")
    with radicale(folder) as server:
        calendar = server.mkcalendar("secrets")
        (folder / "users").write_text(f"{USER}:{SECRET}\n")  # htpasswd is read on each login
        yield server, calendar


class Keyring:
    def __init__(self) -> None:
        import keyring.backend

        class Mine(keyring.backend.KeyringBackend):
            priority = 1  # type: ignore[assignment]

            def get_password(self, service, username):
                return SECRET if (service, username) == ("screenkit-smtp", "tour") else None

            def set_password(self, service, username, password):
                raise NotImplementedError

            def delete_password(self, service, username):
                raise NotImplementedError

        self.backend = Mine()


def test_no_output_of_a_full_run_holds_the_password(run, example, tmp_path, monkeypatch, dav):
    import keyring

    outputs: list[bytes] = []

    def step(*args: str, code: int | tuple[int, ...] = 0) -> None:
        result = run(*args)
        outputs.extend([result.stdout_bytes, result.stderr_bytes])
        codes = code if isinstance(code, tuple) else (code,)
        assert result.exit_code in codes, (args, result.output)

    config = tmp_path / "config.toml"
    monkeypatch.setenv("SCREENKIT_CONFIG", str(config))
    for name in ("SMTP_URL", "SMTP_USER", "SMTP_PASSWORD", "CALDAV_USER", "CALDAV_PASSWORD"):
        monkeypatch.delenv(f"SCREENKIT_{name}", raising=False)
    before = keyring.get_keyring()
    keyring.set_keyring(Keyring().backend)
    try:
        with SMTPServer(Handler(), password=SECRET) as mail:
            _, calendar = dav
            printer = tmp_path / "print-secret.py"
            printer.write_text(f"print({SECRET!r})\n")
            # 1. the SMTP password from the keyring, the CalDAV one from a command
            config.write_text(
                f'[smtp]\nurl = "{mail.url}"\nuser = "tour"\nkeyring = true\n\n'
                f'[caldav]\nuser = "{USER}"\npassword_command = ["{sys.executable}", '
                f'"{printer}"]\n'
            )
            step("send", "clapham")
            step("publish", calendar, "--team", "--json")
            step("publish", calendar, "--dry-run", "--json")
            step("status", "--json", code=(0, 1))
            # 2. both in the file (private), and in the URL of the mail server
            config.write_text(
                f'[smtp]\nurl = "smtp://tour:{quote(SECRET, safe="")}@127.0.0.1:{mail.port}"\n'
                f'[caldav]\nuser = "{USER}"\npassword = "{SECRET}"\n'
            )
            config.chmod(0o600)
            step("update", "clapham", "--start", "19:30")
            step("send", "--eml", "outbox")
            step("send", "--mbox", "sent.mbox")
            step("send")
            step("publish", calendar)
            step("send", "--mbox", "nothing.mbox")  # nobody owed anything: nothing written
            step("export", "--out", "export")
            step("export", "vdir", "--out", "vdir", "--team")
            # 3. what goes wrong says so without it
            config.chmod(0o644)
            step("send", code=2)
            config.chmod(0o600)
            step("update", "ica-premiere", "--notes", "Press night")
            monkeypatch.setenv("SCREENKIT_SMTP_PASSWORD", SECRET + "x")
            step("send", "ica-premiere", code=6)
            monkeypatch.setenv("SCREENKIT_CALDAV_PASSWORD", "x" + SECRET)
            step("publish", calendar, code=6)
            monkeypatch.setenv("SCREENKIT_SMTP_URL", f"smtps://tour:{SECRET}@mail.example.org")
            step("send", code=2)
            monkeypatch.setenv("SCREENKIT_SMTP_URL", f"smtp://127.0.0.1:{mail.port}")
            monkeypatch.setenv("SCREENKIT_SMTP_PASSWORD", SECRET)
            step("publish", f"https://tour:{SECRET}@cloud.example.org/cal/", code=2)
            assert len(mail.received) >= 3
    finally:
        keyring.set_keyring(before)
    written = [p for p in tmp_path.rglob("*") if p.is_file() and p not in (config, printer)]
    assert any(p.name == "screenkit.toml" for p in written)
    assert any(p.suffix == ".eml" for p in written) and any(p.suffix == ".mbox" for p in written)
    for blob in [*outputs, *(p.read_bytes() for p in written)]:
        for form in forms(SECRET) + forms(SECRET + "x") + forms("x" + SECRET):
            assert form not in blob
