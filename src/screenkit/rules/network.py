"""A network of groups: many plans read as one, for the national office's listing, feed and
report. Pure: named plans in, one plan out.

Each group's records keep their ids under the group's name (`leeds/launch`), so two groups
may use the same ids; the references follow. What a group's settings give its screenings
(the intro and talk lengths, the currency) is written into each screening, so the one plan
reads every evening as its own group would. A uid two plans share (copied by hand) is made
unique by the group's name, so a network's calendars never merge two evenings.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from screenkit.plan.models import Plan, Screening, Tour

SEPARATOR = "/"


@dataclass(frozen=True)
class Member:
    name: str
    path: Path
    plan: Plan


def name_of(path: Path, plan: Plan) -> str:
    """`[tour] group`, else the folder's name for a `screenkit.toml`, else the file's stem.

    A name from the file system is anyone's text: it goes into ids, calendar uids, file
    names and terminal lines. A control, line break, direction mark or invisible character,
    or a path separator, is refused, naming the path with what it holds made visible; other
    punctuation is kept (links to the group's pages are escaped where they are made)."""
    if plan.tour and plan.tour.group:
        return plan.tour.group
    name = path.resolve().parent.name if path.name == "screenkit.toml" else path.stem
    from screenkit.text.escaping import visible

    if visible(name) != name or any(c in name for c in "/\\") or not name.strip():
        from screenkit.errors import InputError

        raise InputError(
            f"{visible(str(path))}: a group's name comes from its folder (or file), and "
            f"'{visible(name)}' is not a plain name (it holds a control, line break, direction "
            "mark or invisible character); rename it, or name the group in its plan: "
            "screenkit -f FILE set tour.group NAME"
        )
    return name


def qualified(member: str, rid: str) -> str:
    return f"{member}{SEPARATOR}{rid}"


def slug(ref: str) -> str:
    """A file name for `leeds/launch`: `leeds.launch` (an id never holds a dot)."""
    return ref.replace(SEPARATOR, ".")


def title(m: Member) -> str:
    """How the public knows a group: its organiser's name (the group's, in a network), else
    its name."""
    return m.plan.organiser.name if m.plan.organiser else m.name


def split(ref: str) -> tuple[str | None, str]:
    """`leeds/launch` → ("leeds", "launch"); an id alone → (None, id)."""
    group, sep, rid = ref.partition(SEPARATOR)
    return (group, rid) if sep else (None, ref)


def clashing_uids(members: list[Member]) -> dict[str, list[str]]:
    """uid → the qualified screenings that share it across plans."""
    owners: dict[str, list[str]] = {}
    for m in members:
        for sid, s in m.plan.screenings.items():
            if s.uid:
                owners.setdefault(s.uid, []).append(qualified(m.name, sid))
    return {
        uid: who for uid, who in owners.items() if len({w.split(SEPARATOR)[0] for w in who}) > 1
    }


def combine(members: list[Member]) -> Plan:
    """One plan of every group's records, keyed `group/id`."""
    if not members:
        return Plan()
    clashes = clashing_uids(members)
    films: dict[str, Any] = {}
    venues: dict[str, Any] = {}
    speakers: dict[str, Any] = {}
    volunteers: dict[str, Any] = {}
    screenings: dict[str, Any] = {}
    for m in members:
        p = m.plan

        def q(rid: str, name: str = m.name) -> str:
            return qualified(name, rid)

        films |= {q(k): v for k, v in p.films.items()}
        venues |= {q(k): v for k, v in p.venues.items()}
        speakers |= {q(k): v for k, v in p.speakers.items()}
        volunteers |= {q(k): v for k, v in p.volunteers.items()}
        for sid, s in p.screenings.items():
            screenings[q(sid)] = _own(sid, s, m, clashes)
    return Plan.model_construct(**{
        **{name: getattr(members[0].plan, name) for name in Plan.model_fields},
        "organiser": None, "tour": shared_tour(members), "films": films, "venues": venues,
        "speakers": speakers, "volunteers": volunteers, "screenings": screenings,
        "published": {}, "conflicts": {},
    })  # fmt: skip


def shared_tour(members: list[Member]) -> Tour | None:
    """The network's own name and website: what every plan's `[tour]` says alike (a kit
    gives each group the same)."""
    names = {m.plan.tour.name if m.plan.tour else None for m in members}
    sites = {m.plan.tour.website if m.plan.tour else None for m in members}
    name = names.pop() if len(names) == 1 else None
    site = sites.pop() if len(sites) == 1 else None
    return Tour(name=name, website=site) if name or site else None


def _own(sid: str, s: Screening, m: Member, clashes: dict[str, list[str]]) -> Screening:
    """A group's screening as the network plan holds it: references qualified, its group's
    defaults written in, a shared uid made the group's own."""

    def q(rid: str) -> str:
        return qualified(m.name, rid)

    settings = m.plan.settings
    update = {
        "film": q(s.film), "venue": q(s.venue), "speakers": [q(p) for p in s.speakers],
        "host": q(s.host) if s.host else None,
        "rota": {role: q(v) for role, v in s.rota.items()},
        "rsvp": {q(p): a for p, a in s.rsvp.items()},
        "intro": s.intro if s.intro is not None else settings.intro,
        "talk": s.talk if s.talk is not None else settings.talk,
        "currency": m.plan.currency_of(sid),
        "languages": s.languages or ([settings.language] if settings.language else []),
    }  # fmt: skip
    if s.uid and s.uid in clashes:
        update["uid"] = f"{s.uid}-{m.name}"
    return s.model_copy(update=update)


def group_counts(members: list[Member]) -> Counter[str]:
    return Counter(m.name for m in members)
