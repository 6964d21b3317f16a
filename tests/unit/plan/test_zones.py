"""Which zones a country uses, from tzdata's tables, and what happens without them."""

import importlib.resources
import subprocess
import sys

import pytest

from screenkit.plan import zones


@pytest.fixture
def fresh_tables():
    """Empty the caches before and after, so a test's tables never leak into another."""

    def clear():
        for cached in (zones.tables, zones._links, zones.belongs):
            cached.cache_clear()

    clear()
    yield
    clear()


@pytest.mark.parametrize(
    ("zone", "country", "expected"),
    [
        ("Europe/London", "GB", True),
        ("Europe/Belfast", "GB", True),  # a backward-compatible link to Europe/London
        ("GB-Eire", "GB", True),  # likewise (values.check_timezone refuses it in a plan)
        ("Europe/London", "JE", True),  # zone1970.tab: Jersey keeps London's time
        ("Europe/Jersey", "GB", False),  # Jersey's own zone, not the UK's
        ("Europe/Belfast", "IE", False),
        ("GMT", "GB", False),
        ("Etc/UTC", "GB", False),
        ("America/New_York", "XK", None),  # Kosovo: tzdata lists no zone for it
    ],
)
def test_belongs(zone, country, expected):
    assert zones.belongs(zone, country) is expected


def test_without_tables_nothing_is_known(fresh_tables, monkeypatch):
    monkeypatch.setattr(zones, "_read", lambda name: None)
    assert zones.belongs("GMT", "GB") is None


def test_the_system_tables_stand_in_for_the_package(fresh_tables, monkeypatch, tmp_path):
    def no_package(name):
        raise ModuleNotFoundError(name)

    (tmp_path / "zone.tab").write_text("GB\t+513030-0000731\tEurope/London\n")
    (tmp_path / "tzdata.zi").write_text("L Europe/London Europe/Belfast\n")
    monkeypatch.setattr(importlib.resources, "files", no_package)
    monkeypatch.setattr(zones, "_SYSTEM", tmp_path)
    assert zones.belongs("Europe/Belfast", "GB") is True
    assert zones.belongs("Europe/Paris", "GB") is False
    assert zones.country_name("GB") is None  # no iso3166.tab here: the code alone
    assert zones.not_in_country("GMT", "GB", 2027) == (
        "GMT is not a time zone of GB, which uses Europe/London"
    )


def test_tables_are_read_once_and_only_when_needed():
    code = (
        "import sys, datetime, tomllib; "
        "import screenkit.rules.checks as c, screenkit.plan.models as m; "
        "assert 'screenkit.plan.zones' not in sys.modules; "
        "from screenkit.plan import zones; "
        "plan = m.validate_plan(tomllib.load(open(sys.argv[1], 'rb'))); "
        "c.check(plan, datetime.date(2026, 11, 25)); c.check(plan, datetime.date(2026, 11, 25)); "
        "print(zones.tables.cache_info().misses, zones._links.cache_info().misses)"
    )
    from tests.support.plans import EXAMPLE

    out = subprocess.run(
        [sys.executable, "-c", code, str(EXAMPLE)], capture_output=True, text=True, check=True
    ).stdout
    assert out.split() == ["1", "0"]  # the links are read only for a zone no table lists
