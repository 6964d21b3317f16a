"""Every test runs in its own folder with the plan file and the clock pinned there.

The suite is grouped by what a test needs: `unit/` mirrors the source, `cli/` runs commands,
`servers/` starts real SMTP and CalDAV servers, `properties/` runs seeded random and crash
tests, and `support/` holds the helpers they share. Tests under servers/ and properties/,
and those that print with Chromium, are marked `slow`: `pytest -m "not slow"` is the quick
inner loop, `pytest -n auto` (pytest-xdist) the whole suite on every core.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from tests.support.plans import EXAMPLE, NOW, Run

SLOW_FOLDERS = ("servers", "properties")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    from tests.support.printing import MISSING

    for item in items:
        folder = item.path.parent.name
        printing = item.get_closest_marker("chromium") is not None
        if folder in SLOW_FOLDERS or printing:
            item.add_marker(pytest.mark.slow)
        if printing and MISSING:
            item.add_marker(pytest.mark.skip(reason=MISSING))


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SCREENKIT_FILE", str(tmp_path / "screenkit.toml"))
    monkeypatch.setenv("SCREENKIT_NOW", NOW)
    # Every write also validates and checks the whole plan, and fails if what it validated
    # and checked of the change alone says otherwise (planfile.session._self_check).
    monkeypatch.setenv("SCREENKIT_SELF_CHECK", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    return tmp_path


@pytest.fixture
def plan_path(tmp_path: Path) -> Path:
    return tmp_path / "screenkit.toml"


@pytest.fixture
def run() -> Run:
    from screenkit.cli.app import app

    runner = CliRunner()

    def invoke(*args: str, input: str | None = None) -> Result:
        return runner.invoke(app, list(args), input=input)

    return invoke


@pytest.fixture
def example(plan_path: Path) -> Path:
    """The bundled tour, copied to the test's plan file."""
    shutil.copy(EXAMPLE, plan_path)
    return plan_path


@pytest.fixture
def basic(run: Run, plan_path: Path) -> Path:
    """A small plan built through the CLI: one film, two venues, two speakers."""
    steps = [
        ["init", "--organiser", "Tour Team", "--email", "tour@example.org"],
        ["film", "add", "homs", "--title", "Return to Homs", "--runtime", "94"],
        ["venue", "add", "ica", "--name", "ICA", "--address", "The Mall, London",
         "--timezone", "Europe/London", "--capacity", "185"],
        ["venue", "add", "phoenix", "--name", "Phoenix", "--address", "52 High Road",
         "--timezone", "Europe/London", "--capacity", "250"],
        ["speaker", "add", "amira", "--name", "Amira Haddad", "--email", "amira@example.org"],
        ["speaker", "add", "sam", "--name", "Sam Okafor", "--email", "sam@example.org"],
    ]  # fmt: skip
    for step in steps:
        result = run(*step)
        assert result.exit_code == 0, result.output
    return plan_path
