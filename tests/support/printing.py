"""Printing pages as a person would: headless Chromium to PDF, and pdfinfo to count pages.
Tests that need them are skipped, with the install command, where they are missing."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


# A test that prints is slow, and skipped (with how to install them) without Chromium and
# pdfinfo: tests/conftest.py turns this mark into both.
needs_chromium = pytest.mark.chromium
MISSING = None if chromium() and shutil.which("pdfinfo") else (
    "needs Chromium and pdfinfo: apt-get install chromium poppler-utils")  # fmt: skip


def headless(tmp_path: Path, *args: str) -> None:
    """Run Chromium headless, without the network or a profile of anyone's."""
    subprocess.run(
        [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", *args],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip


def print_pdf(tmp_path: Path, page: Path) -> str:
    """Print `page` to PDF; pdfinfo's report of it (pages, page size)."""
    pdf = tmp_path / f"{page.stem}.pdf"
    headless(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    return subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout


def pages(info: str) -> int:
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
