"""Exports: build the outputs, hand them to a target, record what was delivered.

Under the plan's lock: calendar identities are brought up to date (`identity.sync`), the
outputs are built from that plan, a target (a folder, a file, a stream; later a mail or
calendar server) delivers them, and only then is the plan written, recording a revision as
sent only for the screenings whose outputs the target confirmed. A failed write leaves the
plan as it was for those screenings, so the next export makes the same bytes again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from screenkit.delivery.build import Request
from screenkit.delivery.targets import Delivery, Folder, Target
from screenkit.errors import Incomplete, InputError, ScreenkitError, StorageError
from screenkit.plan.problems import Problem
from screenkit.planfile import store
from screenkit.usecases.workspace import Workspace


@dataclass
class Exported:
    delivery: Delivery
    left_out: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # files it made before and no longer makes

    def failure(self) -> ScreenkitError | None:
        """What to tell and the exit code, once the delivered outputs are shown."""
        failed = self.delivery.failures()
        if failed:
            return StorageError(*failed)
        if self.left_out:
            lines = [f"screenings.{sid}: left out of the export" for sid in self.left_out]
            lines += [why for reasons in self.left_out.values() for why in reasons]
            return Incomplete(*lines)
        return None


def protected(plan: Path) -> tuple[Path, ...]:
    """Files an export must never replace: the plan and its lock."""
    return (plan, store.lock_path(plan))


def destination(
    ws: Workspace, *, folder: Path | None = None, file: Path | None = None,
    stream: BinaryIO | None = None,
) -> Target:  # fmt: skip
    """Where an export goes: files below a folder, one file (`-` is the stream), or the
    stream; never over the plan or its lock."""
    from screenkit.delivery import targets

    keep = tuple(path for plan in (ws.plans or (ws.plan,)) for path in protected(plan))
    if folder is not None:
        return targets.Folder(folder, keep)
    if file is not None and str(file) != "-":
        return targets.File(file, keep)
    if stream is None:
        raise InputError("-: no output stream to write to")
    return targets.Stream(stream)


def request(
    *, every: bool = False, invites: list[str] | None = None, feed: bool = False,
    speaker: str | None = None,
) -> Request:  # fmt: skip
    """What to build: `every` calendar and checklist (into their folders), a few invites (or
    all, with an empty list), the feed, or one speaker's calendar."""
    from screenkit.delivery.build import ALL

    if every:
        return Request(invites=ALL, feed="feed.ics", speakers=ALL, checklists=ALL)
    if invites is not None:
        return Request(invites=invites or ALL, invites_dir="")
    if speaker is not None:
        return Request(speakers=[speaker], speakers_dir="")
    return Request(feed="feed.ics" if feed else None)


def export(ws: Workspace, request: Request, target: Target) -> Exported:
    """Build what `request` asks for, deliver it to `target` and record what arrived."""
    from screenkit.calendars.identity import Synced
    from screenkit.delivery.build import build
    from screenkit.usecases.delivering import deliver

    synced = Synced(ws.now, ws.new_uid, request.carried())
    every = request.invites is not None and request.feed and request.checklists is not None
    from screenkit.rules.publication import withheld

    done = deliver(ws, synced, lambda plan, problems: build(plan, problems, request), target,
                   stamp="export" if every and isinstance(target, Folder) else None)  # fmt: skip
    return Exported(done.delivery, done.built.left_out,
                    [*done.warnings, *withheld(done.built.withheld)])  # fmt: skip


def feed(ws: Workspace, target: Target) -> Exported:
    """The public calendar of every screening."""
    return export(ws, request(feed=True), target)


def checklists(ws: Workspace, ids: list[str] | None, fmt: str, target: Target) -> Exported:
    """Printable checklists only: they carry no calendar identity, so the plan is not
    written."""
    from screenkit.delivery.build import ALL, build
    from screenkit.documents.checklist import FORMATS
    from screenkit.rules.checks import check
    from screenkit.usecases.delivering import write

    if fmt not in FORMATS:
        raise InputError(f"format: {fmt!r} is not one of {', '.join(FORMATS)}")
    plan = store.load(ws.plan)
    request = Request(checklists=ids or ALL, checklists_dir="", checklist_format=fmt)
    problems = check(plan, ws.today)
    built = build(plan, problems, request)
    with ws.progress("exporting", built.total) as step:
        delivery = write(target, built.outputs, step)
    return Exported(delivery, built.left_out, [p for p in problems if p.severity == "warning"])
