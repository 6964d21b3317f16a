"""`usecases.delivering`: the one pipeline of every command that delivers; here through a
feed, whose delivery is recorded only once it arrived."""

from __future__ import annotations

from screenkit.calendars.identity import Synced
from screenkit.delivery.build import Built
from screenkit.delivery.targets import Folder
from screenkit.output import Output
from screenkit.usecases import delivering
from screenkit.usecases.workspace import Workspace


def test_what_a_build_makes_arrives_in_the_target(ws: Workspace, tmp_path):
    def build(plan, problems):
        return Built([Output("note.txt", b"hello", "note", "text/plain")], total=1)

    synced = Synced(ws.now, ws.new_uid, frozenset())
    done = delivering.deliver(ws, synced, build, Folder(tmp_path / "out"))
    assert (tmp_path / "out" / "note.txt").read_bytes() == b"hello"
    assert [o.name for o in done.delivery.done] == ["note.txt"]
