"""Films, venues and speakers: create a plan, then add, list, show, change, rename, remove."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from screenkit.edits import changes
from screenkit.errors import InputError
from screenkit.plan import fields
from screenkit.plan.fields import COLLECTIONS
from screenkit.plan.models import Plan
from screenkit.planfile import store
from screenkit.suggest import unknown
from screenkit.usecases.workspace import Changed, Workspace


def init(ws: Workspace, organiser: str, email: str, *, force: bool = False,
         group: str | None = None, region: str | None = None) -> Changed:  # fmt: skip
    """A new plan file that teaches its own format; in a network, with the group's name and
    region."""
    from screenkit.plan.models import validate_plan
    from screenkit.plan.values import normal_email

    own = {k: v for k, v in (("group", group), ("region", region)) if v}
    data = {"organiser": {"name": organiser, "email": email}, **({"tour": own} if own else {})}
    validate_plan(data, error=InputError)
    email = normal_email(email)
    from screenkit.planfile.template import template

    text = template(organiser, email)
    if own:
        from screenkit.planfile.tomldoc import patch

        old = store.parse(text, ws.plan)
        text = patch(text, old, {**old, "tour": own})
    store.create(ws.plan, text, force=force)
    return Changed(str(ws.plan))


def check_new_id(kind: str, rid: str) -> None:
    from screenkit.plan.values import check_new_id

    try:
        check_new_id(rid)
    except ValueError as exc:
        raise InputError(f"{COLLECTIONS[kind]}.{rid}: {exc}") from None


def prepare(kind: str, rid: str | None, given: dict[str, Any], plan: Plan) -> dict[str, Any]:
    """The options given for a record, as plan data (nested, normalised), read as people
    write them: amounts in the plan's currency, national phone numbers in the venue's
    country (a venue's contact) or the plan's (`settings.country`)."""
    where = f"{COLLECTIONS[kind]}.{rid}" if rid else kind
    region = plan.settings.country
    if kind == "venue":
        known = plan.venues.get(rid or "")
        region = given.get("country") or (known.country if known else None) or region
    normal = fields.normalise(kind, given, where, region=str(region).upper() if region else None,
                              currency=_currency(kind, rid, given, plan))  # fmt: skip
    return fields.nest(kind, normal)


def _currency(kind: str, rid: str | None, given: dict[str, Any], plan: Plan) -> str:
    """The currency a screening's amounts are typed in: the one given with them, else its
    own, its venue's (the one given, or its present one) or the plan's."""
    if kind != "screening":
        return plan.settings.currency
    if given.get("currency"):
        return str(given["currency"]).strip().upper()
    known = plan.screenings.get(rid or "")
    venue = plan.venues.get(given.get("venue") or (known.venue if known else ""))
    own = known.currency if known else None
    return own or (venue.currency if venue else None) or plan.settings.currency


def single_zone(country: str | None) -> str | None:
    """The time zone of a country that has only one (GB: Europe/London), else None."""
    from screenkit.plan import zones

    if not country:
        return None
    found = zones.country_zones(country.strip().upper())
    return found[0] if len(found) == 1 else None


def add(ws: Workspace, kind: str, rid: str, given: dict[str, Any]) -> Changed:
    """Add a film, venue or speaker; `given` is keyed by field name (`contact_email`). A
    venue in a country of one time zone takes it unless another is given."""
    check_new_id(kind, rid)
    notices = []
    country = str(given.get("country") or "").strip().upper()
    zone = single_zone(country) if kind == "venue" else None
    if zone and not given.get("timezone"):
        given = {**given, "timezone": zone}
        notices.append(f"venues.{rid}: time zone {zone}, the only one of {country}")
    missing = [n for n in fields.required(kind) if given.get(n) in (None, "", [])]
    if missing:
        more = ""
        if missing == ["timezone"] and country:
            from screenkit.plan import zones

            found = zones.country_zones(country)
            if found:
                more = f" ({country} has {len(found)}, such as {', '.join(found[:3])})"
        needs = ", ".join(missing)
        raise InputError(f"{COLLECTIONS[kind]}.{rid}: a new {kind} needs {needs}{more}")

    def change(data: dict[str, Any], plan: Plan) -> tuple[dict[str, Any], None]:
        return changes.add_record(data, kind, rid, prepare(kind, rid, given, plan)), None

    edited = ws.edit(change)
    return Changed(rid, edited.warnings, notices=[*notices, *edited.notices])


def update(
    ws: Workspace, kind: str, rid: str, given: dict[str, Any], clear: Sequence[str] = ()
) -> Changed:
    """Change the given fields and remove the `clear` ones; what is not given stays."""

    def change(data: dict[str, Any], plan: Plan) -> tuple[dict[str, Any], None]:
        record = prepare(kind, rid, given, plan)
        return changes.update_record(data, kind, rid, record, tuple(clear)), None

    edited = ws.edit(change, invitations=True)
    return Changed(rid, edited.warnings, notices=edited.notices)


def remove(ws: Workspace, kind: str, rid: str, *, force: bool = False) -> Changed:
    """Remove a record; refused while screenings use it (or, for a screening, once its
    invite is out, unless `force`)."""
    edited = ws.edit(
        lambda data, _: (changes.remove_record(data, kind, rid, sent_ok=force), None),
        invitations=True,
    )
    return Changed(rid, edited.warnings, notices=edited.notices)


def rename(ws: Workspace, kind: str, old: str, new: str) -> Changed:
    """A new id for a record; every reference follows, comments and position stay."""
    check_new_id(kind, new)
    edited = ws.edit(
        lambda data, _: (changes.rename_record(data, kind, old, new), None), invitations=True
    )
    return Changed(new, edited.warnings, notices=edited.notices)


def describe(plan: Plan, kind: str, rid: str) -> dict[str, Any]:
    """A record as JSON-ready data: its id, every field (null when not set) and the
    screenings that use it."""
    record = getattr(plan, COLLECTIONS[kind])[rid]
    if kind == "speaker":
        from screenkit.rules.people import screenings_of

        used = screenings_of(plan, rid)
    elif kind == "volunteer":
        used = [sid for sid, s in plan.screenings.items() if rid in s.rota.values()]
    else:
        used = [sid for sid, s in plan.screenings.items() if getattr(s, kind, None) == rid]
    return {"id": rid, **record.model_dump(mode="json"), "screenings": used}


def listing(ws: Workspace, kind: str) -> list[dict[str, Any]]:
    plan = store.load(ws.plan, quick=True)
    return [describe(plan, kind, rid) for rid in getattr(plan, COLLECTIONS[kind])]


def show(ws: Workspace, kind: str, rid: str) -> dict[str, Any]:
    plan = store.load(ws.plan, quick=True)
    known = getattr(plan, COLLECTIONS[kind])
    if rid not in known:
        raise InputError(f"{COLLECTIONS[kind]}.{rid}: {unknown(kind, rid, known)}")
    return describe(plan, kind, rid)
