"""A static public website of the screenings: an index and one page per screening.

Pages are made from `facts.Public` records through autoescaped Jinja templates, with
everything inline (no external CSS, JavaScript, fonts or trackers). Each screening page
carries schema.org JSON-LD and h-event classes, and links to that screening's own public
`.ics` and to the whole feed. Nothing reads the clock: the same plan and `now` give the same
bytes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from screenkit.output import Output
from screenkit.plan.models import Plan
from screenkit.publicity.facts import Public, Publicity
from screenkit.rules.network import slug

FEED = "feed.ics"


@dataclass(frozen=True)
class Links:
    """Where things are: relative to the page, or absolute under `--base-url`."""

    base: str  # "" or an absolute URL ending in /
    here: str  # the page's folder within the site: "" or "screenings"

    def __call__(self, path: str) -> str:
        from urllib.parse import quote

        # A group's name is its folder's in a network, and may hold `#`, `?`, `%` or spaces.
        path = quote(path)
        if self.base:
            return self.base + path
        if not self.here:
            return path
        inside = self.here + "/"
        return path.removeprefix(inside) if path.startswith(inside) else "../" + path


def page_path(sid: str) -> str:
    """`screenings/launch.html`; a network's `leeds/launch` is `screenings/leeds.launch.html`,
    beside the others."""
    return f"screenings/{slug(sid)}.html"


def ics_path(sid: str) -> str:
    return f"screenings/{slug(sid)}.ics"


class _Singles:
    """Each screening's own calendar, cut from the feed when its file is written: the feed's
    header without its calendar name, the event's VTIMEZONE and the event. Only where each
    event lies is kept, so 10,000 of them cost no second copy of the feed."""

    def __init__(self, feed: bytes, uids: dict[bytes, str]) -> None:
        """`uids`: each event's UID as the feed writes it (escaped: `a\\,b`) -> its id."""
        first = min(
            i for i in (feed.find(b"BEGIN:VTIMEZONE\r\n"), feed.find(b"BEGIN:VEVENT\r\n")) if i >= 0
        )
        # A file to add one event to a calendar, not a subscription: no name, no refresh.
        self.header = _without(
            feed[:first], (b"NAME:", b"X-WR-CALNAME:", b"REFRESH-INTERVAL", b"X-PUBLISHED-TTL:")
        )
        self.zones = {_value(feed[a:b], b"TZID:"): feed[a:b] for a, b in _spans(feed, b"VTIMEZONE")}
        self.feed = feed
        self.events: dict[str, tuple[bytes, int, int]] = {}
        for a, b in _spans(feed, b"VEVENT"):
            block = feed[a:b]
            # An event at a time the clock skips or repeats is written in UTC, with no zone.
            tzid = block.split(b"DTSTART;TZID=", 1)
            zone = tzid[1].split(b":", 1)[0] if len(tzid) > 1 else b""
            self.events[uids[_value(block, b"UID:")]] = (zone, a, b)

    def cut(self, sid: str) -> bytes:
        zone, a, b = self.events.pop(sid)
        return self.header + self.zones.get(zone, b"") + self.feed[a:b] + b"END:VCALENDAR\r\n"


def _feed_and_events(plan: Plan, sids: list[str]) -> tuple[bytes, _Singles]:
    """The public feed of `sids`, and each screening's own calendar cut from it. Serialising
    every event once (not once per file and again for the feed) halves the site's export
    time."""
    from screenkit.calendars import ical

    keep = set(sids)
    subset = {sid: s for sid, s in plan.screenings.items() if sid in keep}
    feed = ical.feed(plan.model_copy(update={"screenings": subset}))
    from icalendar import vText

    # Matched as written, not unescaped by hand: a uid may hold `,`, `;` or `\`.
    written = {vText(s.uid).to_ical(): sid for sid, s in subset.items() if s.uid is not None}
    return feed, _Singles(feed, written)


def _lines(data: bytes) -> list[bytes]:
    """Content lines, unfolded (a line starting with a space continues the one before)."""
    out: list[bytes] = []
    for line in data.split(b"\r\n"):
        if line.startswith(b" ") and out:
            out[-1] += b"\r\n" + line
        elif line:
            out.append(line)
    return out


def _without(data: bytes, prefixes: tuple[bytes, ...]) -> bytes:
    return b"".join(line + b"\r\n" for line in _lines(data) if not line.startswith(prefixes))


def _value(block: bytes, prefix: bytes) -> bytes:
    line = next(line for line in _lines(block) if line.startswith(prefix))
    return line[len(prefix) :].replace(b"\r\n ", b"")


def _spans(data: bytes, name: bytes) -> Iterator[tuple[int, int]]:
    """Where each `name` component lies in `data`."""
    begin, end = b"BEGIN:" + name + b"\r\n", b"END:" + name + b"\r\n"
    at = data.find(begin)
    while at >= 0:
        stop = data.index(end, at) + len(end)
        yield at, stop
        at = data.find(begin, stop)


@dataclass(frozen=True)
class Places:
    """The regions and towns the index can be narrowed to, and where each page's screening
    is (the JSON the index's small script reads)."""

    regions: list[str]
    towns: list[str]
    index: str  # JSON, safe inside <script>


def places(shown: list[Public]) -> Places | None:
    """None when every screening is in one place: there is nothing to choose."""
    import json

    regions = sorted({p.region for p in shown if p.region})
    towns = sorted({p.town for p in shown if p.town})
    if len(regions) < 2 and len(towns) < 2:
        return None
    rows = [{"page": page_path(p.id), "region": p.region, "town": p.town} for p in shown]
    text = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
    # Inside <script>: no `</script>` or `<!--` can close it, whatever a town is called.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Places(regions, towns, text)


@dataclass(frozen=True)
class Card:
    """A preview card (Open Graph, Twitter): only with `--base-url`, as its URLs must be
    absolute."""

    title: str
    url: str
    locale: str
    alternates: tuple[str, ...]
    image: str | None
    image_alt: str


def _page_title(p: Public, W: Any) -> str:
    """`Return to Homs: screening and talk …, Sunday 27 June 2027 at ICA`."""
    from screenkit.publicity.words import heading

    title = W.gettext("%(heading)s, %(date)s at %(venue)s") % {
        "heading": heading(p, W),
        "date": W.date(p.start),
        "venue": p.venue.name,
    }
    return W.gettext("Cancelled: %(title)s") % {"title": title} if p.cancelled else title


def build(
    plan: Plan, publicity: Publicity, base: str, step: Any = lambda: None
) -> Iterator[Output]:
    """Every file of the site, in a fixed order, one at a time (so a target can write each and
    let it go)."""
    from screenkit.documents.pages import environment, streamed, words
    from screenkit.plan.languages import LOCALES
    from screenkit.publicity import words as say
    from screenkit.publicity.jsonld import screening_event, script

    env = environment()
    shown = publicity.screenings
    from screenkit.rules.publication import names_private

    title = (shown[0].tour if shown else None) or (plan.tour.name if plan.tour else None)
    organiser = plan.organiser.name if plan.organiser else None
    if names_private(plan, title):  # its screenings are withheld; so is the name itself
        title = None
    if names_private(plan, organiser):
        organiser = None
    title = title or (f"{organiser}: screenings" if organiser else "Screenings")
    website = plan.tour.website if plan.tour else None
    website = None if names_private(plan, website) else website
    calendars = [p for p in shown if p.has_calendar]
    link = Links(base, "")
    upcoming = [p for p in shown if not p.cancelled and not p.past]
    past = [p for p in shown if not p.cancelled and p.past]
    cancelled = [p for p in shown if p.cancelled]
    home = words(plan.settings.language or "en")
    phrases = {"heading": say.heading, "price": say.price, "access": say.access,
               "film_facts": say.film_facts, "talk": say.talk}  # fmt: skip
    index = streamed(
        env.get_template("site/index.html"),
        places=places(shown),
        link=link,
        page_path=page_path,
        site_title=title,
        sections=[("upcoming", upcoming), ("cancelled", cancelled), ("past", past[::-1])],
        feed=link(FEED) if calendars else None,
        organiser=organiser,
        website=website,
        L=home,
        langs=[home],
        languages=lambda p: [words(code) for code in p.languages],
        **phrases,
    )
    yield Output("index.html", index, "page", "text/html")
    del index  # a generator's locals live as long as it does: 4 MB at 10,000 screenings
    feed, singles = _feed_and_events(plan, [p.id for p in calendars]) if calendars else (b"", None)
    images: dict[str, bytes] = {}
    page = env.get_template("site/screening.html")
    for p in shown:
        link = Links(base, "screenings")
        image = link(p.film.poster.name) if p.film.poster else None
        if p.film.poster:
            images[p.film.poster.name] = p.film.poster.content
        langs = [words(code) for code in p.languages]
        primary = langs[0]
        self_url = link(page_path(p.id))
        data = screening_event(p, self_url, image)
        card = None
        if base:  # absolute URLs only: a card with relative ones shows nothing, or wrongly
            alt = primary.gettext("Poster for %(title)s") % {"title": p.film.title}
            card = Card(say.heading(p, primary), self_url, LOCALES[primary.code],
                        tuple(LOCALES[w.code] for w in langs[1:]), image, alt)  # fmt: skip
        html = page.render(
            p=p,
            site_title=title,
            page_title=_page_title(p, primary),
            summary=p.description or p.film.synopsis,
            card=card,
            link=link,
            self_url=self_url,
            ics=link(ics_path(p.id)) if p.has_calendar else None,
            feed=link(FEED) if calendars else None,
            image=image,
            jsonld=script(data),
            organiser=p.group or organiser,  # a network's page: its own group's
            website=website,
            L=primary,
            langs=langs,
            **phrases,
        )
        yield Output(page_path(p.id), html.encode(), "page", "text/html")
        if p.has_calendar:
            assert singles is not None  # a page with a calendar means a feed was made
            yield Output(ics_path(p.id), singles.cut(p.id), "calendar")
        step()
    if calendars:
        yield Output(FEED, feed, "feed", screenings=())
    for name in sorted(images):
        media = "image/" + name.rsplit(".", 1)[-1].replace("jpg", "jpeg")
        yield Output(name, images[name], "image", media)
