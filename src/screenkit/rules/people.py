"""The people on a screening: who is booked, who is invited, what they answered, and whose
answer to chase.

A screening's people are its speakers, then its host, each once, in the order the plan names
them (`Screening.people`). Its invite goes to those of them the plan knows, never to the
organiser, who sends it.

An answer answers one version of the invitation (its SEQUENCE, RFC 5546 §2.1.5): someone who
accepted 19:00 has not accepted 19:45. `answer` is what a person said to the version they
hold now; an answer to an older one is kept (`old_answer`) and said as such, and the
invitation they hold counts as unanswered.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator

from screenkit.plan.models import Plan, Rsvp


def invited(plan: Plan, sid: str) -> list[str]:
    """Who a screening's invite is for: its people the plan knows, in order, never the
    organiser (they send it)."""
    sender = plan.organiser_of(sid)
    organiser = (sender.email or "").lower() if sender else ""
    return [
        p
        for p in plan.screenings[sid].people
        if p in plan.speakers and (plan.speakers[p].email or "").lower() != organiser
    ]


def booked(plan: Plan) -> list[str]:
    """The speakers on at least one screening, in the plan's order of speakers."""
    on = {pid for s in plan.screenings.values() for pid in s.people}
    return [pid for pid in plan.speakers if pid in on]


def screenings_of(plan: Plan, pid: str) -> list[str]:
    """The screenings a person speaks at or hosts, in the plan's order."""
    return [sid for sid, s in plan.screenings.items() if pid in s.people]


def to_chase(
    plan: Plan, today: dt.date, sids: Collection[str] | None = None
) -> Iterator[tuple[str, str, str]]:
    """(screening, person, answer) for everyone on a confirmed screening (of `sids`, if
    given) who has declined, or has not accepted when it is `settings.confirm_by` days away
    or nearer."""
    window = dt.timedelta(days=plan.settings.confirm_by)
    for sid, s in plan.screenings.items():
        if (sids is not None and sid not in sids) or s.status != "confirmed" or s.date < today:
            continue
        for pid in s.people:
            if pid not in plan.speakers:
                continue
            answer = answer_to_current(plan, sid, pid)
            if answer == "declined" or (answer != "accepted" and s.date <= today + window):
                yield sid, pid, answer


def private_names(plan: Plan) -> dict[str, str]:
    """Private speaker id -> the name never to show in public."""
    return {pid: p.name for pid, p in plan.speakers.items() if p.private}


def private_forms(plan: Plan) -> dict[str, list[str]]:
    """Private speaker id -> their name and every other spelling they gave (`aliases`)."""
    from screenkit.text.names import forms_of

    return {pid: forms_of(p.name, p.aliases) for pid, p in plan.speakers.items() if p.private}


def held_sequence(plan: Plan, sid: str, pid: str) -> int | None:
    """The SEQUENCE of the invitation `pid` holds for `sid`: the one last emailed to them,
    else the one last exported (an invite sent by hand); None before any."""
    cal = plan.screenings[sid].calendar
    if cal is None:
        return None
    last = cal.sent_to.get(pid)
    if last is not None:
        return last.sequence if last.method == "REQUEST" else None
    return cal.sequence


def sent_sequence(plan: Plan, sid: str, pid: str) -> int:
    """The highest SEQUENCE of `sid`'s invitation that `pid` can hold: the one last emailed to
    them (a cancellation included), or the one last exported, or 0 before any. An answer to
    a higher one answers a version nobody sent."""
    cal = plan.screenings[sid].calendar
    if cal is None:
        return 0
    last = cal.sent_to.get(pid)
    return max(cal.sequence, last.sequence if last is not None else 0)


def _current(answer: Rsvp, held: int | None) -> bool:
    return answer.sequence is None or held is None or answer.sequence >= held


def answer_to_current(plan: Plan, sid: str, pid: str) -> str:
    """What `pid` answered to the version of `sid`'s invitation they hold: accepted, declined,
    tentative, or needs-action (no answer, or only to an older version)."""
    given = plan.screenings[sid].rsvp.get(pid)
    if given is None or not _current(given, held_sequence(plan, sid, pid)):
        return "needs-action"
    return given.answer


def old_answer(plan: Plan, sid: str, pid: str) -> Rsvp | None:
    """`pid`'s answer to an older version of `sid`'s invitation than the one they hold."""
    given = plan.screenings[sid].rsvp.get(pid)
    if given is None or given.answer == "needs-action":
        return None
    return None if _current(given, held_sequence(plan, sid, pid)) else given


def old_answer_words(plan: Plan, sid: str, pid: str) -> str | None:
    """`accepted the old time (19:00); the invitation for 19:45 is unanswered`, or None when
    `pid`'s answer is to the version they hold (or there is none)."""
    from screenkit.rules.summaries import read_summary

    given = old_answer(plan, sid, pid)
    if given is None:
        return None
    cal = plan.screenings[sid].calendar
    last = cal.sent_to.get(pid) if cal is not None else None
    before = read_summary(given.sent)
    now = read_summary(last.sent if last is not None else None)
    if before is not None and now is not None:
        if before.start != now.start:
            was = f"{before.start:%H:%M}" if before.start.date() == now.start.date() else (
                f"{before.start:%d %B %H:%M}")  # fmt: skip
            new = f"{now.start:%H:%M}" if before.start.date() == now.start.date() else (
                f"{now.start:%d %B %H:%M}")  # fmt: skip
            return f"{given.answer} the old time ({was}); the invitation for {new} is unanswered"
        if before.venue != now.venue:
            return (f"{given.answer} the old venue ({before.venue}); the invitation at "
                    f"{now.venue} is unanswered")  # fmt: skip
    held = held_sequence(plan, sid, pid)
    return (f"{given.answer} an older version (SEQUENCE {given.sequence}); the invitation they "
            f"hold (SEQUENCE {held}) is unanswered")  # fmt: skip
