"""Where the suite's plans and clock come from, for tests and fixtures alike (tests import
these from here, never from conftest)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "return-to-homs-tour.toml"
NOW = "2026-11-25T10:00:00+00:00"

Run = Callable[..., Result]
