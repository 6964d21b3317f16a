"""The public facts of a screening said in one language: its heading, price, access and the
film's details, each from the language's catalogue (`i18n`). The site, the poster, the
listing and the feed say them the same way.

Plan text (a title, a name, a description) is put into these sentences as it is written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from screenkit.publicity.facts import Fact, Public
from screenkit.text.i18n import N_, Language
from screenkit.text.texts import ACCESS_WORDS

if TYPE_CHECKING:
    from screenkit.documents.pages import Words


def speaker_names(p: Public, L: Language | Words) -> str:
    return L.names([person.name for person in p.speakers])


def heading(p: Public, L: Language | Words) -> str:
    """`Return to Homs: screening and talk with Amira Haddad and Talal Derki`."""
    title = L.isolate(p.film.title)
    if p.speakers:
        return L.gettext("%(title)s: screening and talk with %(names)s") % {
            "title": title, "names": speaker_names(p, L)}  # fmt: skip
    return L.gettext("%(title)s: screening and talk") % {"title": title}


def with_line(p: Public, L: Language) -> str:
    """`Screening and talk with Amira Haddad`, under a poster's title."""
    if p.speakers:
        return L.gettext("Screening and talk with %(names)s") % {"names": speaker_names(p, L)}
    return L.gettext("Screening and talk")


def price(p: Public, L: Language | Words) -> str | None:
    """`£8, concessions £5`, `Free`, or None when nothing is said."""
    if p.free:
        return L.gettext("Free")
    if p.price is None:
        return None
    full = L.money(p.price, p.currency)
    if p.concession_price is None:
        return full
    return L.gettext("%(price)s, concessions %(concession)s") % {
        "price": full, "concession": L.money(p.concession_price, p.currency)}  # fmt: skip


def venue_fact(fact: Fact, L: Language) -> str:
    """One of a venue's access facts in words."""
    if fact.key == "wheelchair-spaces":
        n = int(fact.value or 0)
        return L.ngettext("%(num)s wheelchair space", "%(num)s wheelchair spaces", n) % {
            "num": L.number(n)}  # fmt: skip
    if fact.key == "subtitles":
        return L.gettext("%(language)s subtitles") % {"language": L.language_name(str(fact.value))}
    return L.gettext(_VENUE[fact.key])


def negative(fact: Fact) -> bool:
    """A fact that says something is not there (`No hearing loop`)."""
    return fact.key.startswith("no-")


def feature(key: str, L: Language) -> str:
    """One kind of access at a screening (`fields.ACCESS`) in words."""
    return L.gettext(ACCESS_WORDS[key])


def access(p: Public, L: Language) -> list[tuple[str, str]]:
    """(key, words) of everything said about access: the screening's own, then the
    venue's."""
    # A captioned screening at a venue that can show a captioned copy is one fact, said
    # once (the screening's own words), not "Captioned" twice.
    said_by_screening = {"captioned-copy"} if "captioned" in p.access else set()
    return [(key, feature(key, L)) for key in p.access] + [
        (fact.key, venue_fact(fact, L))
        for fact in p.venue.access
        if fact.key not in said_by_screening
    ]


def film_facts(p: Public, L: Language) -> list[str]:
    """`Directed by Talal Derki`, `94 minutes`, `Certificate 15`, `In Arabic`, …"""
    film = p.film
    out = []
    if film.director:
        out.append(L.gettext("Directed by %(name)s") % {"name": L.isolate(film.director)})
    out.append(L.ngettext("%(num)s minute", "%(num)s minutes", film.runtime) % {
        "num": L.number(film.runtime)})  # fmt: skip
    if film.certificate:
        out.append(L.gettext("Certificate %(rating)s") % {"rating": film.certificate})
    if film.language:
        out.append(L.gettext("In %(language)s") % {"language": L.language_name(film.language)})
    if film.subtitles:
        out.append(
            L.gettext("with %(language)s subtitles") % {
                "language": L.language_name(film.subtitles)}
        )  # fmt: skip
    return out


def talk(p: Public, L: Language) -> str:
    """`After the film, 45 minutes of talk and questions with …. Hosted by ….`"""
    n = p.talk_minutes
    values = {"num": L.number(n), "names": speaker_names(p, L)}
    if p.speakers:
        text = L.ngettext(
            "After the film, %(num)s minute of talk and questions with %(names)s.",
            "After the film, %(num)s minutes of talk and questions with %(names)s.",
            n,
        )
    else:
        text = L.ngettext(
            "After the film, %(num)s minute of talk and questions.",
            "After the film, %(num)s minutes of talk and questions.",
            n,
        )
    text %= values
    if p.host:
        text += " " + L.gettext("Hosted by %(name)s.") % {"name": L.isolate(p.host.name)}
    return text


# Marked for the catalogues here (N_), said in a language above.
_VENUE = {
    "step-free": N_("Step-free access"),
    "no-step-free": N_("No step-free access"),
    "hearing-loop": N_("Hearing loop"),
    "no-hearing-loop": N_("No hearing loop"),
    "captioned-copy": N_("Captioned screening"),
    "toilet": N_("Accessible toilet"),
    "no-toilet": N_("No accessible toilet"),
}
