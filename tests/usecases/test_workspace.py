"""`usecases.workspace`: the surroundings of a use case, and its shared guards."""

from __future__ import annotations

import pytest

from screenkit.errors import InputError
from screenkit.planfile import store
from screenkit.usecases.workspace import Workspace, require_screening


def test_an_unknown_screening_names_the_nearest(ws: Workspace):
    with pytest.raises(InputError, match="ica-premiere"):
        require_screening(store.load(ws.plan), "ica-premier")


def test_an_edit_reports_whose_invitations_it_made_old(ws: Workspace):
    edited = ws.edit(lambda data, plan: (data, None))
    assert edited.warnings == [] and edited.notices == []
    assert not ws.network


def test_an_edit_that_cannot_outdate_an_invitation_loads_no_calendar_code(ws: Workspace):
    """A tick says nothing of invitations, so it never loads iCalendar or mail building; a
    change of time does, to say whose invitation it made old (here nobody's: none sent)."""
    import subprocess
    import sys

    code = (
        "import sys, datetime as dt\n"
        "from screenkit.usecases.workspace import Workspace\n"
        "from screenkit.usecases import tasks, screenings\n"
        "now = dt.datetime(2026, 11, 25, 10, tzinfo=dt.UTC)\n"
        f"ws = Workspace(plan=__import__('pathlib').Path({str(ws.plan)!r}), now=now,"
        " today=now.date())\n"
        "name = tasks.due(ws, ['clapham'])[0]['task']\n"
        "tasks.tick(ws, 'clapham', [name])\n"
        "screenings.update(ws, 'clapham', {'start': '19:30'})\n"
        "heavy = ('icalendar', 'screenkit.calendars.identity', 'screenkit.delivery.mail')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
