"""`new`, `update`, `cancel`, `rename`, `remove`, `list` and `show`: the screenings."""

from __future__ import annotations

from typing import Any, cast

import typer

from screenkit.cli import options, ui
from screenkit.cli.ui import env

SID = options.argument("sid", "ID", "The screening's id.")
AS_JSON = options.flag("as_json", "--json", "Print JSON for scripts.")


def new(ctx: typer.Context, sid: str | None, **values: Any) -> None:
    from screenkit.errors import InputError
    from screenkit.usecases import screenings

    e = env(ctx)
    ws = e.workspace()
    missing = screenings.missing(values)
    if missing:
        if not ui.stdin_is_terminal():
            flags = ", ".join(f"--{m}" for m in missing)
            raise InputError(f"missing {flags} (stdin is not a terminal, so no prompting)")
        from screenkit.cli import prompts

        values = prompts.screening(e, values)
    done = screenings.new(ws, sid, values)
    e.report(done)
    ui.out(done.id)
    e.say(f"planned {done.id} in {e.plan}")


def update(ctx: typer.Context, sid: str, clear: list[str] | None, **values: Any) -> None:
    from screenkit.usecases import screenings

    e = env(ctx)
    clear_names = [c.replace("-", "_") for c in clear or []]
    done = screenings.update(e.workspace(), sid, values, clear_names)
    e.report(done)
    e.say(f"updated {sid}")


def cancel(ctx: typer.Context, sid: str) -> None:
    from screenkit.usecases import screenings

    e = env(ctx)
    e.report(screenings.cancel(e.workspace(), sid))
    e.say(f"cancelled {sid}; export (or send) again so that people are told")


def rename(ctx: typer.Context, old: str, new: str) -> None:
    from screenkit.usecases import records

    e = env(ctx)
    records.rename(e.workspace(), "screening", old, new)
    e.say(f"renamed {old} to {new}; its calendar identity and ticks are kept")


def remove(ctx: typer.Context, sid: str, force: bool) -> None:
    from screenkit.errors import NeedsForce
    from screenkit.usecases import records

    e = env(ctx)
    try:
        done = records.remove(e.workspace(), "screening", sid, force=force)
    except NeedsForce as exc:
        exc.lines[-1] += ", or remove it anyway with --force"
        raise
    e.report(done)  # a speaker's evenings either side are now next to each other
    e.say(f"removed {sid}")


def list_(ctx: typer.Context, as_json: bool) -> None:
    from screenkit.cli.tables import KEEP_TOGETHER, Column
    from screenkit.usecases import screenings

    e = env(ctx)
    ws = e.workspace(network=True)
    rows = ui.across(ws, screenings.listing, "listing")(ws)
    if as_json:
        ui.print_json(rows)
        return
    if not rows:
        e.say("No screenings yet: plan one with `screenkit new`.")
        return
    columns = [
        Column("id", kept=True),
        Column("date", kept=True),
        Column("time", kept=True),
        Column("film"),
        Column("venue"),
        Column("speakers", wrapped=True),
        Column("status", kept=True),
    ]
    cells = [
        [
            r["id"],
            r["date"],
            f"{r['start']}–{r['end'] or '?'}",
            r["film_title"] or r["film"],
            r["venue_name"] or r["venue"],
            ", ".join(  # each name whole on a line when the column wraps
                _answered(name, r["rsvp"].get(pid)).replace(" ", KEEP_TOGETHER)
                for pid, name in zip(r["speakers"], r["speaker_names"], strict=True)
            ),
            f"held, {r['result']['attendance']} came" if r["held"] else r["status"],
        ]
        for r in rows
    ]  # fmt: skip
    # Too narrow for all: the film goes first (a tour shows one), then speakers, then venue.
    e.table(columns, cells, drop=[3, 5, 4])


def _answered(name: str, answer: str | None) -> str:
    """`Amira Haddad (accepted)`; no mark until someone has answered."""
    return f"{name} ({answer})" if answer and answer != "needs-action" else name


def show(ctx: typer.Context, sid: str, as_json: bool) -> None:
    from screenkit.usecases import screenings

    ws = env(ctx).workspace(network=True)
    shown = ui.across(ws, screenings.show, "show")(ws, sid)
    if as_json:
        ui.print_json(shown.info)
        return
    ui.out(shown.info["id"])
    for heading, lines in shown.sections:
        if heading:
            ui.out("")
            ui.out(heading)
        for line in lines:
            ui.out_wrapped(line, "  ")


def register(app: typer.Typer) -> None:
    record = options.record_options("screening")
    rename_args = [options.argument("old", "OLD", "The current id."),
                   options.argument("new", "NEW", "The new id.")]  # fmt: skip
    new_id = _optional(options.argument("sid", "ID", "Defaults to <venue>-<date>."))
    commands = [
        ("new", new, [new_id, *record],
         "Plan a screening. At a terminal it asks for what is missing; in a script, give "
         "it all.\n\nExample: screenkit new --film return-to-homs --venue ica --date "
         "2027-06-27 --start 18:30 --speaker amira --status confirmed"),
        ("update", update, [SID, *record, options.clear_option("screening")],
         "Change a screening; options not given stay as they are. --speaker replaces the "
         "list.\n\nExample: screenkit update ica-2027-06-27 --start 19:00 --status confirmed "
         "--clear host"),
        ("cancel", cancel, [SID],
         "Cancel a screening. It stays in the plan, so its invite can be withdrawn.\n\n"
         "Example: screenkit cancel clapham-2027-06-28"),
        ("rename", rename, rename_args,
         "Give a screening a new id; its calendar identity and ticks stay.\n\n"
         "Example: screenkit rename ica-2027-06-27 ica-premiere"),
        ("remove", remove, [SID, options.flag("force", "--force",
                                              "Remove it even though its invite is out.")],
         "Remove a screening from the plan. Once its invite has gone out, cancel it "
         "instead, so that people are told.\n\nExample: screenkit remove ica-2027-06-27"),
        ("list", list_, [AS_JSON],
         "List the screenings, in date order.\n\nExample: screenkit list --json | jq '.[].id'"),
        ("show", show, [SID, AS_JSON],
         "Show one screening. Its run sheet, venue and address, people and their phones.\n\n"
         "Example: screenkit show ica-2027-06-27"),
    ]  # fmt: skip
    for name, handler, params, doc in commands:
        handler = cast(Any, handler)
        made: Any = options.command(handler, params, doc, name)
        app.command(name)(made)


def _optional(param: Any) -> Any:
    """An optional positional argument."""
    from typing import Annotated

    info = param.annotation.__metadata__[0]
    return param.replace(default=None, annotation=Annotated[str | None, info])
