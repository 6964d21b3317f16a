"""The plan's git repository, asked through the `git` command: what `git-setup`, the merge
driver and `status` need to know of it. Nothing here changes a plan."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

GIT_TIMEOUT = 10  # seconds: every call here is local and quick


def run_git(*args: str, cwd: Path | None = None) -> str | None:
    """What a git command prints, or None where git or the repository is missing."""
    git = shutil.which("git")
    if git is None:
        return None
    try:
        done = subprocess.run([git, *args], cwd=cwd, capture_output=True, text=True,
                              timeout=GIT_TIMEOUT, check=False)  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() if done.returncode == 0 else None
