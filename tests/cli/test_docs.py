"""Every command explains itself, with an example; the documentation holds together."""

import re

import pytest
import typer

from screenkit.cli.app import app
from tests.support import docs
from tests.support.docs import (
    DOCS,
    OTHER_SHELLS,
    README,
    blocks,
    marker_comments,
    pages,
    section,
    well_formed,
)
from tests.support.plans import ROOT


def commands(group=None, prefix=()):
    group = group or typer.main.get_command(app)
    for name in group.list_commands(None):
        command = group.get_command(None, name)
        if hasattr(command, "commands"):
            yield from commands(command, (*prefix, name))
        else:
            yield (*prefix, name), command


@pytest.mark.parametrize(
    ("path", "command"), list(commands()), ids=lambda v: " ".join(v) if isinstance(v, tuple) else ""
)
def test_every_command_has_help_with_an_example(path, command):
    assert command.help, f"screenkit {' '.join(path)} has no help"
    assert "Example: screenkit" in command.help


def test_version(run):
    from screenkit import __version__

    result = run("--version")
    assert (result.exit_code, result.stdout) == (0, f"screenkit {__version__}\n")


# -- the documentation ------------------------------------------------------------------------
QUICKSTART = [
    "python3 -m venv .venv && .venv/bin/pip install -q . && .venv/bin/screenkit -f "
    "examples/return-to-homs-tour.toml export --out export",
    "python3 -m venv .venv && .venv/bin/pip install -q '.[test]' && .venv/bin/pytest",
]
CONFLICT = re.compile(r"^(<<<<<<<|>>>>>>>)( |$)|^=======$", re.M)  # as .ci/run looks for them


def test_readme_is_short_and_starts_with_the_quickstart():
    text = README.read_text()
    assert len(text.splitlines()) < 200, "README.md is for a first look; move detail to docs/"
    sections = re.findall(r"^## (.+)$", text, re.M)
    assert sections[0] == "Quickstart"
    first = blocks(README)[0]
    assert first.lang == "sh" and first.text.splitlines() == QUICKSTART
    # Nothing shows before them: the marker comment below is invisible on GitHub and the site.
    opening = section(README, "Quickstart").strip().splitlines()[1:4]
    assert opening[0] == "" and opening[1].startswith("<!--") and opening[2] == "```sh"
    # They install packages: CI runs them itself, word for word, instead of the docs test.
    assert not first.runs
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    assert all(command in ci for command in QUICKSTART), ".ci/run must run the Quickstart"


def test_no_merge_conflict_markers_in_the_documentation():
    for page in [*pages(), ROOT / "mkdocs.yml"]:
        found = CONFLICT.search(page.read_text())
        assert found is None, f"{docs.name(page)}: a merge-conflict marker {found.group(0)!r}"


def test_shell_commands_are_in_sh_blocks():
    """The runner reads `sh` blocks; a command fenced as `bash` or `console` would slip by."""
    for page in pages():
        for block in blocks(page):
            assert block.lang not in OTHER_SHELLS, f"{block.where}: fence it as ```sh"


def test_every_runner_marker_is_well_formed_and_before_a_shell_block():
    for page in pages():
        before_sh = {b.marker for b in blocks(page) if b.lang == "sh" and b.marker}
        for line, marker in marker_comments(page):
            where = f"{docs.name(page)}:{line}"
            assert well_formed(marker), (
                f"{where}: {marker!r}; write <!-- not run: why --> or <!-- exit: N -->"
            )
            assert marker in before_sh, f"{where}: {marker!r} is not right before a sh block"


def test_every_page_is_in_the_navigation_and_every_entry_is_a_page():
    config = (ROOT / "mkdocs.yml").read_text()
    listed = set(re.findall(r"^\s*-\s*(?:[^:\n]+:\s*)?([\w./-]+\.md)\s*$", config, re.M))
    present = {str(p.relative_to(DOCS)) for p in DOCS.rglob("*.md")}
    assert listed == present, f"in nav only: {listed - present}; not in nav: {present - listed}"


def test_readme_and_docs_links_point_at_pages_that_exist():
    for page in pages():
        for target in re.findall(r"\]\(([^)#\s]+\.md)(?:#[^)]*)?\)", page.read_text()):
            if "://" not in target:
                assert (page.parent / target).exists(), f"{docs.name(page)}: no page {target}"


def test_the_docs_index_links_every_page():
    """Issue 34, item 13: no how-to or explanation page a newcomer cannot reach."""
    docs = ROOT / "docs"
    index = (docs / "index.md").read_text()
    pages = [p.relative_to(docs).as_posix() for p in docs.rglob("*.md") if p.name != "index.md"]
    assert [p for p in pages if f"({p})" not in index] == []
