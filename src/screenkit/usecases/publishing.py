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

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from screenkit.calendars.objects import View
from screenkit.delivery.caldav import Account, Published, Record
from screenkit.delivery.targets import Target
from screenkit.errors import DeliveryError, Incomplete, InputError, ScreenkitError
from screenkit.models import Plan
from screenkit.output import Output
from screenkit.planfile import store
from screenkit.problems import Problem
from screenkit.usecases.exports import Exported
from screenkit.usecases.workspace import Workspace

Data = dict[str, Any]
DEFAULT_TIMEOUT = 30.0


def build(
    plan: Plan, problems: list[Problem], view: View
) -> tuple[list[Output], dict[str, list[str]]]:
    """A resource per screening that can be made, and the screenings left out with why."""
    from screenkit.calendars.objects import name, resource
    from screenkit.delivery.build import _blocked

    blocked = _blocked(plan, problems, [])
    if "*" in blocked:
        raise InputError("the plan has errors; nothing was published", *blocked["*"])
    left_out = {sid: why for sid, why in blocked.items() if sid in plan.screenings}
    if left_out and len(left_out) == len(plan.screenings):
        raise InputError(
            "the plan has errors; nothing was published",
            *(reason for why in left_out.values() for reason in why),
        )
    outputs = []
    for sid, s in plan.screenings.items():
        if sid in left_out:
            continue
        assert s.uid is not None  # identity.sync gave every buildable screening one
        content = resource(plan, sid, view)
        outputs.append(Output(name(s.uid), content, "resource", screenings=(sid,), uid=s.uid))
    return outputs, left_out


def account(url: str, url_user: str | None, environ: Mapping[str, str]) -> Account:
    """Who to publish as: the environment first, then the user config file's [caldav]."""
    user = environ.get("SCREENKIT_CALDAV_USER") or None
    password = environ.get("SCREENKIT_CALDAV_PASSWORD") or None
    timeout = environ.get("SCREENKIT_CALDAV_TIMEOUT") or None
    where = "SCREENKIT_CALDAV_TIMEOUT"
    if user is None or password is None or timeout is None:
        from screenkit.delivery import userconfig

        config = userconfig.section("caldav", environ)
        user = user or config.get("user") or url_user
        password = password or config.get("password")
        if timeout is None and "timeout" in config:
            timeout, where = config["timeout"], f"{userconfig.path(environ)}: [caldav] timeout"
    try:
        seconds = DEFAULT_TIMEOUT if timeout is None else float(timeout)
    except (TypeError, ValueError):
        seconds = -1.0
    if not 0 < seconds <= 3600:
        raise InputError(f"{where}: {timeout!r} is not a number of seconds (0 to 3600)")
    return Account(url, str(user) if user else None, str(password) if password else None, seconds)


def _hint() -> str:
    from screenkit.delivery import userconfig

    return (
        "; set SCREENKIT_CALDAV_USER and SCREENKIT_CALDAV_PASSWORD, or user and password in "
        f"the [caldav] table of {userconfig.path()}"
    )


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


def _recorded(data: Data, url: str, records: dict[str, Record | None]) -> Data:
    """`data` with the collection's records changed as `records` says (None: forget)."""
    if not records:
        return data
    published = data.get("published", {})
    table = dict(published.get(url, {}))
    for uid, record in records.items():
        if record is None:
            table.pop(uid, None)
        else:
            entry = {"etag": record.etag} if record.etag is not None else {}
            table[uid] = {**entry, "digest": record.digest}
    rest = {k: v for k, v in published.items() if k != url}
    new = {**rest, url: table} if table else rest
    if new:
        return {**data, "published": new}
    return {k: v for k, v in data.items() if k != "published"}


def publish(
    ws: Workspace,
    raw_url: str,
    view: View = "public",
    *,
    dry_run: bool = False,
    remove_missing: bool = False,
    force: bool = False,
    environ: Mapping[str, str] | None = None,
) -> Publication:
    """Put every screening into the calendar at `raw_url` and record what the server took."""
    from screenkit.calendars import identity
    from screenkit.delivery.caldav import CalDAV, collection_url

    url, url_user = collection_url(raw_url)
    who = account(url, url_user, os.environ if environ is None else environ)
    synced = identity.Synced(ws.now, ws.new_uid)

    def then(plan: Plan, problems: list[Problem]) -> Publication:
        known = _known(plan, url)
        outputs, left_out = build(plan, problems, view)
        present = {s.uid for s in plan.screenings.values()}
        missing = [uid for uid in known if uid not in present]
        target = CalDAV(
            who,
            known,
            force=force,
            remove=missing if remove_missing else (),
            credentials_hint=_hint(),
        )
        if dry_run:
            result = target.classify(outputs)
        else:
            with ws.progress("publishing", len(outputs) + len(target.remove)) as step:
                result = target.deliver(outputs, step)
        kept = [] if remove_missing else missing
        warnings = [p for p in problems if p.severity == "warning"]
        return Publication(url, view, result, left_out, kept, warnings, dry_run)

    def settle(made: Publication) -> Data:
        data = synced.keep(made.result.screenings())
        return _recorded(data, url, made.result.records)

    edited = store.edit(ws.plan, synced, ws.today, then=then, settle=settle, write=not dry_run)
    assert edited.output is not None
    return edited.output


def export_vdir(ws: Workspace, view: View, target: Target) -> Exported:
    """One `<uid>.ics` per screening into a folder: the layout vdirsyncer and khal read."""
    from screenkit.calendars import identity

    synced = identity.Synced(ws.now, ws.new_uid)

    def then(plan: Plan, problems: list[Problem]) -> Exported:
        outputs, left_out = build(plan, problems, view)
        with ws.progress("exporting", len(outputs)) as step:
            delivery = target.deliver(outputs, step)
        return Exported(delivery, left_out, [p for p in problems if p.severity == "warning"])

    def settle(made: Exported) -> Data:
        return synced.keep(made.delivery.screenings())

    edited = store.edit(ws.plan, synced, ws.today, then=then, settle=settle)
    assert edited.output is not None
    return edited.output
