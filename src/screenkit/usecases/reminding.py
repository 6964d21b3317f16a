"""`remind`: the reminders owed now (`reminders.due`) and the organiser's daily digest,
emailed through the same server and the same delivery pipeline as `send`.

Safe to run every hour from cron: what the server took is recorded per person and reminder
(and the digest per day), journalled as it goes, so a second run sends nothing twice and a
run cut short records exactly what went. A dry run and `.eml` files record nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from screenkit.delivery.build import Built
from screenkit.delivery.targets import Arrival, Delivery, Folder, Target
from screenkit.errors import DeliveryError, InputError, ScreenkitError, StorageError
from screenkit.output import Output
from screenkit.plan.models import Plan
from screenkit.plan.problems import Problem
from screenkit.rules.reminders import Reminder
from screenkit.usecases.exports import protected
from screenkit.usecases.workspace import Workspace

Data = dict[str, Any]


@dataclass
class Reminding(Built):
    """One email per reminder owed, and the digest when it is due and has something to say."""

    planned: list[Reminder] = field(default_factory=list)
    digest: list[Any] = field(default_factory=list)  # status.Pending, when it goes
    skipped: list[str] = field(default_factory=list)  # people owed one with no email
    by_output: dict[int, Reminder | None] = field(default_factory=dict)  # None: the digest


@dataclass
class Reminded:
    planned: list[Reminder]
    digest: list[Any]
    delivery: Delivery
    skipped: list[str]
    warnings: list[Problem]
    to_files: bool = False  # --eml: a failure is a file not written, not a server's refusal
    idle: str = "nothing is due"  # why nothing was owed, when nothing was

    def failure(self) -> ScreenkitError | None:
        if self.to_files:
            written = [f"{out.name}: {why} (not written)" for out, why in self.delivery.failed]
            return StorageError(*written) if written else None
        failed = [f"{out.name}: {why} (not sent; the next run tries again)"
                  for out, why in self.delivery.failed]  # fmt: skip
        return DeliveryError(*failed) if failed else None


def _build(plan: Plan, problems: list[Problem], ws: Workspace) -> Reminding:
    from screenkit.delivery import mail, reminding
    from screenkit.rules import reminders
    from screenkit.rules.needtoknow import seen_by
    from screenkit.usecases.status import for_digest

    # An error in the plan does not hold a reminder back (a speaker who declined is one):
    # the others still come, and the digest names the error.
    owed = reminders.due(plan, ws.now)
    out = Reminding([])
    for r in owed:
        person = plan.volunteers.get(r.pid) if r.volunteer else plan.speakers.get(r.pid)
        if person is None or not person.email:
            where = "volunteers" if r.volunteer else "speakers"
            out.skipped.append(f"{where}.{r.pid}: no email, so no reminder of {r.sid}; add one "
                               f"(screenkit {where[:-1]} update {r.pid} --email …)")  # fmt: skip
            continue
        msg = reminding.message(seen_by(plan, r.pid), r, ws.now)  # what they may know
        email = Output(f"{r.sid}-{r.pid}-reminder.eml", mail.as_bytes(msg), "email",
                       "message/rfc822", screenings=(r.sid,), speaker=r.pid,
                       recipients=(str(person.email),))  # fmt: skip
        out.planned.append(r)
        out.by_output[id(email)] = r
        out.outputs = [*out.outputs, email]
    organiser = plan.organiser
    last = plan.digest.last if plan.digest else None
    if organiser and organiser.email and (last is None or last < ws.today):
        items = for_digest(plan, problems, ws.today)
        # Each organiser's digest lists their own screenings; the plan's organiser gets the
        # rest and what concerns the whole plan (a group in the tour sees its evenings alone).
        owners = {sid: o for sid in plan.screenings if (o := plan.organiser_of(sid))}
        for who in plan.organisers():
            mine = [p for p in items if (owners.get(p.screening) if p.screening else organiser)
                    == who]  # fmt: skip
            skipped = out.skipped if who == organiser else []
            if not mine and not skipped:
                continue
            shown = [(p.kind, f"{p.screening}: {p.message}" if p.screening else p.message,
                      p.command) for p in mine]  # fmt: skip
            shown += [("reminders", line, "") for line in skipped]
            msg = reminding.digest_message(plan, shown, ws.today, ws.now, who)
            name = "digest.eml" if who == organiser else f"digest-{who.email}.eml"
            email = Output(name, mail.as_bytes(msg), "email", "message/rfc822",
                           recipients=(str(who.email),))  # fmt: skip
            out.digest += mine
            out.by_output[id(email)] = None
            out.outputs = [*out.outputs, email]
    out.total = len(list(out.outputs))
    return out


def nothing_due(ws: Workspace) -> str | None:
    """Why nothing is owed now (no reminder, and the digest sent today or no one to send it
    to), or None when something is: the answer without the plan's lock or its checks."""
    from screenkit.planfile import store
    from screenkit.rules import reminders

    plan = store.load(ws.plan, quick=True)
    organiser = plan.organiser
    digest_due = bool(organiser and organiser.email) and (
        plan.digest is None or plan.digest.last < ws.today
    )
    if digest_due or reminders.due(plan, ws.now):
        return None
    if organiser is None or not organiser.email:
        return ("no reminder is due, and no digest can go: the plan has no organiser email "
                "(screenkit set organiser.email you@example.org)")  # fmt: skip
    return "no reminder is due, and the digest has gone today"


def remind(ws: Workspace, *, dry_run: bool = False, eml: Path | None = None,
           insecure: bool = False) -> Reminded:  # fmt: skip
    """Email the reminders and the digest owed now through the server the environment or the
    user config names; or only list them (`dry_run`), or write them as `.eml` files."""
    from screenkit.calendars.identity import Synced
    from screenkit.edits import changes
    from screenkit.usecases import delivering
    from screenkit.usecases.sending import organiser_email

    if dry_run and eml:
        raise InputError("--dry-run and --eml: give one of them at most")
    idle = nothing_due(ws)
    if idle is not None:  # most hourly runs: read the plan, lock nothing, write nothing
        return Reminded([], [], Delivery(), [], [], idle=idle)
    # Every message is from the organiser, a dry run's and an .eml file's too.
    sender = organiser_email(ws)
    target: Target | None = None
    if eml is not None:
        target = Folder(eml, protected(ws.plan))
    elif not dry_run:
        from screenkit.delivery import smtp
        from screenkit.planfile import store
        from screenkit.usecases.sending import routed

        plan = store.load(ws.plan, quick=True)
        if any(s.organiser is not None for s in plan.screenings.values()):
            target = routed(ws, plan, insecure)  # each organiser through their own account
        else:
            target = smtp.Mailer(smtp.settings(ws.environ, insecure=insecure), sender)
    made: list[Reminding] = []

    def build(plan: Plan, problems: list[Problem]) -> Reminding:
        made.append(_build(plan, problems, ws))
        return made[0]

    def record(synced: Synced, delivery: Delivery) -> Data:
        sent = [made[0].by_output.get(id(out), False) for out in delivery.done]
        reached = [r for r in sent if isinstance(r, Reminder)]
        data = changes.record_reminded(synced.keep({r.sid for r in reached}), reached)
        return changes.record_digest(data, ws.today) if None in sent else data

    def journal(synced: Synced, arrival: Arrival) -> Data | None:
        if arrival.out is None or id(arrival.out) not in made[0].by_output:
            return None
        r = made[0].by_output[id(arrival.out)]
        if r is None:
            return {"kind": "digest", "day": ws.today.isoformat()}
        return changes.reminded_entry(r)

    done = delivering.deliver(ws, Synced(ws.now, ws.new_uid), build, target, record,
                              label="reminding", write=target is not None and eml is None,
                              journal=journal)  # fmt: skip
    built = done.built
    return Reminded(
        built.planned,
        built.digest,
        done.delivery,
        built.skipped,
        done.warnings,
        to_files=eml is not None,
    )
