"""The languages screenkit speaks, as a plan names them: the codes with a catalogue, the
CLDR locale each formats with, and the checks a plan's `language` fields pass. The formats
and the catalogues themselves are in `i18n`, which only outputs need."""

from __future__ import annotations

from screenkit.plan.values import show

# The languages with a catalogue in locale/ (tests/unit/text/test_i18n.py holds this to the
# folder), and the CLDR locale each formats with: British English and Welsh as written in the
# UK; Arabic as written in Syria (ar_SY), whose month names are the Levantine ones (حزيران,
# not يونيو) that the audience of a Syrian film reads.
LOCALES = {"en": "en_GB", "cy": "cy_GB", "ar": "ar_SY"}
LANGUAGES = tuple(sorted(LOCALES))
DEFAULT = "en"
RTL = frozenset({"ar"})
MAX_LANGUAGES = 2  # one, or two for a bilingual output


def check_language(value: str) -> str:
    """A language screenkit has a catalogue for, by its code (`cy`)."""
    if value not in LOCALES:
        raise ValueError(
            f"{show(value)} is not a language screenkit is translated into: use one of "
            f"{', '.join(LANGUAGES)}"
        )
    return value


def check_languages(value: list[str]) -> list[str]:
    if len(value) > MAX_LANGUAGES:
        raise ValueError(f"give one language, or two for a bilingual output (not {len(value)})")
    if len(set(value)) != len(value):
        raise ValueError("a language is listed twice")
    return value
