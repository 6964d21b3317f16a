"""`init` and the `film`, `venue` and `speaker` groups: what screenings refer to."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import typer

from screenkit.cli import options, ui
from screenkit.cli.ui import env

EXAMPLES = {
    "film": {
        "add": 'screenkit film add return-to-homs --title "Return to Homs" --runtime 94 '
        "--year 2013",
        "update": "screenkit film update return-to-homs --licence-status confirmed "
        "--licence-ref STSL-2027-0412",
        "id": "return-to-homs",
    },
    "venue": {
        "add": 'screenkit venue add ica --name "ICA" --address "The Mall, London" '
        '--postcode "SW1Y 5AH" --country GB --timezone Europe/London --capacity 185',
        "update": "screenkit venue update ica --accessible-toilet --curfew 22:30",
        "id": "ica",
    },
    "speaker": {
        "add": 'screenkit speaker add amira --name "Amira Haddad" --email amira@example.org '
        '--need "handheld mic"',
        "update": 'screenkit speaker update amira --phone "+44 20 7946 0404" --clear travel',
        "id": "amira",
    },
    "volunteer": {
        "add": 'screenkit volunteer add alex --name "Alex Kim" --email alex@example.org '
        "--can door,refreshments",
        "update": "screenkit volunteer update alex --can door --can projection",
        "id": "alex",
    },
}
HELP = {
    "film": "Films: what is shown.",
    "venue": "Venues: where, with access and contact.",
    "speaker": "Speakers and hosts: who talks.",
    "volunteer": "Volunteers: who does the door, the projection and the rest.",
}
# (field, heading, never shortened) of each record's `list`; too narrow a terminal drops the
# later ones first, and never the id or the count of screenings.
COLUMNS = {
    "film": [("title", "title", False), ("year", "year", True), ("runtime", "min", True),
             ("licence_status", "licence", True)],
    "venue": [("name", "name", False), ("timezone", "time zone", True),
              ("capacity", "capacity", True)],
    "speaker": [("name", "name", False), ("phone", "phone", True), ("email", "email", False),
                ("role", "role", False)],
    "volunteer": [("name", "name", False), ("phone", "phone", True),
                  ("email", "email", False), ("can", "can", False)],
}  # fmt: skip


def init(
    ctx: typer.Context,
    organiser: str | None = typer.Option(
        None, "--organiser", help="Your name or your group's.", metavar="NAME"
    ),
    email: str | None = typer.Option(
        None, "--email", help="The organiser of calendar invites.", metavar="EMAIL"
    ),
    force: bool = typer.Option(False, "--force", help="Replace an existing plan file."),
    from_kit: Path | None = typer.Option(
        None, "--from-kit", metavar="FILE", help="Start from a network's kit (kit export)."
    ),
    group: str | None = typer.Option(
        None, "--group", metavar="NAME", help="This plan's name in a network (tour.group)."
    ),
    region: str | None = typer.Option(
        None, "--region", metavar="TEXT", help="Where the group is, for the network's listing."
    ),
) -> None:
    """Create a new plan file. At a terminal it asks for what is missing.

    Example: screenkit init --organiser "Homs Tour Team" --email tour@example.org

    Example: screenkit init --from-kit kit.toml --organiser "Leeds Group" --email
    leeds@example.org --group leeds --region Yorkshire
    """
    from screenkit.errors import InputError
    from screenkit.usecases import records

    e = env(ctx)
    if organiser is None or email is None:
        if e.plan.is_file() and not force:  # before asking, not after the answers
            raise InputError(f"{e.plan} already exists; use --force to replace it")
        if not ui.stdin_is_terminal():
            missing = [o for o, v in (("--organiser", organiser), ("--email", email)) if not v]
            raise InputError(f"missing {', '.join(missing)} (stdin is not a terminal, so no "
                             "prompting)")  # fmt: skip
        from screenkit.cli import prompts

        organiser, email = prompts.organiser(organiser, email)
    ws = e.workspace()
    if from_kit is not None:
        from screenkit.cli.kit import say_brought
        from screenkit.usecases import kit

        say_brought(e, kit.init(ws, organiser, email, from_kit, group=group, region=region,
                                force=force))  # fmt: skip
        e.say(f"created {e.plan} from {from_kit}; next: add a venue and plan a screening "
              "(screenkit venue add …)")  # fmt: skip
    else:
        records.init(ws, organiser, email, force=force, group=group, region=region)
        e.say(f"created {e.plan}; next: add a film, a venue and a speaker "
              "(screenkit film add …)")  # fmt: skip
    from screenkit.usecases import team

    if team.work_tree(e.plan) is None:
        return
    if not ui.stdin_is_terminal():
        e.say("the plan is in a git repository: run `screenkit git-setup` so that git merges "
              "it by record when a teammate changes it too")  # fmt: skip
        return
    from screenkit.cli import prompts

    if prompts.confirm("The plan is in a git repository: let git merge it with screenkit?"):
        done = team.git_setup(ws)
        for line in [*done.done, *(f"already: {a}" for a in done.already)]:
            e.say(line)


def _rows(kind: str, items: list[dict[str, Any]]) -> list[list[str]]:
    rows = []
    for item in items:
        cells = [item["id"]]
        for key, _, _ in COLUMNS[kind]:
            value = item.get(key)
            text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
            cells.append("" if value is None else text)
        cells.append(str(len(item["screenings"])))
        rows.append(cells)
    return rows


def _group(kind: str) -> typer.Typer:
    """`<kind> add|list|show|update|rename|remove`, the same for films, venues and speakers."""
    from screenkit.cli.app import ScreenkitGroup

    group = typer.Typer(help=HELP[kind], no_args_is_help=True, cls=ScreenkitGroup)
    ex = EXAMPLES[kind]
    rid = options.argument("rid", "ID", f"Short id, e.g. {ex['id']}.")
    as_json = options.flag("as_json", "--json", "Print JSON for scripts.")

    def add(ctx: typer.Context, rid: str, **values: Any) -> None:
        from screenkit.usecases import records

        e = env(ctx)
        done = records.add(e.workspace(), kind, rid, values)
        e.report(done)
        e.say(f"added {kind} {rid} to {e.plan}")

    def update(ctx: typer.Context, rid: str, clear: list[str] | None, **values: Any) -> None:
        from screenkit.usecases import records

        e = env(ctx)
        clear_names = [c.replace("-", "_") for c in clear or []]
        done = records.update(e.workspace(), kind, rid, values, clear_names)
        e.report(done)
        e.say(f"updated {kind} {rid}")

    def list_(ctx: typer.Context, as_json: bool) -> None:
        from screenkit.cli.tables import Column
        from screenkit.usecases import records

        e = env(ctx)
        items = records.listing(e.workspace(), kind)
        if as_json:
            ui.print_json(items)
            return
        if not items:
            e.say(f"No {kind}s yet: add one with `screenkit {kind} add`.")
            return
        columns = [Column("id", kept=True),
                   *(Column(label, kept=kept) for _, label, kept in COLUMNS[kind]),
                   Column("screenings", kept=True)]  # fmt: skip
        e.table(columns, _rows(kind, items), drop=range(len(COLUMNS[kind]), 1, -1))

    def show(ctx: typer.Context, rid: str, as_json: bool) -> None:
        from screenkit.usecases import records

        e = env(ctx)
        item = records.show(e.workspace(), kind, rid)
        if as_json:
            ui.print_json(item)
            return
        from screenkit.cli.tables import Column

        e.table([Column("", kept=True), Column(rid, wrapped=True)], _flatten(item))

    def rename(ctx: typer.Context, old: str, new: str) -> None:
        from screenkit.usecases import records

        e = env(ctx)
        records.rename(e.workspace(), kind, old, new)
        e.say(f"renamed {kind} {old} to {new}; every screening that used it follows")

    def remove(ctx: typer.Context, rid: str) -> None:
        from screenkit.usecases import records

        e = env(ctx)
        records.remove(e.workspace(), kind, rid)
        e.say(f"removed {kind} {rid}")

    commands = [
        ("add", add, [rid, *options.record_options(kind, add=True)],
         f"Add a {kind}.\n\nExample: {ex['add']}"),
        ("list", list_, [as_json], f"List the {kind}s.\n\nExample: screenkit {kind} list --json"),
        ("show", show, [rid, as_json],
         f"Show one {kind} with every detail.\n\nExample: screenkit {kind} show {ex['id']}"),
        ("update", update, [rid, *options.record_options(kind), options.clear_option(kind)],
         f"Change a {kind}: what is not given stays; --clear removes a field.\n\n"
         f"Example: {ex['update']}"),
        ("rename", rename, [options.argument("old", "OLD", "The current id."),
                            options.argument("new", "NEW", "The new id.")],
         f"Give a {kind} a new id; every screening that uses it follows.\n\n"
         f"Example: screenkit {kind} rename {ex['id']} {ex['id']}-2"),
        ("remove", remove, [rid],
         f"Remove a {kind} that no screening uses.\n\n"
         f"Example: screenkit {kind} remove {ex['id']}"),
    ]  # fmt: skip
    for name, handler, params, doc in commands:
        handler = cast(Any, handler)
        made: Any = options.command(handler, params, doc, f"{kind}_{name}")
        group.command(name)(made)
    return group


def _flatten(item: dict[str, Any], prefix: str = "") -> list[list[str]]:
    rows = []
    for key, value in item.items():
        if key == "id" or value in (None, [], {}):
            continue
        if isinstance(value, dict):
            rows += _flatten(value, f"{prefix}{key}.")
        else:
            text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
            rows.append([f"{prefix}{key}", text])
    return rows


def register(app: typer.Typer) -> None:
    app.command()(init)
    for kind in ("film", "venue", "speaker", "volunteer"):
        app.add_typer(_group(kind), name=kind)
