"""Adversarial tests of scoped writes: a plan session validates and checks only what a change
touched. Every write here runs with SCREENKIT_SELF_CHECK=1 (conftest), so a scope that misses
something ends the command with an internal error (exit 70); and the warnings a write prints
must be exactly what `check --json` finds new after it."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from screenkit.errors import InputError, PlanError
from screenkit.planfile import session
from tests.support.plans import Run

TODAY = dt.date(2026, 11, 25)
INTERNAL = 70


def problems(run: Run) -> set[tuple[str, str, str]]:
    result = run("check", "--json")
    found = json.loads(result.stdout)
    # check exits 1 exactly when the plan has an error, else 0
    assert result.exit_code == int(any(p["severity"] == "error" for p in found)), result.output
    return {(p["severity"], p["where"], p["message"]) for p in found}


def printed_warnings(stderr: str) -> set[str]:
    return {line.removeprefix("warning: ") for line in stderr.splitlines()
            if line.startswith("warning: ")}  # fmt: skip


def step(run: Run, *args: str, compare: bool = True) -> Any:
    """Run one command; never an internal error; a write's warnings are what it introduced."""
    before = problems(run) if compare else None
    result = run(*args)
    assert result.exit_code != INTERNAL, (args, result.output)
    assert "internal error" not in result.output, (args, result.output)
    if compare and result.exit_code == 0:
        new = problems(run) - before
        if _warns(args):
            want = {f"{w}: {m}" for s, w, m in new if s == "warning"}
            got = {w for w in printed_warnings(result.stderr) if re.match(r"[a-z]+\.", w)}
            # Problem lines (`where: message`) printed must be the new ones, all of them.
            assert got == want, (args, result.stderr, sorted(want))
        if args[0] != "rsvp":  # a decline is recorded even though it makes an error
            assert not [p for p in new if p[0] == "error"], (args, new)
    return result


def _warns(args: tuple[str, ...]) -> bool:
    """Commands that print the warnings their write introduced (`e.warn_problems`); rename
    and rsvp print none (a rename would show the screening's old warnings under its new id),
    and export prints every problem."""
    return args[0] in (
        "new",
        "update",
        "cancel",
        "result",
        "tick",
        "untick",
        "remove",
        "import",
    ) or (args[0] in ("film", "venue", "speaker") and args[1] in ("add", "update"))


# A plan where evenings crowd each other: three venues (one abroad), four people, two films.
MORE = [  # beside the `basic` fixture's film, two venues and two speakers
    ["film", "add", "short", "--title", "A Short", "--runtime", "20"],
    ["venue", "add", "ifi", "--name", "IFI", "--address", "6 Eustace Street, Dublin",
     "--timezone", "Europe/Dublin", "--capacity", "120"],
    ["speaker", "add", "talal", "--name", "Talal Derki", "--email", "talal@example.org"],
    ["speaker", "add", "noor", "--name", "Noor Ali", "--email", "noor@example.org"],
]  # fmt: skip


@pytest.fixture
def crowded(run: Run, basic: Path) -> Path:
    for args in MORE:
        result = run(*args)
        assert result.exit_code == 0, result.output
    return basic


def new(sid: str, venue: str, date: str, start: str, *extra: str) -> list[str]:
    return ["new", sid, "--film", "homs", "--venue", venue, "--date", date, "--start", start,
            *extra]  # fmt: skip


# ── Targeted sequences ─────────────────────────────────────────────────────────────────────


def test_a_longer_film_double_books_an_untouched_neighbour(run, crowded):
    step(run, *new("a", "ica", "2027-06-27", "17:00", "--speaker", "amira"))
    step(run, *new("b", "ica", "2027-06-27", "19:30", "--speaker", "sam"))
    refused = step(run, "film", "update", "homs", "--runtime", "200")
    assert refused.exit_code == 2 and "booked twice" in refused.output
    step(run, "film", "update", "homs", "--runtime", "100")


def test_a_venue_zone_change_moves_every_evening_there(run, crowded):
    step(run, *new("a", "ica", "2027-06-27", "17:00", "--speaker", "amira"))
    step(run, *new("b", "ifi", "2027-06-27", "20:00", "--speaker", "amira"))
    # ifi one hour ahead: amira has 26 min, then 1 h 26, between ica and ifi
    step(run, "venue", "update", "ifi", "--timezone", "Europe/London")
    step(run, "venue", "update", "ifi", "--timezone", "America/New_York")
    step(run, "venue", "update", "ifi", "--timezone", "Europe/Dublin")
    step(run, "venue", "update", "ifi", "--country", "FR")
    step(run, "venue", "update", "ifi", "--country", "IE")


def test_moving_a_screening_between_venues_changes_neighbours_buffers(run, crowded):
    step(run, *new("a", "ica", "2027-06-27", "14:00", "--speaker", "amira"))
    step(run, *new("b", "ica", "2027-06-27", "17:00", "--speaker", "amira"))
    step(run, *new("c", "ica", "2027-06-27", "20:00", "--speaker", "amira"))
    step(run, "update", "b", "--venue", "phoenix")
    step(run, "update", "b", "--venue", "ica")
    step(run, "update", "b", "--venue", "phoenix")
    step(run, "remove", "b", "--force")
    step(run, "update", "c", "--venue", "phoenix")
    step(run, "update", "a", "--start", "16:00")


def test_removing_the_middle_evening_of_a_speaker(run, crowded):
    step(run, *new("a", "ica", "2027-06-27", "14:00", "--speaker", "sam"))
    step(run, *new("b", "phoenix", "2027-06-27", "17:00", "--speaker", "sam"))
    step(run, *new("c", "ica", "2027-06-27", "19:30", "--speaker", "sam"))
    step(run, "remove", "b", "--force")
    step(run, "update", "c", "--host", "amira")
    step(run, "update", "a", "--speaker", "amira")


def test_needs_change_tasks_and_ticks(run, crowded):
    step(run, *new("a", "ica", "2026-12-01", "19:00", "--speaker", "amira", "--host", "noor"))
    step(run, "speaker", "update", "amira", "--need", "handheld mic")
    step(run, "tick", "a", "need-amira-handheld-mic")
    step(run, "speaker", "update", "amira", "--need", "lapel mic")
    step(run, "speaker", "update", "noor", "--need", "handheld mic")
    step(run, "speaker", "update", "amira", "--clear", "need")
    step(run, "untick", "a", "need-amira-handheld-mic")
    step(run, "speaker", "update", "noor", "--email", "noor@example.org")
    step(run, "speaker", "update", "noor", "--clear", "email")


def test_cancel_rsvp_result_and_renames(run, crowded):
    step(run, *new("a", "ica", "2026-12-01", "19:00", "--speaker", "amira", "--status",
                   "confirmed"))  # fmt: skip
    step(run, *new("b", "ica", "2026-12-01", "20:00", "--speaker", "sam", "--status", "cancelled"))
    step(run, "rsvp", "a", "amira", "declined")
    step(run, "rsvp", "a", "amira", "accepted")
    step(run, "cancel", "a")
    step(run, "update", "b", "--status", "confirmed")
    step(run, *new("past", "phoenix", "2026-11-01", "19:00", "--speaker", "talal"))
    step(run, "result", "past", "--attendance", "50", "--takings", "100.00")
    step(run, "result", "past", "--clear")
    step(run, "rename", "past", "earlier")
    step(run, "speaker", "rename", "talal", "derki")
    step(run, "venue", "rename", "phoenix", "fenix")
    step(run, "film", "rename", "homs", "return-to-homs")
    step(run, "film", "update", "return-to-homs", "--licence-kind", "umbrella")
    step(run, "update", "a", "--price", "5.00")
    step(run, "film", "update", "return-to-homs", "--certificate", "unclassified")
    step(run, "film", "update", "return-to-homs", "--licence-ref", "X-1")
    step(run, "speaker", "remove", "noor")
    step(run, "venue", "remove", "ifi")


def test_importing_rows_that_clash_with_what_is_there(run, crowded, tmp_path):
    step(run, *new("a", "ica", "2027-06-27", "19:00", "--speaker", "amira"))
    rows = tmp_path / "rows.csv"
    rows.write_text(
        "id,film,venue,date,start,speakers\n"
        "x,homs,ica,2027-06-27,20:00,sam\n"  # ica twice
        "y,homs,phoenix,2027-06-27,16:00,amira\n"  # amira's buffer
    )
    refused = step(run, "import", str(rows))
    assert refused.exit_code != 0
    rows.write_text(
        "id,film,venue,date,start,speakers\n"
        "y,homs,phoenix,2027-06-27,16:00,amira\n"
        "z,homs,phoenix,2027-06-28,16:00,sam\n"
    )
    step(run, "import", str(rows))
    rows.write_text("id,film,venue,date,start,speakers\na,homs,phoenix,2027-06-27,21:00,amira\n")
    step(run, "import", "--on-existing", "update", str(rows))


def test_export_and_example_edits(run, example):
    step(run, "export", "ics", "--out", "out")
    step(run, "update", "clapham", "--start", "19:30")
    step(run, "export", "ics", "--out", "out")
    step(run, "cancel", "east-finchley")
    step(run, "export", "ics", "--out", "out")
    step(run, "speaker", "update", "amira", "--clear", "need")
    step(run, "venue", "update", "ica", "--timezone", "Europe/Dublin")
    step(run, "film", "update", "return-to-homs", "--runtime", "60")


# ── Randomised CLI sequences ───────────────────────────────────────────────────────────────

IDS = ["a", "b", "c", "d", "e", "f"]
VENUES = ["ica", "phoenix", "ifi"]
PEOPLE = ["amira", "sam", "talal", "noor"]
DATES = ["2026-11-20", "2026-11-26", "2026-12-01", "2027-06-27", "2027-06-28"]
TIMES = ["10:00", "14:00", "16:30", "17:00", "18:00", "19:00", "20:30", "22:30"]
TASKS = ["calendar-invites", "box-office", "result", "need-amira-handheld-mic", "nope"]


def random_command(rng: random.Random, tmp: Path) -> list[str]:
    sid = rng.choice(IDS)
    kind = rng.randrange(22)
    people = rng.sample(PEOPLE, rng.randrange(3))
    if kind < 5:
        args = new(sid, rng.choice(VENUES), rng.choice(DATES), rng.choice(TIMES))
        for person in people:
            args += ["--speaker", person]
        if rng.random() < 0.3:
            args += ["--host", rng.choice(PEOPLE)]
        if rng.random() < 0.3:
            args += ["--status", rng.choice(["confirmed", "tentative", "cancelled"])]
        if rng.random() < 0.2:
            args[2] = "short"
        return args
    if kind < 9:
        field = rng.choice(["venue", "start", "date", "speaker", "host", "status", "end", "talk",
                            "price", "audience", "clear"])  # fmt: skip
        value = {
            "venue": lambda: rng.choice(VENUES),
            "start": lambda: rng.choice(TIMES),
            "date": lambda: rng.choice(DATES),
            "speaker": lambda: rng.choice(PEOPLE),
            "host": lambda: rng.choice(PEOPLE),
            "end": lambda: rng.choice(TIMES),
            "status": lambda: rng.choice(["confirmed", "tentative", "cancelled"]),
            "talk": lambda: str(rng.choice([10, 60, 240])),
            "price": lambda: "6.00",
            "audience": lambda: str(rng.choice([10, 500])),
            "clear": lambda: rng.choice(["speaker", "host", "end", "talk", "price"]),
        }[field]()
        return ["update", sid, f"--{field}", value]
    if kind == 9:
        return ["rename", sid, rng.choice(IDS)]
    if kind == 10:
        return ["remove", sid, "--force"]
    if kind == 11:
        return ["cancel", sid]
    if kind == 12:
        return [rng.choice(["tick", "untick"]), sid, rng.choice(TASKS)]
    if kind == 13:
        return ["rsvp", sid, rng.choice(PEOPLE),
                rng.choice(["accepted", "declined", "tentative", "needs-action"])]  # fmt: skip
    if kind == 14:
        if rng.random() < 0.3:
            return ["result", sid, "--clear"]
        return ["result", sid, "--attendance", str(rng.randrange(1, 300)), "--takings", "99.00"]
    if kind == 15:
        extra = rng.choice([["--runtime", str(rng.choice([20, 94, 180, 300]))],
                            ["--licence-kind", rng.choice(["umbrella", "single-title"])],
                            ["--certificate", rng.choice(["unclassified", "15"])],
                            ["--licence-ref", "L-1"], ["--clear", "licence-ref"]])  # fmt: skip
        return ["film", "update", rng.choice(["homs", "short"]), *extra]
    if kind == 16:
        extra = rng.choice([
            ["--timezone", rng.choice(["Europe/London", "Europe/Dublin", "Asia/Tokyo"])],
            ["--capacity", str(rng.choice([5, 500]))], ["--curfew", rng.choice(["21:00", "23:30"])],
            ["--country", rng.choice(["GB", "IE", "JP"])],
        ])  # fmt: skip
        return ["venue", "update", rng.choice(VENUES), *extra]
    if kind == 17:
        extra = rng.choice([["--need", rng.choice(["handheld mic", "step-free route"])],
                            ["--clear", "need"], ["--clear", "email"], ["--name", "Someone"],
                            ["--email", "x@example.org"]])  # fmt: skip
        return ["speaker", "update", rng.choice(PEOPLE), *extra]
    if kind == 18:
        what, pool = rng.choice([("speaker", PEOPLE), ("venue", VENUES), ("film", ["homs"])])
        old = rng.choice(pool)
        if rng.random() < 0.5:
            return [what, "remove", old]
        return [what, "rename", old, rng.choice(pool)]
    if kind == 19:
        rows = tmp / f"rows-{rng.randrange(10**9)}.csv"
        lines = ["id,film,venue,date,start,speakers"]
        for _ in range(rng.randrange(1, 4)):
            lines.append(
                ",".join(
                    [
                        rng.choice(IDS),
                        "homs",
                        rng.choice(VENUES),
                        rng.choice(DATES),
                        rng.choice(TIMES),
                        rng.choice(PEOPLE),
                    ]
                )
            )
        rows.write_text("\n".join(lines) + "\n")
        policy = rng.choice(["error", "skip", "update"])
        return ["import", "--on-existing", policy, str(rows)]
    if kind == 20:
        return ["export", "ics", "--out", str(tmp / "out")]
    return ["update", sid, "--doors", rng.choice(TIMES)]


@pytest.mark.parametrize("seed", range(4))
def test_random_command_sequences(run, crowded, tmp_path, seed):
    rng = random.Random(seed)
    ok = 0
    for _ in range(45):
        args = random_command(rng, tmp_path)
        ok += step(run, *args).exit_code == 0
    assert ok > 10  # the sequence did write something


# ── Randomised changes straight through session.edit (what the CLI cannot do) ───────────────


def _screening(rng: random.Random, data: dict[str, Any]) -> dict[str, Any]:
    s: dict[str, Any] = {
        "film": rng.choice([*data.get("films", {}), "ghost"] if rng.random() < 0.1
                           else list(data.get("films", {}) or ["ghost"])),
        "venue": rng.choice(list(data.get("venues", {}) or ["ghost"])),
        "date": dt.date.fromisoformat(rng.choice(DATES)),
        "start": rng.choice(TIMES),
        "speakers": rng.sample(list(data.get("speakers", {})), rng.randrange(3)),
    }  # fmt: skip
    if rng.random() < 0.3:
        s["host"] = rng.choice(list(data.get("speakers", {})))
    if rng.random() < 0.3:
        s["status"] = rng.choice(["confirmed", "tentative", "cancelled"])
    if rng.random() < 0.2:
        s["uid"] = rng.choice(["u-1", "u-2"])
    if rng.random() < 0.2:
        s["done"] = rng.sample(TASKS, 2)
    return s


def random_change(rng: random.Random, data: dict[str, Any]) -> dict[str, Any]:
    """New data sharing every part it leaves alone, as a command's change does."""
    new = dict(data)
    kind = rng.randrange(10)
    screenings = dict(data.get("screenings", {}))
    if kind < 4 or not screenings:
        screenings[rng.choice(IDS)] = _screening(rng, data)
        new["screenings"] = screenings
    elif kind == 4:
        sid = rng.choice(list(screenings))
        s = dict(screenings[sid])
        s["calendar"] = {"sequence": rng.randrange(5), "stamp": dt.datetime(2026, 11, 1,
                         tzinfo=dt.UTC), "sent": "x"}  # fmt: skip
        screenings[sid] = s
        new["screenings"] = screenings
    elif kind == 5:
        del screenings[rng.choice(list(screenings))]
        new["screenings"] = screenings
    elif kind == 6:
        films = dict(new["films"])
        fid = rng.choice(list(films))
        films[fid] = {**films[fid], "runtime": rng.choice([20, 94, 200])}
        if rng.random() < 0.3:
            films[fid]["certificate"] = "unclassified"
        new["films"] = films
    elif kind == 7:
        venues = dict(new["venues"])
        vid = rng.choice(list(venues))
        venues[vid] = {**venues[vid], "timezone": rng.choice(["Europe/London", "Asia/Tokyo"])}
        new["venues"] = venues
    elif kind == 8:
        speakers = dict(new["speakers"])
        pid = rng.choice(list(speakers))
        speakers[pid] = {**speakers[pid], "needs": rng.sample(["mic", "ramp", "rest"], 2)}
        new["speakers"] = speakers
    else:
        settings = dict(new.get("settings", {}))
        settings["travel_buffer"] = rng.choice([0, 60, 120, 600])
        new["settings"] = settings
    return new


@pytest.mark.parametrize("seed", range(3))
def test_random_changes_through_store_edit(crowded, seed):
    rng = random.Random(100 + seed)
    written = 0
    for _ in range(60):
        try:
            session.edit(
                crowded,
                lambda data, _plan: (random_change(rng, data), None),
                TODAY,
                self_check=True,
            )
        except (InputError, PlanError):
            continue  # refused: it introduced an error
        written += 1
    assert written > 10
    assert tomllib.loads(crowded.read_text())


MASKED = """
[screenings.a]
film = "homs"
venue = "ica"
date = 2027-06-27
start = "18:00"
speakers = ["amira"]

[screenings.x]
film = "homs"
venue = "ica"
date = 2027-06-27
start = "18:30"
end = "23:00"
speakers = ["sam"]

[screenings.b]
film = "homs"
venue = "ica"
date = 2027-06-27
start = "20:00"
speakers = ["talal"]
"""


def test_moving_away_the_evening_that_masked_a_double_booking_is_not_internal(run, crowded):
    """a, x and b all overlap at ica; moving x away ends two double bookings, and the scope
    must take in x's old venue to see it (self-check on)."""
    crowded.write_text(crowded.read_text() + MASKED)
    result = step(run, "update", "x", "--venue", "phoenix", compare=False)
    assert result.exit_code != INTERNAL


def test_a_double_booking_hidden_behind_another_is_reported_before_the_move(run, crowded):
    crowded.write_text(crowded.read_text() + MASKED)
    before = problems(run)
    assert any("a 18:00–20:24 and b 20:00–22:24" in m for _, _, m in before), before
    result = run("update", "x", "--venue", "phoenix")
    assert result.exit_code == 0, result.output
