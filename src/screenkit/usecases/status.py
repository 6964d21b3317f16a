"""`status`: what needs doing, each with the command that settles it, as `git status` does.

Invitations out of date (per person and screening, exactly what `send` would send now),
calendars published with an older version, exported folders older than the plan, overdue
tasks, answers not in by `settings.confirm_by`, and results and returns due. Nothing is
written: the calendar identities are brought up to date on a copy, as `send --dry-run` does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from screenkit.plan.models import Plan

if TYPE_CHECKING:
    from screenkit.calendars.identity import Owed
    from screenkit.plan.problems import Problem
    from screenkit.usecases.workspace import Workspace

KINDS = (
    "pull",
    "errors",
    "warnings",
    "invitations",
    "calendars",
    "exports",
    "tasks",
    "answers",
    "after",
)


@dataclass(frozen=True)
class Pending:
    kind: str  # one of KINDS
    screening: str | None
    person: str | None
    message: str
    command: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _behind(ws: Workspace) -> list[Pending]:
    """`origin/main has 3 commits you do not have`, as of the last fetch, when the plan is in a
    git work tree whose branch has an upstream: what status says of invitations may already
    be done by a teammate. One git call, and none outside a repository."""
    folder = ws.plan.resolve().parent
    if not any((d / ".git").exists() for d in (folder, *folder.parents)):
        return []
    from screenkit.usecases.gitrepo import run_git

    said = run_git("rev-list", "--count", "--left-right", "@{upstream}...HEAD", cwd=folder)
    upstream = run_git("rev-parse", "--abbrev-ref", "@{upstream}", cwd=folder) if said else None
    if not said or not upstream:
        return []
    theirs, _, _ = said.partition("\t")
    if not theirs.isdigit() or int(theirs) == 0:
        return []
    n = int(theirs)
    return [Pending("pull", None, None,
                    f"pull first: {upstream} has {n} commit{'s' if n > 1 else ''} you do not "
                    "have (as of the last fetch); what follows may already be done",
                    "git pull")]  # fmt: skip


def _errors(plan: Plan, problems: list[Problem]) -> list[Pending]:
    """Each conflict a merge left, with the command that settles it (nothing public is made
    meanwhile), then how many other errors `check` lists."""
    from screenkit.plan.problems import errors

    found = [
        Pending("errors", None, None, f"{key}: changed both ways in a merge; nothing public "
                "is made until it is settled", f"screenkit resolve {key} --ours (or --theirs)")
        for key in plan.conflicts
    ]  # fmt: skip
    rest = [p for p in errors(problems) if p.loc[:1] != ("conflicts",)]
    if rest:
        found.append(Pending("errors", None, None, f"{len(rest)} error(s) in the plan",
                             "screenkit check"))  # fmt: skip
    # status never claims more than it checked: the warnings `check` has are counted here
    # too, so "nothing pending" is never said over them.
    warned = len(problems) - len(errors(problems))
    if warned:
        found.append(Pending("warnings", None, None, f"{warned} warning(s) in the plan",
                             "screenkit check"))  # fmt: skip
    return found


def synced(ws: Workspace, data: dict[str, Any], plan: Plan) -> Plan:
    """The plan with every calendar identity up to date, as the next send would have it."""
    from screenkit.calendars.identity import sync
    from screenkit.plan.models import changed_records, revalidate

    new = sync(data, plan, ws.now, ws.new_uid)
    return plan if new is data else revalidate(plan, new, changed_records(data, new))


def owed_messages(plan: Plan, today: dt.date, sids: Iterable[str] | None = None) -> list[Owed]:
    """What `send` would send for `sids` (every screening that can be sent by default):
    `plan` synced, screenings with an error or an invitee without an email left out."""
    from screenkit.calendars.identity import owed
    from screenkit.delivery.build import blocked
    from screenkit.rules.checks import check

    chosen = list(plan.screenings if sids is None else sids)
    left_out = blocked(plan, check(plan, today), chosen)
    return owed(plan, [sid for sid in chosen if sid not in left_out], today)


def describe(plan: Plan, sid: str, people: list[Owed]) -> str:
    """`2 people have the old time (start 19:00 → 19:30)`, for one screening's owed."""
    from screenkit.delivery.mail import changes_since, what_changed

    names = _names([p.name for p in people])
    has = "has" if len(people) == 1 else "have"
    kinds = {p.kind for p in people}
    if kinds == {"Invitation"}:
        return f"{names} {'has' if len(people) == 1 else 'have'} not been invited yet"
    if kinds <= {"Cancelled"}:
        return (
            f"{names} still {'holds' if len(people) == 1 else 'hold'} it: not told it is cancelled"
        )
    if kinds == {"Removed"}:
        return f"{names} {'was' if len(people) == 1 else 'were'} taken off it and not told"
    changed = list(dict.fromkeys(
        line.strip() for p in people for line in what_changed(plan, sid, p.previous)
    ))  # fmt: skip
    if changed:
        moved: list[str] = [c.field for p in people for c in changes_since(plan, sid, p.previous)]
        what = (
            "the old time" if set(moved) <= {"date", "start", "end"} else f"the old {_names(moved)}"
        )
        return f"{names} {has} {what} ({'; '.join(changed)})"
    return f"{names} {has} an older version of it"


def _names(items: list[str]) -> str:
    items = list(dict.fromkeys(items))
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _invitations(plan: Plan, today: dt.date) -> list[Pending]:
    found: dict[str, list[Owed]] = {}
    for p in owed_messages(plan, today):
        found.setdefault(p.sid, []).append(p)
    out = []
    for sid, people in found.items():
        out.append(Pending("invitations", sid, None, describe(plan, sid, people),
                           f"screenkit send {sid}"))  # fmt: skip
        out += [Pending("invitations", sid, p.pid, f"{p.name}: {p.kind.lower()} owed",
                        f"screenkit send {sid}") for p in people]  # fmt: skip
    return out


def _calendars(plan: Plan) -> list[Pending]:
    """Calendars screenkit published whose events are older than the plan."""
    from screenkit.calendars.objects import digest, resource
    from screenkit.plan.models import View

    by_uid = {s.uid: sid for sid, s in plan.screenings.items() if s.uid}
    out = []
    for url, calendar in plan.published.items():
        records = calendar.events
        views: tuple[View, ...] = (calendar.audience,) if calendar.audience else ("public", "team")
        old = []
        for uid, record in records.items():
            sid = by_uid.get(uid)
            if sid is None or plan.screenings[sid].film not in plan.films:
                continue
            if all(digest(resource(plan, sid, view)) != record.digest for view in views):
                old.append(sid)
        gone = [uid for uid in records if uid not in by_uid]
        if old:
            out.append(Pending("calendars", None, None,
                               f"{url}: {len(old)} event(s) older than the plan "
                               f"({_names(old[:5])}{' …' if len(old) > 5 else ''})",
                               f"screenkit publish {url}"))  # fmt: skip
        if gone:
            out.append(Pending("calendars", None, None,
                               f"{url}: {len(gone)} event(s) of screenings no longer in the plan",
                               f"screenkit publish {url} --remove-missing"))  # fmt: skip
    return out


def _exports(ws: Workspace, data: dict[str, Any]) -> list[Pending]:
    """The default export folders in the current one, where an export left its stamp."""
    from screenkit.errors import InputError
    from screenkit.inputfiles import read_regular
    from screenkit.usecases import stamps

    def too_big(name: str, size: int | None) -> InputError:
        return InputError(f"{name}: not a stamp")

    out = []
    now = stamps.content_digest(data)
    for folder, command in (("export", "screenkit export"), ("site", "screenkit export site")):
        path = ws.cwd / folder / stamps.NAME
        if not path.exists():
            continue
        try:  # a stamp is a line; a FIFO or /dev/zero put in its place is not one
            made = stamps.read(read_regular(path, 4096, too_big))
        except (OSError, InputError):
            continue
        if made not in (None, now):
            out.append(Pending("exports", None, None,
                               f"{folder}/ was written before the plan's last change",
                               command))  # fmt: skip
    return out


def _tasks(plan: Plan, today: dt.date) -> list[Pending]:
    from screenkit.rules.tasks import open_tasks

    # By screening, then by owner (`task assign`): each owner sees what is theirs to do.
    late: dict[tuple[str, str | None], list[str]] = {}
    for task in open_tasks(plan, today):
        if task.due < today and task.id != "result" and not task.id.startswith("chase-"):
            late.setdefault((task.screening, task.owner), []).append(task.id)
    out = []
    for (sid, owner), ids in late.items():
        whose = f"{_person_name(plan, owner)}'s " if owner else ""
        listed = f"{', '.join(ids[:4])}{' …' if len(ids) > 4 else ''}"
        out.append(Pending("tasks", sid, owner, f"{len(ids)} of {whose}task(s) overdue: "
                           f"{listed}" if owner else f"{len(ids)} task(s) overdue: {listed}",
                           f"screenkit tasks {sid} --overdue"))  # fmt: skip
    return out


def _person_name(plan: Plan, pid: str) -> str:
    person = plan.volunteers.get(pid) or plan.speakers.get(pid)
    return person.name if person else pid


def answers_to_chase(plan: Plan, today: dt.date) -> list[Pending]:
    """Answers not in by settings.confirm_by: whom to ask, how to reach them, and how to
    record what they say."""
    from screenkit.rules.people import old_answer_words, to_chase

    out = []
    for sid, pid, answer in to_chase(plan, today):
        person = plan.speakers[pid]
        name = person.name
        days = (plan.screenings[sid].date - today).days
        old = old_answer_words(plan, sid, pid)
        # The chase, not an answer nobody gave: how to reach them, then how to record what
        # they say (the organiser's own view: their contact stays with the organiser).
        reach = ", ".join(str(x) for x in (person.email, person.phone) if x)
        ask = f"; ask them ({reach})" if reach else "; ask them"
        record = f"screenkit rsvp {sid} {pid} yes|no|maybe (what they tell you)"
        if old is not None and answer != "declined":
            out.append(Pending("answers", sid, pid, f"{name} {old}, {days} day(s) before{ask}",
                               record))  # fmt: skip
        elif answer == "declined":
            out.append(Pending("answers", sid, pid, f"{name} declined but is still booked",
                               f"screenkit update {sid} --speaker …"))  # fmt: skip
        else:
            out.append(Pending("answers", sid, pid,
                               f"{name} has not accepted ({answer}), {days} day(s) before{ask}",
                               record))  # fmt: skip
    return out


def _after(plan: Plan, today: dt.date) -> list[Pending]:
    from screenkit.rules.results import overdue

    out = []
    for sid, what, since in overdue(plan, today):
        if what == "result":
            out.append(Pending("after", sid, None, f"no result recorded since {since}",
                               f"screenkit result {sid} --attendance N"))  # fmt: skip
        else:
            out.append(Pending("after", sid, None, f"box-office return due since {since}",
                               f"screenkit export return {sid} --final"))  # fmt: skip
    return out


def status(ws: Workspace) -> list[Pending]:
    """Everything pending, in the order of KINDS, then by screening."""
    from screenkit.errors import PlanError
    from screenkit.plan.models import validate_plan
    from screenkit.planfile import store
    from screenkit.rules.checks import check

    text = store.read_text(ws.plan)
    data = store.parse(text, ws.plan)
    try:
        data = pending(ws, data, text)
        plan = validate_plan(data)
    except PlanError:  # a damaged journal: the next write says so; status shows the plan
        data = store.parse(text, ws.plan)
        plan = validate_plan(data)
    found = _behind(ws) + _errors(plan, check(plan, ws.today))
    synced_plan = synced(ws, data, plan)
    found += _invitations(synced_plan, ws.today)
    found += _calendars(synced_plan)
    found += _exports(ws, data)
    found += _tasks(plan, ws.today)
    found += answers_to_chase(plan, ws.today)
    found += _after(plan, ws.today)
    return found


def pending(ws: Workspace, data: dict[str, Any], text: str) -> dict[str, Any]:
    """The plan as the next session will have it (`data`, parsed from `text`): with what an
    interrupted send or publish left in the journal folded in (in memory: `status` writes
    nothing), so it does not call owed what the server already took."""
    from screenkit.edits import changes
    from screenkit.files import resolve
    from screenkit.planfile.journal import Journal

    journal = Journal(resolve(ws.plan))
    if not journal.exists():
        return data
    if not journal.belongs(text, data.get("screenings") or {}):
        return data  # not this plan's: the next session that writes sets it aside, and says so
    entries = journal.entries()
    return changes.fold(data, entries)[0] if entries else data


def for_digest(plan: Plan, problems: list[Problem], today: dt.date) -> list[Pending]:
    """What the organiser's daily digest says (`screenkit remind`), of a plan whose calendar
    identities are up to date: errors, invitations out of date (per screening), overdue
    tasks and those due in the week ahead (kind `soon`), answers to chase, results and
    returns due."""
    from screenkit.rules.tasks import open_tasks

    found = _errors(plan, problems)
    found += [p for p in _invitations(plan, today) if p.person is None]
    found += _tasks(plan, today)
    soon: dict[tuple[str, dt.date], list[str]] = {}
    for t in open_tasks(plan, today, 7):
        if t.due >= today:
            soon.setdefault((t.screening, t.due), []).append(t.id)
    order = sorted(soon.items(), key=lambda item: (item[0][1], item[0][0]))
    found += [Pending("soon", sid, None, f"due {day:%a} {day.day} {day:%b}: {', '.join(ids)}",
                      f"screenkit tasks {sid} --due-within 7")
              for (sid, day), ids in order]  # fmt: skip
    found += answers_to_chase(plan, today)
    found += _after(plan, today)
    return found


def newly_owed(
    ws: Workspace, before: dict[str, Any], old: Plan, after: dict[str, Any], new: Plan
) -> list[str]:
    r"""One line per screening whose invitation a change made out of date for people who hold
    it: `clapham: Amira Haddad has the old time (Start: 19:00 → 19:30); run \`screenkit send
    clapham\``. Only screenings the change could reach, and only those already sent."""
    from screenkit.plan.models import changed_records, revalidate
    from screenkit.rules.checks import scope

    if after is before:
        return []
    reach = scope(old, new, changed_records(before, after))
    sids = [
        sid for sid, s in new.screenings.items()
        if (reach is None or sid in reach.screenings) and s.calendar and s.calendar.sent_to
        and s.date >= ws.today
    ]  # fmt: skip
    if not sids:
        return []  # nothing sent that it reaches: the calendar code is not even loaded
    from screenkit.calendars.identity import owed, sync

    def owing(data: dict[str, Any], plan: Plan) -> list[Owed]:
        present = [sid for sid in sids if sid in plan.screenings]
        synced = sync(data, plan, ws.now, ws.new_uid, present)
        if synced is not data:
            plan = revalidate(plan, synced, changed_records(data, synced))
        return owed(plan, present, ws.today)

    held = {(p.sid, p.pid, p.kind, p.sequence) for p in owing(before, old)}
    fresh: dict[str, list[Owed]] = {}
    for p in owing(after, new):
        if (p.sid, p.pid, p.kind, p.sequence) not in held and p.kind != "Invitation":
            fresh.setdefault(p.sid, []).append(p)
    return [
        f"{sid}: {describe(new, sid, people)}; run `screenkit send {sid}`"
        for sid, people in fresh.items()
    ]
