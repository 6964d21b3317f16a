"""`new`, `update`, `cancel`, `list` and `show`: the screenings themselves."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

import typer

from screenkit.cli import ui
from screenkit.cli.ui import env, say, warn

if TYPE_CHECKING:
    from screenkit.models import Plan

# The options `new` and `update` share, declared once.
FilmOpt = Annotated[str | None, typer.Option("--film", help="Film id.")]
VenueOpt = Annotated[str | None, typer.Option("--venue", help="Venue id.")]
DateOpt = Annotated[str | None, typer.Option("--date", help="YYYY-MM-DD.")]
StartOpt = Annotated[str | None, typer.Option("--start", help="Start time, HH:MM (24-hour).")]
DoorsOpt = Annotated[str | None, typer.Option("--doors", help="Doors open, HH:MM.")]
IntroOpt = Annotated[int | None, typer.Option("--intro", help="Intro length, minutes.")]
TalkOpt = Annotated[int | None, typer.Option("--talk", help="Talk and Q&A length, minutes.")]
SpeakerOpt = Annotated[
    list[str] | None, typer.Option("--speaker", help="Speaker id; repeat for more.")
]
HostOpt = Annotated[str | None, typer.Option("--host", help="Speaker id of the host.")]
StatusOpt = Annotated[
    str | None, typer.Option("--status", help="tentative, confirmed or cancelled.")
]
AudienceOpt = Annotated[int | None, typer.Option("--audience", help="Expected audience.")]
NotesOpt = Annotated[str | None, typer.Option("--notes")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
REQUIRED = ("film", "venue", "date", "start")


def _clock_text(value: str | None) -> str | None:
    """Normalise `7:30` to `07:30`; leave bad text for validation to name its field."""
    from screenkit.values import format_clock, parse_clock

    if value is None:
        return None
    try:
        return format_clock(parse_clock(value))
    except ValueError:
        return value


def _date(value: str | None) -> dt.date | None:
    from screenkit.errors import InputError
    from screenkit.values import parse_date

    if value is None:
        return None
    try:
        return parse_date(value)
    except ValueError as exc:
        raise InputError(f"--date: {exc}") from None


def _fields(**options: Any) -> dict[str, Any]:
    return {
        "film": options["film"],
        "venue": options["venue"],
        "date": _date(options["date"]),
        "doors": _clock_text(options["doors"]),
        "start": _clock_text(options["start"]),
        "intro": options["intro"],
        "talk": options["talk"],
        "speakers": options["speakers"] or None,
        "host": options["host"],
        "status": options["status"],
        "audience": options["audience"],
        "notes": options["notes"],
    }


def _ask_missing(plan: Plan, fields: dict[str, Any]) -> None:
    """Prompt a person at a terminal for what is missing, offering what the plan knows."""
    from rich.prompt import Prompt

    from screenkit.values import parse_date

    def choose(label: str, ids: list[str]) -> str:
        default = ids[0] if len(ids) == 1 else None
        return Prompt.ask(label, choices=ids, default=default) if ids else Prompt.ask(label)

    if not fields["film"]:
        fields["film"] = choose("Film", list(plan.films))
    if not fields["venue"]:
        fields["venue"] = choose("Venue", list(plan.venues))
    while not fields["date"]:
        try:
            fields["date"] = parse_date(Prompt.ask("Date (YYYY-MM-DD)"))
        except ValueError as exc:
            warn(str(exc))
    while not fields["start"]:
        fields["start"] = _clock_text(Prompt.ask("Start (HH:MM)"))
        if fields["start"] and ":" not in fields["start"]:
            warn(f"{fields['start']!r} is not a time: use HH:MM")
            fields["start"] = None
    if fields["speakers"] is None and plan.speakers:
        known = ", ".join(plan.speakers)
        answer = Prompt.ask(f"Speakers, separated by commas ({known})", default="")
        fields["speakers"] = [p.strip() for p in answer.split(",") if p.strip()] or None


def new(
    ctx: typer.Context,
    screening_id: Annotated[
        str | None, typer.Argument(metavar="[ID]", help="Defaults to <venue>-<date>.")
    ] = None,
    film: FilmOpt = None,
    venue: VenueOpt = None,
    date: DateOpt = None,
    start: StartOpt = None,
    doors: DoorsOpt = None,
    intro: IntroOpt = None,
    talk: TalkOpt = None,
    speaker: SpeakerOpt = None,
    host: HostOpt = None,
    status: StatusOpt = None,
    audience: AudienceOpt = None,
    notes: NotesOpt = None,
) -> None:
    """Plan a screening. At a terminal it asks for what is missing; in a script, give it all.

    Example: screenkit new --film return-to-homs --venue ica --date 2027-06-27 --start 18:30
    --speaker amira --status confirmed
    """
    import uuid

    from screenkit import planning, store
    from screenkit.errors import InputError

    e = env(ctx)
    fields = _fields(
        film=film, venue=venue, date=date, start=start, doors=doors, intro=intro, talk=talk,
        speakers=speaker, host=host, status=status, audience=audience, notes=notes,
    )  # fmt: skip
    if any(fields[k] is None for k in REQUIRED):
        if ui.stdin_is_terminal():
            _ask_missing(store.load(e.plan), fields)
        else:
            missing = ", ".join(f"--{k}" for k in REQUIRED if fields[k] is None)
            raise InputError(f"missing {missing} (stdin is not a terminal, so no prompting)")
    if screening_id is not None:
        from screenkit.values import check_id

        try:
            check_id(screening_id)
        except ValueError as exc:
            raise InputError(f"screenings.{screening_id}: {exc}") from None
    uid = str(uuid.uuid4())
    edited = store.edit(
        e.plan, lambda data, _: planning.new_screening(data, screening_id, fields, uid), e.today
    )
    sid = edited.result
    ui.warn_problems(edited.warnings)
    ui.out(sid)
    say(e, f"planned {sid} in {e.plan}")


def update(
    ctx: typer.Context,
    screening_id: Annotated[str, typer.Argument(metavar="ID")],
    film: FilmOpt = None,
    venue: VenueOpt = None,
    date: DateOpt = None,
    start: StartOpt = None,
    doors: DoorsOpt = None,
    intro: IntroOpt = None,
    talk: TalkOpt = None,
    speaker: SpeakerOpt = None,
    host: HostOpt = None,
    status: StatusOpt = None,
    audience: AudienceOpt = None,
    notes: NotesOpt = None,
    clear: Annotated[
        list[str] | None,
        typer.Option(
            "--clear",
            help="Remove a field: doors, end, intro, talk, speakers, host, "
            "audience or notes. Repeat for more.",
        ),
    ] = None,
) -> None:
    """Change a screening; options not given stay as they are. --speaker replaces the list.

    Example: screenkit update ica-2027-06-27 --start 19:00 --status confirmed --clear host
    """
    from screenkit import planning, store

    e = env(ctx)
    fields = _fields(
        film=film, venue=venue, date=date, start=start, doors=doors, intro=intro, talk=talk,
        speakers=speaker, host=host, status=status, audience=audience, notes=notes,
    )  # fmt: skip
    edited = store.edit(
        e.plan,
        lambda data, _: (
            planning.update_screening(data, screening_id, fields, tuple(clear or ())),
            None,
        ),
        e.today,
    )
    ui.warn_problems(edited.warnings)
    say(e, f"updated {screening_id}")


def cancel(ctx: typer.Context, screening_id: Annotated[str, typer.Argument(metavar="ID")]) -> None:
    """Cancel a screening. It stays in the plan, so its invite can be withdrawn.

    Example: screenkit cancel clapham-2027-06-28
    """
    from screenkit import planning, store

    e = env(ctx)
    store.edit(
        e.plan, lambda data, _: (planning.cancel_screening(data, screening_id), None), e.today
    )
    say(e, f"cancelled {screening_id}; export again to send the cancellation")


def list_(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """List the screenings, in date order.

    Example: screenkit list --json | jq '.[].id'
    """
    from screenkit import store
    from screenkit.summary import describe

    plan = store.load(env(ctx).plan, quick=True)
    order = sorted(
        plan.screenings, key=lambda k: (plan.screenings[k].date, plan.screenings[k].start)
    )
    rows = [describe(plan, sid) for sid in order]
    if as_json:
        ui.print_json(rows)
        return
    ui.table(
        ["id", "date", "time", "film", "venue", "speakers", "status"],
        [
            [
                r["id"],
                r["date"],
                f"{r['start']}–{r['end'] or '?'}",
                r["film_title"] or r["film"],
                r["venue_name"] or r["venue"],
                ", ".join(r["speaker_names"]),
                r["status"],
            ]
            for r in rows
        ],
    )


def show(
    ctx: typer.Context,
    screening_id: Annotated[str, typer.Argument(metavar="ID")],
    as_json: JsonOpt = False,
) -> None:
    """Show one screening with its run sheet.

    Example: screenkit show ica-2027-06-27
    """
    from screenkit import store
    from screenkit.errors import InputError
    from screenkit.summary import describe

    plan = store.load(env(ctx).plan, quick=True)
    if screening_id not in plan.screenings:
        raise InputError(f"screenings.{screening_id}: no screening with this id")
    info = describe(plan, screening_id)
    if as_json:
        ui.print_json(info)
        return
    labels = {
        "film_title": "film", "venue_name": "venue", "speaker_names": "speakers",
        "timezone": "time zone",
    }  # fmt: skip
    rows = []
    for key, value in info.items():
        if key in {"film", "venue", "speakers"} or value in (None, []):
            continue
        text = ", ".join(value) if isinstance(value, list) else str(value)
        rows.append([labels.get(key, key), text])
    ui.table(["", screening_id], rows)


def register(app: typer.Typer) -> None:
    app.command()(new)
    app.command()(update)
    app.command()(cancel)
    app.command("list")(list_)
    app.command()(show)
