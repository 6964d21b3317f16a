"""`remind`: reminders to speakers, hosts and volunteers, and the organiser's digest."""

from __future__ import annotations

from typing import Annotated

import typer

from screenkit.cli import ui
from screenkit.cli.options import EML, SMTP_INSECURE
from screenkit.cli.ui import env


def remind(
    ctx: typer.Context,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="List who would be reminded; send nothing.")
    ] = False,
    eml: EML = None,
    insecure: SMTP_INSECURE = False,
) -> None:
    """Email the reminders due now, and the organiser's daily digest. Safe to run every hour.

    Each speaker, host and volunteer (the rota) of a confirmed screening is reminded at each
    of settings.reminders before it (7d and 1d by default): their part, the run sheet, the
    address and access, the contact on the day, their needs and travel, and the evening as a
    calendar file. A reminder missed while nothing ran goes once, late (the latest one only);
    none goes for a cancelled or held screening, or to someone who declined. The organiser
    gets one digest a day when something needs doing. The server is the one `send` uses;
    what it accepts is recorded, so a second run sends nothing twice. --dry-run and --eml
    record nothing.

    Example: screenkit remind --dry-run
    """
    from screenkit.usecases.reminding import remind as run

    e = env(ctx)
    done = run(e.workspace(), dry_run=dry_run, eml=eml, insecure=insecure)
    # Run hourly from cron, which mails whatever a job prints: the plan's warnings and the
    # people with no email go into the day's digest instead, and show here on a dry run.
    if dry_run:
        e.warn_problems(done.warnings)
        for line in done.skipped:
            e.warn(line)
    count = len(done.planned) + (1 if done.digest else 0)
    if not count:
        e.say(f"nothing to remind: {done.idle}")
        return
    if dry_run:
        for r in done.planned:
            ui.out(f"{r.sid}: {r.pid} ({r.role}), the {r.lead} reminder")
        if done.digest:
            ui.out(f"digest: {len(done.digest)} item(s) for the organiser")
        e.say(f"would send {count} message(s); nothing was sent")
    elif eml is not None:
        for place in done.delivery.places:
            ui.out(place)
        e.say(f"wrote {len(done.delivery.done)} of {count} message(s); nothing is recorded as sent")
    else:
        for out in done.delivery.done:
            ui.out(f"{out.name.removesuffix('.eml')}: sent to {', '.join(out.recipients)}")
        e.say(f"sent {len(done.delivery.done)} of {count} message(s)")
    failure = done.failure()
    if failure is not None:
        raise failure


def register(app: typer.Typer) -> None:
    app.command()(remind)
