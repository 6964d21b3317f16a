"""Passwords from a command or the system keyring: fetched when needed, never shown."""

from __future__ import annotations

import sys

import pytest

from screenkit.delivery import secrets
from screenkit.errors import InputError

PY = sys.executable


def command(code: str) -> list[str]:
    return [PY, "-c", code]


def test_a_command_gives_its_first_line_without_a_shell():
    secret = secrets.from_table("smtp", {"password_command": command(
        "print('p\u00e4ss w\u00f6rd'); print('second line')")}, "config: smtp", "tour")  # fmt: skip
    assert secret is not None and secret.get() == "p\u00e4ss w\u00f6rd"
    assert "p\u00e4ss" not in repr(secret)
    # A string is split as a shell would, but no shell runs it: `;` is just an argument.
    echo = secrets.from_table("smtp", {"password_command": f"{PY} -c 'import sys; "
                              "print(sys.argv[1])' 'a;b'"}, "config: smtp", "tour")  # fmt: skip
    assert echo is not None and echo.get() == "a;b"


@pytest.mark.parametrize(
    ("code", "says"),
    [
        ("import time; time.sleep(30)", "gave no password within 0.5 s"),
        ("import sys; sys.stdout.write('x' * 100000)", "printed over 4096 bytes"),
        ("import sys; sys.exit(3)", r"failed \(exit status 3\)"),
        ("print()", "printed no password"),
        ("import sys; sys.stdout.buffer.write(b'\\xff\\n')", "not UTF-8"),
    ],
)
def test_a_command_that_hangs_floods_or_fails_is_one_error(code, says):
    with pytest.raises(InputError, match=says) as caught:
        secrets.run_command(command(code), "config: smtp", deadline=0.5)
    assert "x" * 20 not in str(caught.value)


def test_a_missing_program_and_a_bad_setting():
    with pytest.raises(InputError, match="no such program"):
        secrets.run_command(["/no/such/program"], "config: smtp")
    for value in ([], [1, 2], ""):
        with pytest.raises(InputError, match="password_command"):
            secrets.from_table("smtp", {"password_command": value or [""]}, "c: smtp", "u")
    with pytest.raises(InputError, match="give one of password, password_command"):
        secrets.from_table("smtp", {"password": "x", "password_command": ["y"]}, "c: smtp", "u")


class Backend:
    """A keyring backend of the test's own, set through keyring's API (no system keyring)."""

    def __init__(self, stored: dict[tuple[str, str], str]) -> None:
        import keyring.backend

        class Mine(keyring.backend.KeyringBackend):
            priority = 1  # type: ignore[assignment]

            def get_password(self, service, username):
                return stored.get((service, username))

            def set_password(self, service, username, password):
                stored[(service, username)] = password

            def delete_password(self, service, username):
                stored.pop((service, username), None)

        self.backend = Mine()


@pytest.fixture
def keyring_with():
    import keyring

    before = keyring.get_keyring()

    def install(stored: dict[tuple[str, str], str]) -> None:
        keyring.set_keyring(Backend(stored).backend)

    yield install
    keyring.set_keyring(before)


def test_the_keyring_under_a_service_name_or_screenkits_own(keyring_with):
    keyring_with({("screenkit-smtp", "tour"): "fr\u00f6m keyring", ("mine", "tour"): "other"})
    own = secrets.from_table("smtp", {"keyring": True}, "c: smtp", "tour")
    named = secrets.from_table("smtp", {"keyring": "mine"}, "c: smtp", "tour")
    assert own is not None and own.get() == "fr\u00f6m keyring"
    assert named is not None and named.get() == "other"
    missing = secrets.from_table("caldav", {"keyring": True}, "c: caldav", "tour")
    assert missing is not None
    with pytest.raises(InputError, match="keyring set screenkit-caldav tour"):
        missing.get()
    with pytest.raises(InputError, match="needs a user"):
        secrets.from_table("smtp", {"keyring": True}, "c: smtp", None)


def test_a_keyring_that_fails_is_one_error(keyring_with):
    import keyring
    from keyring.errors import KeyringLocked

    class Locked(Backend(dict()).backend.__class__):
        def get_password(self, service, username):
            raise KeyringLocked("locked with the secret inside")

    keyring.set_keyring(Locked())
    secret = secrets.from_table("smtp", {"keyring": True}, "c: smtp", "tour")
    assert secret is not None
    with pytest.raises(InputError, match=r"cannot be used \(KeyringLocked\)") as caught:
        secret.get()
    assert "secret inside" not in str(caught.value)


def test_scrub_takes_a_fetched_password_out_of_a_message():
    secret = secrets.given("hunter2", "X")
    assert secrets.scrub("535 bad password hunter2", secret) == "535 bad password hunter2"
    secret.get()
    assert secrets.scrub("535 bad password hunter2", secret) == "535 bad password ***"


def test_a_command_whose_child_keeps_the_pipe_open_is_stopped_at_its_deadline():
    """`sleep infinity &` holds the output pipe after the program itself is gone: the whole
    process group is killed at the deadline, and the run goes on."""
    import subprocess
    import time

    began = time.monotonic()
    code = ("import subprocess, sys; subprocess.Popen([sys.executable, '-c', "
            "'import time; time.sleep(600)']); import time; time.sleep(600)")  # fmt: skip
    with pytest.raises(InputError, match="gave no password within 1 s"):
        secrets.run_command(command(code), "config: smtp", deadline=1.0)
    assert time.monotonic() - began < 10
    left = subprocess.run(["pgrep", "-f", "time.sleep(600)"], capture_output=True, text=True)
    assert left.stdout.strip() == "", "the child it started is still running"


def test_a_command_that_printed_but_whose_child_lingers_still_returns():
    code = ("import subprocess, sys; subprocess.Popen([sys.executable, '-c', "
            "'import time; time.sleep(600)']); print('s3cret', flush=True)")  # fmt: skip
    assert secrets.run_command(command(code), "config: smtp", deadline=2.0) == "s3cret"


def test_a_keyring_that_never_answers_is_one_error_after_its_deadline(keyring_with, monkeypatch):
    import threading

    import keyring

    stuck = threading.Event()

    class Blocking(Backend(dict()).backend.__class__):
        def get_password(self, service, username):
            stuck.wait(60)  # a locked Secret Service under cron

    keyring.set_keyring(Blocking())
    monkeypatch.setattr(secrets, "KEYRING_DEADLINE", 0.5)
    secret = secrets.from_table("smtp", {"keyring": True}, "c: smtp", "tour")
    assert secret is not None
    with pytest.raises(InputError, match=r"gave no answer within 0\.5 s"):
        secret.get()
    stuck.set()


def test_scrub_takes_the_password_out_in_every_form_a_server_echoes():
    import base64
    from urllib.parse import quote

    secret = secrets.given("p@ss w/rd+1", "X")
    secret.get()
    plain = base64.b64encode(b"\0tour@example.org\0p@ss w/rd+1").decode()
    login = base64.b64encode(b"p@ss w/rd+1").decode()
    said = (f"535 5.7.8 rejected AUTH PLAIN {plain}; LOGIN {login}; "
            f"url https://tour:{quote('p@ss w/rd+1', safe='')}@mail.example")  # fmt: skip
    scrubbed = secrets.scrub(said, secret)
    assert plain not in scrubbed and login not in scrubbed and "p%40ss" not in scrubbed
    assert "p@ss" not in scrubbed and scrubbed.count("***") == 3
    assert secrets.scrub("535 Authentication credentials invalid", secret).endswith("invalid")
