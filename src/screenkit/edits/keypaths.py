"""Any value of the plan by its dotted key (`tour.name`, `venues.ica.access.notes`), for `get`,
`set` and `unset`: the key read and checked against the models, and a value typed on the
command line turned into what the plan holds there.

The models say what a key may be, so a typo gets the nearest known key, and a value is typed
by its field (a number, yes/no, a list of several values, a date …); the plan session then
validates the result as it validates every change.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, get_args, get_origin

from pydantic import BaseModel

from screenkit.errors import InputError
from screenkit.plan.models import Plan, unwrap

_SEGMENT = re.compile(r'"((?:[^"\\]|\\.)*)"|([^."]+)')
# Records screenkit keeps for itself: set by export, send and publish, never by hand.
KEPT = {"calendar": "the calendar record export and send keep", "uid": "the calendar identity",
        "published": "what publish recorded"}  # fmt: skip
RECORDS = {"films": "film", "venues": "venue", "speakers": "speaker", "screenings": "screening"}


def parse(key: str) -> tuple[str, ...]:
    """`venues.ica.access.notes` → its parts; a part in double quotes may hold dots."""
    parts: list[str] = []
    at = 0
    text = key.strip()
    while at < len(text):
        found = _SEGMENT.match(text, at)
        if found is None:
            raise InputError(f"{key}: not a key; write it like tour.name or venues.ica.name")
        parts.append(found[1].replace('\\"', '"') if found[1] is not None else found[2].strip())
        at = found.end()
        if at < len(text):
            if text[at] != ".":
                raise InputError(f"{key}: not a key; write it like tour.name or venues.ica.name")
            at += 1
            if at == len(text):  # `settings.`: an empty last part would name the whole table
                raise InputError(f"{key}: ends in a dot, so it names no value; write the "
                                 "whole key, like settings.curfew")  # fmt: skip
    if not parts or any(not p for p in parts):
        raise InputError(f"{key!r}: not a key; write it like tour.name or venues.ica.name")
    return tuple(parts)


def show(path: tuple[str, ...]) -> str:
    return ".".join(f'"{p}"' if "." in p or " " in p else p for p in path)


@dataclass(frozen=True)
class Slot:
    """Where a key leads: the kind of value that goes there."""

    path: tuple[str, ...]
    kind: Any  # the unwrapped annotation: a model, dict[...], list[...] or a scalar type
    required: bool


def resolve(plan: Plan, path: tuple[str, ...], *, existing_records: bool = True,
            reading: bool = False) -> Slot:  # fmt: skip
    """What the models allow at `path`; an unknown key or record is an InputError with the
    nearest known one. What screenkit keeps itself (a calendar record, a uid) may be read
    (`reading`), never set by hand."""
    from screenkit.suggest import hint

    kind: Any = Plan
    required = False
    for n, part in enumerate(path):
        here = show(path[: n + 1])
        if part in KEPT and n <= 2 and not reading:
            raise InputError(f"{here}: is {KEPT[part]}, not set by hand (read it with "
                             f"`screenkit get {here}`)")  # fmt: skip
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            field = kind.model_fields.get(part)
            if field is None:
                raise InputError(f"{here}: unknown key{hint(part, kind.model_fields)}")
            kind, required = unwrap(field.annotation), field.is_required()
        elif get_origin(kind) is dict:
            table = path[n - 1] if n else ""
            if n == 1 and table in RECORDS and existing_records:
                known = getattr(plan, table)
                if part not in known:
                    what = RECORDS[table]
                    raise InputError(f"{here}: no {what} {part!r}{hint(part, known, what)}; add "
                                     f"it with `screenkit {_adder(what)}`")  # fmt: skip
            kind, required = unwrap(get_args(kind)[-1]), False
        else:
            raise InputError(f"{show(path[:n])}: holds a single value, not keys")
    return Slot(path, kind, required)


def _adder(what: str) -> str:
    return "new" if what == "screening" else f"{what} add"


def is_table(kind: Any) -> bool:
    return (isinstance(kind, type) and issubclass(kind, BaseModel)) or get_origin(kind) is dict


def typed(slot: Slot, given: list[str]) -> Any:
    """The command line's values as the plan holds them at `slot` (checked by the model
    afterwards): several values make a list; one value is a number, a yes/no, a date or
    text, as the field is."""
    where = show(slot.path)
    if is_table(slot.kind):
        inner = ", ".join(_keys(slot.kind)) or "its keys"
        raise InputError(f"{where}: is a table; set its keys one by one ({inner})")
    if get_origin(slot.kind) is list:
        item = unwrap(get_args(slot.kind)[0])
        return [_scalar(where, item, value) for value in given]
    if len(given) != 1:
        raise InputError(f"{where}: takes one value, not {len(given)}; quote a value with spaces")
    return _scalar(where, slot.kind, given[0])


def _keys(kind: Any) -> list[str]:
    return list(kind.model_fields) if isinstance(kind, type) and issubclass(kind, BaseModel) else []


def _scalar(where: str, kind: Any, text: str) -> Any:
    from screenkit.plan import values

    try:
        if kind is bool:  # the command line's words for the plan's true and false
            word = text.strip().lower()
            if word in ("true", "false"):
                return word == "true"
            return values.check_flag(text)
        if kind is int:
            # Minutes may be written as text (2h, 1h30m): the model reads those itself.
            return int(text) if re.fullmatch(r"[+-]?\d{1,9}", text.strip()) else text
        if kind is float:
            return float(text) if re.fullmatch(r"[+-]?\d+(\.\d+)?", text.strip()) else text
        if kind is dt.date:
            return values.parse_date(text)
        if kind is dt.time:  # 11pm, 7.30pm, 19h30, as `update --start` takes them
            return values.format_clock(values.read_clock(text))
    except ValueError as exc:
        raise InputError(f"{where}: {exc}") from None
    if kind is Decimal:
        return text.strip()  # amounts stay exact text ("412.50"), as the plan writes them
    return text


def get(data: dict[str, Any], path: tuple[str, ...]) -> Any:
    """The value at `path` in the plan's data, or None where it is not set."""
    value: Any = data
    for part in path:
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def set_value(data: dict[str, Any], path: tuple[str, ...], value: Any) -> dict[str, Any]:
    """`data` with `value` at `path`, tables made on the way; shares what it leaves alone."""
    head, *rest = path
    if not rest:
        return {**data, head: value}
    inner = data.get(head)
    return {**data, head: set_value(inner if isinstance(inner, dict) else {}, tuple(rest), value)}


def unset(data: dict[str, Any], path: tuple[str, ...]) -> dict[str, Any]:
    """`data` without `path`; a table left empty goes with its last key."""
    head, *rest = path
    if head not in data:
        return data
    if not rest:
        return {k: v for k, v in data.items() if k != head}
    inner = data[head]
    if not isinstance(inner, dict):
        return data
    smaller = unset(inner, tuple(rest))
    if smaller is inner:
        return data
    if not smaller:
        return {k: v for k, v in data.items() if k != head}
    return {**data, head: smaller}
