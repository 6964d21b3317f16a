"""Listing text for What's On guides and social posts: a full version (under 600 characters)
and a short one (under 280), the facts in the order listings use: title, date, time, venue,
price, booking, access. What does not fit is dropped from the least needed end, never cut
mid-fact (only a title or URL too long to fit at all is shortened).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from screenkit.escaping import markdown, one_line
from screenkit.publicity.facts import Public

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


def _title(p: Public, md: bool) -> str:
    title = f"**{p.film.title}**" if md else p.film.title
    return f"CANCELLED: {title}" if p.cancelled else title


def _book(p: Public, md: bool, short: bool = False) -> str | None:
    if not p.booking_url or p.cancelled:
        return None
    if md:
        return f"[Book]({p.booking_url})." if short else f"Book: <{p.booking_url}>."
    return f"Book: {p.booking_url}"


def listing(p: Public, fmt: str = "txt") -> Listing:
    md = fmt == "md"
    # Each version is one line: every piece of plan text below is one line of text, or of
    # Markdown that shows just that text; prices, dates and URLs are ours.
    p = _cleaned(p, markdown if md else one_line)
    film = p.film
    when = f"{p.start:%A} {p.start.day} {p.start:%B %Y}, {p.start:%H:%M}"
    doors = f" (doors {p.doors:%H:%M})" if p.doors else ""
    tbc = ", to be confirmed" if p.status == "tentative" else ""
    talk = f" + talk with {p.speaker_names}" if p.speakers else " + talk"
    facts = ", ".join(
        x for x in (str(film.year) if film.year else None,
                    f"dir. {film.director}" if film.director else None,
                    f"{film.runtime} min", film.certificate and f"cert {film.certificate}") if x
    )  # fmt: skip
    access = "; ".join(p.venue.access)
    about = p.description or film.synopsis
    # The booking link comes last, so that nothing runs on from the end of the address.
    full = [
        (0, f"{_title(p, md)} ({facts}){talk}."),
        (0, f"{when}{doors} {p.start:%Z}{tbc}."),
        (0, f"{p.venue.one_line}."),
        (1, f"{p.price_text}." if p.price_text and not p.cancelled else ""),
        (3, f"Access: {access}." if access else ""),
        (5, about or ""),
        (2, _book(p, md) or ""),
    ]
    short_access = ", ".join(f for f in p.venue.access if not f.lower().startswith("no "))
    short = [
        (0, f"{_title(p, md)}{talk}."),
        (0, f"{p.start:%a} {p.start.day} {p.start:%b} {p.start:%H:%M}{tbc},"),
        (0, f"{p.venue.name}."),
        (1, f"{p.price_text}." if p.price_text and not p.cancelled else ""),
        (3, f"{short_access}." if short_access else ""),
        (2, _book(p, md, short=True) or ""),
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
                    postcode=p.venue.postcode and clean(p.venue.postcode),
                    access=tuple(map(clean, p.venue.access)))  # fmt: skip
    speakers = tuple(replace(person, name=clean(person.name)) for person in p.speakers)
    description = p.description and clean(p.description)
    return replace(p, film=film, venue=venue, speakers=speakers, description=description)


def render(p: Public, fmt: str) -> str:
    made = listing(p, fmt)
    if fmt == "md":
        return (
            f"## Full listing ({len(made.full)} characters)\n\n{made.full}\n\n"
            f"## Short listing ({len(made.short)} characters)\n\n{made.short}\n"
        )
    return (
        f"FULL ({len(made.full)} characters)\n{made.full}\n\n"
        f"SHORT ({len(made.short)} characters)\n{made.short}\n"
    )
