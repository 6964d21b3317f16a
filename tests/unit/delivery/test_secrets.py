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
