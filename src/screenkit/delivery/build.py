"""What an export builds: output records made from the plan, and which screenings are left out.

`build` turns the plan into `delivery.Output` records in memory. A screening that cannot be
exported (an error in the plan that concerns it, an invitee without an email) is left out
with its reasons, and the rest are built; when nothing asked for can be built, it refuses,
naming every reason, so that a bare export of a broken plan writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from screenkit.errors import InputError
from screenkit.output import Output
from screenkit.plan.models import Plan
from screenkit.plan.problems import Problem, errors
from screenkit.rules.people import booked, invited, screenings_of
from screenkit.suggest import unknown

if TYPE_CHECKING:
    from screenkit.calendars.objects import View

MEDIA_TYPES = {"html": "text/html", "md": "text/markdown", "txt": "text/plain"}
ALL = ["*"]  # in a Request: every screening (or speaker), resolved once the plan is read


@dataclass
class Request:
    """Which outputs to build; folder names are relative to the output folder."""

    invites: list[str] | None = None  # screening ids; None for none, ALL for every one
    invites_dir: str = "invites"
    feed: str | None = None  # file name of the public feed
    speakers: list[str] | None = None  # speaker ids, or ALL (those with screenings)
    speakers_dir: str = "speakers"
    checklists: list[str] | None = None  # screening ids, or ALL
    checklists_dir: str = "checklists"
    checklist_format: str = "html"

    def carried(self) -> list[str] | None:
        """The screenings whose calendar identity the outputs carry: a few invites, or (with
        the feed or speakers' calendars) every one (None)."""
        if self.feed or self.speakers or self.invites == ALL:
            return None
        return list(self.invites or [])


@dataclass
class Built:
    outputs: Iterable[Output]  # made as they are read (see `_outputs`)
    left_out: dict[str, list[str]] = field(default_factory=dict)  # screening id -> reasons
    total: int = 0  # how many outputs, for a progress bar
    withheld: dict[str, str] = field(default_factory=dict)  # kept from the public, and why


def blocked(plan: Plan, problems: list[Problem], invites: list[str]) -> dict[str, list[str]]:
    """Screening id -> why it cannot be exported. Every error in a plan concerns a screening
    (references, overlaps, times); an invite also needs an email for each person invited."""
    reasons: dict[str, list[str]] = {}
    for p in errors(problems):
        reasons.setdefault(p.screening or "*", []).append(f"{p.where}: {p.message}")
    for sid in invites:
        if sid in reasons:
            continue
        s = plan.screenings[sid]
        for pid in s.people:
            if pid in plan.speakers and not plan.speakers[pid].email:
                reasons.setdefault(sid, []).append(
                    f"screenings.{sid}: cannot invite {pid}, who has no email (speakers.{pid})"
                )
    return reasons


def invitees(plan: Plan, sid: str) -> tuple[str, ...]:
    """The email addresses an invite is for: speakers and host, never the organiser."""
    return tuple(str(plan.speakers[p].email) for p in invited(plan, sid))


def _ids(asked: list[str] | None, every: list[str], known: dict, what: str) -> list[str]:
    chosen = every if asked == ALL else list(dict.fromkeys(asked or []))
    missing = [i for i in chosen if i not in known]
    if missing:
        raise InputError(*(f"{what}s.{i}: {unknown(what, i, known)}" for i in missing))
    return chosen


def build(plan: Plan, problems: list[Problem], request: Request) -> Built:
    """Every output that can be made, and the screenings left out with their reasons."""

    every = list(plan.screenings)
    invites = _ids(request.invites, every, plan.screenings, "screening")
    checklists = _ids(request.checklists, every, plan.screenings, "screening")
    speakers = _ids(request.speakers, booked(plan), plan.speakers, "speaker")
    no_sender = [sid for sid in invites if not (o := plan.organiser_of(sid)) or not o.email]
    if no_sender:
        raise InputError(f"organiser.email: invites need the organiser's email as their "
                         f"ORGANIZER (screenings.{no_sender[0]} has none)")  # fmt: skip
    reasons = blocked(plan, problems, invites)
    if "*" in reasons:
        raise InputError("the plan has errors; nothing was exported", *reasons["*"])
    wanted = set(invites) | set(checklists) | ({*every} if request.feed or speakers else set())
    left_out = {sid: why for sid, why in reasons.items() if sid in wanted}
    if left_out and not (wanted - set(left_out)):
        raise InputError(
            "the plan has errors; nothing was exported",
            *(reason for why in left_out.values() for reason in why),
        )
    good = plan
    if left_out:
        kept = {sid: s for sid, s in plan.screenings.items() if sid not in left_out}
        good = plan.model_copy(update={"screenings": kept})
    withheld = {}
    if request.feed:
        from screenkit.rules.publication import not_for_the_public

        withheld = {sid: why for sid, why in not_for_the_public(good).items()}
    made = _outputs(good, request, invites, speakers, checklists, set(left_out), set(withheld))
    total = len(invites) + len(speakers) + len(checklists) + (1 if request.feed else 0)
    return Built(made, left_out, total, withheld)


def _outputs(
    good: Plan,
    request: Request,
    invites: list[str],
    speakers: list[str],
    checklists: list[str],
    left_out: set[str],
    withheld: set[str],
) -> Iterator[Output]:
    """The outputs one at a time, so a target can write each and let it go: ten thousand
    checklists never sit in memory at once."""
    from screenkit.calendars import ical
    from screenkit.rules.needtoknow import TEAM, seen_by

    for sid in invites:
        if sid in left_out:
            continue
        s = good.screenings[sid]
        method = "CANCEL" if s.status == "cancelled" else "REQUEST"
        name = _join(request.invites_dir, f"{sid}.ics")
        yield Output(name, ical.invite(good, sid), "invite", screenings=(sid,), uid=s.uid,
                     method=method, recipients=invitees(good, sid))  # fmt: skip
    if request.feed:
        public = good
        if withheld:
            shown = {sid: s for sid, s in good.screenings.items() if sid not in withheld}
            public = good.model_copy(update={"screenings": shown})
        yield Output(request.feed, ical.feed(public), "feed", screenings=tuple(public.screenings))
    for pid in speakers:  # a speaker's own calendar: what they may know (`needtoknow`)
        sids = tuple(screenings_of(good, pid))
        calendar = ical.speaker_calendar(seen_by(good, pid), pid)
        yield Output(_join(request.speakers_dir, f"{pid}.ics"), calendar, "speaker",
                     screenings=sids, speaker=pid)  # fmt: skip
    if checklists:  # printed for the evening's team, who may not know a private speaker
        from screenkit.documents.checklist import render

        good = seen_by(good, TEAM)
        fmt = request.checklist_format
        for sid in checklists:
            if sid in left_out:
                continue
            name = _join(request.checklists_dir, f"{sid}.{fmt}")
            yield Output(name, render(good, sid, fmt), "checklist", MEDIA_TYPES[fmt])


def _join(folder: str, name: str) -> str:
    return f"{folder}/{name}" if folder else name


def calendar_objects(plan: Plan, problems: list[Problem], view: View) -> Built:
    """A stored calendar object per screening that can be made (for CalDAV and vdirs), and
    the screenings left out with why; the public view withholds what may not be advertised
    (`publication.not_for_the_public`)."""
    from screenkit.calendars.objects import name, resource
    from screenkit.rules.publication import not_for_the_public

    reasons = blocked(plan, problems, [])
    if "*" in reasons:
        raise InputError("the plan has errors; nothing was published", *reasons["*"])
    left_out = {sid: why for sid, why in reasons.items() if sid in plan.screenings}
    if left_out and len(left_out) == len(plan.screenings):
        raise InputError(
            "the plan has errors; nothing was published",
            *(reason for why in left_out.values() for reason in why),
        )
    withheld = not_for_the_public(plan) if view == "public" else {}
    outputs = []
    for sid, s in plan.screenings.items():
        if sid in left_out or sid in withheld:
            continue
        assert s.uid is not None  # identity.sync gave every buildable screening one
        content = resource(plan, sid, view)
        outputs.append(Output(name(s.uid), content, "resource", screenings=(sid,), uid=s.uid))
    withheld = {sid: why for sid, why in withheld.items() if sid not in left_out}
    return Built(outputs, left_out, len(outputs), withheld)
