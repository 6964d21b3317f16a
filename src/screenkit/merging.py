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
  record present on either side is kept, one side's is taken where the other has none;
- reminders sent (`reminded`) merge as any table and list do (both sides' leads are kept),
  and the day of the last digest is the later of the two.

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


@dataclass
class Merged:
    data: Data
    conflicts: list[Conflict] = field(default_factory=list)


def merge(base: Data, ours: Data, theirs: Data) -> Merged:
    """The three-way merge of plan data; each conflicted place holds OURS' value."""
    out = Merged({})
    out.data = _table((), base, ours, theirs, out.conflicts)
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
    if len(path) == 3 and path[0] == "published":
        return o if o is not MISSING else t  # see _published
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
    people: Data = {}
    ours_sent, theirs_sent = o.get("sent_to", {}), t.get("sent_to", {})
    for pid in [*ours_sent, *(p for p in theirs_sent if p not in ours_sent)]:
        a, b = ours_sent.get(pid), theirs_sent.get(pid)
        people[pid] = _newer_sent(a, b, merged.get("digest"))
    if people:
        merged["sent_to"] = people
    else:
        merged.pop("sent_to", None)
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


# What `publish` recorded for one calendar merges uid by uid as any table does (a uid either
# side published is kept); a uid both sides published anew keeps ours: the server holds
# whichever PUT came last, and a record whose ETag it no longer has is met by If-Match at the
# next publish, which names the event instead of overwriting it.
