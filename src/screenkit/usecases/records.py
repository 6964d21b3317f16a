"""Films, venues and speakers: create a plan, then add, list, show, change, rename, remove."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from screenkit import changes, fields
from screenkit.errors import InputError
from screenkit.fields import COLLECTIONS
from screenkit.models import Plan
from screenkit.planfile import store
from screenkit.suggest import unknown
from screenkit.usecases.workspace import Changed, Workspace


def init(ws: Workspace, organiser: str, email: str, *, force: bool = False) -> Changed:
    """A new plan file that teaches its own format."""
    from screenkit.models import validate_plan
    from screenkit.values import normal_email

    validate_plan({"organiser": {"name": organiser, "email": email}}, error=InputError)
    email = normal_email(email)
    from screenkit.planfile.template import template

    store.create(ws.plan, template(organiser, email), force=force)
    return Changed(str(ws.plan))


def check_new_id(kind: str, rid: str) -> None:
    from screenkit.values import check_id

    try:
        check_id(rid)
    except ValueError as exc:
        raise InputError(f"{COLLECTIONS[kind]}.{rid}: {exc}") from None


def _prepare(kind: str, rid: str, given: dict[str, Any]) -> dict[str, Any]:
    where = f"{COLLECTIONS[kind]}.{rid}"
    return fields.nest(kind, fields.normalise(kind, given, where))


def add(ws: Workspace, kind: str, rid: str, given: dict[str, Any]) -> Changed:
    """Add a film, venue or speaker; `given` is keyed by field name (`contact_email`)."""
    check_new_id(kind, rid)
    missing = [n for n in fields.required(kind) if given.get(n) in (None, "", [])]
    if missing:
        raise InputError(f"{COLLECTIONS[kind]}.{rid}: a new {kind} needs {', '.join(missing)}")
    record = _prepare(kind, rid, given)
    edited = ws.edit(lambda data, _: (changes.add_record(data, kind, rid, record),
                                                  None))  # fmt: skip
    return Changed(rid, edited.warnings)


def update(
    ws: Workspace, kind: str, rid: str, given: dict[str, Any], clear: Sequence[str] = ()
) -> Changed:
    """Change the given fields and remove the `clear` ones; what is not given stays."""
    record = _prepare(kind, rid, given)

    def change(data: dict[str, Any], _: Plan) -> tuple[dict[str, Any], None]:
        return changes.update_record(data, kind, rid, record, tuple(clear)), None

    edited = ws.edit(change)
    return Changed(rid, edited.warnings)


def remove(ws: Workspace, kind: str, rid: str, *, force: bool = False) -> Changed:
    """Remove a record; refused while screenings use it (or, for a screening, once its
    invite is out, unless `force`)."""
    edited = ws.edit(
        lambda data, _: (changes.remove_record(data, kind, rid, sent_ok=force), None),
    )
    return Changed(rid, edited.warnings)


def rename(ws: Workspace, kind: str, old: str, new: str) -> Changed:
    """A new id for a record; every reference follows, comments and position stay."""
    check_new_id(kind, new)
    edited = ws.edit(lambda data, _: (changes.rename_record(data, kind, old, new), None))
    return Changed(new, edited.warnings)


def describe(plan: Plan, kind: str, rid: str) -> dict[str, Any]:
    """A record as JSON-ready data: its id, every field (null when not set) and the
    screenings that use it."""
    record = getattr(plan, COLLECTIONS[kind])[rid]
    if kind == "speaker":
        from screenkit.people import screenings_of

        used = screenings_of(plan, rid)
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
