"""The hidden-variant corpus: a private speaker's name, spelled and placed as people (and an
attacker) would, never reaches a public output. Each case writes one spelling into one
public field, then byte-searches every public output (site pages and their Open Graph and
JSON-LD, the feed, posters with their QR payload, listings, a public vdir) for each of her
name forms as folded for search, and checks that `check` names the field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from screenkit.text.names import fold
from tests.cli.test_private_names import SPELLINGS, nour  # noqa: F401 (a fixture)

# Where a public text is written, as commands; each places the spelling in a field whose
# screenings (clapham, or every one) are then withheld.
PLACES = {
    "screenings.clapham.description": ("update", "clapham", "--description"),
    "screenings.clapham.content_note": ("update", "clapham", "--content-note"),
    "films.return-to-homs.synopsis": ("film", "update", "return-to-homs", "--synopsis"),
    "speakers.amira.bio": ("speaker", "update", "amira", "--bio"),
}
CASES = [(place, text) for place in PLACES for text in SPELLINGS]
# Her forms as the search folds them: what must not be in any public byte, folded alike.
FORMS = ["nour", "khatib", "نور", "خطيب"]


def ok(result):
    assert result.exit_code == 0, result.output
    return result


def public_texts(run) -> dict[str, str]:
    out: dict[str, str] = {}
    run("export", "site", "--out", "site", "--base-url", "https://example.org/homs/")
    out |= {str(p): p.read_bytes().decode("utf-8", "replace") for p in Path("site").rglob("*")
            if p.is_file()}  # fmt: skip
    out["feed"] = run("export", "feed", "-o", "-").stdout
    run("export", "vdir", "vdir", "--public")
    out |= {str(p): p.read_text() for p in Path("vdir").glob("*.ics")}
    for sid in ("ica-premiere", "clapham", "east-finchley"):
        out[f"poster {sid}"] = run("export", "poster", sid, "-o", "-").stdout
        out[f"listing {sid}"] = run("export", "listing", sid, "--format", "md").stdout
    return out


@pytest.mark.parametrize(("place", "text"), CASES, ids=[f"{p}:{i}" for p, _ in
                                                        [(p, 0) for p in PLACES] for i in
                                                        range(len(SPELLINGS))])  # fmt: skip
def test_no_public_output_carries_her_however_written_or_placed(run, nour, place, text):  # noqa: F811
    ok(run(*PLACES[place], text))
    found = {p["where"]: p["message"] for p in json.loads(run("check", "--json").stdout)}
    assert "speakers.nour" in found.get(place, ""), found
    for where, content in public_texts(run).items():
        folded = fold(content.replace("\r\n ", "").replace("\n ", ""))
        assert not [f for f in FORMS if fold(f) in folded], where
