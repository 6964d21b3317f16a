"""`publish`: every screening into a shared CalDAV calendar (Nextcloud, Radicale, iCloud …)."""

from __future__ import annotations

from typing import Annotated

import typer

from screenkit.cli import ui
from screenkit.cli.options import HTTP_INSECURE
from screenkit.cli.ui import env

VIEW = Annotated[
    bool | None,
    typer.Option(
        "--public/--team",
        help="The public feed's view, or the organiser's: attendees, run sheet, contacts and "
        "notes. Default: what the calendar was first published with (public for a new one).",
        show_default=False,
    ),
]
SWITCH = Annotated[
    bool,
    typer.Option("--switch-audience", help="Change a calendar from --team to --public or back."),
]


def publish(
    ctx: typer.Context,
    url: Annotated[str, typer.Argument(metavar="URL", help="The calendar collection's URL.")],
    public: VIEW = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would be sent; send and record nothing.")
    ] = False,
    remove_missing: Annotated[
        bool,
        typer.Option(
            "--remove-missing",
            help="Delete events screenkit published for screenings no longer in the plan.",
        ),
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite events changed on the server since.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
    switch: SWITCH = False,
    insecure: HTTP_INSECURE = False,
) -> None:
    """Publish the screenings to a shared CalDAV calendar. One event each, kept up to date.

    Only what changed since the last publish is sent. An event someone changed on the server
    since is left alone (and named) unless --force. The calendar keeps the audience it was
    first published for; --switch-audience changes it. Credentials come from
    SCREENKIT_CALDAV_USER and SCREENKIT_CALDAV_PASSWORD, or the [caldav] table of the user
    config file; never from the plan.

    Example: screenkit publish https://cloud.example.org/remote.php/dav/calendars/tour/screenings/
    """
    from screenkit.usecases.publishing import publish as run

    e = env(ctx)
    done = run(
        e.workspace(),
        url,
        None if public is None else "public" if public else "team",
        dry_run=dry_run,
        remove_missing=remove_missing,
        force=force,
        switch=switch,
        insecure=insecure,
    )
    report = done.report()
    if as_json:
        ui.print_json(report)
    else:
        for kind in ("created", "updated", "removed"):
            for item in report[kind]:
                ui.out(f"{kind}  {item.get('screening') or item['uid']}  {item['href']}")
    e.warn_problems(done.warnings)
    counts = ", ".join(
        f"{len(report[k])} {k}" for k in ("created", "updated", "unchanged", "removed")
    )
    e.say(f"{done.url}: {counts}" + (" (dry run: nothing sent)" if dry_run else ""))
    if done.missing:
        e.warn(
            f"{len(done.missing)} event(s) screenkit published for screenings no longer in the "
            "plan (or no longer public) stay in the calendar; --remove-missing deletes them"
        )
    failure = done.failure()
    if failure is not None:
        raise failure


def register(app: typer.Typer) -> None:
    app.command()(publish)
