"""A tour team on git: real `git` (a bare forge repository, clones, commits, `git pull` running
screenkit's merge driver) and a real SMTP server (aiosmtpd) where both sides send."""

from __future__ import annotations

import random
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

from screenkit.errors import ExitCode
from screenkit.plan.models import validate_plan
from screenkit.planfile.merging import merge
from tests.support.plans import EXAMPLE
from tests.support.smtp import Handler, Server

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=check,
                          timeout=120)  # fmt: skip


class Team:
    def __init__(self, root: Path, run):
        self.root, self.run = root, run
        self.forge = root / "forge.git"
        git(root, "init", "-q", "--bare", str(self.forge))

    def clone(self, who: str) -> Path:
        folder = self.root / who
        git(self.root, "clone", "-q", str(self.forge), str(folder))
        git(folder, "config", "user.name", who.capitalize())
        git(folder, "config", "user.email", f"{who}@example.org")
        return folder

    def sk(self, clone: Path, *args: str, code: int = 0):
        result = self.run("-f", str(clone / "screenkit.toml"), *args)
        assert result.exit_code == code, result.output
        return result

    def commit(self, clone: Path, message: str) -> None:
        git(clone, "commit", "-qam", message)

    def pull(self, clone: Path) -> subprocess.CompletedProcess[str]:
        return git(clone, "pull", "-q", "--no-rebase", "--no-edit", check=False)

    def push(self, clone: Path) -> None:
        git(clone, "push", "-q", "origin", "HEAD")

    def plan(self, clone: Path) -> dict:
        return tomllib.loads((clone / "screenkit.toml").read_text())


@pytest.fixture
def team(tmp_path, run, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))  # no one's own git config
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    t = Team(tmp_path, run)
    alice = t.clone("alice")
    shutil.copy(EXAMPLE, alice / "screenkit.toml")
    assert t.sk(alice, "git-setup").exit_code == 0
    git(alice, "add", "-A")
    git(alice, "commit", "-qm", "the tour")
    t.push(alice)
    bob = t.clone("bob")
    assert t.sk(bob, "git-setup").exit_code == 0
    t.alice, t.bob = alice, bob
    return t


def test_git_setup_says_what_it_did_and_is_idempotent(team):
    again = team.sk(team.alice, "git-setup")
    assert "already: " in again.stderr and "set merge" not in again.stderr
    attributes = (team.alice / ".gitattributes").read_text()
    assert attributes.count("merge=screenkit") == 1
    assert ".screenkit.toml.lock" in (team.alice / ".gitignore").read_text()
    driver = git(team.alice, "config", "--get", "merge.screenkit.driver").stdout
    assert "-m screenkit merge %O %A %B --path %P" in driver


def test_edits_of_different_fields_and_records_merge_and_every_change_survives(team):
    a, b = team.alice, team.bob
    base = (a / "screenkit.toml").read_text()
    team.sk(a, "update", "clapham", "--start", "19:30", "--doors", "18:30")
    team.sk(a, "venue", "update", "ica", "--capacity", "200")
    team.commit(a, "Alice: a later start at Clapham")
    team.push(a)
    team.sk(b, "update", "clapham", "--doors", "18:40", "--notes", "Bring the DCP")
    team.sk(b, "speaker", "update", "sam", "--role", "Chair")
    team.sk(b, "tick", "clapham", "licence")
    team.commit(b, "Bob: Clapham's doors, notes and a tick")
    # git alone cannot merge these: the same lines changed on both sides
    plain = subprocess.run(["git", "merge-file", "-p", "--diff3", str(b / "screenkit.toml"),
                            "/dev/stdin", str(a / "screenkit.toml")], input=base,
                           capture_output=True, text=True)  # fmt: skip
    assert plain.returncode > 0 and "<<<<<<<" in plain.stdout
    done = team.pull(b)
    assert done.returncode == 0, done.stderr
    plan = team.plan(b)
    clapham = plan["screenings"]["clapham"]
    assert (clapham["start"], clapham["notes"], "licence" in clapham["done"]) == (
        "19:30", "Bring the DCP", True)  # fmt: skip
    assert "conflicts" not in plan
    assert plan["venues"]["ica"]["capacity"] == 200 and plan["speakers"]["sam"]["role"] == "Chair"


def test_the_same_field_both_ways_is_a_named_conflict_that_resolve_settles(team):
    a, b = team.alice, team.bob
    team.sk(a, "update", "clapham", "--talk", "55")
    team.commit(a, "Alice: a longer talk")
    team.push(a)
    team.sk(b, "update", "clapham", "--talk", "35")
    team.commit(b, "Bob: a shorter talk")
    done = team.pull(b)
    assert done.returncode != 0 and "CONFLICT" in done.stdout + done.stderr
    plan = team.plan(b)  # still a plan screenkit reads: no conflict markers
    conflict = plan["conflicts"]["screenings.clapham.talk"]
    assert (conflict["ours"], conflict["theirs"], conflict["base"]) == (35, 55, 40)
    assert conflict["ours_by"].startswith("Bob") and conflict["theirs_by"].startswith("Alice")
    check = team.run("-f", str(b / "screenkit.toml"), "check")
    assert check.exit_code == ExitCode.PROBLEMS and "changed both ways" in check.stdout
    refused = team.run("-f", str(b / "screenkit.toml"), "export", "--out", str(b / "out"))
    assert refused.exit_code == ExitCode.USAGE and "nothing was exported" in refused.stderr
    assert team.sk(b, "resolve", "screenings.clapham.talk", "--theirs").exit_code == 0
    plan = team.plan(b)
    assert plan["screenings"]["clapham"]["talk"] == 55 and "conflicts" not in plan
    git(b, "commit", "-qam", "merged")
    assert "<<<<<<<" not in (b / "screenkit.toml").read_text()


def test_a_commit_subject_with_control_characters_leaves_a_plan_screenkit_reads(team):
    """The conflict records who made each side from git; a subject holding a direction
    override or an escape made the merged plan one screenkit refused to open."""
    a, b = team.alice, team.bob
    team.sk(a, "update", "clapham", "--talk", "55")
    team.commit(a, "Alice: \u202elonger\u2067 talk \x1b[2J")
    team.push(a)
    team.sk(b, "update", "clapham", "--talk", "35")
    team.commit(b, "Bob: \u202eshorter talk")
    assert team.pull(b).returncode != 0
    conflict = team.plan(b)["conflicts"]["screenings.clapham.talk"]
    assert "\u202e" not in conflict["ours_by"] + conflict["theirs_by"]
    check = team.run("-f", str(b / "screenkit.toml"), "check")
    assert check.exit_code == ExitCode.PROBLEMS, check.output
    assert team.sk(b, "resolve", "screenings.clapham.talk", "--ours").exit_code == 0


def test_removing_a_screening_the_other_side_changed_is_a_conflict(team):
    a, b = team.alice, team.bob
    team.sk(a, "remove", "east-finchley", "--force")
    team.commit(a, "Alice: no East Finchley")
    team.push(a)
    team.sk(b, "update", "east-finchley", "--start", "20:00")
    team.commit(b, "Bob: East Finchley later")
    assert team.pull(b).returncode != 0
    conflict = team.plan(b)["conflicts"]["screenings.east-finchley"]
    assert conflict["theirs_missing"] is True and conflict["ours"]["start"] == "20:00"
    assert team.sk(b, "resolve", "--all", "--theirs").exit_code == 0
    assert "east-finchley" not in team.plan(b)["screenings"]


def test_comments_are_kept_and_theirs_arrive_with_their_record(team):
    a, b = team.alice, team.bob
    text = (a / "screenkit.toml").read_text()
    text += (
        "\n# A late addition: the Leeds stop (Alice)\n[screenings.leeds]\n"
        'film = "return-to-homs"\nvenue = "ica"\ndate = 2027-07-05\nstart = "19:00"\n'
    )
    (a / "screenkit.toml").write_text(text)
    team.commit(a, "Alice: Leeds")
    team.push(a)
    team.sk(b, "update", "clapham", "--notes", "Bob's note")
    team.commit(b, "Bob")
    assert team.pull(b).returncode == 0
    merged = (b / "screenkit.toml").read_text()
    for line in EXAMPLE.read_text().splitlines():
        if line.lstrip().startswith("#"):
            assert line in merged  # every comment of the plan
    assert "# A late addition: the Leeds stop (Alice)\n[screenings.leeds]" in merged


def test_both_sides_send_and_afterwards_each_person_is_owed_exactly_what_they_lack(
    team, monkeypatch, tmp_path
):
    a, b = team.alice, team.bob
    monkeypatch.setenv("SCREENKIT_CONFIG", str(tmp_path / "none.toml"))
    with Server(Handler()) as server:
        monkeypatch.setenv("SCREENKIT_SMTP_URL", server.url)
        team.sk(a, "send")  # everyone invited, from Alice's laptop
        team.commit(a, "Alice sent the invitations")
        team.push(a)
        assert team.pull(b).returncode == 0
        first = len(server.received)
        # Now both change and send, each on their own laptop.
        team.sk(a, "update", "clapham", "--start", "19:30")
        team.sk(a, "send")
        team.commit(a, "Alice: Clapham later, sent")
        team.push(a)
        team.sk(b, "update", "east-finchley", "--notes", "Bring flyers")
        team.sk(b, "update", "clapham", "--notes", "Parking at the back")
        team.sk(b, "send")
        team.commit(b, "Bob: notes, sent")
        sent = [(r.recipients[0], r.message["Subject"]) for r in server.received[first:]]
        assert team.pull(b).returncode == 0, "no conflict in lines nobody wrote by hand"
        plan = validate_plan(team.plan(b))
        owed = team.run("-f", str(b / "screenkit.toml"), "send", "--dry-run").stdout
    # Clapham holds both changes, which nobody has seen together: Amira is owed one update
    # for it; East Finchley is as Bob sent it: nothing is owed there, nor twice anywhere.
    lines = [line for line in owed.splitlines() if line.strip()]
    assert len(lines) == 1 and "clapham" in lines[0] and "amira@example.org" in lines[0], owed
    assert len(sent) == 1 + 3  # Alice's update to Amira; Bob's to Amira (x2) and Sam
    assert plan.screenings["clapham"].calendar.sequence >= 1  # never backwards


@pytest.mark.parametrize("seed", range(6))
def test_random_commands_on_two_clones_merge_as_the_model_says(team, seed):
    rng = random.Random(seed)
    a, b = team.alice, team.bob
    base = team.plan(a)
    screenings = ["ica-premiere", "clapham", "east-finchley"]

    def act(clone: Path, mine: int) -> None:
        for n in range(rng.randint(1, 5)):
            sid = rng.choice(screenings)
            choice = rng.randrange(7)
            if choice == 0:
                team.sk(
                    clone,
                    "update",
                    sid,
                    "--start",
                    f"{rng.randint(18, 20)}:{rng.choice(['00', '30'])}",
                )
            elif choice == 1:
                team.sk(clone, "update", sid, "--notes", f"note {mine}-{n}")
            elif choice == 2:
                team.sk(clone, "tick", sid, rng.choice(["licence", "venue", "format"]))
            elif choice == 3:
                team.sk(clone, "venue", "update", rng.choice(["ica", "clapham"]),
                        "--capacity", str(rng.randint(50, 300)))  # fmt: skip
            elif choice == 4:
                team.sk(clone, "new", f"extra-{mine}-{n}", "--film", "return-to-homs",
                        "--venue", "ica", "--date", f"2027-07-{10 + n + 5 * mine:02d}",
                        "--start", "19:00")  # fmt: skip
            elif choice == 5:
                team.sk(clone, "set", "settings.curfew", rng.choice(["22:30", "23:30"]))
            else:
                team.sk(clone, "speaker", "update", "sam", "--role", f"role {mine}-{n}")

    act(a, 1)
    team.commit(a, "a") if git(a, "status", "--porcelain").stdout.strip() else None
    team.push(a)
    act(b, 2)
    team.commit(b, "b") if git(b, "status", "--porcelain").stdout.strip() else None
    ours, theirs = team.plan(b), team.plan(a)
    team.pull(b)
    merged = team.plan(b)
    validate_plan(merged)  # always a plan screenkit reads
    expected = merge(base, ours, theirs)
    assert {k: v for k, v in merged.items() if k != "conflicts"} == expected.data
    assert sorted(merged.get("conflicts", {})) == sorted(
        ".".join(c.path) for c in expected.conflicts)  # fmt: skip


def test_git_setup_works_for_a_plan_and_a_python_whose_paths_hold_spaces(tmp_path, run,
                                                                          monkeypatch):  # fmt: skip
    """`-f "my tour.toml" git-setup` wrote `/my\\ tour.toml`, which git does not match, and the
    driver's Python path was not quoted for the shell git runs it with."""
    import shlex
    import sys

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    repo = tmp_path / "my repo"
    git(tmp_path, "init", "-q", str(repo))
    plan = repo / "my tour.toml"
    shutil.copy(EXAMPLE, plan)
    assert run("-f", str(plan), "git-setup").exit_code == 0
    said = git(repo, "check-attr", "merge", "--", "my tour.toml").stdout
    assert said.strip().endswith("merge: screenkit"), said
    driver = git(repo, "config", "--get", "merge.screenkit.driver").stdout.strip()
    assert f"exec {shlex.quote(sys.executable)} -m screenkit merge" in driver
    assert subprocess.run(["sh", "-n", "-c", driver]).returncode == 0  # the shell reads it


def test_a_plain_git_pull_merges_after_git_setup_and_a_second_setup_has_nothing_to_commit(team):
    """Current git stops a plain `git pull` of two branches that both moved ("Need to specify
    how to reconcile divergent branches"): git-setup tells it to merge."""
    a, b = team.alice, team.bob
    assert git(b, "config", "--get", "pull.rebase").stdout.strip() == "false"
    team.sk(a, "update", "clapham", "--notes", "from Alice")
    team.commit(a, "a")
    team.push(a)
    team.sk(b, "update", "ica-premiere", "--notes", "from Bob")
    team.commit(b, "b")
    pulled = git(b, "pull", "-q", "--no-edit", check=False)  # no --no-rebase: as people type it
    assert pulled.returncode == 0, pulled.stderr
    plan = team.plan(b)
    assert plan["screenings"]["clapham"]["notes"] == "from Alice"
    again = team.sk(b, "git-setup")
    assert "nothing to commit" in again.stderr and "commit .gitattributes" not in again.stderr


def test_the_driver_survives_a_recreated_environment_or_says_to_run_git_setup(team, monkeypatch):
    """The driver named one virtual environment's Python: recreated elsewhere, every merge
    broke. It falls back to `screenkit` on the PATH, else fails with one line saying what to
    do, leaving the file conflicted for git."""
    import os
    import sys

    from screenkit.usecases.team import driver_command

    a, b = team.alice, team.bob
    gone = driver_command(str(team.root / "old-venv" / "bin" / "python"))
    git(b, "config", "merge.screenkit.driver", gone)
    team.sk(a, "update", "clapham", "--notes", "from Alice")
    team.commit(a, "a")
    team.push(a)
    team.sk(b, "update", "clapham", "--start", "19:30")
    team.commit(b, "b")
    bin_dir = os.path.dirname(sys.executable)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    assert team.pull(b).returncode == 0
    assert team.plan(b)["screenings"]["clapham"]["notes"] == "from Alice"
    # Neither the old Python nor a screenkit on the PATH: one line, and git stops.
    git(b, "reset", "-q", "--hard", "HEAD~1")
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    failed = team.pull(b)
    assert failed.returncode != 0
    assert "run `screenkit git-setup` again" in failed.stdout + failed.stderr


def test_status_says_to_pull_first_when_the_upstream_has_commits_you_do_not(team):
    a, b = team.alice, team.bob
    team.sk(a, "update", "clapham", "--notes", "from Alice")
    team.commit(a, "a")
    team.push(a)
    assert "pull first" not in team.sk(b, "status").stdout
    git(b, "fetch", "-q")
    said = team.sk(b, "status").stdout
    assert "pull first: origin/" in said and "has 1 commit you do not have" in said, said
    team.pull(b)
    assert "pull first" not in team.sk(b, "status").stdout
