"""`usecases.exports`: calendars and checklists built and delivered to a folder."""

from __future__ import annotations

from screenkit.delivery.targets import Folder
from screenkit.planfile import store
from screenkit.usecases import exports
from screenkit.usecases.workspace import Workspace


def test_every_export_writes_invites_feed_and_checklists_and_records_them(ws: Workspace):
    folder = ws.cwd / "export"
    done = exports.export(ws, exports.request(every=True), Folder(folder))
    names = {o.name for o in done.delivery.done}
    assert "feed.ics" in names
    assert any(n.endswith(".ics") and n.startswith("invites/") for n in names)
    assert (folder / "feed.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert store.load(ws.plan).screenings["clapham"].calendar is not None


def test_a_second_export_changes_nothing(ws: Workspace):
    folder = ws.cwd / "export"
    exports.export(ws, exports.request(every=True), Folder(folder))
    again = exports.export(ws, exports.request(every=True), Folder(folder))
    assert again.delivery.done == [] and again.delivery.unchanged
