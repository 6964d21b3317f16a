"""`usecases.publishing`: one `.ics` per screening into a vdir (CalDAV itself is tested
against a real Radicale under tests/servers)."""

from __future__ import annotations

from screenkit.usecases import publishing
from screenkit.usecases.workspace import Workspace


def test_a_public_vdir_holds_an_event_per_screening(ws: Workspace):
    folder = ws.cwd / "vdir"
    done = publishing.export_vdir(ws, "public", folder)
    events = sorted(folder.glob("*.ics"))
    assert events and len(events) == len(done.delivery.done)
    assert all(b"ATTENDEE" not in e.read_bytes() for e in events)
