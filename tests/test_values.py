import datetime as dt

import pytest

from screenkit import values


@pytest.mark.parametrize("good", ["ica", "ica-2027-06-27", "a_b", "x" * 63])
def test_ids_safe_as_file_names(good):
    assert values.check_id(good) == good


@pytest.mark.parametrize("bad", ["../etc", "a/b", "", "-x", "ICA", "a b", "x" * 64, "a.b"])
def test_unsafe_ids_are_refused(bad):
    with pytest.raises(ValueError, match="not a valid id"):
        values.check_id(bad)


def test_clock_accepts_hh_mm_and_toml_times():
    assert values.parse_clock("19:30") == dt.time(19, 30)
    assert values.parse_clock("7:05") == dt.time(7, 5)
    assert values.parse_clock(dt.time(19, 30)) == dt.time(19, 30)
    for bad in ["7pm", "24:00", "19:60", "", 1930]:
        with pytest.raises(ValueError, match="HH:MM"):
            values.parse_clock(bad)


def test_durations():
    assert values.parse_duration("2h") == 120
    assert values.parse_duration("90m") == 90
    assert values.parse_duration("1h30m") == 90
    assert values.parse_duration(45) == 45
    for bad in ["", "soon", -5, True, "h"]:
        with pytest.raises(ValueError):
            values.parse_duration(bad)


def test_email():
    assert values.check_email("amira@example.org")
    with pytest.raises(ValueError, match="not a valid email"):
        values.check_email("amira@")


def test_phone_must_be_international_and_valid():
    assert values.check_phone("+44 20 7946 0101")
    with pytest.raises(ValueError, match="international"):
        values.check_phone("020 7946 0101")
    with pytest.raises(ValueError, match="not a valid phone"):
        values.check_phone("+44 123")


def test_timezone():
    assert values.check_timezone("Europe/London")
    assert values.check_timezone("UTC")
    for bad in ["Mars/Olympus", "BST", "../../etc/passwd", "localtime"]:
        with pytest.raises(ValueError, match="IANA"):
            values.check_timezone(bad)


def test_country():
    assert values.check_country("GB")
    for bad in ["UK", "gb", "XX"]:
        with pytest.raises(ValueError, match="country code"):
            values.check_country(bad)


def test_date():
    assert values.parse_date("2027-06-27") == dt.date(2027, 6, 27)
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        values.parse_date("27/06/2027")
