"""A network's kit (`screenkit.edits.kit`): written from the national office's plan, a group's plan
started from it, and a newer kit brought into a group's plan."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from screenkit.delivery.targets import Target
from screenkit.errors import InputError
from screenkit.output import Output
from screenkit.planfile import store
from screenkit.usecases.exports import Exported
from screenkit.usecases.workspace import Changed, Workspace

HEADER = """\
# screenkit kit: the shared part of a network's plans (films and their licence terms, the
# campaign's actions, settings, the tour's name and website, the checklist). Start a group's
# plan from it with `screenkit init --from-kit FILE`; bring a newer one into a plan with
# `screenkit kit update FILE` (a group's own edits are kept).

"""


@dataclass
class Written:
    exported: Exported
    notes: list[str] = field(default_factory=list)  # what the kit left out, and why


def export(ws: Workspace, target: Target) -> Written:
    """The kit of this plan, as a TOML file."""
    from screenkit.edits import kit
    from screenkit.plan.models import validate_plan
    from screenkit.planfile.tomldoc import dumps

    data = store.parse(store.read_text(ws.plan), ws.plan)
    validate_plan(data)  # a kit is made only of a valid plan
    shared, notes = kit.of_plan(data)
    if not shared.get("films"):
        raise InputError(f"{ws.plan}: has no films; a kit gives groups the films to show, so "
                         "add them first (screenkit film add …)")  # fmt: skip
    content = (HEADER + dumps(shared)).encode()
    out = Output("kit.toml", content, "kit", "application/toml")
    from screenkit.usecases.delivering import write

    return Written(Exported(write(target, [out])), notes)


def read(path: Path) -> tuple[dict[str, Any], str]:
    """A kit file, checked: valid as a plan, and holding no group's own records. Its name is
    its tour's, else its file's."""
    from screenkit.edits import kit
    from screenkit.errors import PlanError
    from screenkit.plan.models import validate_plan

    if not path.exists():
        raise InputError(f"{path}: no kit file here; make one with `screenkit kit export` from "
                         "the plan that holds the network's films")  # fmt: skip
    try:  # a kit is an input file: what is wrong with it is a usage error, not the plan's
        data = store.parse(store.read_text(path), path)
        plan = validate_plan(data)
    except PlanError as exc:  # named, as the plan's own file is not the one wrong
        shown = f"{path}:"
        raise InputError(*(line if line.startswith(shown) else f"{shown} {line}"
                           for line in exc.lines)) from None  # fmt: skip
    own = kit.own_records(data)
    if own:
        parts = ", ".join(kit.PARTS)
        raise InputError(f"{path}: holds {', '.join(own)}: a kit holds only {parts}; make one "
                         "with `screenkit kit export`")  # fmt: skip
    shared, _ = kit.of_plan(data)
    if not shared.get("films"):
        raise InputError(f"{path}: has no films, so it is not a kit; make one with "
                         "`screenkit kit export`")  # fmt: skip
    name = (plan.tour.name if plan.tour and plan.tour.name else None) or path.stem
    return shared, name


@dataclass
class Brought:
    changed: Changed
    taken: list[str]
    kept: list[str]


def init(ws: Workspace, organiser: str, email: str, kit_file: Path, *, group: str | None,
         region: str | None, force: bool) -> Brought:  # fmt: skip
    """A new plan from a kit: the template's, with the kit's films, campaign, settings, tour
    and checklist, and the group's name and region."""
    from screenkit.edits import kit
    from screenkit.plan.models import validate_plan
    from screenkit.plan.values import normal_email
    from screenkit.planfile.template import template
    from screenkit.planfile.tomldoc import patch

    shared, name = read(kit_file)
    validate_plan({"organiser": {"name": organiser, "email": email}}, error=InputError)
    text = template(organiser, normal_email(email))
    data = store.parse(text, ws.plan)
    done = kit.bring(data, shared, name, ws.today)
    new = done.data
    own = {k: v for k, v in (("group", group), ("region", region)) if v}
    if own:
        new = {**new, "tour": {**new.get("tour", {}), **own}}
    validate_plan(new, error=InputError)
    store.create(ws.plan, patch(text, data, new), force=force)
    return Brought(Changed(str(ws.plan)), done.taken, done.kept)


def update(ws: Workspace, kit_file: Path) -> Brought:
    """A newer kit into this plan, keeping the group's own records and edits."""
    from screenkit.edits import kit

    shared, name = read(kit_file)

    def change(data: dict[str, Any], _: Any) -> tuple[dict[str, Any], kit.Update]:
        done = kit.bring(data, shared, name, ws.today)
        return done.data, done

    edited = ws.edit(change, invitations=True)
    done = edited.result
    return Brought(Changed(str(ws.plan), edited.warnings, notices=edited.notices),
                   done.taken, done.kept)  # fmt: skip
