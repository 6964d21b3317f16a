"""Phrases several outputs share, written once: the film in one line, a venue's access in
words, the access at a screening, the venue on one line.

Each is in English for the team's outputs, or in a `Language` for what the public and the
speakers read (the words marked N_ are in the catalogues)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from screenkit.plan.models import Access, Film, Plan
from screenkit.text.i18n import N_, language

if TYPE_CHECKING:
    from screenkit.text.i18n import Language

# Access at a screening (`fields.ACCESS`) in words.
ACCESS_WORDS = {
    "captioned": N_("Captioned for deaf and hard of hearing people"),
    "subtitled-descriptive": N_("Descriptive subtitles"),
    "audio-described": N_("Audio description"),
    "bsl-talk": N_("Talk interpreted in British Sign Language (BSL)"),
    "live-captions": N_("Live captions of the talk (speech to text)"),
    "relaxed": N_("Relaxed screening"),
    "dementia-friendly": N_("Dementia-friendly screening"),
    "autism-friendly": N_("Autism-friendly screening"),
}


def _say(L: Language | None, text: str) -> str:
    return L.gettext(text) if L is not None else text


def film_line(film: Film, L: Language | None = None) -> str:
    """`Return to Homs (2013, dir. Talal Derki, 94 min, Arabic with English subtitles)`."""
    facts = [str(film.year) if film.year else None]
    if film.director:
        facts.append(_say(L, N_("dir. %(name)s")) % {"name": film.director})
    facts.append(_say(L, N_("%(num)s min")) % {"num": film.runtime})
    if film.language:
        # A code (`ar`) is named in the reader's language, or English for the team's own
        # outputs (checklist, return, `show`): never "ar with en subtitles".
        names = L or language("en")
        spoken = names.language_name(film.language)
        if film.subtitles:
            written = names.language_name(film.subtitles)
            facts.append(_say(L, N_("%(spoken)s with %(written)s subtitles"))
                         % {"spoken": spoken, "written": written})  # fmt: skip
        else:
            facts.append(spoken)
    return f"{film.title} ({', '.join(f for f in facts if f)})"


def access_features(keys: Iterable[str], L: Language | None = None) -> str:
    """The access at a screening in words, `; ` between."""
    return "; ".join(_say(L, ACCESS_WORDS[key]) for key in keys)


def access_text(access: Access | None, L: Language | None = None) -> str:
    """What a visitor with access needs should know, in one line; unknowns are not claimed."""
    if access is None:
        return _say(L, N_("not yet recorded"))
    facts = []
    if access.step_free is not None:
        facts.append(_say(L, N_("step-free route") if access.step_free
                          else N_("no step-free route")))  # fmt: skip
    if access.wheelchair_spaces is not None:
        n = access.wheelchair_spaces
        facts.append(L.ngettext("%(num)s wheelchair space", "%(num)s wheelchair spaces", n)
                     % {"num": L.number(n)} if L else f"{n} wheelchair spaces")  # fmt: skip
    for flag, label, missing in (
        (access.hearing_loop, N_("hearing loop"), N_("no hearing loop")),
        (access.accessible_toilet, N_("accessible toilet"), N_("no accessible toilet")),
        (access.captioned, N_("captioned copy"), N_("no captioned copy")),
    ):
        if flag is not None:
            facts.append(_say(L, label if flag else missing))
    text = "; ".join(facts) or _say(L, N_("not yet recorded"))
    return f"{text}. {access.notes}" if access.notes else text


def place(name: str, address: Iterable[str], postcode: str | None) -> str:
    """`ICA, The Mall, London, SW1Y 5AH`: a venue on one line, as calendars, listings and
    the site all write it (calendar clients mangle multi-line locations)."""
    parts = [name, *address, postcode or ""]
    return ", ".join(p.strip().rstrip(",") for p in parts if p and p.strip())


def location(plan: Plan, sid: str) -> str:
    """The screening's venue, address and postcode on one line."""
    venue = plan.venues[plan.screenings[sid].venue]
    return place(venue.name, venue.address.splitlines(), venue.postcode)
