import io

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
