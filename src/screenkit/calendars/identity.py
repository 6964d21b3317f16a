"""Calendar identity and revisions: what makes an update replace an event, not duplicate it.

Each screening keeps its `uid` for life, and a `calendar` record of what the last export sent:
its SEQUENCE, its DTSTAMP and a readable summary (`sent`) of the fields that matter to a
calendar (start, end, venue, status). Before exporting, `sync` compares every screening with
what was sent. A change (by a command or by hand in the file) raises SEQUENCE by exactly one
and sets DTSTAMP to now; no change leaves both alone, so exporting twice gives the same bytes.

Any other change to what the invite says (notes, the people invited, the venue's contact)
gives a newer DTSTAMP at the same SEQUENCE, so clients can tell the newer copy (RFC 5546
2.1.5); removing a person raises SEQUENCE too, since they get a CANCEL that must outrank the
REQUEST they hold. The record keeps a `digest` of the invite's content for that.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from typing import Any, Literal

from screenkit.plan.models import Plan
from screenkit.rules.people import invited
from screenkit.rules.schedule import Timing, timing
from screenkit.rules.summaries import Change, Summary, read_summary

__all__ = ["Change", "Summary", "read_summary"]  # read back by mail and status

Data = dict[str, Any]


def current(plan: Plan, sid: str, t: Timing | None = None) -> Summary:
    """The calendar-relevant state of a screening now, typed."""
    s = plan.screenings[sid]
    t = t or timing(plan, s)
    naive = (t.start.replace(tzinfo=None), t.end.replace(tzinfo=None))
    return Summary(*naive, str(t.start.tzinfo), s.venue, s.status)


def sent_summary(plan: Plan, sid: str, t: Timing | None = None) -> str:
    """The calendar-relevant state of a screening, as a person could read it in the plan."""
    return current(plan, sid, t).text()


def public_digest(plan: Plan, sid: str, t: Timing | None = None) -> str:
    """A short hash of everything the public event says apart from SEQUENCE and DTSTAMP:
    what a private change (a phone in the notes, a contact) never touches."""
    from screenkit.calendars import ical
    from screenkit.text.texts import location

    s = plan.screenings[sid]
    t = t or timing(plan, s)
    venue = plan.venues[s.venue]
    parts = [
        sent_summary(plan, sid, t),
        ical.summary(plan, sid, "public"),
        ical.description(plan, sid, "public", t),
        location(plan, sid),
        f"{venue.lat},{venue.lon}",
        s.booking_url or "",
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def content_digest(plan: Plan, sid: str, t: Timing | None = None) -> str:
    """A short hash of everything an invite says apart from SEQUENCE and DTSTAMP."""
    import hashlib

    from screenkit.calendars import ical
    from screenkit.text.texts import location

    s = plan.screenings[sid]
    t = t or timing(plan, s)
    venue = plan.venues[s.venue]
    organiser = plan.organiser_of(sid)
    parts = [
        sent_summary(plan, sid, t),
        ical.summary(plan, sid),
        ical.description(plan, sid, "invite", t),
        location(plan, sid),
        f"{venue.lat},{venue.lon}",
        f"{organiser.name} <{organiser.email}>" if organiser else "",
    ]
    parts += [f"{p} {plan.speakers[p].name} <{plan.speakers[p].email}>" for p in invited(plan, sid)]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def sync(
    data: Data,
    plan: Plan,
    now: dt.datetime,
    new_uid: Callable[[], str],
    only: Collection[str] | None = None,
) -> Data:
    """New plan data with every screening's uid and calendar record brought up to date (or
    those of `only`: the invites of a few screenings need not digest ten thousand).

    `plan` is `data` validated; screenings whose film or venue is unknown are skipped (the
    export refuses them with the reason).
    """
    stamp = now.astimezone(dt.UTC).replace(microsecond=0)
    changed: dict[str, Data] = {}
    chosen = plan.screenings if only is None else [sid for sid in only if sid in plan.screenings]
    for sid in chosen:
        s = plan.screenings[sid]
        if s.film not in plan.films or s.venue not in plan.venues:
            continue
        record = data["screenings"][sid]
        t = timing(plan, s)
        summary = sent_summary(plan, sid, t)
        digest = content_digest(plan, sid, t)
        people = invited(plan, sid)
        previous = record.get("calendar", {})
        cal = s.calendar
        if cal is not None and cal.sent == summary and cal.digest == digest:
            if cal.invited == people and s.uid and cal.public is not None:
                continue
            calendar = {**previous, "invited": people}
            if cal.public is None:  # recorded before public stamps: what it is, since then
                calendar |= {"public": public_digest(plan, sid, t), "public_stamp": cal.stamp}
        elif cal is not None and cal.sent == summary and cal.digest is None:
            # Recorded before digests existed: note the content, move nothing.
            calendar = {**previous, "digest": digest, "invited": people}
        elif cal is not None and cal.sent == summary:
            # The same event, said differently: a newer DTSTAMP; a SEQUENCE above the CANCEL
            # a removed person is about to get.
            removed = set(cal.invited or []) - set(people)
            sequence = cal.sequence + 1 if removed else cal.sequence
            calendar = {**previous, "sequence": sequence, "stamp": stamp, "digest": digest,
                        "invited": people}  # fmt: skip
            public = public_digest(plan, sid, t)
            if public != cal.public or sequence != cal.sequence:
                calendar |= {"public": public, "public_stamp": stamp}
        else:
            # A first cancellation is at least the second version of an event (RFC 5546).
            first = 1 if s.status == "cancelled" else 0
            sequence = first if cal is None else cal.sequence + 1
            calendar = {**previous, "sequence": sequence, "stamp": stamp, "sent": summary,
                        "digest": digest, "invited": people,
                        "public": public_digest(plan, sid, t), "public_stamp": stamp}  # fmt: skip
        changed[sid] = {**record, "uid": s.uid or new_uid(), "calendar": calendar}
    if not changed:
        return data
    return {**data, "screenings": {**data["screenings"], **changed}}


def keep(data: Data, synced: Data, sids: set[str]) -> Data:
    """`data` with the synced identity and calendar record of `sids` only: what was really
    delivered is recorded, the rest is worked out again next time (to the same bytes)."""
    if synced is data:
        return data
    before, after = data.get("screenings", {}), synced["screenings"]
    changed = {
        sid: after[sid] for sid in sids if sid in after and after[sid] is not before.get(sid)
    }
    if not changed:
        return data
    return {**data, "screenings": {**before, **changed}}


class Synced:
    """The change every delivering command makes (export, send, publish): bring calendar
    identities up to date, and remember the data before and after, so that only what was
    delivered is recorded (`keep`) once the target has said what arrived."""

    def __init__(
        self, now: dt.datetime, new_uid: Callable[[], str], only: Collection[str] | None = None
    ) -> None:
        self.now, self.new_uid, self.only = now, new_uid, only
        self.before: Data = {}
        self.after: Data = {}

    def __call__(self, data: Data, plan: Plan) -> tuple[Data, None]:
        self.before = data
        self.after = sync(data, plan, self.now, self.new_uid, self.only)
        return self.after, None

    def keep(self, sids: set[str]) -> Data:
        return keep(self.before, self.after, sids)


# -- what each person is owed ---------------------------------------------------------------
# What a person is owed: a first invitation, an update, a cancellation of the evening, or word
# that they are no longer needed at one that goes ahead.
Kind = Literal["Invitation", "Updated", "Cancelled", "Removed"]
_SAID = {"Invitation": "invitation", "Updated": "update", "Cancelled": "cancellation",
         "Removed": "word they are no longer needed"}  # fmt: skip


@dataclass(frozen=True)
class Owed:
    """One message a person is owed: to whom, which method, and what to record once it
    reaches them."""

    sid: str
    pid: str
    email: str
    name: str
    method: Literal["REQUEST", "CANCEL"]
    kind: Kind
    sequence: int
    digest: str
    removed: bool = False  # no longer on the screening: the CANCEL is theirs alone
    previous: str | None = None  # the `sent` summary of what they last had, if known
    crew: str | None = None  # a volunteer's job that evening: their own event (`crew_uid`)

    def describe(self) -> str:
        """`update to amira@example.org (version 2)`: what a volunteer reads in a dry run
        (the iCalendar METHOD and SEQUENCE stay in the message itself)."""
        version = f" (version {self.sequence + 1})" if self.sequence else ""
        return f"{_SAID[self.kind]} to {self.email}{version}"


def owed(plan: Plan, sids: Iterable[str], today: dt.date | None = None) -> list[Owed]:
    """Every message needed to bring each person up to date with `sids`, nothing more; none
    for an evening before `today` (it is over: an update or a cancellation helps nobody).

    `plan` has its calendar records synced (`sync`)."""
    from screenkit.rules.people import invited

    out: list[Owed] = []
    for sid in sids:
        s = plan.screenings[sid]
        cal = s.calendar
        if cal is None or cal.digest is None or (today is not None and s.date < today):
            continue
        people = invited(plan, sid)
        cancelled = s.status == "cancelled"
        for pid in people:
            person = plan.speakers[pid]
            assert person.email is not None  # build.build leaves such screenings out
            last = cal.sent_to.get(pid)
            method: Literal["REQUEST", "CANCEL"]
            kind: Kind
            if cancelled:
                if last is None or (last.method == "CANCEL" and last.sequence == cal.sequence):
                    continue  # never invited, or already told
                method, kind = "CANCEL", "Cancelled"
            else:
                if (
                    last is not None
                    and last.method == "REQUEST"
                    and ((last.sequence, last.digest) == (cal.sequence, cal.digest))
                ):
                    continue
                method = "REQUEST"
                kind = "Invitation" if last is None or last.method == "CANCEL" else "Updated"
            previous = last.sent if last is not None and kind == "Updated" else None
            out.append(Owed(sid, pid, person.email, person.name, method, kind,
                            cal.sequence, cal.digest, previous=previous))  # fmt: skip
        for pid, last in cal.sent_to.items():
            if pid in people or last.method == "CANCEL":
                continue
            known = plan.speakers.get(pid)
            email = (known.email if known else None) or last.email
            if email is None:
                continue
            name = known.name if known else email
            out.append(Owed(sid, pid, email, name, "CANCEL", "Removed", cal.sequence,
                            cal.digest, removed=True))  # fmt: skip
        out += _crew_owed(plan, sid, cal)
    return out


def crew_digest(digest: str, role: str) -> str:
    """A volunteer's event is the evening and their job: a new job is a new version."""
    return hashlib.sha256(f"{digest} {role}".encode()).hexdigest()[:16]


def _crew_owed(plan: Plan, sid: str, cal: Any) -> list[Owed]:
    """What each volunteer on the rota is owed: their own event (an invitation they can
    accept), an update when the evening or their job changed, and a CANCEL ("no longer
    needed") once they are taken off it or the evening is cancelled."""
    s = plan.screenings[sid]
    out: list[Owed] = []
    on = {vid: role for role, vid in s.rota.items()}
    for vid, role in on.items():
        person = plan.volunteers.get(vid)
        if person is None or not person.email:
            continue  # nobody to tell: `check` says who has no email
        digest, last = crew_digest(str(cal.digest), role), cal.crew.get(vid)
        if s.status == "cancelled":
            if last is None or last.method == "CANCEL":
                continue
            out.append(Owed(sid, vid, person.email, person.name, "CANCEL", "Cancelled",
                            cal.sequence, digest, crew=role))  # fmt: skip
            continue
        if last is not None and last.method == "REQUEST" and (last.sequence, last.digest) == (
            cal.sequence, digest):  # fmt: skip
            continue
        kind: Kind = "Invitation" if last is None or last.method == "CANCEL" else "Updated"
        out.append(Owed(sid, vid, person.email, person.name, "REQUEST", kind, cal.sequence,
                        digest, previous=last.sent if last and kind == "Updated" else None,
                        crew=role))  # fmt: skip
    for vid, last in cal.crew.items():
        if vid in on or last.method == "CANCEL" or not last.email:
            continue
        known = plan.volunteers.get(vid)
        out.append(Owed(sid, vid, last.email, known.name if known else last.email, "CANCEL",
                        "Removed", cal.sequence, last.digest, removed=True,
                        crew=str(last.sent or "")))  # fmt: skip
    return out
