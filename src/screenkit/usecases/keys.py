"""`get`, `set` and `unset`: any value of the plan by its key, from the command line.

The record commands (`venue update …`) stay; these reach everything else, such as the tour's
name, the campaign's actions, the settings, the checklist and the organiser, without opening
the file. A change is validated like every other, keeps comments and layout, and a typo in
a key gets the nearest known one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from screenkit import keypaths
from screenkit.errors import InputError
from screenkit.models import Plan
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
    from screenkit.models import validate_plan
    from screenkit.planfile import store

    path = keypaths.parse(key)
    data = store.parse(store.read_text(ws.plan), ws.plan)
    plan = validate_plan(data, quick=True)
    keypaths.resolve(plan, path)
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

    edited = ws.edit(change)
    return Changed(keypaths.show(path), edited.warnings, edited.result, edited.notices)


def unset(ws: Workspace, key: str) -> Changed:
    path = keypaths.parse(key)

    def change(data: dict[str, Any], plan: Plan) -> tuple[dict[str, Any], bool]:
        slot = keypaths.resolve(plan, path)
        if slot.required:
            raise InputError(f"{keypaths.show(path)}: required, so it cannot be unset; change "
                             "it with `screenkit set`")  # fmt: skip
        smaller = keypaths.unset(data, path)
        return smaller, smaller is not data

    edited = ws.edit(change)
    return Changed(keypaths.show(path), edited.warnings, edited.result, edited.notices)
