"""The languages the public and the speakers read: translated fixed text, and dates, times,
numbers, money and lists as each language writes them.

Fixed text comes from the gettext catalogues shipped in `locale/<code>/LC_MESSAGES/` (the
`.po` files are the source, the `.mo` files beside them their compiled form: see
TRANSLATING.md); formats come from CLDR through Babel, imported only when a date or an amount
is formatted, so that commands which print neither (`list`) never pay for it.

A `Language` bundles one language: `gettext`/`ngettext` (plural forms per the catalogue), the
text direction, and the formats. Plan text (titles, names, descriptions) is never translated:
it is shown as the organiser wrote it.
"""

from __future__ import annotations

import datetime as dt
import gettext as _gettext
import re
from collections.abc import Callable
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING

from screenkit.plan.languages import DEFAULT, LOCALES, RTL, check_language

if TYPE_CHECKING:
    from babel import Locale

DOMAIN = "screenkit"

# Dates in full. British English keeps its house style (no comma after the weekday); the
# others take CLDR's full date.
_LONG_DATE = {"en": "EEEE d MMMM y"}
_SHORT_DATE = {"en": "EEE d MMM"}


_LATIN = re.compile(r"[A-Za-z][^\s\d\u200f]*")
_SPACING = re.compile(r"(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])")


def N_(message: str) -> str:
    """Marks fixed text for the catalogues where it is written, to be translated where it is
    said (`Language.gettext`)."""
    return message


class Language:
    """One language of an output: its fixed text and its formats."""

    def __init__(self, code: str) -> None:
        check_language(code)
        self.code = code
        self.locale_name = LOCALES[code]
        self.direction = "rtl" if code in RTL else "ltr"
        self.translations = _catalogue(code)
        # Formatted once per value: a thousand evenings share a few hundred dates and times.
        self._said: dict[tuple[object, ...], str] = {}

    def __repr__(self) -> str:
        return f"Language({self.code!r})"

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"

    @property
    def locale(self) -> Locale:
        return _locale(self.locale_name)

    @property
    def comma(self) -> str:
        """What goes between the items of a list or a date and a time: `, `; `، ` in
        Arabic."""
        return "، " if self.code == "ar" else ", "

    @property
    def semicolon(self) -> str:
        return "؛ " if self.code == "ar" else "; "

    def isolate(self, text: str) -> str:
        """Plan text inside a sentence of a right-to-left language, kept whole in its own
        direction (FSI … PDI), so that `Return to Homs:` is not read as `:Return to Homs`;
        left-to-right languages need nothing."""
        return f"\u2068{text}\u2069" if self.rtl and text else text

    # Fixed text.
    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.translations.ngettext(singular, plural, n)

    # Formats (CLDR, through Babel).
    def _once(self, key: tuple[object, ...], make: Callable[[], object]) -> str:
        said = self._said.get(key)
        if said is None:
            said = self._said[key] = str(make())
        return said

    def date(self, day: dt.date) -> str:
        """`Sunday 27 June 2027`, `Dydd Sul, 27 Mehefin 2027`, `الأحد، 27 حزيران 2027`."""
        from babel.dates import format_date

        day = day.date() if isinstance(day, dt.datetime) else day
        pattern = _LONG_DATE.get(self.code, "full")
        return self._once(("date", day), lambda: format_date(day, pattern, locale=self.locale))

    def short_date(self, day: dt.date) -> str:
        """`Sun 27 Jun`: a weekday, day and month, for short listings."""
        from babel.dates import format_date, format_skeleton

        if self.code in _SHORT_DATE:
            return str(format_date(day, _SHORT_DATE[self.code], locale=self.locale))
        return str(format_skeleton("MMMEd", day, locale=self.locale))

    def time(self, moment: dt.datetime | dt.time) -> str:
        """`18:30`; `6:30 م` in Arabic, as CLDR writes a short time."""
        from babel.dates import format_time

        if self.code == "en":  # the 24-hour clock every English output already uses
            return f"{moment:%H:%M}"
        key = ("time", moment.hour, moment.minute)
        return self._once(key, lambda: format_time(moment, "short", locale=self.locale))

    def when(self, moment: dt.datetime) -> str:
        """A day and a time in one, for subjects and lines that name an evening:
        `Sun 27 June 2027 18:30` in British English's house style, else CLDR's full date
        and short time (`Dydd Sul, 27 Mehefin 2027 18:30`)."""
        if self.code == "en":
            return f"{moment:%a} {moment.day} {moment:%B %Y} {self.time(moment)}"
        return f"{self.date(moment)} {self.time(moment)}"

    def zone(self, moment: dt.datetime) -> str:
        """The time zone in words: `BST, Europe/London time`; CLDR's long name otherwise."""
        if self.code == "en":
            abbreviation = moment.tzname() or ""
            zone = str(moment.tzinfo)
            if abbreviation and not abbreviation.startswith(("+", "-")) and abbreviation != zone:
                return f"{abbreviation}, {zone} time"
            return f"{zone} time (UTC{moment:%z})"
        from babel.dates import get_timezone_name

        return str(get_timezone_name(moment, "long", locale=self.locale))

    def zone_abbreviation(self, moment: dt.datetime) -> str:
        """`BST` after a time in a listing; CLDR's long name in a language with no short
        one of its own (Welsh, Arabic: `Amser Haf Prydain`)."""
        return f"{moment:%Z}" if self.code == "en" else self.zone(moment)

    def number(self, value: int | Decimal) -> str:
        from babel.numbers import format_decimal

        return self._once(("number", value), lambda: format_decimal(value, locale=self.locale))

    def money(self, amount: Decimal, currency: str) -> str:
        """`£6`, `£4.50`, `₹200`, `‏12 UK£`: whole amounts without their minor unit, as
        posters and listings print them; otherwise to the currency's minor unit."""
        return self._once(("money", amount, currency), lambda: self._money(amount, currency))

    def _money(self, amount: Decimal, currency: str) -> str:
        from babel.numbers import format_currency

        from screenkit.plan import money

        text = str(format_currency(money.rounded(amount, currency), currency, locale=self.locale))
        places = money.places(currency)
        if amount == amount.to_integral_value() and places:
            decimal = self.locale.number_symbols["latn"]["decimal"]
            text = text.replace(decimal + "0" * places, "", 1)
        # CLDR's currency spacing, which Babel leaves out: a code is kept apart from the
        # digits (`CHF 7`, not `CHF7`).
        text = _SPACING.sub("\u00a0", text)
        if self.rtl:  # `UK£` stays `UK£` in Arabic text, not `£UK`
            text = _LATIN.sub(lambda m: f"\u2066{m.group()}\u2069", text)
        return text

    def names(self, items: list[str]) -> str:
        """`A, B and C`, `A, B ac Ifan`, `A وB`: CLDR's list of names, each kept whole in a
        right-to-left language. Welsh says `a` before a consonant and `ac` before a vowel,
        where CLDR writes `a(c)`."""
        items = [self.isolate(item) for item in items]
        if len(items) < 2:
            return items[0] if items else ""
        if self.code == "cy":
            last = items[-1]
            joiner = " ac " if last[:1].lower() in "aeiouwyâêîôûŵŷ" else " a "
            return ", ".join(items[:-1]) + joiner + last
        from babel.lists import format_list

        return str(format_list(items, locale=self.locale))

    def language_name(self, text: str) -> str:
        """A language given as a code (`ar`) or an English name (`Arabic`), named in this
        language (`Arabeg`); text that is neither is shown as it is."""
        code = language_code(text)
        if code is None:
            return text

        def name() -> str:
            from babel import Locale

            try:
                named = Locale.parse(code.replace("-", "_")).get_display_name(self.locale)
            except (ValueError, LookupError):
                named = None
            return str(named) if named else text

        return self._once(("language", text), name)


@cache
def language(code: str) -> Language:
    return Language(code)


@cache
def _locale(name: str) -> Locale:
    from babel import Locale

    return Locale.parse(name)


@cache
def _catalogue(code: str) -> _gettext.GNUTranslations:
    """The compiled catalogue shipped in the package."""
    from importlib.resources import files

    path = files("screenkit") / "locale" / code / "LC_MESSAGES" / f"{DOMAIN}.mo"
    with path.open("rb") as handle:
        return _gettext.GNUTranslations(handle)


def languages(codes: list[str] | None, default: str | None = None) -> tuple[Language, ...]:
    """The languages of an output: the given ones (the first read first), else the default."""
    chosen = list(codes or []) or [default or DEFAULT]
    return tuple(language(code) for code in chosen)


@cache
def _english_names() -> dict[str, str]:
    from babel import Locale

    names = Locale.parse("en").languages
    return {str(name).lower(): code for code, name in names.items()}


@cache
def language_code(text: str | None) -> str | None:
    """A BCP 47 language code for what a plan gives as a film's language or subtitles: a
    code already (`ar`, `pt-BR`), or a language's English name (`Arabic` -> `ar`); None for
    free text that names no one language (`Arabic and Kurdish`)."""
    if not text:
        return None
    value = text.strip()
    from babel import Locale, UnknownLocaleError

    candidate = value.replace("_", "-")
    if 2 <= len(candidate) <= 11 and all(part.isalnum() for part in candidate.split("-")):
        try:
            locale = Locale.parse(candidate, sep="-")
        except (ValueError, UnknownLocaleError):
            locale = None
        if locale is not None and candidate.split("-")[0].lower() == locale.language:
            return "-".join([locale.language, *([locale.territory] if locale.territory else [])])
    code = _english_names().get(value.lower())
    return code.replace("_", "-") if code else None
