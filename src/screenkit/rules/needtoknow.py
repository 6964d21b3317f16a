"""Need-to-know: a private speaker's real name, contacts and notes reach only the organiser,
the speaker and whoever the plan shares them with (`share_with`). Everything made for anyone
else (a co-speaker's invitation, a volunteer's reminder, the checklist the evening's team
reads) is built from `seen_by`, a copy of the plan in which every private speaker that reader
may not know is their public name and nothing more: what is not in the plan a builder is
given cannot leak from it, whatever the builder prints.
"""

from __future__ import annotations

from screenkit.plan.models import Plan, Speaker

ORGANISER = None  # the viewer who may know everyone: the organiser's own outputs
TEAM = ""  # the evening's team as a whole (a printed checklist): knows no private speaker

# What a private speaker is to those who may not know them, when the plan gives no public
# name. Plain words, as the public outputs say.
GUEST = "A guest speaker"


def may_know(plan: Plan, viewer: str | None, pid: str) -> bool:
    """Whether `viewer` (a speaker or volunteer id; ORGANISER; TEAM) may see who `pid` is."""
    person = plan.speakers.get(pid)
    if person is None or not person.private or viewer is ORGANISER:
        return True
    return bool(viewer) and (viewer == pid or viewer in person.share_with)


def hidden_from(plan: Plan, viewer: str | None) -> frozenset[str]:
    """The private speakers `viewer` may not know."""
    return frozenset(pid for pid in plan.speakers if not may_know(plan, viewer, pid))


def seen_by(plan: Plan, viewer: str | None) -> Plan:
    """The plan as `viewer` may see it: `plan` itself when they may know everyone, else a
    copy whose hidden speakers keep only their public name (no email, so no ATTENDEE line;
    no phone, role, bio, needs, travel, notes, aliases or delegate)."""
    hidden = hidden_from(plan, viewer)
    if not hidden:
        return plan
    speakers = dict(plan.speakers)
    for pid in hidden:
        speakers[pid] = masked(speakers[pid])
    return plan.model_copy(update={"speakers": speakers})


def masked(person: Speaker) -> Speaker:
    """A private speaker as someone who may not know them sees them."""
    return Speaker.model_construct(
        name=person.public_name or GUEST, private=True, public_name=person.public_name,
        language=person.language, needs=[], aliases=[], share_with=[],
    )  # fmt: skip
