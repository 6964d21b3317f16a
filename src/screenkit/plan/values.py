"""Every value format screenkit reads, defined once: ids, clock times, durations, due offsets,
dates, numbers, text, emails, phones, time zones and country codes.

Each format is one regular expression (`Format`) that both the parser here and the plan's
JSON Schema (`models.json_schema`) use, so an editor flags exactly what screenkit refuses.
Each check raises ValueError with a message that says what is wrong and what to write instead;
the libraries that know emails and phones best are imported only when a value needs them.
Bounds keep every value far from the limits of `datetime` and of integer conversion, so no
value a person can type ends in an OverflowError.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any


# -- formats ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Format:
    """A regex written in the part of the syntax Python and JSON Schema (ECMA-262) read alike:
    no flags (letters typed in either case are spelled `[hH]`), no `\\d` or `\\s` (which differ
    on non-ASCII text), no named groups, no lookaround."""

    source: str
    regex: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "regex", re.compile(self.source))

    @property
    def pattern(self) -> str:
        """The JSON Schema `pattern`: anchored, as `fullmatch` is here."""
        return f"^(?:{self.source})$"

    def match(self, text: str) -> re.Match[str] | None:
        return self.regex.fullmatch(text)


def _anycase(word: str) -> str:
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c for c in word)


_SP = "[ \t]*"  # spaces people type around a value
_NUM = "([0-9]+)"
ID = Format("[a-z0-9][a-z0-9_-]{0,62}")
CLOCK = Format(f"{_SP}([01]?[0-9]|2[0-3]):([0-5][0-9]){_SP}")
_H, _M = _anycase("h"), f"{_anycase('m')}(?:{_anycase('in')})?"
DURATION = Format(
    f"{_SP}(?:{_NUM}|{_NUM}{_SP}{_H}(?:{_SP}{_NUM}(?:{_SP}{_M})?)?|{_NUM}{_SP}{_M}){_SP}"
)  # 90, 2h, 1h30m, 1h30 (as people write it), 90m, 90 min
_DAYS = f"{_anycase('d')}(?:{_anycase('ays')}|{_anycase('ay')})?"
_WEEKS = f"{_anycase('w')}(?:{_anycase('eeks')}|{_anycase('eek')})?"
_WORKING = f"{_anycase('wd')}|{_anycase('working')}[ \t]+{_anycase('day')}(?:{_anycase('s')})?"
DUE = Format(f"{_SP}([+-]?[0-9]+){_SP}({_WORKING}|{_DAYS}|{_WEEKS}){_SP}")
DATE = Format(f"{_SP}([0-9]{{4}})-([0-9]{{1,2}})-([0-9]{{1,2}}){_SP}")
_HOURS = f"{_anycase('h')}(?:{_anycase('ours')}|{_anycase('our')})?"
LEAD = Format(f"{_SP}([0-9]+){_SP}({_HOURS}|{_DAYS}|{_WEEKS}){_SP}")  # 7d, 1d, 12h, 2w
WHOLE = Format(f"{_SP}([+-]?[0-9]+){_SP}")
DECIMAL = Format(f"{_SP}[+-]?(?:[0-9]+(?:[.][0-9]*)?|[.][0-9]+)(?:[eE][+-]?[0-9]+)?{_SP}")
# Text: one line refuses every control character (and Unicode's line and paragraph
# separators); a paragraph keeps line breaks (LF or CRLF) and tabs. Neither holds a bidi
# embedding, override or isolate (U+202A-U+202E, U+2066-U+2069): one left open reverses
# everything after it on a page, in a calendar or in a terminal, and outputs isolate
# right-to-left text themselves. The marks (U+200E, U+200F, U+061C) stay.
_BIDI = "\\u202a-\\u202e\\u2066-\\u2069"
_CONTROLS = f"\\u0000-\\u001f\\u007f-\\u009f{_BIDI}"
LINE = Format(f"[^{_CONTROLS}\\u2028\\u2029]*")
PARAGRAPH = Format(f"(?:[^\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f{_BIDI}]|\\r\\n)*")
# A phone number's shape, as a quick read checks it (phonenumbers checks the rest): a plus,
# ASCII or full-width, first.
PHONE = Format(f"[ \t]*[+\\uff0b]{LINE.source}")
COUNTRY = Format("[A-Z]{2}")
ID_RE = ID.regex  # the name other modules have used

LINE_MAX = 500  # a name, title or reference; far more than any real one
PARAGRAPH_MAX = 10_000  # notes, a bio, tech details
ADDRESS_MAX = 1_000
_DIGITS_MAX = 15  # more digits than any bound here, fewer than anything overflows at


# -- showing a value in a message ------------------------------------------------------------
def show(value: object) -> str:
    """A value as a message quotes it: short, and never the 5,000 digits someone pasted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        digits = len(str(abs(value))) if value.bit_length() < 200 else None
        if digits is None or digits > _DIGITS_MAX:
            return "a number with hundreds of digits" if digits is None else (
                f"a {digits}-digit number")  # fmt: skip
        return str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else str(value)
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:57] + "…")
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return f"a {type(value).__name__}"


def _range(lo: float, hi: float, unit: str) -> str:
    def n(x: float) -> str:  # 1,000,000 but 1440 and 2100 (a year has no comma)
        return f"{x:g}" if isinstance(x, float) else f"{x:,}" if abs(x) >= 10_000 else str(x)

    return f"use {n(lo)} to {n(hi)}{unit}"


# -- ids and text ----------------------------------------------------------------------------
def check_id(value: str) -> str:
    """Ids name files (`invites/<id>.ics`), so they are kept safe on every file system."""
    if not isinstance(value, str) or not ID.match(value):
        raise ValueError(
            f"{show(value)} is not a valid id: use 1-63 lowercase letters, digits, '-' or '_', "
            "starting with a letter or digit"
        )
    return value


# Names Windows keeps for devices, whatever the extension (`con.ics` is the console there):
# files named after such an id could not be written or read on Windows, nor on a disk shared
# with it, so a new id may not be one (a plan that has one still loads).
WINDOWS_DEVICES = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)),
     *(f"lpt{n}" for n in range(1, 10))}
)  # fmt: skip


def check_new_id(value: str) -> str:
    """`check_id`, and not a name Windows keeps for a device."""
    check_id(value)
    if value in WINDOWS_DEVICES:
        raise ValueError(
            f"{show(value)} names a device on Windows ({value.upper()}), so the files named "
            "after it could not be written there; choose another id"
        )
    return value


def auto_id(venue: str, date: dt.date, n: int = 1) -> str:
    """`<venue>-<date>` (`-<n>` from the second on), cut from the venue so the date stays."""
    suffix = f"-{date.isoformat()}" + (f"-{n}" if n > 1 else "")
    head = venue[: 63 - len(suffix)]
    return (head.rstrip("-_") or head) + suffix


_SURROGATE = re.compile("[\ud800-\udfff]")  # only from JSON's \\ud800 escapes; never text


def _bad_character(value: str, multiline: bool) -> str:
    """What is wrong with the first character a text may not hold."""
    for i, ch in enumerate(value):
        code = ord(ch)
        if multiline and (ch in "\n\t\u2028\u2029" or value[i : i + 2] == "\r\n"):
            continue
        if ch == "\r" and multiline:
            return "contains a carriage return without a line feed; end lines with a line feed"
        if ch in "\n\r\u2028\u2029\x85" and not multiline:
            return "contains a line break; use one line"
        if ch == "\t":
            return "contains a tab; use spaces"
        if 0xD800 <= code <= 0xDFFF:
            return f"contains half of a UTF-16 pair (U+{code:04X}), not a character; remove it"
        if code < 0x20 or 0x7F <= code <= 0x9F:
            return f"contains a control character (U+{code:04X}); remove it"
        if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
            return (f"contains a hidden text-direction control (U+{code:04X}), which would "
                    "reorder what follows it; remove it (right-to-left text is shown the right "
                    "way without it)")  # fmt: skip
    raise AssertionError(value)  # pragma: no cover - called only for text that failed


def _text(value: str, fmt: Format, limit: int, *, blank: bool, multiline: bool = False) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{show(value)} is not text; write it in quotes")
    if len(value) > limit:
        raise ValueError(f"is {len(value):,} characters long; at most {limit:,}")
    if not fmt.match(value) or (not value.isascii() and _SURROGATE.search(value)):
        raise ValueError(_bad_character(value, multiline))
    if not blank and not value.strip():
        raise ValueError("is empty; write something, or leave the key out")
    return value


def check_line(value: str) -> str:
    """One line of text (a name, title, reference): no line breaks, tabs or control codes."""
    return _text(value, LINE, LINE_MAX, blank=True)


def check_name(value: str) -> str:
    """One line that says something: not empty, not only spaces."""
    return _text(value, LINE, LINE_MAX, blank=False)


def check_paragraph(value: str) -> str:
    """Notes, a bio, tech details: line breaks and tabs are kept, other control codes not."""
    return _text(value, PARAGRAPH, PARAGRAPH_MAX, blank=True, multiline=True)


def check_address(value: str) -> str:
    """An address may take several lines (calendars get them joined with commas)."""
    return _text(value, PARAGRAPH, ADDRESS_MAX, blank=False, multiline=True)


# -- numbers -------------------------------------------------------------------------------
def whole_number(
    value: object, lo: int | None = None, hi: int | None = None, unit: str = ""
) -> int:
    """A whole number (also from text such as `"94"`, as a spreadsheet gives it); booleans and
    fractions are refused, not read as 1 or rounded."""

    def hint() -> str:
        return f"; {_range(lo, hi, unit)}" if lo is not None and hi is not None else "; use digits"

    number: int | None = None
    if isinstance(value, bool):
        raise ValueError(f"{show(value)} is a yes/no value, not a number{hint()}")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and math.isfinite(value) and value.is_integer():
        number = int(value) if abs(value) < 1e18 else None
        if number is None:
            raise ValueError(f"{show(value)} is out of range{hint()}")
    elif isinstance(value, str) and (m := WHOLE.match(value)):
        digits = m.group(1).lstrip("+-").lstrip("0")
        if len(digits) > _DIGITS_MAX:
            raise ValueError(f"{show(value)} is out of range{hint()}")
        number = int(m.group(1))
    if number is None:
        raise ValueError(f"{show(value)} is not a whole number{hint()}")
    if (lo is not None and number < lo) or (hi is not None and number > hi):
        raise ValueError(f"{show(number)} is out of range{hint()}")
    return number


def number(value: object, lo: float | None = None, hi: float | None = None) -> float:
    """A finite decimal number (coordinates); booleans, NaN and infinity are refused."""
    if isinstance(value, float) and lo is not None and hi is not None and lo <= value <= hi:
        return value  # the usual case, first
    hint = f"; {_range(lo, hi, '')}" if lo is not None and hi is not None else ""
    result: float | None = None
    if isinstance(value, bool):
        raise ValueError(f"{show(value)} is a yes/no value, not a number{hint}")
    if isinstance(value, int):
        result = float(value) if value.bit_length() < 64 else math.inf
    elif isinstance(value, float):
        result = value
    elif isinstance(value, str) and len(value) <= 40 and DECIMAL.match(value):
        result = float(value)
    if result is None or math.isnan(result):
        raise ValueError(f"{show(value)} is not a number{hint or '; use digits, e.g. 51.5'}")
    if not math.isfinite(result) or (lo is not None and result < lo) or (
            hi is not None and result > hi):  # fmt: skip
        raise ValueError(f"{show(value)} is out of range{hint}")
    return result


_RATING = re.compile(r"[1-5](?:\.\d{1,2})?")


def parse_rating(value: object) -> float:
    """An average rating from 1 to 5: a number, or text with at most two decimals (`4.35`)."""
    if isinstance(value, str) and _RATING.fullmatch(value.strip()):
        value = float(value)
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if number and math.isfinite(value) and 1 <= value <= 5:  # type: ignore[arg-type,operator]
        return float(value)  # type: ignore[arg-type]
    raise ValueError(f"{show(value)} is not a rating from 1 to 5 (e.g. 4.5)")


_ANSWERS = {
    "accepted": ("accepted", "accept", "yes", "y"),
    "declined": ("declined", "decline", "no", "n"),
    "tentative": ("tentative", "maybe", "perhaps"),
    "needs-action": ("needs-action", "none", "unknown"),
}


def read_answer(text: str) -> str:
    """An invitee's answer as people give it: `yes`, `no`, `maybe`, or the iCalendar words."""
    word = text.strip().lower()
    for answer, spellings in _ANSWERS.items():
        if word in spellings:
            return answer
    raise ValueError(
        f"{show(text)} is not an answer: use yes, no or maybe (or accepted, declined, "
        "tentative; needs-action clears it)"
    )


def check_flag(value: object) -> bool:
    """true or false, and nothing that merely looks like one (1, "yes")."""
    if not isinstance(value, bool):
        raise ValueError(f"{show(value)} is not true or false; write true or false")
    return value


# -- clock times and durations -----------------------------------------------------------------
class ClockText(str):
    """`"19:30"` as the plan stores it, carrying the time it was made from: a time read once
    where a person typed it travels to the model typed, and is never parsed again."""

    time: dt.time

    def __new__(cls, time: dt.time) -> ClockText:
        made = super().__new__(cls, f"{time.hour:02d}:{time.minute:02d}")
        made.time = dt.time(time.hour, time.minute)
        return made


def parse_clock(value: object) -> dt.time:
    """`"19:30"` (TOML has no HH:MM literal) or a TOML local time such as `19:30:00`."""
    if isinstance(value, ClockText):
        return value.time
    if isinstance(value, dt.time):
        if value.tzinfo is not None:
            raise ValueError("give a local time without an offset; the venue's time zone applies")
        return value.replace(second=0, microsecond=0)
    if isinstance(value, str):
        m = CLOCK.match(value)
        if m:
            return dt.time(int(m.group(1)), int(m.group(2)))
    raise ValueError(f"{show(value)} is not a time: use HH:MM, 24-hour (e.g. 19:30)")


_TYPED_CLOCK = re.compile(
    r"\s*(?P<h>[0-9]{1,2})(?:(?:[:.hH]|\s)(?P<m>[0-9]{2}))?\s*(?P<half>[aApP]\.?[mM]\.?)?\s*"
)


def read_clock(value: str) -> dt.time:
    """A time as people type it: `19:30`, `19.30`, `19h30`, `7:30pm`, `7pm`, `12am`. An hour
    alone (`7`) could be morning or evening, so it is refused with the forms to use."""
    found = _TYPED_CLOCK.fullmatch(value)
    if found is None:
        return parse_clock(value)  # says what is wrong with it
    hour, minute = int(found["h"]), int(found["m"] or 0)
    half = (found["half"] or "").lower().replace(".", "")
    if not half and found["m"] is None:
        raise ValueError(f"{show(value)} is not a time: give the minutes too, as 19:00 or 7pm")
    if half:
        if not 1 <= hour <= 12:
            raise ValueError(f"{show(value)} is not a time: with am or pm, the hour is 1 to 12")
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        raise ValueError(f"{show(value)} is not a time: use HH:MM, 24-hour (e.g. 19:30)")
    return dt.time(hour, minute)


def format_clock(value: dt.time) -> ClockText:
    """`19:30`, as the plan stores a time (and as every output shows a 24-hour one)."""
    return ClockText(value)


def format_minutes(minutes: int) -> str:
    """`90` → `1h30m`, as a duration can be written."""
    hours, rest = divmod(minutes, 60)
    return f"{hours}h{rest}m" if hours and rest else f"{hours}h" if hours else f"{rest}m"


MAX_DURATION = 48 * 60  # no duration in an evening's plan comes near two days


def parse_duration(value: object, at_most: int = MAX_DURATION) -> int:
    """Minutes, from a number of minutes or text such as `2h`, `90m` or `1h30m`."""
    if isinstance(value, bool):
        raise ValueError(f"{show(value)} is a yes/no value, not a duration; use minutes")
    minutes: int | None = None
    if isinstance(value, int):
        minutes = value
    elif isinstance(value, float) and math.isfinite(value) and value.is_integer():
        minutes = int(value) if abs(value) < 1e18 else at_most + 1
    elif isinstance(value, str) and (m := DURATION.match(value)):
        if any(len(g.lstrip("0")) > _DIGITS_MAX for g in m.groups() if g is not None):
            minutes = at_most + 1
        else:
            plain, hours, hour_minutes, only_minutes = m.groups()
            minutes = int(plain or 0) + int(hours or 0) * 60 + int(
                hour_minutes or only_minutes or 0)  # fmt: skip
    if minutes is None:
        raise ValueError(
            f"{show(value)} is not a duration: use minutes (90) or text like 2h, 90m, 1h30m"
        )
    if minutes < 0:
        raise ValueError("a duration cannot be negative")
    if minutes > at_most:
        raise ValueError(
            f"{show(value)} is too long; at most {at_most:,} minutes ({format_minutes(at_most)})"
        )
    return minutes


# -- dates and due offsets ----------------------------------------------------------------------
FIRST_DATE, LAST_DATE = dt.date(1900, 1, 1), dt.date(2200, 12, 31)
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # fmt: skip
_DATE_RANGE = f"use a date from {FIRST_DATE} to {LAST_DATE}"


def parse_date(value: object) -> dt.date:
    """`2027-06-27`, as text or a TOML date, between 1900 and 2200 (so that every due date
    and export stays far from the ends of the calendar)."""
    if isinstance(value, dt.datetime):
        raise ValueError(f"{show(value)} is a date and time: give the date alone, YYYY-MM-DD")
    if isinstance(value, dt.date):
        if not FIRST_DATE <= value <= LAST_DATE:
            raise ValueError(f"{value.isoformat()} is out of range; {_DATE_RANGE}")
        return value
    m = DATE.match(value) if isinstance(value, str) else None
    if m is None:
        raise ValueError(f"{show(value)} is not a date: use YYYY-MM-DD (e.g. 2027-06-27)")
    year, month, day = (int(g) for g in m.groups())
    if not 1 <= month <= 12:
        raise ValueError(f"{show(value)} is not a date: months are 1-12")
    if not FIRST_DATE.year <= year <= LAST_DATE.year:
        raise ValueError(f"{show(value)} is out of range; {_DATE_RANGE}")
    import calendar

    length = calendar.monthrange(year, month)[1]
    if not 1 <= day <= length:
        raise ValueError(
            f"{show(value)} is not a date: {_MONTHS[month - 1]} {year} has {length} days"
        )
    return dt.date(year, month, day)


# About ten years either side of the screening, in each unit.
DUE_LIMITS = {"d": 3660, "w": 523, "wd": 2610}


LEAD_MAX = dt.timedelta(days=366)


def parse_lead(spec: object) -> dt.timedelta:
    """How long before a screening a reminder goes: `7d`, `1d`, `12h`, `2w` (`7 days`)."""
    m = LEAD.match(spec) if isinstance(spec, str) else None
    if m is None:
        raise ValueError(
            f"{show(spec)} is not a time before the screening: write hours, days or weeks, "
            "such as 7d, 1d, 12h or 2w"
        )
    unit = m.group(2).lower()[0]
    digits = m.group(1).lstrip("0")
    if len(digits) > 4:
        raise ValueError(f"{show(spec)} is too long before the screening; use at most 366d")
    lead = {"h": dt.timedelta(hours=1), "d": dt.timedelta(days=1),
            "w": dt.timedelta(weeks=1)}[unit] * int(digits or 0)  # fmt: skip
    if not dt.timedelta(hours=1) <= lead <= LEAD_MAX:
        raise ValueError(f"{show(spec)}: a reminder goes between 1h and 366d before the screening")
    return lead


def parse_due(spec: object) -> tuple[int, str]:
    """`-6w` → (-6, "w"); `+5 working days` → (5, "wd")."""
    if not isinstance(spec, str):
        raise ValueError(_not_due(spec))
    return _parse_due(spec)


def _not_due(spec: object) -> str:
    return (
        f"{show(spec)} is not a due date: use days, weeks or working days relative to the "
        "screening, e.g. -6w, -1d, 0d, +5 working days, +30d"
    )


@lru_cache(maxsize=1024)  # a plan has a few dozen offsets, read for every screening's tasks
def _parse_due(spec: str) -> tuple[int, str]:
    m = DUE.match(spec)
    if m is None:
        raise ValueError(_not_due(spec))
    unit = m.group(2).lower()
    kind = "wd" if unit.startswith(("wd", "working")) else unit[0]
    digits = m.group(1).lstrip("+-").lstrip("0")
    if len(digits) > 6 or int(digits or 0) > DUE_LIMITS[kind]:
        raise ValueError(
            f"{show(spec)} is too far from the screening; use at most about ten years either "
            f"side: {DUE_LIMITS['d']}d, {DUE_LIMITS['w']}w or {DUE_LIMITS['wd']} working days"
        )
    return int(m.group(1)), kind


# -- emails, phones, places -----------------------------------------------------------------------
# `quick` checks are for commands that only display the plan: the libraries below cost more to
# import than the whole command. Each full check runs its quick check too, so quick never
# refuses what full accepts.
def check_email(value: str, quick: bool = False) -> str:
    check_line(value)
    if not quick:  # first, for email_validator's explanation of what is wrong
        _validated_email(value)
    local, at, domain = value.rpartition("@")
    if not (at and local and domain) or "@" in local:
        raise ValueError(f"{show(value)} is not a valid email address: use name@example.org")
    return value


def _validated_email(value: str) -> Any:
    from email_validator import EmailNotValidError, validate_email

    try:
        return validate_email(value, check_deliverability=False)
    except EmailNotValidError as exc:
        raise ValueError(f"{show(value)} is not a valid email address: {exc}") from None


def normal_email(value: str) -> str:
    """The address as email_validator normalises it, with the domain in its ASCII (IDNA)
    form: what to store, so that every mail system reads it the same way."""
    check_email(value)
    result = _validated_email(value)
    return f"{result.local_part}@{result.ascii_domain}"


_PHONE_HINT = "write it with its country code, e.g. +44 20 7930 3647"


def check_phone(value: str, quick: bool = False) -> str:
    """International format (`+44 …`), so the number works whoever dials it on the day; a
    number libphonenumber calls possible is taken (`check` warns when it is not one in use)."""
    _parsed_phone(value, quick)
    return value


_WHY_NOT = {  # phonenumbers' ValidationResult, in words
    "INVALID_COUNTRY_CODE": "its country code is not one in use",
    "IS_POSSIBLE_LOCAL_ONLY": "it lacks its area code",
    "TOO_SHORT": "it is too short for a phone number there",
    "INVALID_LENGTH": "it has the wrong number of digits for a phone number there",
    "TOO_LONG": "it is too long for a phone number there",
}


def _parsed_phone(value: str, quick: bool = False, region: str | None = None) -> Any:
    """The number read (None when `quick`); `region` (a country code) reads national formats
    too, as people write them (`020 7930 3647` in GB)."""
    check_line(value)
    if region is None and not PHONE.match(value):
        raise ValueError(
            f"{show(value)} is not in the international format: {_PHONE_HINT} (or set "
            "settings.country, and screenkit reads the country's own format)"
        )
    if quick:
        return None
    import phonenumbers

    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        raise ValueError(f"{show(value)} is not a phone number: {_PHONE_HINT}") from None
    result = phonenumbers.ValidationResult
    reason = phonenumbers.is_possible_number_with_reason(number)
    if reason != result.IS_POSSIBLE:  # `local only` is a number without its area code
        name = next((k for k in _WHY_NOT if getattr(result, k) == reason), "")
        why = _WHY_NOT.get(name, "it cannot be a phone number")
        raise ValueError(f"{show(value)} is not a phone number: {why}; {_PHONE_HINT}")
    return number


def phone_in_use(value: str) -> bool:
    """Whether a possible number is also in a range allocated to a network (libphonenumber's
    'valid'): a number made up or mistyped often is not."""
    import phonenumbers

    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(value, None))
    except phonenumbers.NumberParseException:
        return False


def normal_phone(value: str, region: str | None = None) -> str:
    """`+44 20 7946 0101 x5`: phonenumbers' international format, extension kept; a national
    number is read in `region` (a country code) when one is known."""
    import phonenumbers

    number = _parsed_phone(value, region=region)
    text = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    if number.extension and not _reads_back(text, number):
        # phonenumbers writes ` x12345678901` for some regions but reads `x` with at most
        # nine digits; ` ext. ` it reads with up to twenty.
        base = phonenumbers.PhoneNumber()
        base.merge_from(number)
        base.extension = None
        text = phonenumbers.format_number(base, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        text = f"{text} ext. {number.extension}"
    return text


def _reads_back(text: str, number: Any) -> bool:
    import phonenumbers

    try:
        return bool(phonenumbers.parse(text, None) == number)
    except phonenumbers.NumberParseException:
        return False


@cache
def _zones_by_city() -> dict[str, str]:
    """`london` → `Europe/London`: each zone's last part, as a place people name."""
    from zoneinfo import available_timezones

    cities: dict[str, str] = {}
    for zone in sorted(available_timezones()):
        if "/" in zone and not zone.startswith(("Etc/", "SystemV/", "posix/", "right/")):
            cities.setdefault(zone.rsplit("/", 1)[1].replace("_", " ").lower(), zone)
    return cities


def check_timezone(value: str) -> str:
    from zoneinfo import ZoneInfo

    hint = f"{show(value)} is not an IANA time zone: use a name like Europe/London"
    if isinstance(value, str) and "/" not in value:
        city = _zones_by_city().get(" ".join(value.replace("_", " ").split()).lower())
        if city is not None:
            hint = f"{show(value)} is not an IANA time zone: did you mean {city}?"
    if not isinstance(value, str) or not LINE.match(value) or len(value) > 100:
        raise ValueError(hint)
    if ("/" not in value and value not in {"UTC", "GMT"}) or value.startswith(("/", "posix/")):
        raise ValueError(hint)
    try:
        ZoneInfo(value)
    except (ValueError, OSError, KeyError):  # ZoneInfoNotFoundError is a KeyError
        raise ValueError(hint) from None
    return value


@cache
def _regions() -> frozenset[str]:
    import phonenumbers

    return frozenset(phonenumbers.SUPPORTED_REGIONS)


def check_country(value: str, quick: bool = False) -> str:
    """ISO 3166 alpha-2, checked against phonenumbers' region list (it is kept up to date)."""
    if not isinstance(value, str) or not COUNTRY.match(value) or (
            not quick and value not in _regions()):  # fmt: skip
        raise ValueError(f"{show(value)} is not a country code: use ISO 3166 alpha-2, e.g. GB")
    return value


def calendar_shape(value: Any) -> Any:
    """A published calendar as `models.PublishedCalendar` reads it. One recorded before
    screenkit kept each calendar's audience held its events directly (`[published."URL".
    "UID"]`): it is read as the events of a calendar whose audience is not known, and
    `publish` writes it in the new shape the next time it runs. Anything else is returned
    as it is (the same object)."""
    if (
        isinstance(value, dict)
        and value
        and all(isinstance(v, dict) and "digest" in v for v in value.values())
    ):
        return {"events": value}
    return value
