"""`usecases.gitrepo`: the plan's repository, asked through real `git`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from screenkit.usecases.gitrepo import run_git

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def test_git_answers_inside_a_repository_and_says_nothing_outside(tmp_path: Path):
    assert run_git("rev-parse", "--is-inside-work-tree", cwd=tmp_path) is None
    run_git("init", "-q", cwd=tmp_path)
    assert run_git("rev-parse", "--is-inside-work-tree", cwd=tmp_path) == "true"
