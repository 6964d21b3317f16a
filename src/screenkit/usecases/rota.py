"""`rota`: who does each job at a screening; filled fairly, or set by hand."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from screenkit.errors import InputError
from screenkit.plan.models import Plan
from screenkit.usecases.workspace import Workspace, require_screening


@dataclass
class Rota:
    screening: str
    roles: list[tuple[str, str | None, str | None]]  # role, volunteer id, their name
    changed: list[str] = field(default_factory=list)  # roles set or filled now
    warnings: list[Any] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)  # open roles, and why nobody fits

    def as_dict(self) -> dict[str, Any]:
        return {"screening": self.screening,
                "rota": {role: vid for role, vid, _ in self.roles},
                "unplaced": self.unplaced}  # fmt: skip


def _shown(plan: Plan, sid: str, changed: list[str]) -> Rota:
    s = plan.screenings[sid]
    roles = [*plan.settings.roles, *(r for r in s.rota if r not in plan.settings.roles)]
    rows = []
    for role in roles:
        vid = s.rota.get(role)
        person = plan.volunteers.get(vid) if vid else None
        rows.append((role, vid, person.name if person else None))
    return Rota(sid, rows, changed)


def _settings(given: list[str], plan: Plan) -> dict[str, str | None]:
    """`door=alex` → {"door": "alex"}; `door=` clears it. Named roles and volunteers only."""
    from screenkit.suggest import hint

    out: dict[str, str | None] = {}
    for item in given:
        role, sep, vid = (part.strip() for part in item.partition("="))
        if not sep or not role:
            raise InputError(f"--set: {item!r}: write ROLE=VOLUNTEER, e.g. door=alex")
        roles = plan.settings.roles
        if role not in roles:
            raise InputError(f"--set: no role {role!r} in settings.roles{hint(role, roles)} "
                             "(add one with `screenkit set settings.roles …`)")  # fmt: skip
        if vid and vid not in plan.volunteers:
            raise InputError(f"--set: no volunteer {vid!r}{hint(vid, plan.volunteers)}; add "
                             "one with `screenkit volunteer add`")  # fmt: skip
        out[role] = vid or None
    return out


def rota(ws: Workspace, sid: str, *, assign: bool = False, given: Sequence[str] = ()) -> Rota:
    """The screening's rota; `given` (`door=alex`) sets roles by hand, then `assign` fills
    the open ones fairly (`rota.fill`)."""
    from screenkit.edits import keypaths
    from screenkit.planfile import store
    from screenkit.rules import rota as rotas

    if not assign and not given:
        plan = store.load(ws.plan, quick=True)
        require_screening(plan, sid)
        return _shown(plan, sid, [])
    changed: list[str] = []

    def change(data: dict[str, Any], plan: Plan) -> tuple[dict[str, Any], None]:
        require_screening(plan, sid)
        current = dict(plan.screenings[sid].rota)
        for role, vid in _settings(list(given), plan).items():
            if vid is None:
                current.pop(role, None)
            else:
                current[role] = vid
            changed.append(role)
        if assign:
            filled = rotas.fill(plan.model_copy(update={"screenings": {
                **plan.screenings, sid: plan.screenings[sid].model_copy(update={"rota": current})
            }}), sid)  # fmt: skip
            changed.extend(r for r in filled if r not in current)
            current = filled
        path = ("screenings", sid, "rota")
        new = keypaths.set_value(data, path, current) if current else keypaths.unset(data, path)
        return new, None

    edited = ws.edit(change, invitations=True)
    plan = store.load(ws.plan, quick=True)
    shown = _shown(plan, sid, changed)
    shown.warnings, shown.notices = edited.warnings, edited.notices
    if assign:
        shown.unplaced = rotas.unplaced(plan, sid)
    return shown
