"""Field-level rules for the values people type: ids, clock times, durations, emails, phones,
time zones and country codes. Each check raises ValueError with a message that says what is
expected; the libraries that know these rules best are imported only when a value needs them.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

ID_RE = re.compile(r"[a-z0-9][a-z0-9_-]{0,62}")
_CLOCK_RE = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")
_DURATION_RE = re.compile(r"(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?")


def check_id(value: str) -> str:
    """Ids name files (`invites/<id>.ics`), so they are kept safe on every file system."""
    if not ID_RE.fullmatch(value):
        raise ValueError(
            f"{value!r} is not a valid id: use 1-63 lowercase letters, digits, '-' or '_', "
            "starting with a letter or digit"
        )
    return value


def parse_clock(value: object) -> dt.time:
    """`"19:30"` (TOML has no HH:MM literal) or a TOML local time such as `19:30:00`."""
    if isinstance(value, dt.time):
        if value.tzinfo is not None:
            raise ValueError("give a local time without an offset; the venue's time zone applies")
        return value.replace(second=0, microsecond=0)
    if isinstance(value, str):
        m = _CLOCK_RE.fullmatch(value.strip())
        if m:
            return dt.time(int(m.group(1)), int(m.group(2)))
    raise ValueError(f"{value!r} is not a time: use HH:MM, 24-hour (e.g. 19:30)")


def format_clock(value: dt.time) -> str:
    return f"{value.hour:02d}:{value.minute:02d}"


def parse_duration(value: object) -> int:
    """Minutes, from a number of minutes or text such as `2h`, `90m` or `1h30m`."""
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a duration")
    if isinstance(value, int):
        if value < 0:
            raise ValueError("a duration cannot be negative")
        return value
    if isinstance(value, str):
        text = value.strip().lower()
        if text.isdigit():
            return int(text)
        m = _DURATION_RE.fullmatch(text)
        if m and text and (m.group(1) or m.group(2)):
            return int(m.group(1) or 0) * 60 + int(m.group(2) or 0)
    raise ValueError(f"{value!r} is not a duration: use minutes (90) or text like 2h, 90m, 1h30m")


def parse_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"{value!r} is not a date: use YYYY-MM-DD (e.g. 2027-06-27)") from None


# Shapes for a quick read (`list`, `show`): the libraries below cost more to import than the
# whole command, and anything that writes, checks or exports uses them in full.
_EMAIL_SHAPE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_PHONE_SHAPE = re.compile(r"\+[0-9][0-9 ().-]{5,}")


def check_email(value: str, quick: bool = False) -> str:
    if quick:
        if not _EMAIL_SHAPE.fullmatch(value):
            raise ValueError(f"{value!r} is not a valid email address")
        return value
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError as exc:
        raise ValueError(f"{value!r} is not a valid email address: {exc}") from None
    return value


def check_phone(value: str, quick: bool = False) -> str:
    """International format, so the number works whoever dials it on the day."""
    hint = "use the international format, e.g. +44 20 7930 3647"
    if quick:
        if not _PHONE_SHAPE.fullmatch(value.strip()):
            raise ValueError(f"{value!r} is not an international phone number: {hint}")
        return value
    import phonenumbers

    if not value.strip().startswith("+"):
        raise ValueError(f"{value!r} is not an international phone number: {hint}")
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        raise ValueError(f"{value!r} is not a phone number: {hint}") from None
    if not phonenumbers.is_valid_number(number):
        raise ValueError(f"{value!r} is not a valid phone number: {hint}")
    return value


def check_timezone(value: str) -> str:
    from zoneinfo import ZoneInfo

    if ("/" not in value and value not in {"UTC", "GMT"}) or value.startswith(("/", "posix/")):
        raise ValueError(f"{value!r} is not an IANA time zone: use a name like Europe/London")
    try:
        ZoneInfo(value)
    except (ValueError, OSError, KeyError):  # ZoneInfoNotFoundError is a KeyError
        raise ValueError(
            f"{value!r} is not an IANA time zone: use a name like Europe/London"
        ) from None
    return value


@cache
def _regions() -> frozenset[str]:
    import phonenumbers

    return frozenset(phonenumbers.SUPPORTED_REGIONS)


def check_country(value: str, quick: bool = False) -> str:
    """ISO 3166 alpha-2, checked against phonenumbers' region list (it is kept up to date)."""
    if not re.fullmatch(r"[A-Z]{2}", value) or (not quick and value not in _regions()):
        raise ValueError(f"{value!r} is not a country code: use ISO 3166 alpha-2, e.g. GB")
    return value
