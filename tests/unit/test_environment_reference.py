"""The settings page names every environment variable the code reads and every key of each
user config table, so that a new one cannot go undocumented."""

from __future__ import annotations

import re
from pathlib import Path

from screenkit.delivery import caldav, imap, pretix, smtp

ROOT = Path(__file__).parents[2]
PAGE = (ROOT / "docs" / "reference" / "environment.md").read_text()


def test_every_environment_variable_the_code_reads_is_documented():
    used = set()
    for source in (ROOT / "src" / "screenkit").rglob("*.py"):
        used |= set(re.findall(r"\bSCREENKIT_[A-Z_]*[A-Z]\b", source.read_text()))
    used.discard("SCREENKIT_SMTP")  # the prefix an account's settings drop, not a variable
    missing = sorted(v for v in used if f"`{v}`" not in PAGE)
    assert not missing, f"docs/reference/environment.md lacks {missing}"


def test_every_key_of_each_config_table_is_documented():
    tables = {"smtp": smtp.CONFIG_KEYS, "imap": imap.CONFIG_KEYS,
              "caldav": caldav.CONFIG_KEYS, "pretix": pretix.CONFIG_KEYS}  # fmt: skip
    for table, keys in tables.items():
        missing = [k for k in keys if f"`{k}`" not in PAGE]
        assert not missing, f"[{table}]: {missing} not on the settings page"
