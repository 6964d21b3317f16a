"""`usecases.screenings`: add, change, cancel and read screenings with a Workspace."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

import pytest

from screenkit.errors import InputError
from screenkit.plan import values
from screenkit.planfile import store
from screenkit.rules import schedule
from screenkit.usecases import screenings
from screenkit.usecases.workspace import Workspace


@contextmanager
def calls(*functions: Callable[..., Any]) -> Iterator[Counter[tuple[str, str]]]:
    """Each call of `functions` while the block runs, by name and first argument (as text),
    seen by the interpreter's profiler: no function is replaced."""
    codes = {f.__code__: f.__name__ for f in functions}
    seen: Counter[tuple[str, str]] = Counter()

    def hook(frame: Any, event: str, arg: object) -> None:
        if event == "call" and frame.f_code in codes:
            code = frame.f_code
            args = [frame.f_locals[n] for n in code.co_varnames[: min(2, code.co_argcount)]]
            what = args[-1] if type(args[0]).__name__ == "Plan" else args[0]  # timing(plan, s)
            if type(what).__name__ == "Screening":
                what = f"{what.venue} {what.date}"
            seen[(codes[frame.f_code], f"{type(what).__name__}:{what}")] += 1

    sys.setprofile(hook)
    try:
        yield seen
    finally:
        sys.setprofile(None)


def test_a_new_start_is_parsed_once_and_each_evening_timed_once(ws: Workspace):
    """The typed `7:45pm` is read once where it is given and travels typed (a `ClockText`)
    to the model; the doors move with it; no evening's timing is worked out twice. (The
    suite's self-check, which checks the whole plan again on purpose, is off here.)"""
    ws = replace(ws, environ={})
    with calls(values.read_clock, values.parse_clock, schedule.timing) as seen:
        changed = screenings.update(ws, "clapham", {"start": "7:45pm"})
    typed = {k: n for k, n in seen.items() if "7:45pm" in k[1]}
    assert typed == {("read_clock", "str:7:45pm"): 1}
    assert not [k for k in seen if k[0] == "parse_clock" and k[1] in ("str:19:45", "str:19:15")]
    evenings = Counter(k[1] for k in seen.elements() if k[0] == "timing")
    assert evenings and max(evenings.values()) == 1
    assert changed.notices[0].startswith("clapham: doors moved with the start, 18:30 → 19:15")
    s = store.load(ws.plan).screenings["clapham"]
    assert (values.format_clock(s.start), values.format_clock(s.doors or s.start)) == (
        "19:45",
        "19:15",
    )
    assert 'start = "19:45"' in ws.plan.read_text()


def test_a_new_screening_takes_the_next_free_id(ws: Workspace):
    given = {"film": "return-to-homs", "venue": "clapham", "date": "2027-07-02", "start": "19:00"}
    made = screenings.new(ws, None, given)
    assert made.id in store.load(ws.plan).screenings
    assert made.id.startswith("clapham")


def test_cancel_keeps_the_screening_to_withdraw_its_invitations(ws: Workspace):
    screenings.cancel(ws, "clapham")
    assert store.load(ws.plan).screenings["clapham"].status == "cancelled"


def test_an_unknown_screening_is_named_with_the_nearest(ws: Workspace):
    with pytest.raises(InputError, match="clapham"):
        screenings.update(ws, "claphm", {"start": "19:30"})


def test_listing_and_show_read_without_writing(ws: Workspace):
    before = ws.plan.read_bytes()
    rows = screenings.listing(ws)
    shown = screenings.show(ws, "ica-premiere")
    assert [r["id"] for r in rows][:1] == ["ica-premiere"]
    assert shown.info["id"] == "ica-premiere"
    assert ws.plan.read_bytes() == before
