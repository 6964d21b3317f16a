"""A teammate's comments survive the merge driver: added above, inside and after tables and
inline, from an LF or a CRLF side, whatever the other side changed; changed on both sides,
both are kept."""

from __future__ import annotations

import tomllib
from pathlib import Path

from screenkit.planfile.merge import merge_texts, read
from tests.support.plans import EXAMPLE

BASE = EXAMPLE.read_text()
DEE = "# Dee at the Picturehouse: 07700 900123"


def merged(tmp_path: Path, ours: str, theirs: str, *, crlf: bool = False, said=None) -> str:
    sides = []
    for name, text in (("base", BASE), ("ours", ours), ("theirs", theirs)):
        path = tmp_path / f"{name}.toml"
        raw = text.replace("\n", "\r\n") if crlf and name == "theirs" else text
        path.write_bytes(raw.encode())
        sides.append(read(name, path, "screenkit.toml"))
    result = merge_texts(*sides)
    assert result.conflicts == []
    if said is not None:
        said.extend(result.comments)
    return result.text


def teammate(text: str) -> str:
    """X's edit: a line under [screenings.clapham] and an inline note on its booking link."""
    text = text.replace("[screenings.clapham]\n", f"[screenings.clapham]\n{DEE}\n", 1)
    return text.replace('book/homs"\n', 'book/homs"  # link from Dee\n', 1)


def test_comments_one_side_added_survive_a_change_to_another_screening(tmp_path):
    ours = BASE.replace('start = "19:30"', 'start = "19:45"', 1)  # east-finchley
    assert ours != BASE
    text = merged(tmp_path, ours, teammate(BASE))
    assert f"[screenings.clapham]\n{DEE}\nfilm" in text
    assert 'book/homs"  # link from Dee' in text
    assert tomllib.loads(text)["screenings"]["east-finchley"]["start"] == "19:45"


def test_comments_survive_a_change_to_the_same_screening_and_a_crlf_side(tmp_path):
    ours = BASE.replace("audience = 90", "audience = 95", 1)
    for crlf in (False, True):
        text = merged(tmp_path, ours, teammate(BASE), crlf=crlf)
        assert f"[screenings.clapham]\n{DEE}\nfilm" in text, crlf
        assert 'book/homs"  # link from Dee\n' in text and "\r" not in text
        assert tomllib.loads(text)["screenings"]["clapham"]["audience"] == 95


def test_comments_above_a_table_and_at_the_end_of_the_file_come_through(tmp_path):
    theirs = BASE.replace("[venues.clapham]\n", "# the hall is upstairs\n[venues.clapham]\n", 1)
    theirs = theirs.rstrip("\n") + "\n\n# end of the plan: Dee\n"
    ours = BASE.replace("capacity = 60", "capacity = 65", 1) if "capacity = 60" in BASE else (
        BASE.replace('start = "19:30"', 'start = "19:45"', 1))  # fmt: skip
    text = merged(tmp_path, ours, theirs)
    assert "# the hall is upstairs\n[venues.clapham]" in text
    assert text.endswith("# end of the plan: Dee\n")


def test_a_comment_both_sides_changed_keeps_both(tmp_path):
    ours = BASE.replace("talk = 40 # shorter Q&A: the hall closes at 22:30",
                        "talk = 40 # ours: the hall closes at 22:30", 1)  # fmt: skip
    ours = ours.replace("[screenings.clapham]\n", "[screenings.clapham]\n# ours says hello\n", 1)
    theirs = teammate(BASE).replace("talk = 40 # shorter Q&A: the hall closes at 22:30",
                                    "talk = 40 # theirs: 22:30 sharp", 1)  # fmt: skip
    said: list[str] = []
    text = merged(tmp_path, ours, theirs, said=said)
    assert "# ours says hello\n" + DEE in text
    assert "talk = 40  # ours: the hall closes at 22:30 # theirs: 22:30 sharp" in text
    # Both kept, and the driver says where, for a person to tidy:
    assert said == ["screenings.clapham.film (above it)",
                    "screenings.clapham.talk (after its value)"]  # fmt: skip


def test_a_comment_theirs_removed_goes_if_ours_left_it_alone(tmp_path):
    theirs = BASE.replace("talk = 40 # shorter Q&A: the hall closes at 22:30", "talk = 40", 1)
    ours = BASE.replace('start = "19:30"', 'start = "19:45"', 1)
    text = merged(tmp_path, ours, theirs)
    assert "shorter Q&A" not in text and "\ntalk = 40\n" in text
