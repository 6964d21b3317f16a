"""A short command starts fast: it imports and builds only what it runs (no timing here;
benchmarks/run.py times it)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import typer

from screenkit.cli.app import COMMANDS, HEADING, HEADINGS

# Run the installed entry point's function in a fresh interpreter, then report what the run
# imported and whether it froze the heap for a quick exit.
PROBE = """\
import gc, json, sys
from screenkit.cli import main
sys.argv = ["screenkit", *sys.argv[1:]]
code = 0
try:
    main()
except SystemExit as exc:
    code = exc.code
with open("probe.json", "w") as f:
    json.dump({"code": code, "modules": sorted(sys.modules), "frozen": gc.get_freeze_count(),
               "collecting": gc.isenabled()}, f)
"""


def probe(folder: Path, *args: str) -> dict:
    env = dict(os.environ)
    env.pop("PYDANTIC_DISABLE_PLUGINS", None)  # as a person's shell has it: unset
    done = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=folder, env=env,
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    result = json.loads((folder / "probe.json").read_text())
    result["stdout"] = done.stdout
    return result


# Modules `list` has no use for: the other commands, the writing side, and libraries that
# only exports, sending, publishing or a terminal's table need.
NOT_FOR_LIST = [
    *(f"screenkit.cli.{module}" for module in set(COMMANDS.values()) - {"screenings"}),
    "screenkit.cli.prompts",
    "screenkit.edits.changes",
    "screenkit.planfile.tomldoc",
    "screenkit.rules.checks",
    "screenkit.usecases.records",
    "icalendar",
    "jinja2",
    "httpx",
    "segno",
    "rich",
    "tomli_w",
    "babel",  # dates, money and languages: only outputs that say them
]


def test_list_imports_only_what_it_shows(example, tmp_path):
    for args in (["list"], ["list", "--json"]):
        got = probe(tmp_path, "-f", str(example), *args)
        assert got["code"] == 0
        assert "clapham" in got["stdout"]
        imported = set(got["modules"])
        assert [m for m in NOT_FOR_LIST if m in imported] == [], args
        assert got["frozen"] > 0  # the exit skips the last garbage collection
        assert got["collecting"]  # off for start-up only, on again for the command's work


def test_version_builds_no_command_and_imports_no_model(tmp_path):
    got = probe(tmp_path, "--version")
    assert got["stdout"].startswith("screenkit ")
    imported = set(got["modules"])
    assert not imported & {f"screenkit.cli.{m}" for m in COMMANDS.values()}
    assert "screenkit.plan.models" not in imported and "pydantic" not in imported


def test_the_command_table_names_what_each_module_registers():
    registered = {}
    for module in dict.fromkeys(COMMANDS.values()):
        scratch = typer.Typer()
        __import__(f"screenkit.cli.{module}", fromlist=["register"]).register(scratch)
        names = [c.name or c.callback.__name__ for c in scratch.registered_commands]
        names += [g.name for g in scratch.registered_groups]
        registered.update(dict.fromkeys(names, module))
    assert registered == COMMANDS


def test_help_lists_every_command_under_its_heading_and_export_is_whole(run):
    assert sorted(HEADING) == sorted(COMMANDS)  # every command under one heading
    text = run("--help").stdout
    sections = dict(re.findall(r"(?m)^(\w+):\n((?:  .*\n)+)", text))
    for heading, names in HEADINGS.items():
        listed = re.findall(r"(?m)^  (\S+) ", sections[heading])
        assert listed == names, heading
    text = run("export", "--help").stdout
    for name in ("ics", "vdir", "return", "feedback", "site", "listing"):
        assert re.search(rf"(?m)^  {name} ", text), name


def test_help_fits_80_columns_and_keeps_what_it_says(run, monkeypatch):
    """Plain help wrapped to the terminal: no line over 80 columns, and text in brackets is
    text (Rich's markup mode dropped `[caldav]` from publish's help)."""
    monkeypatch.setenv("COLUMNS", "80")
    for args in (["--help"], ["update", "--help"], ["publish", "--help"], ["venue", "add", "-h"]):
        text = run(*args).stdout
        assert max(len(line) for line in text.splitlines()) <= 80, args
    assert "[caldav]" in run("publish", "--help").stdout


def test_screenkit_alone_prints_its_help(run):
    result = run()
    assert result.exit_code == 0 and result.stdout.startswith("Usage: ")
