"""`screenkit privacy` lists every place a private speaker's real name goes, and its list
matches a byte search of what screenkit makes: each message and file that carries her is
listed, with its recipient, and none that does not."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_need_to_know import carries, nour  # noqa: F401 (a fixture)


def ok(result):
    assert result.exit_code == 0, result.output
    return result


def listed(run) -> dict:
    [found] = json.loads(ok(run("privacy", "nour", "--json")).stdout)
    return found


def test_the_list_matches_a_byte_search_of_every_message(run, nour):  # noqa: F811
    ok(run("speaker", "update", "nour", "--share-with", "sam"))
    found = listed(run)
    ok(run("send", "ica-premiere", "--eml", "mail"))
    recipients = {c["to"] for c in found["carried_by"]}
    for path in Path("mail").glob("*.eml"):
        who = path.stem.removeprefix("ica-premiere-").removeprefix("crew-")
        assert bool(carries(path.read_bytes())) == (who in recipients), who
    assert {"nour", "sam", "organiser"} <= recipients
    assert "amira" not in recipients and "jo" not in recipients


def test_the_list_matches_a_byte_search_of_every_file(run, nour):  # noqa: F811
    found = listed(run)
    ok(run("export", "--out", "export"))
    outputs = " ".join(c["output"] for c in found["carried_by"])
    for path in Path("export").rglob("*.*"):
        name = str(path.relative_to("export"))
        if carries(path.read_bytes()):
            assert path.name in outputs or path.parent.name == "invites", name
        else:
            assert path.name not in outputs, name


def test_reviewed_text_near_her_name_is_shown(run, nour):  # noqa: F811
    ok(run("update", "clapham", "--description", "Catering by Nour's Kitchen."))
    ok(run("review", "screenings.clapham.description"))
    found = listed(run)
    assert found["near"] == [
        {"where": "screenings.clapham.description", "part": "nour"}
    ]  # as folded


def test_withheld_screenings_are_named(run, nour):  # noqa: F811
    ok(run("update", "ica-premiere", "--description", "With Nour Al-Khatib."))
    assert listed(run)["withheld"] == ["ica-premiere"]
    text = ok(run("privacy")).stdout
    assert "withheld from the public now: ica-premiere" in text
