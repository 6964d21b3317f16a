"""Golden files: exact expected output, refreshed with SCREENKIT_UPDATE_GOLDEN=1."""

import os
from pathlib import Path

GOLDEN = Path(__file__).parent / "golden"


def assert_golden(name: str, actual: bytes) -> None:
    path = GOLDEN / name
    if os.environ.get("SCREENKIT_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(actual)
    assert path.exists(), f"no golden file {name}; run with SCREENKIT_UPDATE_GOLDEN=1"
    assert actual == path.read_bytes(), f"{name} differs from its golden file"
