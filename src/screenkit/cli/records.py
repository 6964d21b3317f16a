"""`init` and the `film`, `venue` and `speaker` groups: what screenings refer to."""

from __future__ import annotations

from typing import Any

import typer

from screenkit.cli.ui import Env, env, say, warn_problems


def _save_record(e: Env, kind: str, rid: str, fields: dict[str, Any]) -> None:
    from screenkit import planning, store
    from screenkit.errors import InputError
    from screenkit.values import check_id

    try:
        check_id(rid)
    except ValueError as exc:
        raise InputError(f"{planning.COLLECTIONS[kind]}.{rid}: {exc}") from None
    edited = store.edit(
        e.plan, lambda data, _: (planning.add_record(data, kind, rid, fields), None), e.today
    )
    warn_problems(edited.warnings)
    say(e, f"added {kind} {rid} to {e.plan}")


def init(
    ctx: typer.Context,
    organiser: str = typer.Option(..., "--organiser", help="Your name or your group's."),
    email: str = typer.Option(..., "--email", help="The organiser of calendar invites."),
    force: bool = typer.Option(False, "--force", help="Replace an existing plan file."),
) -> None:
    """Create a new plan file.

    Example: screenkit init --organiser "Homs Tour Team" --email tour@example.org
    """
    from screenkit import planning, store
    from screenkit.errors import InputError
    from screenkit.models import validate_plan

    e = env(ctx)
    validate_plan({"organiser": {"name": organiser, "email": email}}, error=InputError)
    store.create(e.plan, planning.template(organiser, email), force=force)
    say(e, f"created {e.plan}")


film_app = typer.Typer(help="Films: what is shown.", no_args_is_help=True)
venue_app = typer.Typer(help="Venues: where, with access and contact.", no_args_is_help=True)
speaker_app = typer.Typer(help="Speakers and hosts: who talks.", no_args_is_help=True)


@film_app.command("add")
def film_add(
    ctx: typer.Context,
    film_id: str = typer.Argument(..., metavar="ID", help="Short id, e.g. return-to-homs."),
    title: str = typer.Option(..., "--title"),
    runtime: int = typer.Option(..., "--runtime", help="Running time in minutes."),
    year: int | None = typer.Option(None, "--year"),
    director: str | None = typer.Option(None, "--director"),
    certificate: str | None = typer.Option(
        None, "--certificate", help='Rating such as 15, or "unclassified".'
    ),
    language: str | None = typer.Option(None, "--language"),
    subtitles: str | None = typer.Option(None, "--subtitles"),
    licence_holder: str | None = typer.Option(None, "--licence-holder"),
    licence_ref: str | None = typer.Option(None, "--licence-ref"),
    playback: str | None = typer.Option(None, "--format", help="DCP, Blu-ray, file …"),
) -> None:
    """Add a film.

    Example: screenkit film add return-to-homs --title "Return to Homs" --runtime 94 --year 2013
    """
    fields = {
        "title": title,
        "runtime": runtime,
        "year": year,
        "director": director,
        "certificate": certificate,
        "language": language,
        "subtitles": subtitles,
        "format": playback,
        "licence_holder": licence_holder,
        "licence_ref": licence_ref,
    }
    _save_record(env(ctx), "film", film_id, fields)


@venue_app.command("add")
def venue_add(
    ctx: typer.Context,
    venue_id: str = typer.Argument(..., metavar="ID", help="Short id, e.g. ica."),
    name: str = typer.Option(..., "--name"),
    address: str = typer.Option(..., "--address"),
    timezone: str = typer.Option(..., "--timezone", help="IANA zone, e.g. Europe/London."),
    postcode: str | None = typer.Option(None, "--postcode"),
    country: str | None = typer.Option(None, "--country", help="ISO code, e.g. GB."),
    capacity: int | None = typer.Option(None, "--capacity"),
    contact_name: str | None = typer.Option(None, "--contact-name"),
    email: str | None = typer.Option(None, "--email", help="The venue contact's email."),
    phone: str | None = typer.Option(None, "--phone", help="International, e.g. +44 20 …"),
    step_free: bool | None = typer.Option(None, "--step-free/--no-step-free"),
    wheelchair_spaces: int | None = typer.Option(None, "--wheelchair-spaces"),
    hearing_loop: bool | None = typer.Option(None, "--hearing-loop/--no-hearing-loop"),
    curfew: str | None = typer.Option(None, "--curfew", help="Latest finish, HH:MM."),
    lat: float | None = typer.Option(None, "--lat"),
    lon: float | None = typer.Option(None, "--lon"),
    notes: str | None = typer.Option(None, "--notes"),
) -> None:
    """Add a venue.

    Example: screenkit venue add ica --name "ICA" --address "The Mall, London"
    --postcode "SW1Y 5AH" --country GB --timezone Europe/London --capacity 185
    """
    fields = {
        "name": name,
        "address": address,
        "postcode": postcode,
        "country": country.upper() if country else None,
        "timezone": timezone,
        "capacity": capacity,
        "lat": lat,
        "lon": lon,
        "curfew": curfew,
        "notes": notes,
        "contact": {"name": contact_name, "email": email, "phone": phone},
        "access": {
            "step_free": step_free,
            "wheelchair_spaces": wheelchair_spaces,
            "hearing_loop": hearing_loop,
        },
    }
    _save_record(env(ctx), "venue", venue_id, fields)


@speaker_app.command("add")
def speaker_add(
    ctx: typer.Context,
    speaker_id: str = typer.Argument(..., metavar="ID", help="Short id, e.g. amira."),
    name: str = typer.Option(..., "--name"),
    email: str = typer.Option(..., "--email", help="Where their invites go."),
    phone: str | None = typer.Option(None, "--phone", help="International, e.g. +44 7700 …"),
    role: str | None = typer.Option(None, "--role", help="Role or organisation."),
    bio: str | None = typer.Option(None, "--bio"),
    need: list[str] | None = typer.Option(
        None, "--need", help="An access or tech need; repeat for more."
    ),
) -> None:
    """Add a speaker (or a host or moderator).

    Example: screenkit speaker add amira --name "Amira Haddad" --email amira@example.org
    --need "handheld mic"
    """
    fields = {"name": name, "email": email, "phone": phone, "role": role, "bio": bio}
    fields["needs"] = list(need or [])
    _save_record(env(ctx), "speaker", speaker_id, fields)


def register(app: typer.Typer) -> None:
    app.command()(init)
    app.add_typer(film_app, name="film")
    app.add_typer(venue_app, name="venue")
    app.add_typer(speaker_app, name="speaker")
