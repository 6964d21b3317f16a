"""Golden files: exact expected output.

`SCREENKIT_UPDATE_GOLDEN=1` rewrites a file that differs and skips the test (so a rewrite
never passes as a success: review `git diff tests/golden` before committing). Under CI
(`CI` set) nothing is rewritten: a difference fails.
"""

import os
from pathlib import Path

import pytest

GOLDEN = Path(__file__).resolve().parents[1] / "golden"


def assert_golden(name: str, actual: bytes) -> None:
    path = GOLDEN / name
    if path.exists() and actual == path.read_bytes():
        return
    if os.environ.get("SCREENKIT_UPDATE_GOLDEN"):
        if os.environ.get("CI"):
            pytest.fail(f"{name}: golden files are never rewritten under CI; unset CI or fix it")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(actual)
        pytest.skip(f"rewrote golden file {name}; review the difference before committing")
    assert path.exists(), f"no golden file {name}; run with SCREENKIT_UPDATE_GOLDEN=1"
    assert actual == path.read_bytes(), f"{name} differs from its golden file"
