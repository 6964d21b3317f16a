"""A network's kit: the shared part of a plan that a national office gives its groups (the
films with their licence terms, the campaign's actions, settings, the tour's public name and
website, the checklist), and bringing a newer kit into a group's plan. Pure: data in, data
out.

A plan started from a kit, or brought up to date with one, remembers what the kit said, field
by field, as a short digest (`[kit] fields`). A later kit changes a field only where the
group has left it as the kit gave it: a group's own edit is kept, and said.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

Data = dict[str, Any]
Path = tuple[str, ...]

# What a kit holds, and what it never does: a group's own records and what it has sent.
PARTS = ("tour", "settings", "films", "campaign", "checklist")
TOUR = ("name", "website")  # a group's `group` and `region` are its own
OWN = ("organiser", "venues", "speakers", "volunteers", "screenings", "published", "conflicts")
# A field a kit leaves out of its films: a poster is a file beside the office's plan.
LEFT_OUT = {("poster",): "a poster is a file beside your plan: send the image with the kit"}
# Lists and these tables are one field each: a kit's checklist tasks come as a whole.
WHOLE = {("checklist", "tasks"), ("campaign", "actions"), ("settings", "roles")}


def of_plan(data: Data) -> tuple[Data, list[str]]:
    """The kit of a plan (as parsed, defaults not filled in), and what was left out."""
    kit: Data = {}
    notes: list[str] = []
    for part in PARTS:
        if part not in data:
            continue
        value = data[part]
        if part == "tour":
            value = {k: v for k, v in value.items() if k in TOUR}
        if part == "films":
            value = {fid: _film(fid, film, notes) for fid, film in value.items()}
        if value:
            kit[part] = value
    return kit, notes


def _film(fid: str, film: Data, notes: list[str]) -> Data:
    out = {}
    for key, value in film.items():
        if (key,) in LEFT_OUT:
            notes.append(f"films.{fid}.{key}: left out; {LEFT_OUT[(key,)]}")
        else:
            out[key] = value
    return out


def own_records(data: Data) -> list[str]:
    """The tables of `data` a kit may not hold (it was a plan, not a kit)."""
    return [part for part in OWN if data.get(part)]


def leaves(data: Data, base: Path = ()) -> Iterator[tuple[Path, Any]]:
    """Every field a kit gives, as (path, value): tables are walked into, lists and WHOLE
    tables are one field."""
    for key, value in data.items():
        path = (*base, key)
        if isinstance(value, dict) and path not in WHOLE and value:
            yield from leaves(value, path)
        else:
            yield path, value


def digest(value: Any) -> str:
    """A short fingerprint of a value as TOML gives it (dates, decimals as text)."""
    text = json.dumps(value, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def key(path: Path) -> str:
    return ".".join(path)


@dataclass
class Update:
    data: Data
    taken: list[str] = field(default_factory=list)  # fields the kit changed or added
    kept: list[str] = field(default_factory=list)  # the group's own edits, kept, and why


def _get(data: Data, path: Path) -> tuple[bool, Any]:
    node: Any = data
    for part in path:
        if not isinstance(node, dict) or part not in node:
            return False, None
        node = node[part]
    return True, node


def _set(data: Data, path: Path, value: Any) -> Data:
    out = dict(data)
    if len(path) == 1:
        out[path[0]] = value
        return out
    inner = out.get(path[0])
    out[path[0]] = _set(inner if isinstance(inner, dict) else {}, path[1:], value)
    return out


def _unset(data: Data, path: Path) -> Data:
    if path[0] not in data:
        return data
    out = dict(data)
    if len(path) == 1:
        del out[path[0]]
    else:
        inner = _unset(out[path[0]], path[1:])
        if inner:
            out[path[0]] = inner
        else:
            del out[path[0]]
    return out


def bring(plan: Data, kit: Data, name: str, today: dt.date) -> Update:
    """`plan` with `kit` brought in: each field the group has left as the last kit gave it
    (or never had) takes the kit's value; a field the group changed is kept. The plan's
    `[kit]` record says what this kit gave."""
    record = plan.get("kit") or {}
    given: dict[str, str] = dict(record.get("fields") or {})
    new = {path: value for path, value in leaves(kit)}
    out = Update(plan)
    for path, value in new.items():
        k = key(path)
        had, ours = _get(out.data, path)
        before = given.get(k)
        if had and ours == value:
            pass
        elif (not had and before is None) or (had and before == digest(ours)):
            out.data = _set(out.data, path, value)
            out.taken.append(k)
        elif not had:
            out.kept.append(f"{k}: you removed it; the kit still has it")
        else:
            out.kept.append(f"{k}: your own value is kept; the kit's is {_show(value)}")
    fresh = {key(path) for path in new}
    held = _films_held(out.data, given, kit.get("films") or {})
    out.kept += [
        f"films.{fid}: the kit no longer has it; kept, as {why}" for fid, why in held.items()
    ]
    for k, before in given.items():  # fields the new kit no longer has
        if k in fresh:
            continue
        path = tuple(k.split("."))
        if path[0] == "films" and len(path) > 1 and path[1] in held:
            continue
        had, ours = _get(out.data, path)
        if had and digest(ours) == before:
            out.data = _unset(out.data, path)
            out.taken.append(f"{k} (removed)")
    kit_record = {"name": name, "taken": today,
                  "fields": {key(path): digest(value) for path, value in new.items()}}  # fmt: skip
    out.data = {**out.data, "kit": kit_record}
    return out


def _films_held(plan: Data, given: dict[str, str], films: Data) -> dict[str, str]:
    """The films a kit gave and no longer has that stay whole, with why: a screening shows
    it, or the group changed or added to it. Removing only the fields left as the kit gave
    them would leave a screening without its film, or a film without its title."""
    held = {}
    screenings = plan.get("screenings") or {}
    for fid, film in (plan.get("films") or {}).items():
        if fid in films or not any(k.startswith(f"films.{fid}.") for k in given):
            continue  # still the kit's, or the group's own
        used = [
            sid for sid, s in screenings.items() if isinstance(s, dict) and s.get("film") == fid
        ]
        if used:
            held[fid] = f"{', '.join(used)} {'shows' if len(used) == 1 else 'show'} it"
        elif isinstance(film, dict) and any(
            given.get(key(path)) != digest(value) for path, value in leaves(film, ("films", fid))
        ):
            held[fid] = "you changed it"
    return held


def _show(value: Any) -> str:
    text = json.dumps(value, default=str, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "…"
