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

SCHEMA = "https://schema.org/"


def duration(minutes: int) -> str:
    """ISO 8601: `PT1H34M`."""
    hours, rest = divmod(minutes, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{rest}M" if rest or not hours else "")


def _price(amount: Decimal, currency: str) -> str:
    from screenkit.money import plain

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


def _offers(p: Public, page: str) -> list[dict[str, Any]]:
    if p.price is None and not p.free:
        return []
    availability = SCHEMA + ("Discontinued" if p.cancelled or p.past else "InStock")
    url = p.booking_url or page
    tickets = [("Full price", Decimal(0) if p.free else p.price)]
    if p.concession_price is not None and not p.free:
        tickets.append(("Concession", p.concession_price))
    return [
        {"@type": "Offer", "name": name, "price": _price(amount or Decimal(0), p.currency),
         "priceCurrency": p.currency, "url": url, "availability": availability}
        for name, amount in tickets
    ]  # fmt: skip


def screening_event(p: Public, page: str, image: str | None = None) -> dict[str, Any]:
    """The JSON-LD object; `page` and `image` are the URLs the site gives them."""
    film = p.film
    movie: dict[str, Any] = {
        "@type": "Movie",
        "name": film.title,
        "duration": duration(film.runtime),
    }
    if film.director:
        movie["director"] = {"@type": "Person", "name": film.director}
    if film.year:
        movie["dateCreated"] = str(film.year)
    if film.language:
        movie["inLanguage"] = film.language
    if film.certificate:
        movie["contentRating"] = film.certificate
    if film.synopsis:
        movie["description"] = film.synopsis
    if image:
        movie["image"] = image
    event: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ScreeningEvent",
        "name": p.heading,
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
    if film.subtitles:
        event["subtitleLanguage"] = film.subtitles
    if film.language:
        event["inLanguage"] = film.language
    description = p.description or film.synopsis
    if description:
        event["description"] = description
    if image:
        event["image"] = [image]
    performers = p.people
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
    offers = _offers(p, page)
    if offers:
        event["offers"] = offers
    if p.free or p.price is not None:  # unknown prices claim nothing
        event["isAccessibleForFree"] = p.accessible_for_free
    return event


def script(data: dict[str, Any]) -> str:
    """JSON safe inside a <script> element: no `<`, `>` or `&` can end it early."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
