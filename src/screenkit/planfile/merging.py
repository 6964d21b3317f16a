"""Three versions of a plan's data merged by record and field, as git merges lines.

Both sides started from BASE. What only one side changed comes through as that side left
it; what both changed the same way once; a field changed both ways is a conflict, as is a
record removed on one side and changed on the other (never a silent loss). Lists of plain
values merge as sets that keep OURS' order (one side ticks a task, the other ticks another:
both are ticked).

What deliveries record merges by meaning, not by field, so that the next `send` sends each
person exactly what they lack and the next `publish` neither duplicates nor loses an event:
- a screening's calendar record: SEQUENCE and DTSTAMP never go backwards; what was last
  sent (`sent`, `digest`, `invited`) comes from the side whose screening the merged one
  matches, else from the later; each person's `sent_to` is the newer of the two (a tie goes
  to the one that matches the merged record), so nobody is sent twice what they hold and
  nobody is taken to hold what they were never sent;
- what `publish` recorded per calendar and uid, and each answer, merge the same way: a
  record present on either side is kept, one side's is taken where the other has none, and a
  uid one side removed (its event was deleted from the calendar) stays removed;
- reminders sent (`reminded`) merge as any table and list do (both sides' leads are kept),
  and the day of the last digest is the later of the two.

The result is always a plan screenkit opens (`settle`): a mix of two valid sides that is valid
on neither rule (a fee made a percentage on one side and a flat amount on the other) becomes a
named conflict of the smallest table that mixes them, holding OURS'; the same screening
renamed on both sides, and a record removed on one side but used on the other, are named
conflicts too, never a duplicate uid or a dangling reference found later by `check`.

Pure: data in, data and conflicts out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Data = dict[str, Any]
Path = tuple[str, ...]
MISSING: Any = object()  # a key one version does not have
RECORDS = ("films", "venues", "speakers", "volunteers", "screenings")
# Kept by deliveries, merged by meaning (see above), never a conflict.
STATE = ("calendar", "rsvp")


@dataclass
class Conflict:
    path: Path
    base: Any  # MISSING where BASE had none
    ours: Any  # MISSING: removed by us
    theirs: Any  # MISSING: removed by them
    why: str | None = None  # where a plain "changed both ways" does not say it


@dataclass
class Merged:
    data: Data
    conflicts: list[Conflict] = field(default_factory=list)


def merge(base: Data, ours: Data, theirs: Data) -> Merged:
    """The three-way merge of plan data; each conflicted place holds OURS' value."""
    out = Merged({})
    out.data = _table((), base, ours, theirs, out.conflicts)
    settle(base, ours, theirs, out)
    return out


def _get(table: Any, key: str) -> Any:
    return table.get(key, MISSING) if isinstance(table, dict) else MISSING


def _table(path: Path, base: Any, ours: Data, theirs: Data, conflicts: list[Conflict]) -> Data:
    base = base if isinstance(base, dict) else {}
    result: Data = {}
    for key in [*ours, *(k for k in theirs if k not in ours)]:
        value = _value((*path, key), _get(base, key), _get(ours, key), _get(theirs, key),
                       conflicts)  # fmt: skip
        if value is not MISSING:
            result[key] = value
    return result


def _value(path: Path, b: Any, o: Any, t: Any, conflicts: list[Conflict]) -> Any:
    if o == t:
        return o
    if o == b:
        return t
    if t == b:
        return o
    special = _by_meaning(path, b, o, t, conflicts)
    if special is not _NOT_SPECIAL:
        return special
    if isinstance(o, dict) and isinstance(t, dict):
        return _table(path, b, o, t, conflicts)
    if isinstance(o, list) and isinstance(t, list) and _plain(o, t, b):
        return _lists(b if isinstance(b, list) else [], o, t)
    conflicts.append(Conflict(path, b, o, t))
    return o


def _plain(*lists: Any) -> bool:
    return all(
        isinstance(x, str | int | float | bool) for xs in lists if isinstance(xs, list) for x in xs
    )


def _lists(base: list[Any], ours: list[Any], theirs: list[Any]) -> list[Any]:
    """Items added on either side are in, items removed on either side are out; OURS' order
    first, then what THEIRS added, in its order."""
    added = [x for x in theirs if x not in base and x not in ours]
    removed = [x for x in base if x not in theirs]
    return [x for x in ours if x not in removed] + added


_NOT_SPECIAL: Any = object()


def _by_meaning(path: Path, b: Any, o: Any, t: Any, conflicts: list[Conflict]) -> Any:
    """The merge of a place both sides changed where meaning decides, or _NOT_SPECIAL."""
    if len(path) == 2 and path[0] == "screenings":
        if MISSING in (o, t):
            # Removed on one side, changed on the other: a conflict, unless the only change
            # was to what deliveries record (that follows the screening out).
            kept = o if t is MISSING else t
            if isinstance(kept, dict) and isinstance(b, dict) and _content(kept) == _content(b):
                return MISSING
            return _NOT_SPECIAL
        if isinstance(o, dict) and isinstance(t, dict):
            return _screening(path, b if isinstance(b, dict) else {}, o, t, conflicts)
    if len(path) == 3 and path[0] == "published" and path[2] == "events":
        return _published(b, o, t)
    if path == ("digest", "last") and MISSING not in (o, t):
        return max(o, t)  # the digest went on the later day: none again that day
    return _NOT_SPECIAL


def _screening(path: Path, b: Data, o: Data, t: Data, conflicts: list[Conflict]) -> Data:
    """A screening both sides changed: its content field by field, then its calendar record
    and answers by meaning."""
    merged = _table(path, _content(b), _content(o), _content(t), conflicts)
    matches = "ours" if merged == _content(o) else "theirs" if merged == _content(t) else None
    for key in (k for k in [*o, *t] if k in STATE and k not in merged):
        bo, oo, to = _get(b, key), _get(o, key), _get(t, key)
        if oo == to or to == bo:
            value = oo
        elif oo == bo:
            value = to
        elif key == "calendar":
            value = _calendar(oo, to, matches)
        else:
            value = _answers(bo, oo, to)
        if value is not MISSING:
            merged[key] = value
    return merged


def _content(record: Data) -> Data:
    return {k: v for k, v in record.items() if k not in STATE}


def _stamp(record: Any) -> tuple[int, str]:
    if not isinstance(record, dict):
        return (-1, "")
    return (int(record.get("sequence", 0) or 0), str(record.get("stamp", "")))


def _calendar(o: Any, t: Any, matches: str | None) -> Any:
    """`matches` says which side's screening the merged one is (its record then describes
    what the merged screening says); None when both changed it."""
    if not isinstance(o, dict) or not isinstance(t, dict):
        return t if o is MISSING else o  # one side has none yet: the other's
    later = t if _stamp(t) > _stamp(o) else o
    source = {"ours": o, "theirs": t}.get(matches or "", later)
    merged = dict(source)
    merged["sequence"] = max(_stamp(o)[0], _stamp(t)[0])
    stamps = [x["stamp"] for x in (o, t) if "stamp" in x]
    if stamps:  # UTC both: their ISO text orders as time does
        merged["stamp"] = max(stamps, key=str)
    for table in ("sent_to", "crew"):  # speakers, and volunteers on the rota: by person
        people: Data = {}
        ours_sent, theirs_sent = o.get(table, {}), t.get(table, {})
        for pid in [*ours_sent, *(p for p in theirs_sent if p not in ours_sent)]:
            a, b = ours_sent.get(pid), theirs_sent.get(pid)
            people[pid] = _newer_sent(a, b, merged.get("digest") if table == "sent_to" else None)
        if people:
            merged[table] = people
        else:
            merged.pop(table, None)
    return merged


def _newer_sent(a: Any, b: Any, digest: Any) -> Any:
    if a is None or b is None:
        return a if b is None else b
    if _stamp(a)[0] != _stamp(b)[0]:
        return a if _stamp(a)[0] > _stamp(b)[0] else b
    if a.get("method") != b.get("method"):  # a CANCEL outranks the REQUEST it cancels
        return a if a.get("method") == "CANCEL" else b
    return b if b.get("digest") == digest and a.get("digest") != digest else a


def _answers(b: Any, o: Any, t: Any) -> Any:
    """Each person's answer: a change on one side wins; both changed: the later answer
    where answers carry when they were given, else ours."""
    if not isinstance(o, dict) or not isinstance(t, dict):
        return t if o is MISSING or o == b else o
    base = b if isinstance(b, dict) else {}
    result: Data = {}
    for pid in [*o, *(p for p in t if p not in o)]:
        bo, oo, to = base.get(pid, MISSING), o.get(pid, MISSING), t.get(pid, MISSING)
        if oo == to or to == bo:
            value = oo
        elif oo == bo:
            value = to
        else:
            value = to if _when(to) > _when(oo) else oo
        if value is not MISSING:
            result[pid] = value
    return result or MISSING


def _when(answer: Any) -> str:
    return str(answer.get("stamp", "")) if isinstance(answer, dict) else ""


def _published(b: Any, o: Any, t: Any) -> Any:
    """What `publish` recorded for one calendar, uid by uid, never a conflict: a uid either
    side published is kept, one a side removed (`--remove-missing` deleted the event) stays
    removed, and a uid both sides published anew keeps ours: the server holds whichever PUT
    came last, and a record whose ETag it no longer has is met by If-Match at the next
    publish, which names the event instead of overwriting it."""
    if not isinstance(o, dict) or not isinstance(t, dict):
        return t if o is MISSING else o
    base = b if isinstance(b, dict) else {}
    result: Data = {}
    for uid in [*o, *(u for u in t if u not in o)]:
        bo, oo, to = base.get(uid, MISSING), o.get(uid, MISSING), t.get(uid, MISSING)
        value = to if oo == bo else oo if (to == bo or oo is not MISSING) else to
        if value is not MISSING:
            result[uid] = value
    return result


# -- a plan screenkit opens --------------------------------------------------------------------
# What a screening refers to, by table: `check` would find a reference the merge left dangling.
REFERENCES = {"film": "films", "venue": "venues", "speakers": "speakers", "host": "speakers"}
ROUNDS = 20  # each round settles at least one place; a plan's mixes are few


def settle(base: Data, ours: Data, theirs: Data, out: Merged) -> None:
    """Make `out` a plan that loads and whose records fit together, naming what it takes back:
    the same screening renamed both ways, a record removed on one side and used on the other,
    and any mix of the two sides that validates on neither side's rule."""
    _renamed_both_ways(ours, theirs, out)
    _removed_but_used(base, ours, theirs, out)
    _invalid_mixes(base, ours, theirs, out)


def _renamed_both_ways(ours: Data, theirs: Data, out: Merged) -> None:
    """Two screenings with one calendar uid, one only THEIRS has: the same evening renamed on
    both sides (or copied). OURS' name stays; THEIRS' record is a named conflict."""
    screenings = out.data.get("screenings")
    if not isinstance(screenings, dict):
        return
    known = ours.get("screenings")
    mine: Data = known if isinstance(known, dict) else {}
    if all(sid in mine for sid in screenings):
        return  # THEIRS brought no screening of its own: nothing can be renamed both ways
    screenings = out.data["screenings"] = dict(screenings)  # never a side's own table
    by_uid: dict[str, str] = {}
    for sid, record in list(screenings.items()):
        uid = record.get("uid") if isinstance(record, dict) else None
        if not isinstance(uid, str):
            continue
        other = by_uid.setdefault(uid.casefold(), sid)
        if other == sid or sid in mine:
            continue
        del screenings[sid]
        out.conflicts.append(Conflict(
            ("screenings", sid), MISSING, MISSING,
            _get(theirs.get("screenings"), sid),
            why=f"the same screening as screenings.{other} (uid {uid}), renamed both ways; "
            f"keep ours with `screenkit resolve screenings.{sid} --ours`, or take their name "
            f"with `screenkit rename {other} {sid}` and then that",
        ))  # fmt: skip


def _removed_but_used(base: Data, ours: Data, theirs: Data, out: Merged) -> None:
    """A film, venue or speaker one side removed while the other side's screenings use it:
    it is kept (a screening never loses its film in silence) and named as a conflict, so
    `resolve --ours` removes it for good and `--theirs` keeps it."""
    data = out.data
    gone = {kind for kind in set(REFERENCES.values())
            for side in (ours, theirs) for rid in (side.get(kind) or {})
            if rid not in (data.get(kind) or {})}  # fmt: skip
    if not gone:
        return  # every film, venue and speaker either side has is there: nothing dangles
    for sid, screening in (data.get("screenings") or {}).items():
        if not isinstance(screening, dict):
            continue
        for field_name, kind in REFERENCES.items():
            used = screening.get(field_name)
            for rid in used if isinstance(used, list) else [used]:
                if not isinstance(rid, str) or rid in (data.get(kind) or {}):
                    continue
                keeper = next((s for s in (theirs, ours) if rid in (s.get(kind) or {})), None)
                if keeper is None or not isinstance(data.get(kind, {}), dict):
                    continue  # never there: `check` names the unknown id
                data[kind] = {**data.get(kind, {}), rid: keeper[kind][rid]}
                path = (kind, rid)
                out.conflicts[:] = [c for c in out.conflicts if c.path != path]
                out.conflicts.append(Conflict(
                    path, _get(base.get(kind), rid), _get(ours.get(kind), rid),
                    _get(theirs.get(kind), rid),
                    why=f"removed on one side, used by screenings.{sid} on the other; kept "
                    "until you choose",
                ))  # fmt: skip


def _invalid_mixes(base: Data, ours: Data, theirs: Data, out: Merged) -> None:
    """Validate what the merge made of each record; where a mix is invalid, the smallest table
    holding it goes back to OURS' whole and is named as a conflict. A record invalid just as
    one side wrote it is that side's (`check` names it there too): the merge leaves it."""
    from screenkit.plan.models import RECORD_TABLES, validate_plan

    class Problems(Exception):
        def __init__(self, items: list[tuple[tuple[int | str, ...], str]]) -> None:
            self.items = items

    def describe(items: list[tuple[tuple[int | str, ...], str]]) -> Exception:
        return Problems(items)

    def problems(data: Data) -> set[tuple[int | str, ...]]:
        try:
            validate_plan(data, describe=describe)
        except Problems as found:
            return {loc for loc, _ in found.items}
        return set()

    def on_a_side(loc: tuple[int | str, ...]) -> bool:
        """Whether OURS' or THEIRS' own version of the record has this problem already."""
        path = _as_path(loc)
        record = path[:2] if path[:1] and path[0] in RECORD_TABLES else path[:1]
        for side in (ours, theirs):
            value = _at(side, record)
            if value is not MISSING and loc in problems(_nest(record, value)):
                return True
        return False

    settled: set[Path] = set()
    for _ in range(ROUNDS):
        found = problems(_changed_part(ours, out.data, RECORD_TABLES))
        if not found:
            return
        places: set[Path] = set()
        for loc in found:
            place = None if on_a_side(loc) else _mixed_place(_as_path(loc), ours, theirs,
                                                               out.data)  # fmt: skip
            if place is not None and place not in settled:
                places.add(place)
        if not places:
            return
        for place in sorted(places, key=len):
            if not any(place[: len(s)] == s for s in settled):
                _take_ours(place, base, ours, theirs, out)
                settled.add(place)


def _changed_part(ours: Data, data: Data, records: tuple[str, ...]) -> Data:
    """The merged data where it differs from OURS (a valid plan): the records that are not
    OURS' own objects, and whole every other table that differs. What is the same object as
    OURS' was validated when OURS was written."""
    part: Data = {}
    for key, value in data.items():
        mine = ours.get(key, MISSING)
        if value is mine:
            continue
        if key in records and isinstance(value, dict) and isinstance(mine, dict):
            changed = {rid: r for rid, r in value.items() if mine.get(rid, MISSING) is not r}
            if changed:
                part[key] = changed
        elif key != "conflicts" or value != mine:
            part[key] = value
    return part


def _as_path(loc: tuple[int | str, ...]) -> Path:
    """A validation error's location as table keys: up to its first list index."""
    path: list[str] = []
    for part in loc:
        if isinstance(part, int):
            break
        path.append(part)
    return tuple(path)


def _nest(path: Path, value: Any) -> Data:
    for key in reversed(path):
        value = {key: value}
    return value


def _at(data: Any, path: Path) -> Any:
    for key in path:
        data = _get(data, key)
    return data


def _mixed_place(path: Path, ours: Data, theirs: Data, data: Data) -> Path | None:
    """The deepest table on `path` that the merge made unlike both sides (it mixes them); None
    where the merged data there is one side's, invalid on that side already. A mixed table is
    always one the merge built, never a side's own object, so it may be changed in place."""
    for depth in range(len(path), 0, -1):
        place = path[:depth]
        here = _at(data, place)
        if here != _at(ours, place) and here != _at(theirs, place):
            return place
    return None


def _take_ours(place: Path, base: Data, ours: Data, theirs: Data, out: Merged) -> None:
    """Put OURS' value back at `place` (a screening keeps what deliveries recorded) and name
    the place as a conflict, replacing those the merge had found inside it."""
    value = _at(ours, place)
    parent = _at(out.data, place[:-1]) if len(place) > 1 else out.data
    if not isinstance(parent, dict):
        return
    if value is MISSING:
        parent.pop(place[-1], None)
    elif len(place) == 2 and place[0] == "screenings" and isinstance(value, dict):
        merged = parent.get(place[-1])
        state = {k: v for k, v in (merged or {}).items() if k in STATE}
        parent[place[-1]] = {**_content(value), **state}
    else:
        parent[place[-1]] = value
    inside = [c for c in out.conflicts if c.path[: len(place)] == place]
    out.conflicts[:] = [c for c in out.conflicts if c not in inside]

    def kept(v: Any) -> Any:
        return _content(v) if len(place) == 2 and place[0] == "screenings" and isinstance(
            v, dict) else v  # fmt: skip

    out.conflicts.append(Conflict(
        place, kept(_at(base, place)), kept(value), kept(_at(theirs, place)),
        why="each side is valid, but together they are not (one side's change does not "
        "fit the other's); ours is kept until you choose",
    ))  # fmt: skip
