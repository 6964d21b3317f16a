"""schema.org `ScreeningEvent` structured data for a screening's public page.

Made from `facts.Public` only, following schema.org and Google's event guidelines: dates
with their UTC offset, an explicit status (cancelled, or rescheduled with the start that was
announced before), a physical place with its address and coordinates, and the offers.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from screenkit.publicity.facts import Public
from screenkit.text.i18n import N_, Language, language, language_code

SCHEMA = "https://schema.org/"
# Access at a screening as schema.org's accessibilityFeature values; relaxed, dementia- and
# autism-friendly screenings have none, and are said in accessibilitySummary.
FEATURES = {"captioned": "captions", "subtitled-descriptive": "captions",
            "audio-described": "audioDescription", "bsl-talk": "signLanguage",
            "live-captions": "captions"}  # fmt: skip


def duration(minutes: int) -> str:
    """ISO 8601: `PT1H34M`."""
    hours, rest = divmod(minutes, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{rest}M" if rest or not hours else "")


def _price(amount: Decimal, currency: str) -> str:
    from screenkit.plan.money import plain

    return plain(amount, currency)


def _status(p: Public) -> str:
    if p.cancelled:
        return SCHEMA + "EventCancelled"
    if p.moved:
        return SCHEMA + "EventRescheduled"
    return SCHEMA + "EventScheduled"


def _place(p: Public) -> dict[str, Any]:
    v = p.venue
    address: dict[str, Any] = {"@type": "PostalAddress"}
    lines = list(v.address)
    if len(lines) > 1:
        address["streetAddress"] = ", ".join(lines[:-1])
        address["addressLocality"] = lines[-1]
    elif lines:
        address["streetAddress"] = lines[0]
    if v.postcode:
        address["postalCode"] = v.postcode
    if v.country:
        address["addressCountry"] = v.country
    place: dict[str, Any] = {"@type": "Place", "name": v.name, "address": address}
    if v.lat is not None and v.lon is not None:
        place["geo"] = {"@type": "GeoCoordinates", "latitude": v.lat, "longitude": v.lon}
    place["hasMap"] = v.map_url
    return place


_FEW = 10  # seats left at the last `tickets sync` below which the offer is limited


def _offers(p: Public, page: str, L: Language) -> list[dict[str, Any]]:
    """One offer per kind of ticket, in the screening's currency, from when sales open."""
    if p.price is None and not p.free:
        return []
    availability = SCHEMA + (
        "Discontinued" if p.cancelled or p.past else "SoldOut" if p.sold_out
        else "LimitedAvailability" if p.seats_left is not None and p.seats_left <= _FEW
        else "InStock"
    )  # fmt: skip
    url = p.booking_url or page
    if p.free:
        tickets = [(N_("Free"), Decimal(0))]
    else:
        tickets = [(N_("Full price"), p.price or Decimal(0))]
        if p.concession_price is not None:
            tickets.append((N_("Concession"), p.concession_price))
    offers = []
    for name, amount in tickets:
        offer = {"@type": "Offer", "name": L.gettext(name),
                 "price": _price(amount, p.currency), "priceCurrency": p.currency, "url": url,
                 "availability": availability}  # fmt: skip
        if p.sales_open is not None:
            offer["validFrom"] = p.sales_open.isoformat()
        offers.append(offer)
    return offers


def screening_event(p: Public, page: str, image: str | None = None) -> dict[str, Any]:
    """The JSON-LD object; `page` and `image` are the URLs the site gives them. Its words
    are in the screening's first language; languages are BCP 47 codes (`ar`), given only
    where the plan's film language or subtitles name one."""
    from screenkit.publicity.words import access, heading

    L = language(p.languages[0])
    film = p.film
    spoken, written = language_code(film.language), language_code(film.subtitles)
    movie: dict[str, Any] = {
        "@type": "Movie",
        "name": film.title,
        "duration": duration(film.runtime),
    }
    if film.director:
        movie["director"] = {"@type": "Person", "name": film.director}
    if film.year:
        movie["dateCreated"] = str(film.year)
    if spoken:
        movie["inLanguage"] = spoken
    if film.certificate:
        movie["contentRating"] = film.certificate
    if film.synopsis:
        movie["description"] = film.synopsis
    if image:
        movie["image"] = image
    event: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ScreeningEvent",
        "name": heading(p, L),
        "url": page,
        "startDate": p.start.isoformat(),
        "endDate": p.end.isoformat(),
        "eventStatus": _status(p),
        "eventAttendanceMode": SCHEMA + "OfflineEventAttendanceMode",
    }
    if p.doors is not None:
        event["doorTime"] = p.doors.isoformat()
    if p.moved and p.previous_start is not None:
        event["previousStartDate"] = p.previous_start.isoformat()
    event["location"] = _place(p)
    event["workPresented"] = movie
    if written:
        event["subtitleLanguage"] = written
    if spoken:
        event["inLanguage"] = spoken
    if film.format:
        event["videoFormat"] = film.format
    description = p.description or film.synopsis
    if description:
        event["description"] = description
    if image:
        event["image"] = [image]
    features = list(dict.fromkeys(FEATURES[key] for key in p.access if key in FEATURES))
    if features:
        event["accessibilityFeature"] = features
    said = [words for key, words in access(p, L) if key in p.access]
    summary = " ".join([*(f"{words}." for words in said), *([p.access_note] if p.access_note
                                                             else [])])  # fmt: skip
    if summary:
        event["accessibilitySummary"] = summary
    performers = p.people  # a private speaker by their public name only, or not at all
    if performers:
        event["performer"] = [
            {"@type": "Person", "name": person.name}
            | ({"jobTitle": person.role} if person.role else {})
            | ({"description": person.bio} if person.bio else {})
            for person in performers
        ]
    if p.organiser or p.tour:
        organizer: dict[str, Any] = {"@type": "Organization", "name": p.organiser or p.tour}
        if p.website:
            organizer["url"] = p.website
        event["organizer"] = organizer
    offers = _offers(p, page, L)
    if offers:
        event["offers"] = offers
    if p.free or p.price is not None:  # unknown prices claim nothing
        event["isAccessibleForFree"] = p.accessible_for_free
    return event


def script(data: dict[str, Any]) -> str:
    """JSON safe inside a <script> element: no `<`, `>` or `&` can end it early."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
