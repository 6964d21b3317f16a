"""The plan's journal: what a delivery's servers took, on disk before the next is sent, folded
into the plan by the next session if the run never got to write it."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tomllib

import pytest

from screenkit.calendars.identity import Owed, Synced
from screenkit.delivery.caldav import Record
from screenkit.edits import changes
from screenkit.errors import PlanError
from screenkit.planfile import store
from screenkit.planfile.journal import Journal, journal_path
from screenkit.planfile.session import session
from tests.support.plans import EXAMPLE

NOW = dt.datetime(2026, 11, 25, 10, tzinfo=dt.UTC)
TODAY = NOW.date()


@pytest.fixture
def plan(tmp_path):
    path = tmp_path / "screenkit.toml"
    shutil.copy(EXAMPLE, path)
    return path


def synced(plan):
    """The example's data as a send would have it, synced, with what one message records."""
    data = store.parse(plan.read_text(), plan)
    sync = Synced(NOW, lambda: "new-uid")
    sync(data, store.load(plan))
    cal = sync.after["screenings"]["clapham"]["calendar"]
    owed = Owed("clapham", "amira", "amira@example.org", "Amira", "REQUEST", "Invitation",
                cal["sequence"], cal["digest"])  # fmt: skip
    return sync, owed


def test_an_append_is_on_disk_and_a_torn_last_line_is_dropped(plan):
    journal = Journal(plan)
    journal.append({"kind": "sent", "n": 1})
    journal.append({"kind": "sent", "n": 2, "when": "ü"})
    with open(journal.path, "ab") as handle:
        handle.write(b'{"kind": "sent", "n": 3')  # killed mid-append
    assert [e["n"] for e in Journal(plan).entries()] == [1, 2]
    assert journal.path == journal_path(plan) and journal.path.name == ".screenkit.toml.journal"
    journal.clear()
    assert not journal.path.exists() and Journal(plan).entries() == []


def test_folding_records_what_the_uninterrupted_run_would_have_and_twice_is_once(plan):
    sync, owed = synced(plan)
    entry = changes.sent_entry(sync.after, owed)
    whole = changes.record_sent(sync.keep({"clapham"}), [owed])
    folded, skipped = changes.fold(sync.before, [entry])
    assert skipped == 0 and folded == whole
    assert changes.fold(folded, [entry])[0] == whole
    record = Record('"e1"', "d1")
    uid = sync.after["screenings"]["clapham"]["uid"]
    put = changes.published_entry(sync.after, "clapham", "https://c.example/cal/", uid, record,
                                  "team")  # fmt: skip
    folded, _ = changes.fold(sync.before, [put])
    calendar = folded["published"]["https://c.example/cal/"]
    assert calendar == {"audience": "team", "events": {uid: {"etag": '"e1"', "digest": "d1"}}}
    gone = changes.published_entry(sync.after, None, "https://c.example/cal/", uid, None, "team")
    assert changes.fold(folded, [gone])[0]["published"]["https://c.example/cal/"] == {
        "audience": "team"
    }


def test_a_session_folds_in_what_an_interrupted_run_left_first(plan):
    sync, owed = synced(plan)
    Journal(plan).append(changes.sent_entry(sync.after, owed))
    Journal(plan).append({"kind": "nonsense"})  # skipped, not fatal
    with session(plan, TODAY) as s:
        assert s.folded == 2
    data = tomllib.loads(plan.read_text())
    assert data["screenings"]["clapham"]["calendar"]["sent_to"]["amira"]["sequence"] == 0
    assert not journal_path(plan).exists()


def test_a_dry_run_session_folds_in_memory_and_leaves_the_journal(plan):
    sync, owed = synced(plan)
    Journal(plan).append(changes.sent_entry(sync.after, owed))
    before = plan.read_bytes()
    with session(plan, TODAY, write=False) as s:
        assert "amira" in s.data["screenings"]["clapham"]["calendar"]["sent_to"]
    assert plan.read_bytes() == before and journal_path(plan).exists()


def test_a_journal_that_does_not_fit_the_plan_is_one_plan_error_naming_it(plan):
    sync, owed = synced(plan)
    entry = changes.sent_entry(sync.after, owed)
    entry["identity"]["calendar"]["sequence"] = -5  # tampered
    Journal(plan).append(entry)
    before = plan.read_bytes()
    with (
        pytest.raises(PlanError, match=r"\.screenkit\.toml\.journal: .* remove the file"),
        session(plan, TODAY),
    ):
        pass
    assert plan.read_bytes() == before


def test_status_reads_the_plan_as_the_next_session_will_have_it(plan, run, monkeypatch):
    monkeypatch.setenv("SCREENKIT_FILE", str(plan))
    import json

    def owed_at_clapham() -> list[str]:
        result = run("status", "--json")
        assert result.exit_code == 0, result.output
        return [
            p["person"]
            for p in json.loads(result.stdout)
            if p["kind"] == "invitations" and p["screening"] == "clapham" and p["person"]
        ]

    sync, owed = synced(plan)
    assert owed_at_clapham() == ["amira"]
    Journal(plan).append(changes.sent_entry(sync.after, owed))
    assert owed_at_clapham() == []
    assert journal_path(plan).exists()  # status writes nothing


def test_another_plans_journal_beside_this_one_is_set_aside_not_folded_in(plan, tmp_path):
    """A copy of another tour's folder brought its journal along: it names another plan and
    another uid, so it would mark people as sent who never were."""
    other = tmp_path / "other" / "screenkit.toml"
    other.parent.mkdir()
    text = plan.read_text().replace("9a02", "9a77")  # clapham's uid, elsewhere
    other.write_text(text)
    sync, owed = synced(other)
    Journal(other, text).append(changes.sent_entry(sync.after, owed))
    journal_path(other).rename(journal_path(plan))
    before = plan.read_bytes()
    said: list[str] = []
    with session(plan, TODAY, notice=said.append) as s:
        assert s.folded == 0
        assert "sent_to" not in s.data["screenings"]["clapham"]["calendar"]
    assert plan.read_bytes() == before
    assert len(said) == 1 and "not this plan's journal" in said[0] and "set-aside-1" in said[0]
    assert not journal_path(plan).exists()
    assert journal_path(plan).with_name(".screenkit.toml.journal.set-aside-1").exists()


def test_this_plans_journal_still_folds_after_a_hand_edit_of_the_same_file(plan):
    sync, owed = synced(plan)
    Journal(plan, plan.read_text()).append(changes.sent_entry(sync.after, owed))
    plan.write_text(plan.read_text().replace("Clapham Community Cinema", "Clapham Cinema"))
    with session(plan, TODAY) as s:
        assert s.folded == 1


def test_a_journal_with_no_first_line_naming_its_plan_is_set_aside(plan):
    sync, owed = synced(plan)
    line = json.dumps(changes.sent_entry(sync.after, owed), default=str)
    journal_path(plan).write_text(line + "\n")
    said: list[str] = []
    with session(plan, TODAY, notice=said.append) as s:
        assert s.folded == 0
    assert said and "not this plan's journal" in said[0]


@pytest.mark.parametrize("kind", ["folder", "fifo"])
def test_a_journal_path_that_is_not_a_regular_file_is_one_plan_error(plan, kind):
    path = journal_path(plan)
    path.mkdir() if kind == "folder" else os.mkfifo(path)
    with pytest.raises(PlanError, match="not a regular file"), session(plan, TODAY):
        pass


def test_a_volunteers_message_folds_into_its_own_record(plan):
    """What a volunteer was sent goes under `crew`, never among the speakers' `sent_to`."""
    sync, owed = synced(plan)
    crew = Owed("clapham", "alex", "alex@example.org", "Alex", "REQUEST", "Invitation",
                owed.sequence, "c0ffee", crew="door")  # fmt: skip
    folded, skipped = changes.fold(sync.before, [changes.sent_entry(sync.after, crew)])
    cal = folded["screenings"]["clapham"]["calendar"]
    assert skipped == 0 and cal["crew"]["alex"]["digest"] == "c0ffee"
    assert "alex" not in cal.get("sent_to", {})
