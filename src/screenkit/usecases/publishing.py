"""Sharing the tour: publish every screening into a CalDAV calendar, or write them as a vdir.

Both make one resource per screening (`objects.resource`). Publishing runs like an export,
under the plan's lock: calendar identities are synced, the resources built and sent, and then
only what the server accepted is recorded: the revision of each screening delivered, and in
`[published."<collection URL>"."<uid>"]` the ETag the server gave and a digest of what was
sent. Those records are kept by uid, not in the screening, so that a screening removed from
the plan is still known as screenkit's own and `--remove-missing` can delete it, and nothing
else, from the collection. Credentials are never in the plan: they come from
SCREENKIT_CALDAV_USER and SCREENKIT_CALDAV_PASSWORD or the user config file's [caldav] table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from screenkit.calendars.objects import View
from screenkit.delivery.build import Built
from screenkit.delivery.caldav import Published, Record
from screenkit.delivery.targets import Delivery, Target
from screenkit.errors import DeliveryError, Incomplete, ScreenkitError
from screenkit.models import Plan
from screenkit.output import Output
from screenkit.problems import Problem
from screenkit.usecases.exports import Exported
from screenkit.usecases.workspace import Workspace

Data = dict[str, Any]


@dataclass
class Publication:
    url: str
    view: View
    result: Published
    left_out: dict[str, list[str]] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)  # uids published, gone from the plan,
    # and left on the server (no --remove-missing)
    warnings: list[Problem] = field(default_factory=list)
    dry_run: bool = False

    def failure(self) -> ScreenkitError | None:
        r = self.result
        lines = [f"screenings.{o.screenings[0]}: not published: {why}" for o, why in r.failed]
        if r.untried:  # after the server went down or filled up: one line for all of them
            ids = ", ".join(o.screenings[0] for o in r.untried)
            more = f"{len(r.untried)} more not tried ({ids})"
            lines = [*lines[:-1], f"{lines[-1]}; {more}"] if lines else [f"{r.broken}: {more}"]
        lines += [f"not removed: {why}" for _, why in r.not_removed]
        if lines:
            return DeliveryError(*lines)
        if self.left_out:
            out = [f"screenings.{sid}: left out of the calendar" for sid in self.left_out]
            out += [why for reasons in self.left_out.values() for why in reasons]
            return Incomplete(*out)
        return None

    def report(self) -> dict[str, Any]:
        """The `publish --json` shape."""
        r = self.result

        def item(out: Output) -> dict[str, Any]:
            assert out.uid is not None
            return {
                "screening": out.screenings[0],
                "uid": out.uid,
                "href": r.href(self.url, out.uid),
            }

        failed = [{**item(o), "reason": why} for o, why in r.failed]
        failed += [{**item(o), "reason": f"not tried: {r.broken}"} for o in r.untried]
        failed += [
            {"screening": None, "uid": uid, "href": r.href(self.url, uid), "reason": why}
            for uid, why in r.not_removed
        ]
        return {
            "url": self.url,
            "view": self.view,
            "dry_run": self.dry_run,
            "created": [item(o) for o in r.created],
            "updated": [item(o) for o in r.updated],
            "unchanged": [item(o) for o in r.unchanged],
            "removed": [{"uid": u, "href": r.href(self.url, u)} for u in r.removed],
            "missing": [{"uid": u, "href": r.href(self.url, u)} for u in self.missing],
            "failed": failed,
        }


def _known(plan: Plan, url: str) -> dict[str, Record]:
    return {uid: Record(p.etag, p.digest) for uid, p in plan.published.get(url, {}).items()}


def publish(
    ws: Workspace,
    raw_url: str,
    view: View = "public",
    *,
    dry_run: bool = False,
    remove_missing: bool = False,
    force: bool = False,
    insecure: bool = False,
) -> Publication:
    """Put every screening into the calendar at `raw_url` and record what the server took.
    `insecure`: a password over http:// is allowed."""
    from screenkit import changes
    from screenkit.calendars.identity import Synced
    from screenkit.delivery import caldav
    from screenkit.delivery.build import calendar_objects
    from screenkit.usecases.delivering import deliver

    where = caldav.collection(raw_url)
    url = where.shown()
    who = caldav.account(where, ws.environ, insecure=insecure)
    missing: list[str] = []  # published by screenkit, no longer in the plan

    def build(plan: Plan, problems: list[Problem]) -> Built:
        built = calendar_objects(plan, problems, view)
        present = {s.uid for s in plan.screenings.values()}
        missing.extend(uid for uid in plan.published.get(url, {}) if uid not in present)
        built.total += len(missing) if remove_missing else 0
        return built

    def target(plan: Plan) -> caldav.CalDAV:
        return caldav.CalDAV(who, _known(plan, url), force=force, dry_run=dry_run,
                             remove=missing if remove_missing else (),
                             credentials_hint=caldav.hint(ws.environ))  # fmt: skip

    def record(synced: Synced, delivery: Delivery) -> Data:
        assert isinstance(delivery, Published)
        data = synced.keep(delivery.screenings())
        return changes.record_published(data, url, delivery.records)

    done = deliver(ws, Synced(ws.now, ws.new_uid), build, target, record, label="publishing",
                   write=not dry_run)  # fmt: skip
    assert isinstance(done.delivery, Published)
    kept = [] if remove_missing else missing
    return Publication(url, view, done.delivery, done.built.left_out, kept, done.warnings,
                       dry_run)  # fmt: skip


def export_vdir(ws: Workspace, view: View, target: Target) -> Exported:
    """One `<uid>.ics` per screening into a folder: the layout vdirsyncer and khal read."""
    from screenkit.calendars.identity import Synced
    from screenkit.delivery.build import calendar_objects
    from screenkit.usecases.delivering import deliver

    build = lambda plan, problems: calendar_objects(plan, problems, view)  # noqa: E731
    done = deliver(ws, Synced(ws.now, ws.new_uid), build, target)
    return Exported(done.delivery, done.built.left_out, done.warnings)
