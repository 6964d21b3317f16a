"""Listing text for What's On guides and social posts: a full version (under 600 characters)
and a short one (under 280), the facts in the order listings use: title, date, time, venue,
price, booking, access. What does not fit is dropped from the least needed end, never cut
mid-fact (only a title or URL too long to fit at all is shortened).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from screenkit.publicity import words as say
from screenkit.publicity.facts import Public
from screenkit.text.escaping import markdown, one_line
from screenkit.text.i18n import Language, language

FULL_LIMIT = 600
SHORT_LIMIT = 280
FORMATS = ("txt", "md")


@dataclass(frozen=True)
class Listing:
    full: str
    short: str


def _fit(parts: list[tuple[int, str]], limit: int) -> str:
    """Join the parts, dropping the least important (highest rank) until under `limit`."""
    kept = list(parts)
    while True:
        text = " ".join(t for _, t in kept)
        if len(text) < limit:
            return text
        droppable = [item for item in kept if item[0] > 0]
        if not droppable:
            return text[: limit - 2].rstrip() + "…"
        kept.remove(max(droppable, key=lambda item: item[0]))


def _title(p: Public, md: bool, L: Language) -> str:
    title = L.isolate(f"**{p.film.title}**" if md else p.film.title)
    return L.gettext("CANCELLED: %(title)s") % {"title": title} if p.cancelled else title


def _book(p: Public, md: bool, L: Language, short: bool = False) -> str | None:
    if not p.booking_url or p.cancelled:
        return None
    if p.sold_out:
        return L.gettext("Sold out") + "."
    word = L.gettext("Book")
    if md:
        return f"[{word}]({p.booking_url})." if short else f"{word}: <{p.booking_url}>."
    return f"{word}: {p.booking_url}"


def listing(p: Public, fmt: str = "txt", L: Language | None = None) -> Listing:
    L = L or language(p.languages[0])
    md = fmt == "md"
    clean = markdown if md else one_line
    # Each version is one line: every piece of plan text below is one line of text, or of
    # Markdown that shows just that text; prices, dates and URLs are ours.
    p = _cleaned(p, clean)
    film = p.film
    when = f"{L.date(p.start)}{L.comma}{L.time(p.start)}"
    doors = " " + L.gettext("(doors %(time)s)") % {"time": L.time(p.doors)} if p.doors else ""
    tbc = L.gettext(", to be confirmed") if p.status == "tentative" else ""
    talk = (L.gettext(" + talk with %(names)s") % {"names": say.speaker_names(p, L)}
            if p.speakers else L.gettext(" + talk"))  # fmt: skip
    facts = L.comma.join(
        x for x in (str(film.year) if film.year else None,
                    L.gettext("dir. %(name)s") % {"name": L.isolate(film.director)} if film.director
                    else None, L.gettext("%(num)s min") % {"num": L.number(film.runtime)},
                    film.certificate and L.gettext("cert %(rating)s") % {
                        "rating": film.certificate}) if x
    )  # fmt: skip
    said = [(key, clean(text)) for key, text in say.access(p, L)]
    access = L.semicolon.join(text for _, text in said)
    about = p.description or film.synopsis
    price = say.price(p, L)
    zone = L.zone_abbreviation(p.start)
    note = ""
    if p.content_note:  # a sentence of its own, before the booking link
        ends = "" if p.content_note.endswith((".", "!", "?", "؟")) else "."
        note = L.gettext("Content note: %(note)s") % {"note": L.isolate(p.content_note) + ends}
    # The booking link comes last, so that nothing runs on from the end of the address.
    full = [
        (0, f"{_title(p, md, L)} ({facts}){talk}."),
        (0, f"{when}{doors} {zone}{tbc}."),
        (0, f"{L.isolate(p.venue.one_line)}."),
        (1, f"{price}." if price and not p.cancelled else ""),
        (1, note),
        (3, L.gettext("Access: %(facts)s.") % {"facts": access} if access else ""),
        (5, about or ""),
        (2, _book(p, md, L) or ""),
    ]
    short_access = L.comma.join(text for key, text in said if not key.startswith("no-"))
    short = [
        (0, f"{_title(p, md, L)}{talk}."),
        (0, f"{L.short_date(p.start)} {L.time(p.start)}{tbc}{L.comma.rstrip()}"),
        (0, f"{L.isolate(p.venue.name)}."),
        (1, f"{price}." if price and not p.cancelled else ""),
        (1, note),
        (3, f"{short_access}." if short_access else ""),
        (2, _book(p, md, L, short=True) or ""),
    ]
    keep = [(rank, text) for rank, text in full if text]
    keep_short = [(rank, text) for rank, text in short if text]
    return Listing(_fit(keep, FULL_LIMIT), _fit(keep_short, SHORT_LIMIT))


def _cleaned(p: Public, clean: Callable[[str], str]) -> Public:
    """`p` with `clean` applied to the plan text a listing shows."""
    film = replace(p.film, title=clean(p.film.title),
                   director=p.film.director and clean(p.film.director),
                   certificate=p.film.certificate and clean(p.film.certificate),
                   synopsis=p.film.synopsis and clean(p.film.synopsis))  # fmt: skip
    venue = replace(p.venue, name=clean(p.venue.name), address=tuple(map(clean, p.venue.address)),
                    postcode=p.venue.postcode and clean(p.venue.postcode))  # fmt: skip
    speakers = tuple(replace(person, name=clean(person.name)) for person in p.speakers)
    description = p.description and clean(p.description)
    note = p.content_note and clean(p.content_note)
    return replace(p, film=film, venue=venue, speakers=speakers, description=description,
                   content_note=note)  # fmt: skip


def render(p: Public, fmt: str) -> str:
    """Each language's full and short listing, the first language first."""
    return "\n".join(_render(p, fmt, language(code)) for code in p.languages)


def _render(p: Public, fmt: str, L: Language) -> str:
    made = listing(p, fmt, L)

    def count(n: int) -> str:
        return L.ngettext("%(num)s character", "%(num)s characters", n) % {"num": L.number(n)}

    if fmt == "md":
        full = L.gettext("Full listing (%(count)s)") % {"count": count(len(made.full))}
        short = L.gettext("Short listing (%(count)s)") % {"count": count(len(made.short))}
        return f"## {full}\n\n{made.full}\n\n## {short}\n\n{made.short}\n"
    full = L.gettext("FULL (%(count)s)") % {"count": count(len(made.full))}
    short = L.gettext("SHORT (%(count)s)") % {"count": count(len(made.short))}
    return f"{full}\n{made.full}\n\n{short}\n{made.short}\n"
