"""Emailing invitations (`send`), and the answers that come back (`replies`, `rsvp`).

`send` runs like an export: under the plan's lock the calendar records are synced, each
person's message is built from that plan (`identity.owed`: only what changed since they were
last sent it), a target delivers them, and only then is the plan written, recording per person
exactly the messages the server accepted. Each message the server takes is kept in the plan's
journal at once, so a run killed halfway records what went and the next sends only the rest.
A dry run, `.eml` files and an mbox record nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Literal

from screenkit.calendars.identity import Owed
from screenkit.delivery.build import Built
from screenkit.delivery.targets import Arrival, Delivery, File, Folder, Target
from screenkit.errors import DeliveryError, Incomplete, InputError, ScreenkitError, StorageError
from screenkit.output import Output
from screenkit.plan.models import Plan
from screenkit.plan.problems import Problem
from screenkit.planfile import store
from screenkit.usecases.exports import protected
from screenkit.usecases.workspace import Workspace, require_screening

Data = dict[str, Any]
Mode = Literal["smtp", "dry-run", "eml", "mbox"]


@dataclass
class Sent:
    planned: list[Owed] = field(default_factory=list)
    delivery: Delivery = field(default_factory=Delivery)
    left_out: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    to_files: bool = False  # --eml: a failure is a file not written, not a server's refusal

    def failure(self) -> ScreenkitError | None:
        if self.to_files and self.delivery.failed:
            return StorageError(*(f"{out.name}: {why} (not written)"
                                  for out, why in self.delivery.failed))  # fmt: skip
        failed = [
            f"screenings.{out.screenings[0]}: {why} (not sent; the next send tries again)"
            if out.screenings
            else f"{why} (not sent)"
            for out, why in self.delivery.failed
        ]
        lines = [f"screenings.{sid}: nothing sent for it" for sid in self.left_out]
        lines += [why for reasons in self.left_out.values() for why in reasons]
        if failed:
            return DeliveryError(*failed, *lines)
        if lines:
            return Incomplete(*lines)
        return None


@dataclass
class Messages(Built):
    """One email per person who is owed one (`identity.owed`), in the order planned."""

    planned: list[Owed] = field(default_factory=list)
    emails: list[Output] = field(default_factory=list)  # one per planned, whatever the target

    def __post_init__(self) -> None:
        self._by_output = {id(o): p for p, o in zip(self.planned, self.emails, strict=True)}

    def owed(self, out: Output) -> Owed | None:
        """Which planned message an email delivered is (the same object the target got)."""
        return self._by_output.get(id(out))


def _messages(plan: Plan, problems: list[Problem], ids: list[str], mode: Mode,
              now: dt.datetime, today: dt.date) -> Messages:  # fmt: skip
    from screenkit.calendars.identity import owed
    from screenkit.delivery import mail
    from screenkit.delivery.build import ALL, Request, build
    from screenkit.rules.needtoknow import hidden_from, seen_by

    built = build(plan, problems, Request(invites=ids or ALL, invites_dir=""))
    invites = {out.screenings[0]: out.content for out in built.outputs}
    planned = owed(plan, list(invites), today)
    # Need-to-know: each person's message and calendar are made from the plan as they may
    # see it, so a private speaker's name and address never reach a co-speaker's copy.
    seen: dict[frozenset[str], tuple[Plan, dict[str, bytes]]] = {frozenset(): (plan, invites)}

    def view(pid: str, sid: str) -> tuple[Plan, bytes]:
        hidden = hidden_from(plan, pid)
        if hidden not in seen:
            seen[hidden] = (seen_by(plan, pid), {})
        shown, made = seen[hidden]
        if sid not in made:  # the screening passed the plan's own build (`blocked`)
            from screenkit.calendars.ical import invite

            made[sid] = invite(shown, sid)
        return shown, made[sid]

    outputs = []
    for p in planned:
        uid = plan.screenings[p.sid].uid
        if p.crew is not None:  # a volunteer: their own event for their job
            from screenkit.calendars.ical import crew_invite, crew_uid

            assert uid is not None
            shown = seen_by(plan, p.pid)
            calendar = crew_invite(shown, p.sid, p.pid, p.crew, p.email, p.name, p.method)
            msg = mail.message(shown, p, calendar, now)
            outputs.append(Output(f"{p.sid}-crew-{p.pid}.eml", mail.as_bytes(msg), "email",
                                  "message/rfc822", screenings=(p.sid,), speaker=p.pid,
                                  uid=crew_uid(uid, p.pid), method=p.method,
                                  recipients=(p.email,)))  # fmt: skip
            continue
        shown, invite = view(p.pid, p.sid)
        msg = mail.message(shown, p, invite, now)
        outputs.append(Output(f"{p.sid}-{p.pid}.eml", mail.as_bytes(msg), "email",
                              "message/rfc822", screenings=(p.sid,), speaker=p.pid,
                              uid=uid, method=p.method, recipients=(p.email,)))  # fmt: skip
    emails = outputs
    if mode == "mbox" and outputs:
        sender = plan.organiser.email if plan.organiser else "screenkit"
        content = mail.mbox(outputs, str(sender), now)
        outputs = [Output("sent.mbox", content, "mbox", "application/mbox")]
    return Messages(outputs, built.left_out, len(outputs), planned=planned, emails=emails)


def send(ws: Workspace, ids: list[str], *, dry_run: bool = False, eml: Path | None = None,
         mbox: Path | None = None, insecure: bool = False) -> Sent:  # fmt: skip
    """Email each person what changed for them, through the server the environment or the
    user config names (`smtp.settings`); or only list it (`dry_run`), or write it as `.eml`
    files or an mbox. Only a real send records anything. `insecure` allows a password over a
    connection without encryption."""
    if sum(bool(x) for x in (dry_run, eml, mbox)) > 1:
        raise InputError("--dry-run, --eml and --mbox: give one of them at most")
    mode: Mode = "dry-run" if dry_run else "eml" if eml else "mbox" if mbox else "smtp"
    target: Target | None = None
    if eml is not None:
        target = Folder(eml, protected(ws.plan))
    elif mbox is not None:
        target = File(mbox, protected(ws.plan))
    elif not dry_run:
        plan = store.load(ws.plan, quick=True)
        organiser_email(ws, plan)
        if any(s.organiser is not None for s in plan.screenings.values()):
            return deliver(ws, ids, mode, lambda plan: routed(ws, plan, insecure))
        from screenkit.delivery import smtp

        target = smtp.Mailer(smtp.settings(ws.environ, insecure=insecure), organiser_email(ws))
    return deliver(ws, ids, mode, target)


def routed(ws: Workspace, plan: Plan, insecure: bool) -> Target:
    """Each organiser's mail through their own account, from them (`Plan.organisers`): a
    screening's message by its organiser, a digest (no screening) by its recipient. A group
    in the tour sends as itself, with its own server and password."""
    from screenkit.delivery import smtp

    every = plan.organisers()  # each with an address
    senders = {
        (o.account, str(o.email)): smtp.Mailer(
            smtp.settings(ws.environ, insecure=insecure, account=o.account), str(o.email)
        )
        for o in every
    }
    by_address = {str(o.email).lower(): o for o in every}

    def route(out: Output) -> tuple[str | None, str] | None:
        if out.screenings:
            o = plan.organiser_of(out.screenings[0])
        else:  # a digest: to its organiser, from them
            o = by_address.get(out.recipients[0].lower()) if out.recipients else None
        return (o.account, o.email) if o is not None and o.email else None

    return smtp.Routed(senders, route)


def deliver(ws: Workspace, ids: list[str], mode: Mode, target: Target | Any | None) -> Sent:
    """`send` with its target chosen: build, deliver, and record (smtp only) exactly the
    messages the server accepted, each as reaching its person."""
    from screenkit.calendars.identity import Synced
    from screenkit.edits import changes
    from screenkit.usecases import delivering

    made: list[Messages] = []

    def build(plan: Plan, problems: list[Problem]) -> Messages:
        made.append(_messages(plan, problems, ids, mode, ws.now, ws.today))
        return made[0]

    def owed_for(out: Output) -> Owed | None:
        return made[0].owed(out)

    def record(synced: Synced, delivery: Delivery) -> Data:
        reached = [p for out in delivery.done if (p := owed_for(out)) is not None]
        return changes.record_sent(synced.keep({p.sid for p in reached}), reached)

    def journal(synced: Synced, arrival: Arrival) -> Data | None:
        p = owed_for(arrival.out) if arrival.out is not None else None
        return changes.sent_entry(synced.after, p) if p is not None else None

    done = delivering.deliver(ws, Synced(ws.now, ws.new_uid), build, target, record,
                              label="sending", write=mode == "smtp", journal=journal)  # fmt: skip
    return Sent(
        done.built.planned,
        done.delivery,
        done.built.left_out,
        done.warnings,
        to_files=mode in ("eml", "mbox"),
    )


def organiser_email(ws: Workspace, plan: Plan | None = None) -> str:
    """The envelope sender: the organiser's address, which is also the ORGANIZER."""
    plan = plan or store.load(ws.plan, quick=True)
    if plan.organiser is None or not plan.organiser.email:
        raise InputError(
            "organiser.email: not set, and every message is from the organiser (the invitations' "
            "ORGANIZER too); set it: screenkit set organiser.email you@example.org"
        )
    return plan.organiser.email


# -- answers ---------------------------------------------------------------------------------


@dataclass
class Answers:
    recorded: list[tuple[str, str, str]] = field(default_factory=list)  # (sid, pid, answer)
    ignored: list[str] = field(default_factory=list)  # why, one line each
    warnings: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what was recorded unchecked, one line each


class _AnswersAllowed:
    """Recording an answer is never refused for what the answer says: a decline makes `check`
    report an error (someone booked who will not come), which is for the organiser to fix."""

    def failure(self, fields: list[tuple[tuple[int | str, ...], str]],
                problems: list[Problem]) -> Exception | None:  # fmt: skip
        from screenkit.planfile.session import PlanTerms

        kept = [p for p in problems if p.screening is None or p.loc[2:3] != ("rsvp",)]
        return PlanTerms().failure(fields, kept)


def _read_source(name: str, stdin: BinaryIO) -> tuple[str, bytes]:
    from screenkit import inputfiles
    from screenkit.delivery.replies import MAX_BYTES, too_big

    raw = inputfiles.read(
        name, stdin, MAX_BYTES, lambda where, _: too_big(where), "the files in it"
    )
    return ("standard input" if name == "-" else name), raw


def read_replies(ws: Workspace, sources: list[str], stdin: BinaryIO) -> Answers:
    """Record each person's answer from iTIP REPLY messages in files (`-`: stdin); every
    input is read first, so an unreadable one records nothing."""
    from screenkit.delivery import replies

    inputs = [_read_source(name, stdin) for name in sources]
    found = [r for name, raw in inputs for r in replies.read(name, raw)]
    return _record_answers(ws, found)


def read_replies_imap(ws: Workspace) -> Answers:
    """Record the answers in the mailbox's new messages (`delivery.imap`), then move the
    handled ones aside (`move_to`) and remember the last UID read: only once the plan holds
    what they said, so an interrupted run reads them again and records nothing twice."""
    from screenkit.delivery import imap, replies

    settings = imap.settings(ws.environ)
    validity, since = imap.last_read(ws.environ, settings.key())
    with imap.mailbox(settings) as box:
        found = box.new(validity, since)
        read: list[replies.Reply] = []
        handled: list[int] = []
        skipped = list(found.skipped)
        for message in found.messages:
            name = f"{settings.folder} UID {message.uid}"
            try:
                got = replies.from_message(name, message.raw, settings.authserv_id)
            except InputError as exc:
                skipped.append(exc.lines[0])
                continue
            if got:
                read += got
                handled.append(message.uid)
        answers = _record_answers(ws, read) if read else Answers([])
        answers.ignored = skipped + answers.ignored
        box.move(handled)
    imap.remember(ws.environ, settings.key(), found.uidvalidity, found.last_uid)
    answers.notes.append(f"{len(found.messages)} new message(s) in {settings.folder}, "
                         f"{len(handled)} with an answer")  # fmt: skip
    return answers


def _record_answers(ws: Workspace, found: list[Any]) -> Answers:
    """Record what `found` replies say, as `match` decides (see `delivery.replies`)."""
    from screenkit.delivery import replies
    from screenkit.edits import changes

    def change(data: Data, plan: Plan) -> tuple[Data, Answers]:
        matched = replies.match(plan, found)
        recorded = []
        for a in matched.answers:
            data = changes.with_answer(data, a.sid, a.pid, a.answer, sequence=a.sequence,
                                       stamp=a.stamp, sent=a.sent)  # fmt: skip
            said = f"{a.answer} (to SEQUENCE {a.sequence}, an older version)" if a.old else a.answer
            recorded.append((a.sid, a.pid, said))
        return data, Answers(recorded, matched.ignored, notes=matched.notes)

    edited = ws.edit(change, explain=_AnswersAllowed())
    answers = edited.result
    answers.warnings = edited.warnings
    return answers


def rsvp(ws: Workspace, sid: str, pid: str, answer: str) -> Answers:
    """An answer given another way (by phone, in person)."""
    from screenkit.edits import changes
    from screenkit.plan.models import Answer
    from screenkit.rules.people import held_sequence, invited

    choices = Answer.__args__  # type: ignore[attr-defined]
    if answer not in choices:
        raise InputError(f"answer: {answer!r} is not one of {', '.join(choices)}")

    def change(data: Data, plan: Plan) -> tuple[Data, Answers]:
        require_screening(plan, sid)
        if pid not in invited(plan, sid):
            raise InputError(
                f"screenings.{sid}: {pid} is not one of its speakers or host "
                f"({', '.join(invited(plan, sid)) or 'none yet'})"
            )
        cal = plan.screenings[sid].calendar
        last = cal.sent_to.get(pid) if cal is not None else None
        sent = last.sent if last is not None else cal.sent if cal is not None else None
        new = changes.with_answer(data, sid, pid, answer, sequence=held_sequence(plan, sid, pid),
                                  stamp=ws.now, sent=sent)  # fmt: skip
        return new, Answers([(sid, pid, answer)])

    edited = ws.edit(change, explain=_AnswersAllowed())
    answers = edited.result
    answers.warnings = edited.warnings
    return answers
