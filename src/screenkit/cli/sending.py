"""`send`, `replies`, `rsvp`: invitations by email and the answers that come back."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from screenkit.cli import ui
from screenkit.cli.options import EML, IDS, SMTP_INSECURE
from screenkit.cli.ui import env

if TYPE_CHECKING:
    from screenkit.usecases.sending import Answers


def send(
    ctx: typer.Context,
    ids: IDS = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="List who would get what; send nothing.")
    ] = False,
    eml: EML = None,
    mbox: Annotated[
        Path | None,
        typer.Option("--mbox", metavar="FILE", help="Write the messages as one mbox instead."),
    ] = None,
    insecure: SMTP_INSECURE = False,
) -> None:
    """Email invitations to speakers and hosts. Only what changed for each person (iMIP).

    A new person gets an invitation, the others an update when the time, venue, status or
    details change, a person taken off a screening a cancellation of their own. What the
    server accepts is recorded in the plan, so a second send with nothing changed sends
    nothing. The server comes from SCREENKIT_SMTP_URL (smtp://, smtp+starttls://, smtps://),
    SCREENKIT_SMTP_USER and SCREENKIT_SMTP_PASSWORD, or an [smtp] table in the config file
    (SCREENKIT_CONFIG). --dry-run, --eml and --mbox record nothing.

    Example: screenkit send --dry-run
    """
    from screenkit.usecases import sending

    e = env(ctx)
    sent = sending.send(e.workspace(), list(ids or []), dry_run=dry_run, eml=eml, mbox=mbox,
                        insecure=insecure)  # fmt: skip
    mode = "dry-run" if dry_run else "files" if eml or mbox else "smtp"
    e.warn_problems(sent.warnings)
    if not sent.planned:
        e.say("nothing to send: everyone has the latest version")
    elif mode == "dry-run":
        for p in sent.planned:
            ui.out(f"{p.sid}: {p.describe()}")
        e.say(f"would send {len(sent.planned)} message(s); nothing was sent")
    elif mode == "smtp":
        planned = {(p.sid, p.pid): p for p in sent.planned}
        for out in sent.delivery.done:  # said as the dry run says it: invitation, update …
            owed = planned.get((out.screenings[0], out.speaker or ""))
            what = owed.describe() if owed else f"message to {', '.join(out.recipients)}"
            ui.out(f"{out.screenings[0]}: sent the {what}")
        e.say(f"sent {len(sent.delivery.done)} of {len(sent.planned)} message(s)")
    else:
        for place in sent.delivery.places:
            ui.out(place)
        e.say(
            f"wrote {len(sent.delivery.done)} of {len(sent.planned)} message(s); nothing is "
            "recorded as sent"
        )
    failure = sent.failure()
    if failure is not None:
        raise failure


def _show_answers(e: ui.Env, answers: Answers) -> None:
    for sid, pid, answer in answers.recorded:
        ui.out(f"{sid}: {pid} {answer}")
    for line in answers.ignored:
        e.warn(line)
    for line in answers.notes:
        e.say(line)
    e.warn_problems(answers.warnings)


def replies(
    ctx: typer.Context,
    files: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[FILE...|-]",
            help="Replies: .ics, .eml or mbox files; - for stdin.",
            show_default=False,
        ),
    ] = None,
    imap: Annotated[
        bool,
        typer.Option(
            "--imap",
            help="Read new replies from the mailbox in [imap] of your "
            "config (or SCREENKIT_IMAP_URL).",
        ),
    ] = False,
) -> None:
    """Record answers from calendar replies. Accepted, declined or tentative (iTIP REPLY).

    Reads what calendar clients send back when someone presses Accept, Maybe or Decline: a
    saved .eml, an mbox of them, or the .ics itself; or, with --imap, the new messages in
    the mailbox, each read once (handled ones are moved to [imap] move_to, if set). An
    answer counts only from the person it is for (the email's From, or their delegate);
    others, and replies for an unknown screening or from someone not invited, are listed
    and ignored. An answer to an older version is kept as such.

    Example: screenkit replies ~/Downloads/Accepted*.eml
    """
    import sys

    from screenkit.errors import InputError
    from screenkit.usecases import sending

    e = env(ctx)
    if imap == bool(files):
        raise InputError("replies: give the files to read, or --imap to read the mailbox")
    if imap:
        answers = sending.read_replies_imap(e.workspace())
    else:
        answers = sending.read_replies(e.workspace(), list(files or []), sys.stdin.buffer)
    _show_answers(e, answers)
    e.say(f"recorded {len(answers.recorded)} answer(s)")


def rsvp(
    ctx: typer.Context,
    sid: Annotated[str, typer.Argument(metavar="ID", help="The screening.")],
    person: Annotated[str, typer.Argument(metavar="PERSON", help="A speaker or host id.")],
    answer: Annotated[
        str,
        typer.Argument(
            metavar="ANSWER",
            help="yes, no or maybe (accepted, declined, tentative); needs-action clears it.",
        ),
    ],
) -> None:
    """Record an answer given another way. By phone or in person; needs-action clears it.

    Example: screenkit rsvp ica-premiere talal yes
    """
    from screenkit.errors import InputError
    from screenkit.plan import values
    from screenkit.usecases import sending

    e = env(ctx)
    try:
        meant = values.read_answer(answer)
    except ValueError as exc:
        raise InputError(f"answer: {exc}") from None
    _show_answers(e, sending.rsvp(e.workspace(), sid, person, meant))


def register(app: typer.Typer) -> None:
    app.command("send")(send)
    app.command("replies")(replies)
    app.command("rsvp")(rsvp)
