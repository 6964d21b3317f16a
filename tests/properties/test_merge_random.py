"""Real git, screenkit's merge driver, two sides of random valid edits: the merge never writes
a plan that fails to load, holds a duplicate uid or a dangling reference, or leaves conflict
markers. The edits lean on the kinds that used to collide: a fee's shape, coordinates, free
entry against a price, renames and removals."""

from __future__ import annotations

import copy
import random
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from screenkit.plan.models import validate_plan
from screenkit.planfile import store
from screenkit.planfile.tomldoc import patch
from tests.support.plans import EXAMPLE

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
ROUNDS = 24


def git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=check,
                          timeout=120)  # fmt: skip


def edit(data: dict, rng: random.Random, mine: str) -> None:
    """One random edit that leaves a valid plan (the caller checks, and drops it if not)."""
    films, venues = data["films"], data["venues"]
    speakers, screenings = data["speakers"], data["screenings"]
    sid = rng.choice(list(screenings)) if screenings else None
    kind = rng.randrange(10)
    if kind == 0 and films:
        film = films[rng.choice(list(films))]
        film["fee"] = rng.choice([
            {"percent": str(rng.randint(20, 60)), "minimum": "100.00"},
            {"amount": f"{rng.randint(50, 300)}.00"},
        ])  # fmt: skip
    elif kind == 1 and venues:
        venue = venues[rng.choice(list(venues))]
        if rng.random() < 0.5:
            venue.pop("lat", None), venue.pop("lon", None)
        else:
            venue["lat"], venue["lon"] = round(rng.uniform(51.4, 51.6), 4), -0.13
    elif kind == 2 and sid:
        evening = screenings[sid]
        if rng.random() < 0.5:
            evening.pop("price", None), evening.pop("concession_price", None)
            evening["free"] = True
        else:
            evening.pop("free", None)
            evening["price"] = f"{rng.randint(3, 12)}.00"
    elif kind == 3 and sid:
        new = f"{sid}-{mine}"
        screenings[new] = screenings.pop(sid)  # a rename keeps the uid
    elif kind == 4 and speakers:
        gone = rng.choice(list(speakers))
        for evening in screenings.values():
            evening["speakers"] = [p for p in evening.get("speakers", []) if p != gone]
            if evening.get("host") == gone:
                del evening["host"]
        del speakers[gone]
    elif kind == 5 and sid and films:
        template = copy.deepcopy(screenings[sid])
        template.pop("calendar", None), template.pop("rsvp", None), template.pop("uid", None)
        template["film"] = rng.choice(list(films))
        screenings[f"new-{mine}-{rng.randrange(1000)}"] = template
    elif kind == 6 and sid:
        del screenings[sid]
    elif kind == 7 and len(films) > 1:
        gone = rng.choice(list(films))
        other = next(f for f in films if f != gone)
        for evening in screenings.values():
            if evening["film"] == gone:
                evening["film"] = other
        del films[gone]
    elif kind == 8 and sid:
        screenings[sid]["start"] = rng.choice(["18:00", "19:00", "19:30", "20:00"])
    elif kind == 9:
        films[f"film-{mine}"] = {"title": f"Film {mine}", "runtime": rng.randint(60, 120)}


def a_side(text: str, rng: random.Random, mine: str) -> str:
    data = tomllib.loads(text)
    for _ in range(rng.randint(1, 4)):
        tried = copy.deepcopy(data)
        edit(tried, rng, mine)
        try:
            validate_plan(tried)
        except Exception:
            continue
        data = tried
    return patch(text, tomllib.loads(text), data)


def problems(data: dict) -> list[str]:
    found, uids = [], set()
    for sid, evening in data.get("screenings", {}).items():
        refs = [("films", evening.get("film")), ("venues", evening.get("venue"))]
        refs += [("speakers", p) for p in evening.get("speakers", [])]
        found += [f"{sid}: {kind}.{rid}" for kind, rid in refs if rid not in data.get(kind, {})]
        uid = evening.get("uid")
        if uid and uid.casefold() in uids:
            found.append(f"{sid}: uid {uid} twice")
        uids.add((uid or sid).casefold())
    return found


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    folder = tmp_path / "tour"
    folder.mkdir()
    git(folder, "init", "-q", "-b", "main")
    git(folder, "config", "user.name", "Test")
    git(folder, "config", "user.email", "test@example.org")
    git(folder, "config", "merge.screenkit.driver",
        f"{sys.executable} -m screenkit merge %O %A %B --path %P")  # fmt: skip
    (folder / ".gitattributes").write_text("/screenkit.toml merge=screenkit\n")
    shutil.copy(EXAMPLE, folder / "screenkit.toml")
    git(folder, "add", "-A")
    git(folder, "commit", "-qm", "the tour")
    return folder


def test_random_valid_edits_on_both_sides_always_merge_into_a_plan_that_loads(repo):
    base = (repo / "screenkit.toml").read_text()
    rng = random.Random(2026)
    for n in range(ROUNDS):
        for branch, mine in ((f"ours-{n}", "o"), (f"theirs-{n}", "t")):
            git(repo, "checkout", "-q", "-b", branch, "main")
            (repo / "screenkit.toml").write_text(a_side(base, rng, mine))
            git(repo, "commit", "-qam", branch, check=False)
        git(repo, "checkout", "-q", f"ours-{n}")
        done = git(repo, "merge", "-q", "--no-edit", f"theirs-{n}", check=False)
        text = (repo / "screenkit.toml").read_text()
        assert "<<<<<<<" not in text, done.stdout + done.stderr
        plan = store.load(repo / "screenkit.toml")  # raises if it would not open
        assert problems(tomllib.loads(text)) == [], f"round {n}"
        assert done.returncode == (1 if plan.conflicts else 0), done.stdout + done.stderr
        git(repo, "merge", "--abort", check=False)
        git(repo, "reset", "-q", "--hard")
        git(repo, "checkout", "-q", "main")


def with_comments(text: str, rng: random.Random, n: int) -> tuple[str, list[str]]:
    """THEIRS: comment lines and inline comments added in random places of the plan (above,
    inside and after tables, on one-line values), each with a marker to find it by."""
    lines = text.split("\n")
    marks = []
    for k in range(rng.randint(1, 3)):
        mark = f"note-{n}-{k}"
        i = rng.randrange(len(lines))
        line = lines[i]
        simple = re.fullmatch(r'[a-z_]+ = ("[^"#]*"|[0-9]+)', line)
        if simple and rng.random() < 0.5:
            lines[i] = f"{line}  # {mark}"
        elif line.startswith("[") or simple or not line.strip():
            lines.insert(i, f"# {mark}: Dee, 07700 900123")
        else:
            continue
        marks.append(mark)
    return "\n".join(lines), marks


def value_edits(text: str, rng: random.Random, mine: str) -> str:
    """OURS: changes of values and a new record, none that removes what a comment is on."""
    data = tomllib.loads(text)
    new = copy.deepcopy(data)
    for _ in range(rng.randint(1, 3)):
        sid = rng.choice(list(new["screenings"]))
        kind = rng.randrange(4)
        if kind == 0:
            new["screenings"][sid]["start"] = rng.choice(["18:00", "19:15", "20:00"])
        elif kind == 1:
            new["screenings"][sid]["notes"] = f"note {mine}"
        elif kind == 2:
            new["venues"][rng.choice(list(new["venues"]))]["capacity"] = rng.randint(50, 300)
        else:
            new["films"][f"film-{mine}-{rng.randrange(99)}"] = {"title": "Other", "runtime": 90}
    return patch(text, data, new)


def test_comments_one_side_adds_survive_100_merges_of_the_other_sides_changes(repo):
    """Real git: X adds comments, Y changes values; after Y pulls, X's words are all there."""
    base = (repo / "screenkit.toml").read_text()
    rng = random.Random(31)
    for n in range(100):
        theirs, marks = with_comments(base, rng, n)
        git(repo, "checkout", "-q", "-b", f"x-{n}", "main")
        (repo / "screenkit.toml").write_text(theirs)
        git(repo, "commit", "-qam", "comments", check=False)
        git(repo, "checkout", "-q", "-b", f"y-{n}", "main")
        (repo / "screenkit.toml").write_text(value_edits(base, rng, "y"))
        git(repo, "commit", "-qam", "values", check=False)
        done = git(repo, "merge", "-q", "--no-edit", f"x-{n}", check=False)
        text = (repo / "screenkit.toml").read_text()
        assert done.returncode == 0, done.stdout + done.stderr
        missing = [m for m in marks if m not in text]
        assert not missing, f"round {n}: {missing} lost\n{theirs}"
        store.load(repo / "screenkit.toml")
        git(repo, "reset", "-q", "--hard")
        git(repo, "checkout", "-q", "main")
