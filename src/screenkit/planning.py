"""Changes to a plan, as pure functions from plan data to new plan data.

They work on the data as parsed from TOML (not on models), so `tomldoc` can write back just
what changed; `store.edit` validates the result before anything is written. None of them
mutates its input: unchanged parts are shared with the new data.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from screenkit.errors import InputError
from screenkit.tomldoc import render_value

Data = dict[str, Any]
COLLECTIONS = {"film": "films", "venue": "venues", "speaker": "speakers"}


def template(organiser: str, email: str) -> str:
    """A new plan that teaches its own format."""
    return f"""\
# screenkit plan. Films, venues and speakers are defined once under short ids, and each
# screening refers to them. Edit it by hand or with `screenkit` commands: your comments,
# order and blank lines are kept. `screenkit check` says what needs attention.

[organiser]
name = {render_value(organiser)}
email = {render_value(email)}

[settings]
# travel_buffer = "2h"  # time a speaker needs between one venue's end and the next start
# curfew = "23:00"      # latest finish, unless a venue sets its own
# intro = 5             # default minutes of introduction before the film
# talk = 45             # default minutes of talk and Q&A after the film
"""


def _with(data: Data, collection: str, rid: str, record: Data) -> Data:
    return {**data, collection: {**data.get(collection, {}), rid: record}}


def _compact(fields: dict[str, Any]) -> Data:
    """Drop options not given, including empty nested tables."""
    out: Data = {}
    for key, value in fields.items():
        if isinstance(value, dict):
            value = _compact(value)
        if value is None or value == {} or value == []:
            continue
        out[key] = value
    return out


def add_record(data: Data, kind: str, rid: str, fields: dict[str, Any]) -> Data:
    """Add a film, venue or speaker under a new id."""
    collection = COLLECTIONS[kind]
    if rid in data.get(collection, {}):
        raise InputError(f"{collection}.{rid}: a {kind} with this id already exists")
    return _with(data, collection, rid, _compact(fields))


def screening_id(data: Data, venue: str, date: dt.date) -> str:
    """A readable id from the venue and date, numbered if the evening already has one; a long
    venue id is cut, never the date (ids have at most 63 characters)."""
    from screenkit.values import auto_id

    taken = data.get("screenings", {})
    n = 1
    while (candidate := auto_id(venue, date, n)) in taken:
        n += 1
    return candidate


def new_screening(
    data: Data, sid: str | None, fields: dict[str, Any], uid: str
) -> tuple[Data, str]:
    """Add a screening; without an id one is made from its venue and date."""
    record = _compact(fields)
    if sid is None:
        sid = screening_id(data, str(record.get("venue", "screening")), record["date"])
    if sid in data.get("screenings", {}):
        raise InputError(f"screenings.{sid}: a screening with this id already exists")
    record["uid"] = uid
    return _with(data, "screenings", sid, record), sid


CLEARABLE = ("doors", "end", "intro", "talk", "speakers", "host", "audience", "notes")


def update_screening(
    data: Data, sid: str, fields: dict[str, Any], clear: tuple[str, ...] = ()
) -> Data:
    """Change the given fields of a screening and remove the `clear` ones; its uid stays."""
    current = _existing(data, sid)
    for name in clear:
        if name not in CLEARABLE:
            raise InputError(
                f"--clear: {name!r} cannot be cleared; these can: {', '.join(CLEARABLE)}"
            )
        if fields.get(name) not in (None, []):
            raise InputError(f"--clear {name}: also given a new value; give one or the other")
    record = {k: v for k, v in current.items() if k not in clear}
    return _with(data, "screenings", sid, {**record, **_compact(fields)})


def cancel_screening(data: Data, sid: str) -> Data:
    return update_screening(data, sid, {"status": "cancelled"})


def _existing(data: Data, sid: str) -> Data:
    try:
        return data.get("screenings", {})[sid]
    except KeyError:
        raise InputError(f"screenings.{sid}: no screening with this id") from None


def tick(data: Data, sid: str, task: str, known: list[str], done: bool) -> tuple[Data, bool]:
    """Tick (or untick) a task; returns the data and whether anything changed."""
    if task not in known:
        raise InputError(f"screenings.{sid}: no task {task!r}; its tasks are: {', '.join(known)}")
    current = _existing(data, sid)
    ticked = list(current.get("done", []))
    if (task in ticked) == done:
        return data, False
    ticked = [*ticked, task] if done else [t for t in ticked if t != task]
    record = {**current, "done": ticked}
    if not ticked:
        del record["done"]
    return _with(data, "screenings", sid, record), True
