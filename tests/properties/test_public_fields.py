"""The fields searched for a private name are the fields the public outputs show: every
text field of the bundled tour is given a marker of its own, every public output is made,
and each marker found in them must belong to a field `publication.SEARCHED` lists. An output
that starts showing a new field fails here until the search looks there too."""

from __future__ import annotations

import tomllib
from pathlib import Path

import tomli_w

from screenkit.plan.models import validate_plan
from screenkit.rules.publication import SEARCHED
from tests.support.plans import EXAMPLE

TABLES = ("screenings", "films", "venues", "speakers")


def marked(data: dict) -> tuple[dict, dict[str, tuple[str, str]]]:
    """`data` with each text field that takes any text holding a marker; marker -> field."""
    fields: dict[str, tuple[str, str]] = {}

    def mark(record: dict, table: str) -> None:
        for key, value in list(record.items()):
            if isinstance(value, dict) and key == "access":
                mark(value, f"{table}.access")
            if not isinstance(value, str) or key in ("uid", "film", "venue", "host", "status"):
                continue
            marker = f"zqm{len(fields)}x"
            record[key] = f"{value} {marker}" if "\n" not in value else f"{marker}\n{value}"
            try:
                validate_plan(data)
            except Exception:  # a format, not free text (a URL, an email, a zone): left
                record[key] = value
                continue
            fields[marker] = (table, key)

    for table in ("tour", "organiser"):
        if isinstance(data.get(table), dict):
            mark(data[table], table)
    for table in TABLES:
        for record in data.get(table, {}).values():
            mark(record, table)
    return data, fields


def test_every_field_a_public_output_shows_is_searched(run, plan_path):
    data, fields = marked(tomllib.loads(EXAMPLE.read_text()))
    assert len(fields) > 30  # the marking reached the plan's text at all
    plan_path.write_text(tomli_w.dumps(data))
    assert run("export", "--out", "export").exit_code == 0  # calendar identities
    outputs = []
    assert run("export", "site", "--out", "site", "--base-url", "https://e.org/").exit_code == 0
    outputs += [p.read_text(errors="replace") for p in Path("site").rglob("*") if p.is_file()]
    outputs.append(run("export", "feed", "-o", "-").stdout)
    assert run("export", "vdir", "vdir", "--public").exit_code == 0
    outputs += [p.read_text() for p in Path("vdir").glob("*.ics")]
    for sid in data["screenings"]:
        outputs.append(run("export", "poster", sid, "-o", "-").stdout)
        outputs.append(run("export", "listing", sid, "--format", "md").stdout)
    text = "\n".join(outputs).replace("\r\n ", "").replace("\n ", "")
    shown = {fields[m] for m in fields if m in text}
    assert shown, "no marked field reached a public output"
    unsearched = sorted(f for f in shown if f[1] not in SEARCHED.get(f[0], ()))
    assert unsearched == [], (
        f"public outputs show fields the private-name search skips: {unsearched}"
    )
