"""`privacy`: one view of where each private speaker's real name goes.

It is worked out from the same rules the builders follow (`rules.needtoknow` for who may
know them, `rules.publication` for what public text comes near them), so what it lists is
what the outputs do: tests/cli/test_privacy.py holds it to a byte search of them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from screenkit.planfile import store
from screenkit.usecases.workspace import Workspace


@dataclass(frozen=True)
class Carrier:
    """One output that carries their real name, and who gets it."""

    output: str  # what it is, as a person would look for it: `invitation for ica-premiere`
    to: str  # who receives or reads it: a person's id, "organiser", "team"
    why: str  # the rule that lets it: organiser, themselves, shared with, team calendar


@dataclass(frozen=True)
class Near:
    """Public text that holds a distinctive part of their name, accepted by a reviewer."""

    where: str  # the dotted key
    part: str


@dataclass
class Exposure:
    person: str  # the speaker's id
    public_name: str | None
    screenings: list[str]
    carried_by: list[Carrier] = field(default_factory=list)
    near: list[Near] = field(default_factory=list)
    withheld: list[str] = field(default_factory=list)  # screenings kept from the public now

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def privacy(ws: Workspace, pid: str | None = None) -> list[Exposure]:
    """Every private speaker (or `pid`), with every output and recipient that carries their
    real name, the public text a reviewer let through near it, and the screenings withheld."""
    from screenkit.errors import InputError
    from screenkit.rules.needtoknow import may_know
    from screenkit.rules.people import screenings_of
    from screenkit.rules.publication import not_for_the_public, reviewed_parts
    from screenkit.suggest import unknown

    plan = store.load(ws.plan)
    private = [p for p, person in plan.speakers.items() if person.private]
    if pid is not None:
        if pid not in plan.speakers:
            raise InputError(f"speakers.{pid}: {unknown('speaker', pid, plan.speakers)}")
        if pid not in private:
            raise InputError(f"speakers.{pid}: is not private; nothing of theirs is withheld "
                             f"(screenkit speaker update {pid} --private)")  # fmt: skip
        private = [pid]
    withheld = not_for_the_public(plan)
    near = reviewed_parts(plan)
    out = []
    for p in private:
        person = plan.speakers[p]
        sids = screenings_of(plan, p)
        found = Exposure(p, person.public_name, sids)
        for sid in sids:
            s = plan.screenings[sid]
            found.carried_by.append(Carrier(f"{sid}.ics (export ics)", "organiser", "organiser"))
            if person.email:
                found.carried_by.append(
                    Carrier(f"invitation and reminders for {sid}", p, "themselves")
                )
            others = [q for q in s.people if q != p] + sorted(set(s.rota.values()))
            for other in others:
                if may_know(plan, other, p):
                    what = ("invitation and reminders" if other in plan.speakers
                            else "job invitation and reminders")  # fmt: skip
                    found.carried_by.append(Carrier(f"{what} for {sid}", other, "shared with"))
            found.carried_by.append(
                Carrier(f"the team calendar for {sid} (--team)", "team", "team calendar")
            )
        if sids:
            found.carried_by.append(Carrier(f"speakers/{p}.ics (export --speaker)", p,
                                            "themselves"))  # fmt: skip
            found.carried_by.append(Carrier("the digest", "organiser", "organiser"))
        found.near = [Near(where, part) for where, who, part in near if who == p]
        found.withheld = sorted(sid for sid, why in withheld.items() if f"speakers.{p}" in why)
        out.append(found)
    return out
