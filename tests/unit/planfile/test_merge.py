"""Three plan files merged into OURS' text: its comments and layout kept, THEIRS' new records
as THEIRS wrote them, and bad sides refused by name."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from screenkit.errors import InputError
from screenkit.planfile.merge import merge_texts, read

BASE = """\
# the tour's plan
[films.homs]  # the film
title = "Return to Homs"
runtime = 94

[screenings.a]
film = "homs"
start = "19:00"  # after work
"""


def side(tmp_path: Path, name: str, text: str):
    path = tmp_path / f"{name}.toml"
    path.write_text(text)
    return read(name, path, "screenkit.toml", may_be_empty=name == "base")


def test_ours_layout_stays_and_theirs_new_record_comes_with_its_comment(tmp_path):
    ours = BASE.replace("runtime = 94", "runtime = 94\nyear = 2013  # ours")
    theirs = (
        BASE
        + '\n# the second evening, added by Bob\n[screenings.b]\nfilm = "homs"\nstart = "20:00"\n'
    )
    result = merge_texts(side(tmp_path, "base", BASE), side(tmp_path, "ours", ours),
                         side(tmp_path, "theirs", theirs))  # fmt: skip
    assert result.conflicts == []
    assert "year = 2013  # ours" in result.text and "# the tour's plan" in result.text
    assert "# the second evening, added by Bob\n[screenings.b]" in result.text
    assert tomllib.loads(result.text)["screenings"]["b"]["start"] == "20:00"


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("theirs", b"[films\n", "not valid TOML"),
        ("theirs", b"<<<<<<< HEAD\na = 1\n=======\na = 2\n>>>>>>> x\n", "git conflict marker"),
        ("theirs", b"\x00\x01binary\x00", "a binary file"),
        ("ours", b"\xff\xfe", "not UTF-8"),
        ("theirs", b"   \n", "empty, not a plan"),
    ],
)
def test_a_side_that_is_no_plan_is_refused_by_name(tmp_path, name, content, says):
    path = tmp_path / "x.toml"
    path.write_bytes(content)
    with pytest.raises(InputError, match=says) as caught:
        read(name, path, "screenkit.toml")
    assert caught.value.lines[0].startswith("screenkit.toml") or name in caught.value.lines[0]


def test_an_empty_base_is_a_file_both_sides_added(tmp_path):
    result = merge_texts(side(tmp_path, "base", ""), side(tmp_path, "ours", BASE),
                         side(tmp_path, "theirs", BASE.replace("19:00", "19:30")))  # fmt: skip
    assert [c.path for c in result.conflicts] == [("screenings", "a", "start")]
    assert 'start = "19:00"' in result.text and "[conflicts" in result.text
