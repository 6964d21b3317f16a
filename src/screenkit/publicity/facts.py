"""The public facts of a screening, gathered in one place.

The site, the poster, the listing and their structured data are all made from `Public`
records, never from the plan itself, so they cannot disagree with each other and cannot show
what is private: speakers' emails, phones, needs and travel, venue contacts and tech, the
expected audience, licence references and every `notes` field never enter a `Public` record.
Nor does a private speaker: only their public name, if they have one (`Person.private`).

Facts are language-free (access is a key and a value, not words): `words` says them in a
language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote, urlsplit

from screenkit.errors import InputError
from screenkit.plan.models import Access, Plan
from screenkit.rules.publication import UMBRELLA_FIX, UMBRELLA_WHY, naming_private
from screenkit.rules.schedule import timing

POSTER_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
    ".gif": "image/gif",
}
POSTER_MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class Person:
    name: str
    role: str | None = None
    bio: str | None = None
    private: bool = False  # shown by a public name only: never described


@dataclass(frozen=True)
class Fact:
    """One access fact of a venue: `("wheelchair-spaces", 4)`, `("subtitles", "English")`."""

    key: str
    value: int | str | None = None


@dataclass(frozen=True)
class Poster:
    """A film's poster image, read from the plan's folder."""

    name: str  # file name beside the pages: images/<film>.<ext>
    media_type: str
    content: bytes


@dataclass(frozen=True)
class Venue:
    name: str
    address: tuple[str, ...]  # street lines, then the town
    postcode: str | None
    country: str | None
    lat: float | None
    lon: float | None
    access: tuple[Fact, ...]  # what is known of its access, said in words by `words`
    access_notes: str | None

    @property
    def one_line(self) -> str:
        from screenkit.text.texts import place

        return place(self.name, self.address, self.postcode)

    @property
    def map_url(self) -> str:
        """OpenStreetMap at the coordinates, or a search for the address."""
        if self.lat is not None and self.lon is not None:
            lat, lon = f"{self.lat:.5f}", f"{self.lon:.5f}"
            return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"
        query = ", ".join([*self.address, self.postcode or "", self.country or ""])
        return "https://www.openstreetmap.org/search?query=" + quote(query.strip(", "), safe="")


@dataclass(frozen=True)
class Film:
    id: str
    title: str
    runtime: int
    year: int | None
    director: str | None
    certificate: str | None
    language: str | None  # as the plan gives it: a code (ar) or a name (Arabic)
    subtitles: str | None
    synopsis: str | None
    poster: Poster | None
    format: str | None = None  # DCP, Blu-ray …


@dataclass(frozen=True)
class Public:
    id: str
    uid: str | None
    status: str  # tentative, confirmed, cancelled
    start: dt.datetime  # aware, in the venue's zone
    end: dt.datetime
    doors: dt.datetime | None
    timezone: str
    previous_start: dt.datetime | None  # the start last announced, when it has moved
    past: bool
    film: Film
    venue: Venue
    speakers: tuple[Person, ...]
    host: Person | None
    talk_minutes: int
    description: str | None
    price: Decimal | None
    concession_price: Decimal | None
    free: bool
    currency: str
    booking_url: str | None
    organiser: str | None
    tour: str | None
    website: str | None
    has_calendar: bool  # a calendar identity exists, so a public .ics can be made
    languages: tuple[str, ...] = ("en",)  # of the outputs, the first read first
    access: tuple[str, ...] = ()  # at this screening: fields.ACCESS
    access_note: str | None = None
    content_note: str | None = None
    sales_open: dt.date | None = None
    group: str | None = None  # in a network: the group holding it (`network.title`)
    region: str | None = None  # and where the group is, for the index's filter
    seats_left: int | None = None  # on sale in the ticket shop at the last `tickets sync`

    @property
    def town(self) -> str | None:
        """The last line of the venue's address: its town."""
        return self.venue.address[-1] if self.venue.address else None

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"

    @property
    def moved(self) -> bool:
        return self.previous_start is not None

    @property
    def sold_out(self) -> bool:
        """No seat left in the ticket shop at the last sync, for an evening still to come."""
        return self.seats_left == 0 and not self.cancelled and not self.past

    @property
    def people(self) -> tuple[Person, ...]:
        """The speakers, then the host, each once (as `Screening.people`)."""
        return tuple(dict.fromkeys([*self.speakers, *([self.host] if self.host else [])]))

    @property
    def accessible_for_free(self) -> bool:
        return self.free or (self.price == 0 and not self.concession_price)


@dataclass
class Publicity:
    """Every screening that may be advertised, and those that may not, with why."""

    screenings: list[Public] = field(default_factory=list)
    withheld: dict[str, str] = field(default_factory=dict)  # screening id -> reason
    # A network's group whose poster could not be read: (group, why); its pages go without.
    posterless: list[tuple[str, str]] = field(default_factory=list)


def money(amount: Decimal, currency: str) -> str:
    """`£6`, `£4.50`: whole amounts without pence, as posters and listings print them (in
    British English; `i18n.Language.money` in any language)."""
    from screenkit.text.i18n import language

    return language("en").money(amount, currency)


def access_facts(access: Access | None, subtitles: str | None) -> tuple[Fact, ...]:
    """What is known of a venue's access; 'unknown' is never claimed as yes or no."""
    facts: list[Fact] = []
    if access is not None:
        if access.step_free is not None:
            facts.append(Fact("step-free" if access.step_free else "no-step-free"))
        if access.wheelchair_spaces:
            facts.append(Fact("wheelchair-spaces", access.wheelchair_spaces))
        if access.hearing_loop is not None:
            facts.append(Fact("hearing-loop" if access.hearing_loop else "no-hearing-loop"))
        if access.captioned:
            facts.append(Fact("captioned-copy"))
        if access.accessible_toilet is not None:
            facts.append(Fact("toilet" if access.accessible_toilet else "no-toilet"))
    if subtitles:
        facts.append(Fact("subtitles", subtitles))
    return tuple(facts)


def _address(text: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in text.replace("\n", ",").split(",") if p.strip())


def _previous_start(sent: str | None, start: dt.datetime) -> dt.datetime | None:
    """The start the last export announced (the calendar record's `sent`), if it differs."""
    if not sent:
        return None
    try:
        first = sent.split("/", 1)[0]
        zone = sent.split(" ", 2)[1]
        from zoneinfo import ZoneInfo

        before = dt.datetime.fromisoformat(first).replace(tzinfo=ZoneInfo(zone))
    except (ValueError, IndexError, KeyError, OSError):
        return None  # a hand-edited record that does not parse: nothing to compare
    if before.astimezone(dt.UTC) == start.astimezone(dt.UTC):
        return None
    return before


# What each image type's file starts with: the name alone is not proof (issue 14's poster
# must be an image, not any file a plan points at).
MAGIC = {
    "image/png": b"\x89PNG\r\n\x1a\n",
    "image/jpeg": b"\xff\xd8\xff",
    "image/gif": b"GIF8",
    "image/webp": b"RIFF",
}


def poster(plan_dir: Path, film_id: str, path: str) -> Poster:
    """The poster file, checked: a known image type, present and of reasonable size."""
    where = f"films.{film_id}.poster"
    from screenkit.files import resolve

    source = resolve(plan_dir / path)  # a loop of links stays a path (and fails to read)
    folder = resolve(plan_dir)
    # Whatever a plan (shared, imported) names is published: only files beside it, so that
    # `/etc/passwd` or `../../secret.jpg` can never end up on a public website.
    if Path(path).is_absolute() or not source.is_relative_to(folder):
        raise InputError(
            f"{where}: {path!r} is outside the plan's folder; put the image beside the plan "
            "(or in a folder below it) and give its relative path"
        )
    kind = POSTER_TYPES.get(source.suffix.lower())
    if kind is None:
        raise InputError(
            f"{where}: {path!r} is not a PNG, JPEG, WebP or GIF image; give one of those"
        )
    from screenkit.inputfiles import read_regular

    def too_big(name: str, size: int | None) -> InputError:
        return InputError(f"{where}: {path!r} is over 10 MB; use a smaller image")

    if not source.exists() and not source.is_symlink():
        raise InputError(
            f"{where}: no file {path!r} beside the plan ({source}); fix the path or remove it"
        )
    try:
        # Never read whole first: a sparse file of terabytes has a small footprint on disk.
        content = read_regular(source, POSTER_MAX_BYTES, too_big, "an image file")
    except InputError as exc:
        if exc.lines[0].startswith(where):
            raise
        raise InputError(f"{where}: {exc.lines[0]}") from None
    if not content.startswith(MAGIC[kind]) or (kind == "image/webp" and content[8:12] != b"WEBP"):
        raise InputError(
            f"{where}: {path!r} is not a {kind.split('/')[1].upper()} image inside; give a "
            "real image file"
        )
    return Poster(f"images/{film_id}{source.suffix.lower()}", kind, content)


def umbrella_reason(film_id: str) -> str:
    return (
        f"not advertised: films.{film_id} is shown under an umbrella licence, and {UMBRELLA_WHY}; "
        f"to publicise it, {UMBRELLA_FIX} and set films.{film_id}.licence_kind = "
        '"single-title"'
    )


def gather(
    plan: Plan,
    now: dt.datetime,
    plan_dir: Path,
    ids: list[str] | None = None,
    *,
    posters: bool = True,
) -> Publicity:
    """The public facts of `ids` (every screening when None), in start order. Screenings of
    umbrella-licensed films, and those shown with public text that names a private speaker,
    are withheld with the reason; an unknown id is an error."""
    chosen = list(plan.screenings) if ids is None else ids
    for sid in chosen:
        if sid not in plan.screenings:
            from screenkit.suggest import unknown

            raise InputError(f"screenings.{sid}: {unknown('screening', sid, plan.screenings)}")
    tour = plan.tour
    films: dict[str, Film] = {}
    out = Publicity()
    private = naming_private(plan)
    for sid in chosen:
        s = plan.screenings[sid]
        if s.film not in plan.films or s.venue not in plan.venues:
            out.withheld[sid] = "not advertised: its film or venue is not in the plan"
            continue
        f = plan.films[s.film]
        if f.licence_kind == "umbrella":
            out.withheld[sid] = umbrella_reason(s.film)
            continue
        if sid in private:
            out.withheld[sid] = private[sid].replace("left out of public outputs", "not advertised")
            continue
        if s.film not in films:
            image = poster(plan_dir, s.film, f.poster) if f.poster and posters else None
            films[s.film] = Film(
                s.film, f.title, f.runtime, f.year, f.director, f.certificate, f.language,
                f.subtitles, f.synopsis, image, f.format,
            )  # fmt: skip
        v = plan.venues[s.venue]
        t = timing(plan, s)
        access = v.access
        venue = Venue(
            v.name, _address(v.address), v.postcode, v.country, v.lat, v.lon,
            access_facts(access, f.subtitles), access.notes if access else None,
        )  # fmt: skip
        people = tuple(
            person for p in s.speakers if p in plan.speakers and (person := _person(plan, p))
        )
        host = _person(plan, s.host) if s.host and s.host in plan.speakers else None
        out.screenings.append(
            Public(
                id=sid,
                uid=s.uid,
                status=s.status,
                start=t.start,
                end=t.end,
                doors=t.doors,
                timezone=v.timezone,
                previous_start=_previous_start(s.calendar.sent if s.calendar else None, t.start),
                past=t.end.astimezone(dt.UTC) < now.astimezone(dt.UTC),
                film=films[s.film],
                venue=venue,
                speakers=people,
                host=host,
                talk_minutes=t.talk_minutes,
                description=s.description,
                price=s.price,
                concession_price=s.concession_price,
                free=bool(s.free),
                currency=plan.currency_of(sid),
                booking_url=s.booking_url or (s.tickets.url if s.tickets else None),
                organiser=o.name if (o := plan.organiser_of(sid)) else None,
                tour=tour.name if tour else None,
                website=tour.website if tour else None,
                has_calendar=bool(s.uid and s.calendar),
                languages=tuple(s.languages or [plan.settings.language or "en"]),
                access=tuple(s.access),
                access_note=s.access_note,
                content_note=s.content_note,
                sales_open=s.sales_open,
                seats_left=s.tickets.available if s.tickets else None,
            )
        )
    out.screenings.sort(key=lambda p: (p.start.astimezone(dt.UTC), p.id))
    return out


def _person(plan: Plan, pid: str) -> Person | None:
    """A speaker as the public may see them: a private one by their public name alone, or
    not at all."""
    p = plan.speakers[pid]
    if p.private:
        return Person(p.public_name, private=True) if p.public_name else None
    return Person(p.name, p.role, p.bio)


def base_url(value: str | None) -> str:
    """`--base-url` checked and ending in `/`; empty for relative links."""
    if value is None:
        return ""
    text = value.strip()
    try:
        parts = urlsplit(text) if text else None
        host = parts.hostname if parts else None
    except ValueError:
        parts = host = None
    if (
        parts is None
        or parts.scheme not in ("http", "https")
        or not host
        or parts.query
        or parts.fragment
        or any(c.isspace() or c in "<>\"'`\\" or not c.isprintable() for c in text)
    ):
        raise InputError(
            f"--base-url: {value!r} is not a web address; give where the site will live, "
            "e.g. https://example.org/screenings/"
        )
    return text if text.endswith("/") else text + "/"
