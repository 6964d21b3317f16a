"""Changes to a plan, as pure functions from plan data to new plan data.

They work on the data as parsed from TOML (not on models), so `tomldoc` can write back just
what changed; the plan session (`planfile.session`) validates the result before anything is
written. None of them mutates its input: unchanged parts are shared with the new data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Protocol

from screenkit.errors import InputError, NeedsForce
from screenkit.plan.fields import COLLECTIONS, FIELDS
from screenkit.plan.values import calendar_shape
from screenkit.suggest import unknown

if TYPE_CHECKING:
    from screenkit.rules.reminders import Reminder

Data = dict[str, Any]


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


def merge(old: Data, new: Data) -> Data:
    """`new` over `old`, nested tables merged key by key."""
    out = dict(old)
    for key, value in new.items():
        if isinstance(value, dict) and isinstance(old.get(key), dict):
            out[key] = merge(old[key], value)
        else:
            out[key] = value
    return out


def existing(data: Data, kind: str, rid: str) -> Data:
    collection = data.get(COLLECTIONS[kind], {})
    if rid not in collection:
        raise InputError(f"{COLLECTIONS[kind]}.{rid}: {unknown(kind, rid, collection)}")
    found: Data = collection[rid]
    return found


def add_record(data: Data, kind: str, rid: str, fields: dict[str, Any]) -> Data:
    """Add a film, venue or speaker under a new id."""
    collection = COLLECTIONS[kind]
    if rid in data.get(collection, {}):
        raise InputError(
            f"{collection}.{rid}: a {kind} with this id already exists; change it with "
            f"`screenkit {kind} update {rid}`"
        )
    return _with(data, collection, rid, _compact(fields))


def update_record(
    data: Data, kind: str, rid: str, fields: dict[str, Any], clear: tuple[str, ...] = ()
) -> Data:
    """Set the given (nested) fields of a record and remove the `clear` ones, named as in
    `fields.FIELDS` (`contact_email`); a table left empty is removed with its last key."""
    collection = COLLECTIONS[kind]
    known = {f.name: f for f in FIELDS[kind]}  # `need` or `needs`, `contact_email` or …
    known |= {alias: f for f in FIELDS[kind] for alias in ("_".join(f.path), ".".join(f.path))}
    record = existing(data, kind, rid)
    for name in clear:
        where = f"{collection}.{rid}"
        if name not in known:
            clearable = ", ".join(f.name for f in FIELDS[kind] if not f.required)
            raise InputError(f"{where}: no field {name!r} to clear; these can be: {clearable}")
        f = known[name]
        if f.required:
            raise InputError(f"{where}.{'.'.join(f.path)}: required, so it cannot be cleared")
        given: Any = fields
        for part in f.path:
            given = given.get(part) if isinstance(given, dict) else None
        if given not in (None, []):
            raise InputError(
                f"{where}.{'.'.join(f.path)}: both cleared and given a new value; give one"
            )
        record = _without(record, f.path)
    return _with(data, collection, rid, merge(record, _compact(fields)))


def _without(record: Data, path: tuple[str, ...]) -> Data:
    head, *rest = path
    if head not in record:
        return record
    if not rest:
        return {k: v for k, v in record.items() if k != head}
    inner = _without(record[head], tuple(rest)) if isinstance(record[head], dict) else {}
    if not inner:
        return {k: v for k, v in record.items() if k != head}
    return {**record, head: inner}


def references(data: Data, kind: str, rid: str) -> list[str]:
    """The screenings that refer to a film, venue, speaker or volunteer."""
    found = []
    for sid, s in data.get("screenings", {}).items():
        if not isinstance(s, dict):
            continue
        if kind == "speaker":
            speakers = s.get("speakers", [])
            if (isinstance(speakers, list) and rid in speakers) or s.get("host") == rid:
                found.append(sid)
        elif kind == "volunteer":
            rota = s.get("rota", {})
            if isinstance(rota, dict) and rid in rota.values():
                found.append(sid)
        elif s.get(kind) == rid:
            found.append(sid)
    return found


def remove_record(data: Data, kind: str, rid: str, *, sent_ok: bool = False) -> Data:
    """Remove a record. A film, venue or speaker in use stays; so does a screening whose
    invite has gone out, unless `sent_ok` (people should get a cancellation instead)."""
    collection = COLLECTIONS[kind]
    record = existing(data, kind, rid)
    if kind == "screening" and record.get("calendar") is not None and not sent_ok:
        told = _everyone_told(record)
        if record.get("status") != "cancelled":
            raise NeedsForce(
                f"screenings.{rid}: its invite has been exported, so people may have it in "
                f"their calendars; cancel it instead (`screenkit cancel {rid}`) so that they "
                "are told"
            )
        if not told:
            raise NeedsForce(
                f"screenings.{rid}: cancelled, but people still hold its invitation; tell "
                f"them first (`screenkit send {rid}`)"
            )
    else:
        used = references(data, kind, rid)
        if used:
            raise InputError(
                f"{collection}.{rid}: still used by {_list(used)}; change or remove "
                f"{'that screening' if len(used) == 1 else 'those screenings'} first"
            )
    left = {k: v for k, v in data[collection].items() if k != rid}
    if not left:  # no empty `[films]` left behind when the last one goes
        return {k: v for k, v in data.items() if k != collection}
    return {**data, collection: left}


def _everyone_told(record: Data) -> bool:
    """Whether everyone emailed the invitation of a cancelled screening has had its CANCEL."""
    calendar = record.get("calendar")
    sent_to = calendar.get("sent_to", {}) if isinstance(calendar, dict) else {}
    return all(isinstance(s, dict) and s.get("method") == "CANCEL" for s in sent_to.values())


def moved_doors(start: dt.time, new_start: dt.time, doors: dt.time) -> dt.time | None:
    """Doors moved by as much as the start moved (19:00 → 19:30 takes 18:30 to 19:00), or
    None when that would cross midnight (then they are left for the person to set)."""

    def minutes(t: dt.time) -> int:
        return t.hour * 60 + t.minute

    moved = minutes(doors) + minutes(new_start) - minutes(start)
    if not 0 <= moved < 24 * 60:
        return None
    return dt.time(moved // 60, moved % 60)


def _list(ids: list[str], most: int = 5) -> str:
    shown = ", ".join(f"screenings.{i}" for i in ids[:most])
    return shown + (f" and {len(ids) - most} more" if len(ids) > most else "")


def rename_record(data: Data, kind: str, old: str, new: str) -> Data:
    """Give a record a new id in the same place; every reference follows, and a screening
    keeps its calendar uid and ticks (they are part of the record)."""
    collection = COLLECTIONS[kind]
    existing(data, kind, old)
    if new == old:
        return data
    if new in data[collection]:
        raise InputError(f"{collection}.{new}: a {kind} with this id already exists")
    renamed = {(new if k == old else k): v for k, v in data[collection].items()}
    out = {**data, collection: renamed}
    if kind == "screening":
        return out
    screenings = dict(out.get("screenings", {}))
    for sid in references(out, kind, old):
        s = dict(screenings[sid])
        if kind == "speaker":
            if isinstance(s.get("speakers"), list):
                s["speakers"] = [new if p == old else p for p in s["speakers"]]
            if s.get("host") == old:
                s["host"] = new
        elif kind == "volunteer":
            s["rota"] = {role: new if v == old else v for role, v in s["rota"].items()}
        else:
            s[kind] = new
        screenings[sid] = s
    if "screenings" in out:
        out["screenings"] = screenings
    if kind in ("speaker", "volunteer"):  # whom a private speaker's name is shared with
        people = dict(out.get("speakers", {}))
        for pid, person in people.items():
            shared = person.get("share_with") if isinstance(person, dict) else None
            if isinstance(shared, list) and old in shared:
                people[pid] = {**person, "share_with": [new if x == old else x for x in shared]}
        if people:
            out["speakers"] = people
    return out


def screening_id(data: Data, venue: str, date: dt.date) -> str:
    """A readable id from the venue and date, numbered if the evening already has one; a long
    venue id is cut, never the date (ids have at most 63 characters)."""
    from screenkit.plan.values import auto_id

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
        raise InputError(
            f"screenings.{sid}: a screening with this id already exists; change it with "
            f"`screenkit update {sid}`"
        )
    record["uid"] = uid
    return _with(data, "screenings", sid, record), sid


def cancel_screening(data: Data, sid: str) -> Data:
    return update_record(data, "screening", sid, {"status": "cancelled"})


def tick(
    data: Data, sid: str, tasks: list[str], known: list[str], done: bool
) -> tuple[Data, list[str]]:
    """Tick (or untick) tasks; returns the data and the tasks whose state changed. A tick
    that names no task any more (a need since removed) can still be unticked."""
    current = existing(data, "screening", sid)
    ticked = list(current.get("done", []))
    for task in tasks:
        if task not in known and (done or task not in ticked):
            from screenkit.suggest import nearest

            guess = nearest(task, known)
            more = f"did you mean {guess!r}?" if guess else f"`screenkit tasks {sid}` lists them"
            raise InputError(f"screenings.{sid}: no task {task!r}; {more}")
    changed = [t for t in dict.fromkeys(tasks) if (t in ticked) != done]
    if not changed:
        return data, []
    ticked = [*ticked, *changed] if done else [t for t in ticked if t not in changed]
    record = {**current, "done": ticked}
    if not ticked:
        del record["done"]
    return _with(data, "screenings", sid, record), changed


# -- what delivering commands record ---------------------------------------------------------
class Sending(Protocol):
    """What `send` records of one message the server accepted (`identity.Owed`)."""

    @property
    def sid(self) -> str: ...
    @property
    def pid(self) -> str: ...
    @property
    def email(self) -> str: ...
    @property
    def method(self) -> str: ...
    @property
    def sequence(self) -> int: ...
    @property
    def digest(self) -> str: ...
    @property
    def removed(self) -> bool: ...


class PublishedRecord(Protocol):
    """What `publish` records of one calendar object the server accepted."""

    @property
    def etag(self) -> str | None: ...
    @property
    def digest(self) -> str: ...


def record_sent(data: Data, delivered: Iterable[Sending]) -> Data:
    """`data` (which holds the calendar record each message was made from) with what reached
    each person, as `sent_to.<person>`. An answer they gave to the version they held becomes
    an answer to that older version (a higher SEQUENCE asks them again); what that version
    said is kept beside the new one, for a late answer to it."""
    delivered = list(delivered)
    if not delivered:
        return data
    screenings = dict(data["screenings"])
    for p in delivered:
        rec = dict(screenings[p.sid])
        cal = dict(rec["calendar"])
        crew = getattr(p, "crew", None)
        if crew is not None:  # a volunteer's own event: kept apart from the speakers'
            told = dict(cal.get("crew", {}))
            told[p.pid] = {
                "sequence": p.sequence,
                "digest": p.digest,
                "method": p.method,
                "email": p.email,
                **({"sent": cal["sent"]} if cal.get("sent") else {}),
            }
            cal["crew"] = told
            rec["calendar"] = cal
            screenings[p.sid] = rec
            continue
        sent_to = dict(cal.get("sent_to", {}))
        rsvp = dict(rec.get("rsvp", {}))
        before = sent_to.get(p.pid)
        if p.removed:
            rsvp.pop(p.pid, None)
            # A person taken off keeps a CANCEL record: they were told, and a teammate's clone
            # that still holds their REQUEST merges to the CANCEL (merging.py), not a second one.
            sent_to[p.pid] = {"sequence": p.sequence, "digest": p.digest, "method": p.method,
                              "email": p.email}  # fmt: skip
        else:
            entry = {"sequence": p.sequence, "digest": p.digest, "method": p.method,
                     "email": p.email}  # fmt: skip
            if cal.get("sent"):
                entry["sent"] = cal["sent"]
            if before is not None and p.sequence > before["sequence"]:
                entry["previous_sequence"] = before["sequence"]
                if before.get("sent"):
                    entry["previous"] = before["sent"]
                if p.pid in rsvp:
                    rsvp[p.pid] = _answer_to(rsvp[p.pid], before)
            elif before is not None:
                entry.update({k: before[k] for k in ("previous_sequence", "previous")
                              if k in before})  # fmt: skip
            sent_to[p.pid] = entry
        cal["sent_to"] = sent_to
        rec["calendar"] = cal
        if rsvp:
            rec["rsvp"] = rsvp
        else:
            rec.pop("rsvp", None)
        screenings[p.sid] = rec
    return {**data, "screenings": screenings}


def _answer_to(given: Any, version: Data) -> Any:
    """An answer with the version it answered made explicit (`version`: what they held)."""
    table = {"answer": given} if isinstance(given, str) else dict(given)
    if table.get("answer") == "needs-action":
        return given
    table.setdefault("sequence", version["sequence"])
    if table["sequence"] == version["sequence"] and version.get("sent"):
        table.setdefault("sent", version["sent"])
    return table


def with_answer(data: Data, sid: str, pid: str, answer: str, *, sequence: int | None = None,
                stamp: dt.datetime | None = None, sent: str | None = None) -> Data:  # fmt: skip
    """An answer recorded for one person, with the version it answers and when it was given
    when known (`needs-action` forgets the one there was)."""
    rec = dict(data["screenings"][sid])
    rsvp = dict(rec.get("rsvp", {}))
    if answer == "needs-action":
        rsvp.pop(pid, None)
    elif sequence is None and stamp is None:
        rsvp[pid] = answer
    else:
        table: Data = {"answer": answer}
        if sequence is not None:
            table["sequence"] = sequence
        if stamp is not None:
            table["stamp"] = stamp.astimezone(dt.UTC).replace(microsecond=0)
        if sent:
            table["sent"] = sent
        rsvp[pid] = table
    if rsvp:
        rec["rsvp"] = rsvp
    else:
        rec.pop("rsvp", None)
    return {**data, "screenings": {**data["screenings"], sid: rec}}


def record_published(data: Data, url: str, records: Mapping[str, PublishedRecord | None],
                     audience: str | None = None) -> Data:  # fmt: skip
    """`data` with the collection's records changed as `records` says (None: forget), and
    its audience recorded. Every calendar recorded in the old shape (events directly under
    the URL) is written in the new one on the way."""
    published = {u: calendar_shape(t) for u, t in data.get("published", {}).items()}
    same = audience is None or published.get(url, {}).get("audience") == audience
    if not records and same and published == data.get("published", {}):
        return data
    calendar = dict(published.get(url, {}))
    events = dict(calendar.get("events", {}))
    for uid, record in records.items():
        if record is None:
            events.pop(uid, None)
        else:
            entry = {"etag": record.etag} if record.etag is not None else {}
            events[uid] = {**entry, "digest": record.digest}
    if audience is not None:
        calendar["audience"] = audience
    if events:
        calendar["events"] = events
    else:
        calendar.pop("events", None)
    if calendar:
        published[url] = calendar
    else:
        published.pop(url, None)
    if published:
        return {**data, "published": published}
    return {k: v for k, v in data.items() if k != "published"}


# -- a delivery's journal (`planfile.journal`): what a server took, before the plan says so ----
def _identity(record: Data) -> Data:
    """A screening's calendar identity as a delivery made it: its uid and calendar record,
    without what each person was sent (that is the journal entry's own business)."""
    calendar = {k: v for k, v in record.get("calendar", {}).items()
                if k not in ("sent_to", "crew")}  # fmt: skip
    return {"uid": record.get("uid"), "calendar": _tagged(calendar)}


def record_reminded(data: Data, sent: Iterable[Reminder]) -> Data:
    """`data` with each reminder a person was sent, and those it passed over, kept under the
    screening's `reminded.<person>` for the start it was about."""
    from screenkit.rules.reminders import start_key

    screenings = dict(data["screenings"])
    for r in sent:
        rec = dict(screenings[r.sid])
        reminded = dict(rec.get("reminded", {}))
        key = start_key(r.start)
        before = reminded.get(r.pid)
        leads = list(before["leads"]) if before and before.get("start") == key else []
        leads += [lead for lead in r.passes if lead not in leads]
        reminded[r.pid] = {"start": key, "leads": leads}
        rec["reminded"] = reminded
        screenings[r.sid] = rec
    return {**data, "screenings": screenings}


def record_digest(data: Data, day: dt.date) -> Data:
    return {**data, "digest": {"last": day}}


def reminded_entry(r: Reminder) -> Data:
    """The journal entry of one reminder a mail server took."""
    return {"kind": "reminded", "sid": r.sid, "pid": r.pid, "start": r.start.isoformat(),
            "passes": list(r.passes)}  # fmt: skip


def sent_entry(synced: Data, p: Sending) -> Data:
    """The journal entry of one message a mail server took."""
    entry = {"kind": "sent", "sid": p.sid, "pid": p.pid, "email": p.email, "method": p.method,
             "sequence": p.sequence, "digest": p.digest, "removed": p.removed,
             "identity": _identity(synced["screenings"][p.sid])}  # fmt: skip
    crew = getattr(p, "crew", None)
    if crew is not None:
        entry["crew"] = crew
    return entry


def published_entry(synced: Data, sid: str | None, url: str, uid: str,
                    record: PublishedRecord | None, audience: str) -> Data:  # fmt: skip
    """The journal entry of one event a calendar server took (or, `record` None, deleted)."""
    entry: Data = {"kind": "published", "url": url, "uid": uid, "audience": audience,
                   "etag": record.etag if record else None,
                   "digest": record.digest if record else None}  # fmt: skip
    if sid is not None:
        entry["sid"] = sid
        entry["identity"] = _identity(synced["screenings"][sid])
    return entry


def _tagged(value: Any) -> Any:
    """Dates and times as JSON can carry them (and `_untagged` reads back)."""
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dict):
        return {k: _tagged(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_tagged(v) for v in value]
    return value


def _untagged(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {"$datetime"} and isinstance(value["$datetime"], str):
            return dt.datetime.fromisoformat(value["$datetime"])
        return {k: _untagged(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_untagged(v) for v in value]
    return value


class _Entry:
    """A journal entry read back as what `record_sent` and `record_published` take."""

    def __init__(self, entry: Data) -> None:
        self.__dict__.update(entry)


def fold(data: Data, entries: Iterable[Data]) -> tuple[Data, int]:
    """`data` with what a journal says the servers took, as the interrupted run would have
    recorded it; and how many entries did not apply (a screening since gone, a damaged line).
    Folding an entry twice changes nothing the second time."""
    skipped = 0
    for entry in entries:
        try:
            data = _fold_one(data, entry)
        except (KeyError, TypeError, ValueError, AttributeError):
            skipped += 1
    return data, skipped


def _fold_one(data: Data, entry: Data) -> Data:
    kind = entry["kind"]
    if kind == "reminded":  # no calendar identity of its own: only who was told
        from screenkit.rules.reminders import Reminder

        passes = entry["passes"]
        # `remind` journals at least one lead, each as text: anything else is a damaged line.
        if not all(isinstance(entry[k], str) for k in ("sid", "pid", "start")) or not (
            isinstance(passes, list) and passes and all(isinstance(p, str) for p in passes)
        ):
            raise TypeError("reminded")
        passes = tuple(passes)
        start = dt.datetime.fromisoformat(entry["start"])
        r = Reminder(entry["sid"], entry["pid"], "", passes[-1], start, start, passes)
        return record_reminded(data, [r])
    if kind == "digest":
        return record_digest(data, dt.date.fromisoformat(entry["day"]))
    sid = entry.get("sid")
    if sid is not None:
        screenings = data["screenings"]
        record = dict(screenings[sid])
        identity = _untagged(entry["identity"])
        if not isinstance(identity["calendar"], dict) or not isinstance(identity["uid"], str):
            raise ValueError("not a calendar identity")
        sent_to = record.get("calendar", {}).get("sent_to")
        record["uid"] = identity["uid"]
        record["calendar"] = {**identity["calendar"], **({"sent_to": sent_to} if sent_to else {})}
        data = {**data, "screenings": {**screenings, sid: record}}
    if kind == "sent":
        for key, kinds in (("pid", str), ("email", str), ("method", str), ("sequence", int),
                           ("digest", str), ("removed", bool)):  # fmt: skip
            if not isinstance(entry[key], kinds):
                raise TypeError(key)
        return record_sent(data, [_Entry(entry)])  # type: ignore[list-item]
    if kind == "published":
        url, uid, audience = entry["url"], entry["uid"], entry["audience"]
        if not all(isinstance(v, str) for v in (url, uid, audience)):
            raise TypeError("url")
        published = _Entry(entry) if entry.get("digest") is not None else None
        return record_published(data, url, {uid: published}, audience)  # type: ignore[dict-item]
    raise ValueError(f"unknown kind {kind!r}")
