import json
import tomllib

from screenkit.errors import ExitCode


def test_tick_and_untick_round_trip_keeps_the_file(run, example):
    original = example.read_bytes()
    result = run("tick", "clapham", "licence")
    assert result.exit_code == 0 and result.stderr == "ticked licence for clapham\n"
    assert 'done = ["licence"]' in example.read_text()
    assert run("tick", "clapham", "licence").stderr == "licence was already ticked\n"
    assert run("tick", "clapham", "need-amira-handheld-mic").exit_code == 0
    assert 'done = ["licence", "need-amira-handheld-mic"]' in example.read_text()
    assert run("untick", "clapham", "need-amira-handheld-mic").exit_code == 0
    assert run("untick", "clapham", "licence").exit_code == 0
    assert example.read_bytes() == original  # every comment and blank line back as it was


def test_tick_refuses_unknown_tasks_and_screenings(run, example):
    before = example.read_bytes()
    result = run("tick", "clapham", "nope")
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.startswith(
        "error: screenings.clapham: no task 'nope'; `screenkit tasks clapham` lists them"
    )
    assert run("tick", "nope", "licence").exit_code == ExitCode.USAGE
    assert example.read_bytes() == before


def test_tasks_overdue_and_due_within_use_the_injected_today(run, example, monkeypatch):
    monkeypatch.setenv("SCREENKIT_NOW", "2027-05-03T09:00:00Z")
    run("tick", "ica-premiere", "licence")
    overdue = json.loads(run("tasks", "--overdue", "--json").stdout)
    # the certificate is settled by the data (the film is rated 15): not overdue
    assert [(t["screening"], t["task"]) for t in overdue][:2] == [
        ("ica-premiere", "format"), ("ica-premiere", "venue"),
    ]  # fmt: skip
    assert all(t["overdue"] for t in overdue)
    assert set(overdue[0]) == {"screening", "task", "text", "due", "phase", "overdue", "owner"}
    week = json.loads(run("tasks", "--due-within", "7", "--json").stdout)
    assert len(week) > len(overdue) and not all(t["overdue"] for t in week)
    table = run("tasks", "--overdue")
    assert table.stdout.splitlines()[1].startswith("2027-05-02 (overdue)  ica-premiere  format")


def test_no_open_tasks_is_an_empty_list(run, example):
    assert json.loads(run("tasks", "--overdue", "--json").stdout) == []


def test_check_warns_about_overdue_tasks(run, example, monkeypatch):
    assert run("check", "--strict").exit_code == 0
    monkeypatch.setenv("SCREENKIT_NOW", "2027-05-03T09:00:00Z")
    problems = json.loads(run("check", "--json").stdout)
    assert {
        "severity": "warning",
        "where": "screenings.ica-premiere.done",
        "message": "2 task(s) overdue: format, venue",
    } in problems


def test_export_checklist_formats_and_stdout(run, example, tmp_path):
    result = run("export", "checklist", "--format", "md")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "checklists").iterdir()) == [
        "clapham.md", "east-finchley.md", "ica-premiere.md",
    ]  # fmt: skip
    one = run("export", "checklist", "clapham", "--format", "txt", "-o", "-")
    assert one.stdout.startswith("Return to Homs: screening and talk\n")
    assert run("export", "checklist", "--out", "-").exit_code == ExitCode.USAGE
    assert run("export", "checklist", "--format", "pdf").exit_code == ExitCode.USAGE
    bare = run("export", "--out", "out")
    assert "out/checklists/clapham.html" in bare.stdout.splitlines()


def test_a_task_has_an_owner_and_status_says_whose_it_is(run, example, monkeypatch):
    assert run("volunteer", "add", "alex", "--name", "Alex Kim", "--email",
               "alex@example.org").exit_code == 0  # fmt: skip
    done = run("task", "assign", "clapham", "venue", "alex")
    assert done.exit_code == 0 and "venue is alex's" in done.stderr, done.output
    rows = json.loads(run("tasks", "clapham", "--json").stdout)
    assert next(r for r in rows if r["task"] == "venue")["owner"] == "alex"
    monkeypatch.setenv("SCREENKIT_NOW", "2027-06-20T10:00:00Z")
    said = run("status").stdout
    assert "1 of Alex Kim's task(s) overdue: venue" in said
    wrong = run("task", "assign", "clapham", "venu", "alex")
    assert wrong.exit_code == ExitCode.USAGE and "did you mean 'venue'" in wrong.stderr
    assert run("task", "assign", "clapham", "venue", "-").exit_code == 0
    assert "owners" not in tomllib.loads(example.read_text())["screenings"]["clapham"]


def test_tick_all_ticks_a_task_at_every_screening_that_has_it(run, example):
    result = run("tick", "--all", "venue")
    assert result.exit_code == 0, result.output
    data = tomllib.loads(example.read_text())["screenings"]
    assert all("venue" in s.get("done", []) for s in data.values())
    assert result.stderr.count("ticked ") == 3
    again = run("tick", "--all", "venue")
    assert "already ticked" in again.stderr
    unknown = run("tick", "--all", "nonsense")
    assert unknown.exit_code == ExitCode.USAGE and "no screening has such a task" in unknown.stderr
