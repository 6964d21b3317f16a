"""Emailing invitations (`send`), and the answers that come back (`replies`, `rsvp`).

`send` runs like an export: under the plan's lock the calendar records are synced, each
person's message is built from that plan (`mail.plan_sends`: only what changed since they were
last sent it), a target delivers them, and only then is the plan written, recording per person
exactly the messages the server accepted. A dry run, `.eml` files and an mbox record nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Literal

from screenkit.delivery.mail import Planned
from screenkit.delivery.targets import Delivery, File, Folder, Target
from screenkit.errors import DeliveryError, Incomplete, InputError, ScreenkitError
from screenkit.models import Plan
from screenkit.output import Output
from screenkit.planfile import store
from screenkit.problems import Problem
from screenkit.usecases.exports import protected
from screenkit.usecases.workspace import Workspace, require_screening

Data = dict[str, Any]
Mode = Literal["smtp", "dry-run", "eml", "mbox"]


@dataclass
class Sent:
    planned: list[Planned] = field(default_factory=list)
    delivery: Delivery = field(default_factory=Delivery)
    left_out: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)

    def failure(self) -> ScreenkitError | None:
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


def _outputs(plan: Plan, planned: list[Planned], invites: dict[str, bytes], now: dt.datetime,
             mode: Mode) -> list[Output]:  # fmt: skip
    from screenkit.delivery import mail

    outputs = []
    for p in planned:
        msg = mail.message(plan, p, invites[p.sid], now)
        outputs.append(Output(f"{p.sid}-{p.pid}.eml", mail.as_bytes(msg), "email",
                              "message/rfc822", screenings=(p.sid,), speaker=p.pid,
                              uid=plan.screenings[p.sid].uid, method=p.method,
                              recipients=(p.email,)))  # fmt: skip
    if mode == "mbox":
        sender = plan.organiser.email if plan.organiser else "screenkit"
        return [Output("sent.mbox", mbox(outputs, str(sender), now), "mbox", "application/mbox")]
    return outputs


def mbox(outputs: Iterable[Output], sender: str, now: dt.datetime) -> bytes:
    """Messages as one mbox (mboxrd: `From ` lines inside a message are quoted)."""
    import re

    stamp = now.astimezone(dt.UTC).strftime("%a %b %d %H:%M:%S %Y")
    chunks = []
    for out in outputs:
        text = out.content.replace(b"\r\n", b"\n")
        text = re.sub(rb"(?m)^(>*From )", rb">\1", text)
        chunks.append(b"From " + sender.encode() + b" " + stamp.encode() + b"\n" + text + b"\n")
    return b"".join(chunks)


def record(data: Data, synced: Data, delivered: list[Planned]) -> Data:
    """`data` with what reached each person: the synced calendar record of their screening,
    and `sent_to.<person>`. A higher SEQUENCE asks them again, so an old answer is dropped."""
    from screenkit.calendars import identity

    data = identity.keep(data, synced, {p.sid for p in delivered})
    if not delivered:
        return data
    screenings = dict(data["screenings"])
    for p in delivered:
        rec = dict(screenings[p.sid])
        cal = dict(rec["calendar"])
        sent_to = dict(cal.get("sent_to", {}))
        rsvp = dict(rec.get("rsvp", {}))
        before = sent_to.get(p.pid)
        if p.removed:
            sent_to.pop(p.pid, None)
            rsvp.pop(p.pid, None)
        else:
            if before is not None and p.sequence > before["sequence"]:
                rsvp.pop(p.pid, None)
            sent_to[p.pid] = {"sequence": p.sequence, "digest": p.digest, "method": p.method,
                              "email": p.email}  # fmt: skip
        cal["sent_to"] = sent_to
        rec["calendar"] = cal
        if rsvp:
            rec["rsvp"] = rsvp
        else:
            rec.pop("rsvp", None)
        screenings[p.sid] = rec
    return {**data, "screenings": screenings}


def send(
    ws: Workspace,
    ids: list[str],
    *,
    dry_run: bool = False,
    eml: Path | None = None,
    mbox: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> Sent:
    """Email each person what changed for them, through the server `environ` names
    (`smtp.settings`); or only list it (`dry_run`), or write it as `.eml` files or an mbox.
    Only a real send records anything."""
    if sum(bool(x) for x in (dry_run, eml, mbox)) > 1:
        raise InputError("--dry-run, --eml and --mbox: give one of them at most")
    mode: Mode = "dry-run" if dry_run else "eml" if eml else "mbox" if mbox else "smtp"
    target: Target | None = None
    if eml is not None:
        target = Folder(eml, protected(ws.plan))
    elif mbox is not None:
        target = File(mbox, protected(ws.plan))
    elif not dry_run:
        from screenkit.delivery import smtp

        settings = smtp.settings(environ or {})
        target = smtp.Mailer(settings, organiser_email(ws))
    return deliver(ws, ids, mode, target)


def deliver(ws: Workspace, ids: list[str], mode: Mode, target: Target | None) -> Sent:
    """`send` with its target chosen: build, deliver, and record what arrived (smtp only)."""
    from screenkit.calendars import identity
    from screenkit.delivery.build import ALL, Request, build
    from screenkit.delivery.mail import plan_sends

    synced = identity.Synced(ws.now, ws.new_uid)
    delivered: list[Any] = []  # the people whose message the server accepted

    def then(plan: Plan, problems: list[Problem]) -> Sent:
        built = build(plan, problems, Request(invites=ids or ALL, invites_dir=""))
        invites = {out.screenings[0]: out.content for out in built.outputs}
        planned = plan_sends(plan, list(invites))
        outputs = _outputs(plan, planned, invites, ws.now, mode) if planned else []
        sent = Sent(planned, left_out=built.left_out)
        if target is not None and outputs:
            with ws.progress("sending", len(outputs)) as step:
                sent.delivery = target.deliver(outputs, step)
        if mode != "smtp":
            return sent
        # Map back what the server accepted to the people it was for.
        accepted = {id(out) for out in sent.delivery.done}
        delivered.extend(p for p, out in zip(planned, outputs, strict=True) if id(out) in accepted)
        return sent

    def settle(sent: Sent) -> Data:
        if mode != "smtp":
            return synced.before
        return record(synced.before, synced.after, delivered)

    edited = store.edit(ws.plan, synced, ws.today, then=then, settle=settle,
                        write=mode == "smtp")  # fmt: skip
    assert edited.output is not None
    sent = edited.output
    sent.warnings = [p for p in edited.problems if p.severity == "warning"]
    return sent


def organiser_email(ws: Workspace) -> str:
    """The envelope sender: the organiser's address, which is also the ORGANIZER."""
    plan = store.load(ws.plan, quick=True)
    if plan.organiser is None or not plan.organiser.email:
        raise InputError("organiser.email: invites need the organiser's email as their ORGANIZER")
    return plan.organiser.email


# -- answers ---------------------------------------------------------------------------------


@dataclass
class Answers:
    recorded: list[tuple[str, str, str]] = field(default_factory=list)  # (sid, pid, answer)
    ignored: list[str] = field(default_factory=list)  # why, one line each
    warnings: list[Problem] = field(default_factory=list)


class _AnswersAllowed:
    """Recording an answer is never refused for what the answer says: a decline makes `check`
    report an error (someone booked who will not come), which is for the organiser to fix."""

    def failure(self, fields: list[tuple[tuple[int | str, ...], str]],
                problems: list[Problem]) -> Exception | None:  # fmt: skip
        from screenkit.planfile.store import PlanTerms

        kept = [p for p in problems if p.screening is None or p.loc[2:3] != ("rsvp",)]
        return PlanTerms().failure(fields, kept)


def _with_answer(data: Data, sid: str, pid: str, answer: str) -> Data:
    rec = dict(data["screenings"][sid])
    rsvp = dict(rec.get("rsvp", {}))
    if answer == "needs-action":
        rsvp.pop(pid, None)
    else:
        rsvp[pid] = answer
    if rsvp:
        rec["rsvp"] = rsvp
    else:
        rec.pop("rsvp", None)
    return {**data, "screenings": {**data["screenings"], sid: rec}}


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
    from screenkit.people import invited

    inputs = [_read_source(name, stdin) for name in sources]
    found = [r for name, raw in inputs for r in replies.read(name, raw)]

    def change(data: Data, plan: Plan) -> tuple[Data, Answers]:
        result = Answers()
        by_uid = {s.uid: sid for sid, s in plan.screenings.items() if s.uid}
        for r in found:
            sid = by_uid.get(r.uid)
            if sid is None:
                result.ignored.append(f"{r.source}: {r.email} answered for UID {r.uid}, which "
                                      "no screening has; ignored")  # fmt: skip
                continue
            s = plan.screenings[sid]
            people = {str(plan.speakers[p].email).lower(): p for p in invited(plan, sid)}
            pid = people.get(r.email.lower())
            if pid is None:
                result.ignored.append(f"{r.source}: {r.email} is not invited to {sid}; ignored")
                continue
            last = s.calendar.sent_to.get(pid) if s.calendar else None
            latest = last.sequence if last else (s.calendar.sequence if s.calendar else 0)
            if r.sequence < latest:
                result.ignored.append(
                    f"{r.source}: {pid} answered SEQUENCE {r.sequence} of {sid}, older than "
                    f"the {latest} last sent; ignored (RFC 5546), they will answer the new one"
                )
                continue
            data = _with_answer(data, sid, pid, r.answer)
            result.recorded.append((sid, pid, r.answer))
        return data, result

    edited = store.edit(ws.plan, change, ws.today, explain=_AnswersAllowed())
    answers = edited.result
    answers.warnings = edited.warnings
    return answers


def rsvp(ws: Workspace, sid: str, pid: str, answer: str) -> Answers:
    """An answer given another way (by phone, in person)."""
    from screenkit.models import Answer
    from screenkit.people import invited

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
        return _with_answer(data, sid, pid, answer), Answers(recorded=[(sid, pid, answer)])

    edited = store.edit(ws.plan, change, ws.today, explain=_AnswersAllowed())
    answers = edited.result
    answers.warnings = edited.warnings
    return answers
