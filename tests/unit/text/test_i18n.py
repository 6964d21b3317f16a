"""Languages: the catalogues are complete and compiled, plurals follow each language's rules,
and dates, money and language names come from CLDR."""

from __future__ import annotations

import datetime as dt
import gettext
from decimal import Decimal
from pathlib import Path

import pytest

from screenkit.plan import languages
from screenkit.text.i18n import language, language_code

ROOT = Path(__file__).resolve().parents[3]
LOCALE = ROOT / "src" / "screenkit" / "locale"
TRANSLATED = ("cy", "ar")  # English is the source: its catalogue may leave msgstr empty


def extracted() -> set[str | tuple[str, str]]:
    """Every message the code and templates mark, as `pybabel extract -F babel.cfg` finds
    them (TRANSLATING.md)."""
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    with open(ROOT / "babel.cfg") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found = set()
    for _, _, message, _, _ in extract_from_dir(str(ROOT), method_map, options_map):
        found.add(message if isinstance(message, str) else tuple(message[:2]))
    return found


def catalogue(code: str):
    from babel.messages.pofile import read_po

    with open(LOCALE / code / "LC_MESSAGES" / "screenkit.po", "rb") as handle:
        return read_po(handle)


def test_the_shipped_languages_are_the_catalogues_in_the_package():
    folders = {p.name for p in LOCALE.iterdir() if (p / "LC_MESSAGES" / "screenkit.po").exists()}
    assert folders == set(languages.LANGUAGES) == {"en", "cy", "ar"}


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_marked_string_is_translated_so_no_english_leaks(code):
    cat = catalogue(code)
    messages = {m.id: m for m in cat if m.id}
    wanted = extracted()
    assert len(wanted) > 100  # the extraction found the code's strings at all
    missing, untranslated = [], []
    for key in wanted:
        msgid = key if isinstance(key, str) else key[0]
        message = messages.get(msgid if isinstance(key, str) else key)
        if message is None:
            missing.append(msgid)
        elif "fuzzy" in message.flags or not all(
            message.string if isinstance(message.string, tuple) else [message.string]
        ):
            untranslated.append(msgid)
    assert missing == [], f"{code}: not in the catalogue (pybabel update): {missing}"
    assert untranslated == [], f"{code}: not translated (or fuzzy): {untranslated}"


@pytest.mark.parametrize("code", languages.LANGUAGES)
def test_the_compiled_catalogue_is_the_po_file_compiled(code):
    """A .po edited without `pybabel compile` would ship its old text."""
    cat = catalogue(code)
    with open(LOCALE / code / "LC_MESSAGES" / "screenkit.mo", "rb") as handle:
        shipped = gettext.GNUTranslations(handle)
    for message in cat:
        if not message.id or "fuzzy" in message.flags:
            continue
        if isinstance(message.id, tuple):
            for n, form in enumerate(message.string):
                if form:
                    assert shipped._catalog[(message.id[0], n)] == form, message.id
        elif message.string:
            assert shipped.gettext(message.id) == message.string, message.id
    assert shipped.info()["plural-forms"] == cat.plural_forms


# Each language's forms at 0, 1, 2, 3, 6 and 11: Welsh has six (zero, one, two, few = 3,
# many = 6, other), and so has Arabic (few = 3-10, many = 11-99).
PLURALS = {
    "cy": {0: "0 munud", 1: "1 munud", 2: "2 munud", 3: "3 munud", 6: "6 munud", 11: "11 munud"},
    "ar": {0: "0 دقيقة", 1: "دقيقة واحدة", 2: "دقيقتان", 3: "3 دقائق", 6: "6 دقائق",
           11: "11 دقيقة"},
    "en": {0: "0 minutes", 1: "1 minute", 2: "2 minutes", 3: "3 minutes", 6: "6 minutes",
           11: "11 minutes"},
}  # fmt: skip


@pytest.mark.parametrize("code", ["cy", "ar", "en"])
def test_plural_forms_at_0_1_2_3_6_and_11(code):
    L = language(code)
    said = {
        n: L.ngettext("%(num)s minute", "%(num)s minutes", n) % {"num": n} for n in PLURALS[code]
    }
    assert said == PLURALS[code]


@pytest.mark.parametrize("code", ["cy", "ar"])
def test_each_of_the_six_forms_is_chosen_by_the_catalogues_rule(code):
    """The rule picks a different form for each of 0, 1, 2, 3, 6 (Welsh) or 11 (Arabic):
    the six forms are all reachable, and each differs where the language says so."""
    L = language(code)
    forms = {L.translations.plural(n) for n in (0, 1, 2, 3, 6, 11)}
    assert forms == ({0, 1, 2, 3, 4, 5} if code == "cy" else {0, 1, 2, 3, 4})
    spaces = [L.ngettext("%(num)s wheelchair space", "%(num)s wheelchair spaces", n)
              % {"num": n} for n in (0, 1, 2, 3, 6, 11)]  # fmt: skip
    if code == "ar":
        assert spaces == ["لا أماكن لكراسٍ متحركة", "مكان واحد لكرسي متحرك",
                          "مكانان لكرسيين متحركين", "3 أماكن لكراسٍ متحركة",
                          "6 أماكن لكراسٍ متحركة", "11 مكانًا لكراسٍ متحركة"]  # fmt: skip
    else:
        assert spaces == [f"{n} lle i gadair olwyn" for n in (0, 1, 2, 3, 6, 11)]


def test_dates_times_and_money_as_each_language_writes_them():
    moment = dt.datetime(2027, 6, 27, 18, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert language("en").date(moment) == "Sunday 27 June 2027"
    assert language("cy").date(moment) == "Dydd Sul, 27 Mehefin 2027"
    # ar_SY: the Levantine month name (حزيران), not the Egyptian يونيو
    assert language("ar").date(moment) == "الأحد، 27 حزيران 2027"
    assert language("ar").time(moment) == "6:30 م" and language("cy").time(moment) == "18:30"
    assert language("en").money(Decimal("12"), "GBP") == "£12"
    assert language("en").money(Decimal("4.5"), "GBP") == "£4.50"
    assert language("en").money(Decimal("200"), "INR") == "₹200"
    assert language("en").money(Decimal("15"), "USD") == "US$15"
    assert language("cy").money(Decimal("9"), "GBP") == "£9"
    # A Latin symbol is isolated in Arabic, so it reads UK£ and not £UK.
    assert language("ar").money(Decimal("6"), "GBP") == "\u200f6\u00a0\u2066UK£\u2069"


def test_welsh_says_a_or_ac_and_arabic_isolates_names():
    assert language("cy").names(["Amira", "Talal"]) == "Amira a Talal"
    assert language("cy").names(["Talal", "Amira"]) == "Talal ac Amira"
    assert language("en").names(["A", "B", "C"]) == "A, B and C"
    assert language("ar").names(["Amira"]) == "\u2068Amira\u2069"


@pytest.mark.parametrize(
    ("given", "code"),
    [("ar", "ar"), ("Arabic", "ar"), ("english", "en"), ("pt-BR", "pt-BR"), ("Welsh", "cy"),
     ("Arabic and Kurdish", None), ("", None), ("xx", None)],
)  # fmt: skip
def test_language_codes_from_what_a_plan_gives(given, code):
    assert language_code(given) == code


def test_language_names_in_the_readers_language():
    assert language("cy").language_name("Arabic") == "Arabeg"
    assert language("ar").language_name("en") == "الإنجليزية"
    assert language("en").language_name("Arabic and Kurdish") == "Arabic and Kurdish"


def test_when_names_a_day_and_a_time_in_one_for_every_language():
    import datetime as dt
    from zoneinfo import ZoneInfo

    moment = dt.datetime(2027, 6, 27, 18, 30, tzinfo=ZoneInfo("Europe/London"))
    assert language("en").when(moment) == "Sun 27 June 2027 18:30"
    welsh = language("cy")
    assert welsh.when(moment) == f"{welsh.date(moment)} {welsh.time(moment)}"
