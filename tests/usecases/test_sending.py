"""`usecases.sending`: invitations planned, written as files, and answers recorded (a real
SMTP server is in tests/servers)."""

from __future__ import annotations

from screenkit.planfile import store
from screenkit.usecases import sending
from screenkit.usecases.workspace import Workspace


def test_a_dry_run_plans_an_invitation_per_person_and_records_nothing(ws: Workspace):
    before = ws.plan.read_bytes()
    sent = sending.send(ws, ["clapham"], dry_run=True)
    assert sent.planned
    assert ws.plan.read_bytes() == before


def test_eml_files_are_written_one_per_person(ws: Workspace):
    sent = sending.send(ws, ["clapham"], eml=ws.cwd / "mail")
    assert len(list((ws.cwd / "mail").glob("*.eml"))) == len(sent.planned)


def test_an_answer_given_by_phone_is_recorded(ws: Workspace):
    sending.rsvp(ws, "clapham", "amira", "accepted")
    assert store.load(ws.plan).screenings["clapham"].rsvp["amira"].answer == "accepted"
