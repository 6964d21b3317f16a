"""`tickets publish` and `tickets sync`: the plan drives a pretix ticket shop, and sales,
availability and check-ins come back into it as counts."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

import typer

from screenkit.cli import ui
from screenkit.cli.options import HTTP_INSECURE, IDS
from screenkit.cli.ui import env

JSON = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]


def publish(
    ctx: typer.Context,
    ids: IDS = None,
    held_back: Annotated[
        int,
        typer.Option(
            "--held-back", metavar="N", help="Seats kept off sale for guests and speakers."
        ),
    ] = 0,
    insecure: HTTP_INSECURE = False,
    as_json: JSON = False,
) -> None:
    """Put the screenings on sale in the pretix ticket shop. One event each, with a product
    per price (full, concession, free registration) and the venue's seats less --held-back.

    A second run with nothing changed sends nothing. A tentative screening is not on sale; a
    cancelled one is taken off sale and kept, with its orders. The shop's page becomes the
    booking link where the plan names none. The shop and its API token come from
    SCREENKIT_PRETIX_URL, _ORGANIZER and _TOKEN or the user config's [pretix].

    Example: screenkit tickets publish --held-back 6
    """
    from screenkit.usecases.tickets import publish as run

    e = env(ctx)
    done = run(e.workspace(), list(ids or []), held_back=held_back, insecure=insecure)
    if as_json:
        ui.print_json(asdict(done))
    for sid in done.created:
        e.say(f"{sid}: in the shop")
    for sid in done.updated:
        e.say(f"{sid}: updated in the shop")
    for sid, why in done.not_live.items():
        e.warn(f"screenings.{sid}: {why}")
    for sid, orders in done.off_sale.items():
        e.say(f"{sid}: cancelled, off sale; the shop keeps its {orders} paid order(s) for refunds")
    for sid, why in done.skipped.items():
        e.say(f"{sid}: not in the shop: {why}")
    e.say(f"{len(done.created)} created, {len(done.updated)} updated, "
          f"{len(done.unchanged)} unchanged")  # fmt: skip


def sync(ctx: typer.Context, insecure: HTTP_INSECURE = False, as_json: JSON = False) -> None:
    """Read sales, seats left and check-ins back from the ticket shop into the plan. Counts
    only: no buyer's name or email enters the plan.

    Example: screenkit tickets sync
    """
    from screenkit.usecases.tickets import sync as run

    e = env(ctx)
    done = run(e.workspace(), insecure=insecure)
    if as_json:
        ui.print_json(done.counts)
        return
    for sid, counts in done.counts.items():
        left = counts["available"]
        e.say(f"{sid}: {counts['sold']} sold, "
              f"{'sold out' if left == 0 else f'{left} left' if left is not None else ''}, "
              f"{counts['checked_in']} checked in")  # fmt: skip
    if not done.counts:
        e.say("no screening is in the shop yet: run `screenkit tickets publish` first")


def register(app: typer.Typer) -> None:
    from screenkit.cli.app import ScreenkitGroup

    group = typer.Typer(help="Tickets: the pretix shop.", no_args_is_help=True,
                        cls=ScreenkitGroup)  # fmt: skip
    group.command("publish")(publish)
    group.command("sync")(sync)
    app.add_typer(group, name="tickets")
