"""`get`, `set` and `unset`: any value of the plan by its key, from the command line.

The record commands (`venue update …`) stay; these reach everything else, such as the tour's
name, the campaign's actions, the settings, the checklist and the organiser, without opening
the file. A change is validated like every other, keeps comments and layout, and a typo in
a key gets the nearest known one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from screenkit.edits import keypaths
from screenkit.errors import InputError
from screenkit.plan.models import Plan
from screenkit.usecases.workspace import Changed, Workspace


@dataclass
class Got:
    key: str
    value: Any  # as the plan holds it (None: not set, and no default)
    default: bool  # the value is the model's default, not written in the plan


def _default(plan: Plan, path: tuple[str, ...]) -> Any:
    """The value the models give a key the plan does not write (settings' defaults)."""
    from pydantic import BaseModel

    node: Any = plan
    for part in path[:-1]:
        node = node.get(part) if isinstance(node, dict) else getattr(node, part, None)
        if node is None:
            return None
    if isinstance(node, BaseModel):
        return node.model_dump(mode="json", include={path[-1]}, exclude_none=True).get(path[-1])
    return None


def get(ws: Workspace, key: str) -> Got:
    from screenkit.plan.models import validate_plan
    from screenkit.planfile import store

    path = keypaths.parse(key)
    data = store.parse(store.read_text(ws.plan), ws.plan)
    plan = validate_plan(data, quick=True)
    keypaths.resolve(plan, path, reading=True)
    value = keypaths.get(data, path)
    if value is not None:
        return Got(keypaths.show(path), value, False)
    default = _default(plan, path)
    return Got(keypaths.show(path), default, default is not None)


def set_(ws: Workspace, key: str, given: list[str]) -> Changed:
    path = keypaths.parse(key)

    def change(data: dict[str, Any], plan: Plan) -> tuple[dict[str, Any], bool]:
        slot = keypaths.resolve(plan, path)
        value = keypaths.typed(slot, given)
        return keypaths.set_value(data, path, value), keypaths.get(data, path) != value

    edited = ws.edit(change, invitations=True)
    return Changed(keypaths.show(path), edited.warnings, edited.result, edited.notices)


def review(ws: Workspace, key: str) -> Changed:
    """Mark public text as read: it mentions a part of a private speaker's name that is
    someone else's (another Nour). Kept as a digest of the text, so any later change to it is
    checked again; a whole name is never excused."""
    from screenkit.rules.publication import private_matcher, text_digest

    path = keypaths.parse(key)
    shown = keypaths.show(path)

    def change(data: dict[str, Any], plan: Plan) -> tuple[dict[str, Any], bool]:
        keypaths.resolve(plan, path)
        text = keypaths.get(data, path)
        if not isinstance(text, str) or not text:
            raise InputError(f"{shown}: holds no text to review")
        matcher = private_matcher(plan)
        found = matcher.find(text) if matcher is not None else []
        if not found:
            raise InputError(f"{shown}: names no private speaker, in part or whole; nothing "
                             "to review")  # fmt: skip
        whole = [f.pid for f in found if f.part is None]
        if whole:
            raise InputError(f"{shown}: holds the whole name of speakers.{whole[0]}, who is "
                             "private; that is never excused: reword it")  # fmt: skip
        digest = text_digest(text)
        if plan.reviewed.get(shown) == digest:
            return data, False
        return keypaths.set_value(data, ("reviewed", shown), digest), True

    edited = ws.edit(change)
    return Changed(shown, edited.warnings, edited.result, edited.notices)


# The tables of records, and the kind `changes.remove_record` calls each one.
_RECORD_KINDS = {"films": "film", "venues": "venue", "speakers": "speaker",
                 "volunteers": "volunteer", "screenings": "screening"}  # fmt: skip


def unset(ws: Workspace, key: str, *, force: bool = False) -> Changed:
    """Remove a value. A record goes by the rules of `remove` (a screening whose invitation
    is out is cancelled instead, a film in use stays); a whole table needs `force`, and is
    refused without it with what would go."""
    from screenkit.edits import changes

    path = keypaths.parse(key)

    def change(data: dict[str, Any], plan: Plan) -> tuple[dict[str, Any], bool]:
        slot = keypaths.resolve(plan, path)
        if slot.required:
            raise InputError(f"{keypaths.show(path)}: required, so it cannot be unset; change "
                             "it with `screenkit set`")  # fmt: skip
        if len(path) == 1 and path[0] in data and not force:
            held = data[path[0]]
            what = (f"{len(held)} record(s): {', '.join(list(held)[:5])}"
                    f"{' …' if len(held) > 5 else ''}") if path[0] in _RECORD_KINDS else (
                    f"{len(held)} key(s)" if isinstance(held, dict) else "its value")  # fmt: skip
            raise InputError(f"{path[0]}: would remove the whole [{path[0]}] table ({what}) and "
                             "its comments; add --force if that is what you mean")  # fmt: skip
        kind = _RECORD_KINDS.get(path[0])
        if kind is not None and len(path) <= 2 and path[0] in data:
            ids = [path[1]] if len(path) == 2 else list(data[path[0]])
            smaller = data
            for rid in ids:  # as `remove` would, one by one: nothing sent goes unannounced
                if rid in (smaller.get(path[0]) or {}):
                    smaller = changes.remove_record(smaller, kind, rid)
            return smaller, smaller is not data
        smaller = keypaths.unset(data, path)
        return smaller, smaller is not data

    edited = ws.edit(change, invitations=True)
    return Changed(keypaths.show(path), edited.warnings, edited.result, edited.notices)
