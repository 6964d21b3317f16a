"""Sharing the tour: publish every screening into a CalDAV calendar, or write them as a vdir.

Both make one resource per screening (`objects.resource`). Publishing runs like an export,
under the plan's lock: calendar identities are synced, the resources built and sent, and then
only what the server accepted is recorded: the revision of each screening delivered, and in
`[published."<collection URL>"."<uid>"]` the ETag the server gave and a digest of what was
sent. Those records are kept by uid, not in the screening, so that a screening removed from
the plan is still known as screenkit's own and `--remove-missing` can delete it, and nothing
else, from the collection. Each event the server takes is kept in the plan's journal at once
(`planfile.journal`), so an interrupted publish records what it put there.

Each calendar keeps its audience beside its events (`[published."URL"] audience`), recorded
by the first publish: a later publish without --public or --team uses it, and one that
contradicts it is refused unless --switch-audience (a plain `publish` after `publish --team`
used to turn the team's calendar public, silently). Calendars recorded before that, as
`[published."URL"."UID"]` tables, load as they are and are written in the new shape by the
next publish; their audience is told from what was published, or asked for once.

Credentials are never in the plan: they come from SCREENKIT_CALDAV_USER and
SCREENKIT_CALDAV_PASSWORD or the user config file's [caldav] table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from screenkit.calendars.objects import VIEWS, View, digest
from screenkit.delivery.build import Built
from screenkit.delivery.caldav import Published, Record
from screenkit.delivery.targets import Arrival, Delivery
from screenkit.errors import DeliveryError, Incomplete, InputError, ScreenkitError
from screenkit.output import Output
from screenkit.plan.models import Plan
from screenkit.plan.problems import Problem
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
    calendar = plan.published.get(url)
    events = calendar.events if calendar is not None else {}
    return {uid: Record(p.etag, p.digest) for uid, p in events.items()}


def _view(plan: Plan, url: str, given: View | None, switch: bool) -> View:
    """The audience this publish is for: given, recorded, or (first time) public."""
    from screenkit.calendars.objects import choose_view, infer_view

    calendar = plan.published.get(url)
    recorded = calendar.audience if calendar is not None else None
    before = calendar is not None and bool(calendar.events) and recorded is None
    digests = {u: e.digest for u, e in (calendar.events if calendar is not None else {}).items()}
    return choose_view(given, recorded, url, switch=switch, before=before,
                       infer=lambda: infer_view(plan, digests))  # fmt: skip


def publish(
    ws: Workspace,
    raw_url: str,
    view: View | None = None,
    *,
    dry_run: bool = False,
    remove_missing: bool = False,
    force: bool = False,
    switch: bool = False,
    insecure: bool = False,
) -> Publication:
    """Put every screening into the calendar at `raw_url` and record what the server took.
    `view` None: the audience recorded for that calendar (public for a new one); one that
    contradicts the record needs `switch`. `insecure`: a password over http:// is allowed."""
    from screenkit.calendars.identity import Synced
    from screenkit.delivery import caldav
    from screenkit.delivery.build import calendar_objects
    from screenkit.edits import changes
    from screenkit.rules.publication import withheld
    from screenkit.usecases.delivering import deliver

    where = caldav.collection(raw_url)
    url = where.shown()
    who = caldav.account(where, ws.environ, insecure=insecure)
    missing: list[str] = []  # published by screenkit, no longer in the plan (or not public)
    hidden: set[str] = set()  # the uids of screenings withheld from the public: always removed
    chosen: list[View] = []
    had_events: list[bool] = []

    def build(plan: Plan, problems: list[Problem]) -> Built:
        chosen.append(_view(plan, url, view, switch))
        built = calendar_objects(plan, problems, chosen[0])
        present = {s.uid for sid, s in plan.screenings.items() if sid not in built.withheld}
        recorded = _known(plan, url)
        had_events.append(bool(recorded))
        missing.extend(uid for uid in recorded if uid not in present)
        hidden.update(s.uid for sid, s in plan.screenings.items()
                      if sid in built.withheld and s.uid in recorded)  # fmt: skip
        built.total += len(removing())
        return built

    def removing() -> list[str]:
        return missing if remove_missing else [uid for uid in missing if uid in hidden]

    def target(plan: Plan) -> caldav.CalDAV:
        return caldav.CalDAV(
            who,
            _known(plan, url),
            force=force,
            dry_run=dry_run,
            remove=removing(),
            credentials_hint=caldav.hint(ws.environ),
        )

    def record(synced: Synced, delivery: Delivery) -> Data:
        assert isinstance(delivery, Published)
        data = synced.keep(delivery.screenings())
        audience = chosen[0] if delivery.records or had_events[0] else None
        return changes.record_published(data, url, delivery.records, audience)

    def journal(synced: Synced, arrival: Arrival) -> Data | None:
        assert arrival.uid is not None
        sid = arrival.out.screenings[0] if arrival.out is not None else None
        return changes.published_entry(synced.after, sid, url, arrival.uid, arrival.record,
                                       chosen[0])  # fmt: skip

    done = deliver(ws, Synced(ws.now, ws.new_uid), build, target, record, label="publishing",
                   write=not dry_run, journal=journal)  # fmt: skip
    assert isinstance(done.delivery, Published)
    kept = [uid for uid in missing if uid not in removing()]
    warnings = [*done.warnings, *withheld(done.built.withheld)]
    return Publication(url, chosen[0], done.delivery, done.built.left_out, kept, warnings,
                       dry_run)  # fmt: skip


MARKER = ".screenkit-vdir.json"  # which view a vdir folder holds (see export_vdir)
MARKER_MAX = 4096


def _marker(folder: Path) -> View | None:
    """The view a vdir folder records, or None when it records none."""
    import json

    from screenkit.inputfiles import read_regular

    path = folder / MARKER
    if not path.exists() and not path.is_symlink():
        return None

    def too_big(name: str, size: int | None) -> InputError:
        return InputError(f"{name}: not a screenkit vdir marker (too big); remove it")

    raw = read_regular(path, MARKER_MAX, too_big, "screenkit's vdir marker")
    try:
        view = json.loads(raw).get("audience")
    except (ValueError, AttributeError):
        view = None
    if view not in VIEWS:
        raise InputError(f"{path}: not a screenkit vdir marker; remove it, and give --public "
                         "or --team")  # fmt: skip
    return view


def _has_events(plan: Plan, folder: Path) -> bool:
    """Whether the folder holds a calendar object of one of the plan's screenings."""
    from screenkit.calendars.objects import name

    return any((folder / name(s.uid)).is_file() for s in plan.screenings.values() if s.uid)


def _files_view(plan: Plan, folder: Path) -> View | None:
    """The view of the events already in a vdir folder written before it kept a marker."""
    from screenkit.calendars.objects import infer_view, name

    digests = {}
    for s in plan.screenings.values():
        if s.uid is None:
            continue
        path = folder / name(s.uid)
        try:
            if path.is_file() and path.stat().st_size <= 1 << 20:
                digests[s.uid] = digest(path.read_bytes())
        except OSError:
            continue
        if len(digests) >= 20:
            break
    return infer_view(plan, digests)


def export_vdir(ws: Workspace, view: View | None, folder: Path, *,
                switch: bool = False) -> Exported:  # fmt: skip
    """One `<uid>.ics` per screening into a folder: the layout vdirsyncer and khal read.

    The folder keeps the view it holds in a small hidden file (`.screenkit-vdir.json`, which
    vdirsyncer and khal do not read: they read `*.ics`), so a later export without --public
    or --team keeps it, and one with the other is refused unless `switch`. In the folder and
    not in the plan: the folder is what syncs to a server, its view belongs to it wherever it
    is moved, and a plan shared in git should not hold one person's local paths."""
    import json

    from screenkit.calendars.identity import Synced
    from screenkit.calendars.objects import choose_view
    from screenkit.delivery.build import calendar_objects
    from screenkit.rules.publication import withheld
    from screenkit.usecases.delivering import deliver
    from screenkit.usecases.exports import destination

    target = destination(ws, folder=folder)
    recorded = _marker(folder) if folder.is_dir() else None
    marker: list[Output] = []
    seen: list[View] = []
    gone: list[str] = []  # the uids of screenings withheld from the public

    def build(plan: Plan, problems: list[Problem]) -> Built:
        before = recorded is None and folder.is_dir() and _has_events(plan, folder)
        chosen = choose_view(view, recorded, str(folder), switch=switch, before=before,
                             infer=lambda: _files_view(plan, folder))  # fmt: skip
        built = calendar_objects(plan, problems, chosen)
        seen.append(chosen)
        gone.extend(s.uid for sid, s in plan.screenings.items() if sid in built.withheld and s.uid)
        marker.append(Output(MARKER, json.dumps({"audience": chosen}).encode() + b"\n",
                             "marker", "application/json"))  # fmt: skip
        built.outputs = [*marker, *built.outputs]
        built.total += 1
        return built

    done = deliver(ws, Synced(ws.now, ws.new_uid), build, target)
    d = done.delivery
    hidden = str(folder / MARKER)
    d.done = [o for o in d.done if o.kind != "marker"]
    d.unchanged = [o for o in d.unchanged if o.kind != "marker"]
    d.places = [p for p in d.places if p != hidden]
    removed = _remove_withheld(gone, folder) if seen == ["public"] else []
    return Exported(d, done.built.left_out, [*done.warnings, *withheld(done.built.withheld)],
                    removed)  # fmt: skip


def _remove_withheld(uids: list[str], folder: Path) -> list[str]:
    """A public vdir loses the events of screenings now withheld: the files screenkit wrote
    for them (`<uid>.ics` of a screening in the plan), and no other."""
    from screenkit.calendars.objects import name

    removed = []
    for uid in uids:
        path = folder / name(uid)
        if path.is_file() and not path.is_symlink():
            path.unlink()
            removed.append(str(path))
    return removed
