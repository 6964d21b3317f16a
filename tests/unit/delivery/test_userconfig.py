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
