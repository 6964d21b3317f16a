"""Every shell command in README.md, CONTRIBUTING.md and docs/ runs, or says why it cannot.

Each page's `sh` blocks run in order, each in a fresh `bash -e -o pipefail`, in one folder per
page that starts with a copy of examples/ (files made by one block are there for the next;
shell variables and `cd` are not). `screenkit` is the installed entry point, the clock is
pinned (SCREENKIT_NOW, as everywhere in the suite), HOME is inside the folder and no user
config is read. A block exits 0 unless the line before it says `<!-- exit: N -->`; one that
cannot run here (a mail or CalDAV server, a network, an install) says
`<!-- not run: why -->` instead (tests/support/docs.py; CONTRIBUTING.md).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.docs import Block, blocks, name, pages
from tests.support.plans import NOW, ROOT

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent


def environment(folder: Path) -> dict[str, str]:
    home = folder / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCREENKIT_")}
    env.update(
        PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        SCREENKIT_CONFIG=str(home / "no-config.toml"),  # never the person's own settings
        SCREENKIT_NOW=NOW,
        SCREENKIT_SELF_CHECK="1",  # every write also checks the whole plan, as in the suite
    )
    return env


def tail(text: str, lines: int = 25) -> str:
    return "\n".join(text.splitlines()[-lines:])


def runnable(page: Path) -> list[Block]:
    return [b for b in blocks(page) if b.lang == "sh" and b.runs]


@pytest.mark.parametrize("page", [p for p in pages() if runnable(p)], ids=name)
def test_every_shell_block_runs(page, tmp_path):
    assert (BIN / "screenkit").exists(), f"no screenkit entry point beside {sys.executable}"
    todo = runnable(page)
    if any("jq " in b.text for b in todo) and shutil.which("jq") is None:
        pytest.skip(f"{name(page)} uses jq, which is not installed: apt-get install jq")
    folder = tmp_path / "page"
    shutil.copytree(ROOT / "examples", folder / "examples")
    env = environment(folder)
    for block in todo:
        done = subprocess.run(
            ["bash", "-e", "-o", "pipefail", "-c", block.text],
            cwd=folder, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
            timeout=300,
        )  # fmt: skip
        assert done.returncode == block.exit_code, (
            f"{block.where}: exited {done.returncode}, expected {block.exit_code}\n"
            f"--- the block\n{block.text}--- stdout\n{tail(done.stdout)}\n"
            f"--- stderr\n{tail(done.stderr)}\n"
            "Fix the command, or, if it cannot run in the suite, put "
            "`<!-- not run: why -->` on the line before the block "
            "(`<!-- exit: N -->` if it is meant to fail)."
        )
