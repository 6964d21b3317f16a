"""`tickets publish` and `tickets sync`: the plan drives a pretix ticket shop, and what
happened there (sales, sold out, check-ins) comes back as counts.

One pretix event per screening, not an event series: a tour crosses venues with their own
capacities and can cross currencies, which a series (one currency, one set of settings)
cannot hold, and an event is what pretix takes off sale, refunds and checks in as one.
The shop follows the plan: a second publish with nothing changed sends nothing (a digest of
what was published is kept in the screening's `tickets` record); a change re-sends only what
differs. A tentative screening is not on sale; a cancelled one is taken off sale and never
deleted, so its orders stay for refunds. No buyer's name or email enters the plan.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from screenkit.plan.models import Plan
from screenkit.usecases.workspace import Workspace

Data = dict[str, Any]
QUOTA = "screenkit: seats"  # the quota screenkit keeps; others made by hand are left alone


@dataclass
class Ticketed:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    off_sale: dict[str, int] = field(default_factory=dict)  # cancelled: orders it still holds
    not_live: dict[str, str] = field(default_factory=dict)  # made, not on sale yet: why
    skipped: dict[str, str] = field(default_factory=dict)  # not in the shop: why
    writes: int = 0  # requests that changed something in the shop


@dataclass
class Synced:
    counts: dict[str, dict[str, int | None]] = field(default_factory=dict)
    results: list[str] = field(default_factory=list)  # screenings whose result it filled


def slug(sid: str) -> str:
    """A pretix event's short name: letters, digits and hyphens, at most 50."""
    return sid.replace("_", "-")[:50].strip("-") or "screening"


def desired(plan: Plan, sid: str, held_back: int) -> tuple[Data, list[Data], int] | str:
    """The event, its products and its seats as the plan says; or why it cannot be sold."""
    from screenkit.rules.schedule import timing
    from screenkit.text.i18n import language
    from screenkit.text.texts import place

    s = plan.screenings[sid]
    venue = plan.venues[s.venue]
    if not venue.capacity:
        return f"venues.{s.venue}.capacity: not recorded, so the shop cannot know how many seats"
    seats = venue.capacity - held_back
    if seats <= 0:
        return f"--held-back {held_back} leaves no seats of {venue.capacity}"
    currency = plan.currency_of(sid)
    codes = s.languages or [plan.settings.language or "en"]
    title = plan.films[s.film].title
    t = timing(plan, s)

    def said(text: str, **values: str) -> dict[str, str]:
        return {code: language(code).gettext(text) % values for code in codes}

    where = place(venue.name, venue.address.splitlines(), None)
    event: Data = {
        "name": said("%(title)s: screening and talk", title=title),
        "slug": slug(sid),
        "currency": currency,
        "date_from": t.start.isoformat(),
        "date_to": t.end.isoformat(),
        "date_admission": (t.doors or t.start).isoformat(),
        "location": {code: where for code in codes},
        "presale_start": (
            dt.datetime.combine(s.sales_open, dt.time(0), t.zone).isoformat()
            if s.sales_open else None
        ),
        "presale_end": t.start.isoformat(),
        "is_public": True,
    }  # fmt: skip
    items: list[Data] = []
    if s.free:
        items.append({"internal_name": "screenkit:free", "default_price": "0.00",
                      "name": said("Free entry")})  # fmt: skip
    if s.price is not None:
        items.append({"internal_name": "screenkit:full", "default_price": f"{s.price:.2f}",
                      "name": said("Full price")})  # fmt: skip
    if s.concession_price is not None:
        price = f"{s.concession_price:.2f}"
        items.append({"internal_name": "screenkit:concession", "default_price": price,
                      "name": said("Concession")})  # fmt: skip
    if not items:
        return (f"screenings.{sid}: no price and not free, so nothing to sell; give --price, "
                "or --free for registration only")  # fmt: skip
    return event, items, seats


def publish(ws: Workspace, ids: Sequence[str] = (), *, held_back: int = 0,
            insecure: bool = False) -> Ticketed:  # fmt: skip
    """Make the shop say what the plan says, for the screenings named (all when none)."""
    from screenkit.delivery import pretix
    from screenkit.errors import InputError
    from screenkit.usecases.workspace import require_screening

    if not 0 <= held_back <= 100_000:
        raise InputError(f"--held-back: {held_back} is not a number of seats from 0")
    client = pretix.Client(pretix.shop(ws.environ, insecure=insecure))
    done = Ticketed()
    from screenkit.rules.publication import not_for_the_public

    with ws.session() as s:
        plan = s.plan
        for sid in ids:
            require_screening(plan, sid)
        data = s.data
        records: dict[str, Data] = {}
        # A shop page is public: what no public output may carry (an umbrella licence, text
        # naming a private speaker) is not sold, and comes off sale if it was.
        withheld = not_for_the_public(plan)

        def take_off_sale(sid: str, event: str) -> None:
            """Off sale in the shop, never deleted: its orders stay for refunds."""
            client.patch(f"events/{event}/", {"live": False})
            records[sid] = {"live": False}  # merged into its tickets record below

        for sid in ids or list(plan.screenings):
            screening = plan.screenings[sid]
            have = screening.tickets
            if sid in withheld:
                if have is not None and have.live:
                    take_off_sale(sid, have.event)
                done.skipped[sid] = withheld[sid]
                continue
            if screening.status == "tentative":
                if have is not None and have.live:
                    take_off_sale(sid, have.event)
                done.skipped[sid] = "tentative: not on sale until confirmed"
                continue
            if screening.status == "cancelled":
                if have is None:
                    done.skipped[sid] = "cancelled, and never in the shop"
                    continue
                if have.live is not False:
                    take_off_sale(sid, have.event)
                orders = client.get(f"events/{have.event}/orders/?status=p")
                done.off_sale[sid] = int(orders.get("count", 0))
                continue
            wanted = desired(plan, sid, held_back)
            if isinstance(wanted, str):
                done.skipped[sid] = wanted
                continue
            event, items, seats = wanted
            state = json.dumps([event, items, seats], sort_keys=True)
            digest = hashlib.sha256(state.encode()).hexdigest()[:16]
            if have is not None and have.digest == digest:
                done.unchanged.append(sid)
                continue
            made = _apply(client, plan, sid, event, items, seats, have is None)
            live, why = _go_live(client, event["slug"])
            if not live:
                done.not_live[sid] = why
            (done.created if have is None else done.updated).append(sid)
            records[sid] = {"event": event["slug"], "url": made.get("public_url"),
                            "digest": digest, "live": live}  # fmt: skip
            records[sid] = {k: v for k, v in records[sid].items() if v is not None}
        if records:
            screenings = dict(data["screenings"])
            for sid, record in records.items():
                old = screenings[sid].get("tickets", {})
                screenings[sid] = {**screenings[sid], "tickets": {**old, **record}}
            s.change({**data, "screenings": screenings})
        s.write()
    done.writes = client.writes
    return done


def _apply(client: Any, plan: Plan, sid: str, event: Data, items: list[Data], seats: int,
           new: bool) -> Data:  # fmt: skip
    """Create or update one event, its products and its seats quota; the event as pretix
    now has it."""
    name = event["slug"]
    zone = plan.venues[plan.screenings[sid].venue].timezone
    if new:
        made = client.post("events/", {**event, "live": False, "has_subevents": False})
        client.patch(f"events/{name}/settings/", {"timezone": zone,
                                                  "locales": list(event["name"])})  # fmt: skip
    else:
        made = client.get(f"events/{name}/")
        changed = {
            k: v for k, v in event.items()
            if k != "slug" and made.get(k) != v and not _same_time(made.get(k), v)
        }  # fmt: skip
        if changed:
            made = client.patch(f"events/{name}/", changed)
    present = {i.get("internal_name"): i for i in client.every(f"events/{name}/items/")}
    ids = []
    for item in items:
        body = {**item, "admission": True, "active": True}
        found = present.get(item["internal_name"])
        if found is None:
            found = client.post(f"events/{name}/items/", body)
        elif (found["default_price"], found["name"]) != (item["default_price"], item["name"]):
            change = {"default_price": item["default_price"], "name": item["name"]}
            found = client.patch(f"events/{name}/items/{found['id']}/", change)
        ids.append(found["id"])
    wanted = {i["internal_name"] for i in items}
    for key, item in present.items():  # a product the plan no longer has: off sale, kept
        if str(key).startswith("screenkit:") and key not in wanted and item.get("active"):
            client.patch(f"events/{name}/items/{item['id']}/", {"active": False})
    quotas = [q for q in client.every(f"events/{name}/quotas/") if q.get("name") == QUOTA]
    if not quotas:
        client.post(f"events/{name}/quotas/", {"name": QUOTA, "size": seats, "items": ids})
    elif quotas[0]["size"] != seats or sorted(quotas[0]["items"]) != sorted(ids):
        client.patch(f"events/{name}/quotas/{quotas[0]['id']}/", {"size": seats, "items": ids})
    return dict(made)


def _same_time(a: object, b: object) -> bool:
    """Two moments pretix and the plan write differently (`…Z`, `…+01:00`) but that are one."""
    try:
        return dt.datetime.fromisoformat(str(a)) == dt.datetime.fromisoformat(str(b))
    except ValueError:
        return False


def _go_live(client: Any, name: str) -> tuple[bool, str]:
    """Put the event on sale; pretix refuses while a paid product has no payment method."""
    from screenkit.errors import DeliveryError

    try:
        client.patch(f"events/{name}/", {"live": True})
    except DeliveryError as exc:
        if "payment" in str(exc):
            return False, ("not on sale yet: enable a payment method for it in pretix, then run "
                           "`screenkit tickets publish` again")  # fmt: skip
        raise
    return True, ""


def sync(ws: Workspace, *, insecure: bool = False) -> Synced:
    """Read back, for each screening in the shop, how many tickets were sold, how many are
    still on sale and how many people were checked in: counts only."""
    from screenkit.delivery import pretix

    client = pretix.Client(pretix.shop(ws.environ, insecure=insecure))
    found = Synced()
    with ws.session() as s:
        data = s.data
        screenings = dict(data["screenings"])
        for sid, screening in s.plan.screenings.items():
            have = screening.tickets
            if have is None:
                continue
            name = have.event
            kinds = {i["id"]: str(i.get("internal_name") or "")
                     for i in client.every(f"events/{name}/items/")}  # fmt: skip
            by_kind: dict[str, int] = {}
            takings = Decimal(0)
            for order in client.every(f"events/{name}/orders/?status=p"):
                for position in order.get("positions", []):  # read, counted, let go
                    kind = kinds.get(position.get("item"), "").removeprefix("screenkit:")
                    by_kind[kind] = by_kind.get(kind, 0) + 1
                    takings += Decimal(str(position.get("price") or 0))
            sold = sum(by_kind.values())
            available = None
            for quota in client.every(f"events/{name}/quotas/"):
                if quota.get("name") == QUOTA:
                    left = client.get(f"events/{name}/quotas/{quota['id']}/availability/")
                    available = left.get("available_number")
            checked = 0
            for lst in client.every(f"events/{name}/checkinlists/"):
                checked += int(client.get(f"events/{name}/checkinlists/{lst['id']}/status/")
                               .get("checkin_count", 0))  # fmt: skip
            counts: dict[str, int | None] = {"sold": sold, "checked_in": checked,
                                             "available": available}  # fmt: skip
            found.counts[sid] = counts
            record = {**screenings[sid].get("tickets", {}),
                      **{k: v for k, v in counts.items() if v is not None},
                      "synced": ws.now.astimezone(dt.UTC).replace(microsecond=0)}  # fmt: skip
            screenings[sid] = {**screenings[sid], "tickets": record}
            # After the evening, what the shop counted is its result, unless one was typed
            # (a typed result wins; `check` says where the two disagree).
            if screening.date < ws.today and screening.result is None and sold:
                # Every ticket sold is an admission on the return (the plan holds admissions
                # to at most the attendance); the check-ins stay in `tickets.checked_in`.
                result: Data = {"attendance": max(checked, sold),
                                "paid": by_kind.get("full", 0),
                                "concessions": by_kind.get("concession", 0),
                                "free": by_kind.get("free", 0),
                                "takings": f"{takings:.2f}"}  # fmt: skip
                screenings[sid]["result"] = {k: v for k, v in result.items() if v or k in (
                    "attendance", "takings")}  # fmt: skip
                found.results.append(sid)
        if found.counts:
            s.change({**data, "screenings": screenings})
        s.write()
    return found
