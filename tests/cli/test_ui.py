import io
from pathlib import Path

from screenkit.cli import ui


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal_and_for_long_jobs(monkeypatch):
    pipe = io.StringIO()
    monkeypatch.setattr("sys.stderr", pipe)
    with ui.progress("importing", 500) as step:
        for _ in range(500):
            step()
    assert pipe.getvalue() == ""
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    with ui.progress("importing", 10) as step:  # too short to need a bar
        step()
    assert terminal.getvalue() == ""
    with ui.progress("importing", 500) as step:
        for _ in range(500):
            step()
    assert "importing" in terminal.getvalue() and "500/500" in terminal.getvalue()


def test_imports_and_exports_drive_the_progress_bar(run, example, monkeypatch, tmp_path):
    from contextlib import contextmanager

    seen = []

    @contextmanager
    def recording(label, total, threshold=50):
        steps = []
        seen.append((label, total, steps))
        yield lambda: steps.append(1)

    monkeypatch.setattr(ui, "progress", recording)
    assert run("export", "--out", "out").exit_code == 0
    label, total, steps = seen[-1]
    # 3 invites, the feed, 3 speakers' calendars and 3 checklists: one step per file
    assert (label, total, len(steps)) == ("exporting", 10, 10)
    csv = tmp_path / "t.csv"
    csv.write_text("id,film,venue,date,start\nx,return-to-homs,ica,2027-08-01,19:00\n")
    assert run("import", str(csv)).exit_code == 0
    label, total, steps = seen[-1]
    assert (label, total, len(steps)) == ("importing", 1, 1)


def test_a_message_is_one_line_whatever_it_quotes(capsys):
    """Line breaks show as typed escapes, spacing stays, controls and bidi marks do not."""
    env = ui.Env(files=[Path("screenkit.toml")])
    env.say("id 'x\ny\r\n  z'\x1b[2J\u2028\u202ereversed\u202c")
    ui.error("a\u0085b\tc")
    assert capsys.readouterr().err == "id 'x\\ny\\r\\n  z' [2J reversed\nerror: a b c\n"
