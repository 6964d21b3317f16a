"""The user config file: one table per service, and never a password others can read."""

from __future__ import annotations

import os

import pytest

from screenkit.delivery import userconfig
from screenkit.errors import InputError


@pytest.fixture
def config(tmp_path, monkeypatch):
    path = tmp_path / "config.toml"
    monkeypatch.setenv("SCREENKIT_CONFIG", str(path))
    return path


def test_a_missing_file_or_table_is_empty(config):
    assert userconfig.section("caldav", os.environ) == {}
    config.write_text('[smtp]\nhost = "smtp.example.org"\n')
    assert userconfig.section("caldav", os.environ) == {}
    assert userconfig.section("smtp", os.environ) == {"host": "smtp.example.org"}


def test_a_password_readable_by_others_is_refused(config):
    config.write_text('[caldav]\nuser = "tour"\n\n[smtp]\npassword = "x"\n')
    config.chmod(0o640)
    with pytest.raises(InputError, match="holds a password but other users can read it"):
        userconfig.section("caldav", os.environ)
    config.chmod(0o600)
    assert userconfig.section("caldav", os.environ) == {"user": "tour"}


def test_no_password_no_complaint_about_the_mode(config):
    config.write_text("[caldav]\ntimeout = 5\n")
    config.chmod(0o644)
    assert userconfig.section("caldav", os.environ) == {"timeout": 5}


def test_bad_toml_names_the_file(config):
    config.write_text("[caldav\n")
    with pytest.raises(InputError, match=f"{config}: not a valid TOML config file"):
        userconfig.section("caldav", os.environ)


def test_default_place_is_the_platform_config_folder(monkeypatch):
    monkeypatch.delenv("SCREENKIT_CONFIG", raising=False)
    assert userconfig.path({}).name == "config.toml"
    assert userconfig.path({}).parent.name == "screenkit"


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "folder", "loop", "huge"])
def test_a_config_that_is_not_a_small_regular_file_is_refused_at_once(config, kind, tmp_path):
    """A FIFO would hang the run until someone wrote to it, /dev/zero never ends."""
    if kind == "fifo":
        os.mkfifo(config)
    elif kind == "dev-zero":
        config = tmp_path / "zero"
        config.symlink_to("/dev/zero")
        os.environ["SCREENKIT_CONFIG"] = str(config)
    elif kind == "folder":
        config.mkdir()
    elif kind == "loop":
        config.symlink_to(config)
    else:
        with open(config, "wb") as handle:  # sparse: a gigabyte that takes no room
            handle.truncate(1 << 30)
    with pytest.raises(InputError) as caught:
        userconfig.section("smtp", os.environ)
    said = str(caught.value)
    assert said.startswith(str(config)) and "\n" not in said
    assert any(w in said for w in ("not a regular file", "is a folder", "loop", "over 256 KB"))


def test_on_windows_mode_bits_do_not_refuse_a_password_file(config, monkeypatch):
    """NTFS keeps access in ACLs; the mode Python reports says nothing of who may read."""
    config.write_text('[smtp]\npassword = "x"\n')
    config.chmod(0o666)
    monkeypatch.setattr(userconfig, "WINDOWS", True)
    assert userconfig.section("smtp", os.environ) == {"password": "x"}
    monkeypatch.setattr(userconfig, "WINDOWS", False)
    with pytest.raises(InputError, match="other users can read it"):
        userconfig.section("smtp", os.environ)


def test_a_command_or_a_keyring_entry_is_not_a_password_in_the_file(config):
    config.write_text('[smtp]\npassword_command = ["pass", "show", "x"]\nkeyring = true\n')
    config.chmod(0o644)
    assert userconfig.section("smtp", os.environ)["keyring"] is True
