"""What an export produces, and writing it without leaving half of it behind.

`build` turns the plan into named outputs in memory and refuses, naming every reason, when
any screening cannot be exported; only then does `write` put them on disk, each file whole
(see `store.write_output`), under names made from validated ids that cannot leave the output
folder.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from screenkit import store
from screenkit.checks import Problem, errors
from screenkit.errors import InputError
from screenkit.models import Plan

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

    def size(self, screenings: int) -> int:
        """How many outputs, for a progress bar; `screenings` stands in for ALL."""
        lists = (self.invites, self.speakers, self.checklists)
        return sum(screenings if ids == ALL else len(ids or []) for ids in lists)


def speakers_with_screenings(plan: Plan) -> list[str]:
    booked = {p for s in plan.screenings.values() for p in [*s.speakers, s.host] if p}
    return [pid for pid in plan.speakers if pid in booked]


def build(
    plan: Plan,
    problems: list[Problem],
    request: Request,
    step: Callable[[], None] = lambda: None,
) -> dict[str, bytes]:
    """Every output as bytes by relative path; InputError naming each reason if any fails.
    `step` is called once per output made (for a progress bar)."""
    from screenkit import ical

    every_screening = list(plan.screenings)
    invites = every_screening if request.invites == ALL else request.invites or []
    checklists = every_screening if request.checklists == ALL else request.checklists or []
    speakers = speakers_with_screenings(plan) if request.speakers == ALL else request.speakers or []
    reasons = [f"{p.where}: {p.message}" for p in errors(problems)]
    if reasons:
        raise InputError("the plan has errors; nothing was exported", *reasons)
    for sid in dict.fromkeys([*invites, *checklists]):
        if sid not in plan.screenings:
            reasons.append(f"screenings.{sid}: no screening with this id")
    for pid in speakers:
        if pid not in plan.speakers:
            reasons.append(f"speakers.{pid}: no speaker with this id")
    if invites:
        reasons += ical.invite_problems(plan, [s for s in invites if s in plan.screenings])
    if reasons:
        raise InputError(*reasons)
    out: dict[str, bytes] = {}
    for sid in invites:
        out[_join(request.invites_dir, f"{sid}.ics")] = ical.invite(plan, sid)
        step()
    if request.feed:
        out[request.feed] = ical.feed(plan)
    for pid in speakers:
        out[_join(request.speakers_dir, f"{pid}.ics")] = ical.speaker_calendar(plan, pid)
        step()
    if checklists:
        from screenkit.checklist import render

        for sid in checklists:
            name = f"{sid}.{request.checklist_format}"
            out[_join(request.checklists_dir, name)] = render(plan, sid, request.checklist_format)
            step()
    return out


def _join(folder: str, name: str) -> str:
    return f"{folder}/{name}" if folder else name


def export(
    path: Path,
    request: Request,
    now: dt.datetime,
    today: dt.date,
    new_uid: Callable[[], str],
    step: Callable[[], None] = lambda: None,
) -> tuple[dict[str, bytes], list[Problem]]:
    """Bring calendar identities up to date in the plan and build the outputs, under one lock."""
    from screenkit.revisions import sync

    def change(data: dict[str, Any], plan: Plan) -> tuple[dict[str, Any], None]:
        return sync(data, plan, now, new_uid), None

    def then(plan: Plan, problems: list[Problem]) -> dict[str, bytes]:
        return build(plan, problems, request, step)

    edited = store.edit(path, change, today, then=then)
    assert edited.output is not None
    return edited.output, edited.problems


def write(out_dir: Path, outputs: dict[str, bytes]) -> tuple[list[Path], int]:
    """Write each output below `out_dir`. Returns every output's path and how many were
    already there byte for byte (those are left untouched, mtime and all)."""
    root = out_dir.resolve()
    targets = []
    for relative in outputs:
        target = (root / relative).resolve()
        if not target.is_relative_to(root):  # ids are validated; this is a second lock
            raise InputError(f"{relative}: would be written outside {out_dir}")
        targets.append(target)
    for folder in {t.parent for t in targets}:
        folder.mkdir(parents=True, exist_ok=True)
    unchanged = 0
    for target, content in zip(targets, outputs.values(), strict=True):
        if _same(target, content):
            unchanged += 1
        else:
            store.write_output(target, content)
    return [out_dir / relative for relative in outputs], unchanged


def _same(path: Path, content: bytes) -> bool:
    try:
        return path.stat().st_size == len(content) and path.read_bytes() == content
    except OSError:
        return False
