import copy
import tomllib

import pytest

from screenkit.tomldoc import dumps, patch

DOC = """\
# My plan, written by hand
[organiser]
name = "Ann"   # that's me
email = "ann@example.org"

# Films we show
[films.homs]
title = "Return to Homs"
runtime = 94

[venues.ica]
name = "ICA"
contact = { name = "Bo", email = "bo@example.org" }
access.step_free = true
access.notes = \"\"\"two lines
[not a header] # not a comment\"\"\"
tech = [
  "DCP",  # main
  "Blu-ray",
]

# the premiere
[screenings.a]
film = "homs"

[screenings.b]
film = "homs"   # keep me
"""


def edited(change, text=DOC):
    old = tomllib.loads(text)
    new = copy.deepcopy(old)
    change(new)
    out = patch(text, old, new)
    assert tomllib.loads(out) == new
    return out


def test_no_change_is_byte_identical():
    assert edited(lambda d: None) == DOC


def test_changed_value_keeps_comment_and_everything_else():
    out = edited(lambda d: d["organiser"].update(name="Ann B"))
    assert 'name = "Ann B"  # that\'s me' in out
    assert out.replace('name = "Ann B"  # that\'s me', 'name = "Ann"   # that\'s me') == DOC


def test_new_key_goes_after_the_tables_last_key():
    out = edited(lambda d: d["films"]["homs"].update(year=2013))
    assert "runtime = 94\nyear = 2013\n\n[venues.ica]" in out


def test_new_table_goes_after_its_siblings():
    out = edited(lambda d: d["films"].update(new={"title": "New", "runtime": 80}))
    assert 'runtime = 94\n\n[films.new]\ntitle = "New"\nruntime = 80\n\n[venues.ica]' in out


def test_new_screening_is_appended_at_the_end():
    out = edited(lambda d: d["screenings"].update(c={"film": "homs"}))
    assert out.endswith('film = "homs"   # keep me\n\n[screenings.c]\nfilm = "homs"\n')


def test_removed_table_takes_its_comment_with_it():
    out = edited(lambda d: d["screenings"].pop("a"))
    assert "the premiere" not in out and "[screenings.a]" not in out
    assert "\n\n\n" not in out


def test_inline_and_dotted_tables_are_edited_in_their_own_style():
    def change(d):
        d["venues"]["ica"]["contact"]["phone"] = "+44 20 7946 0101"
        d["venues"]["ica"]["access"]["hearing_loop"] = True

    out = edited(change)
    assert 'contact = { name = "Bo", email = "bo@example.org", phone = "+44 20 7946 0101" }' in out
    assert "access.hearing_loop = true" in out
    assert "[not a header] # not a comment" in out  # multi-line string untouched


def test_multiline_array_is_replaced_whole():
    out = edited(lambda d: d["venues"]["ica"].update(tech=["DCP"]))
    assert 'tech = ["DCP"]\n\n# the premiere' in out


def test_crlf_files_stay_crlf():
    text = DOC.replace("\n", "\r\n")
    out = edited(lambda d: d["films"]["homs"].update(runtime=95), text)
    assert "runtime = 95\r\n" in out and "\n" not in out.replace("\r\n", "")


def test_new_nested_tables_are_laid_out_readably():
    text = dumps(
        {
            "organiser": {"name": "A"},
            "venues": {"v": {"name": "V", "contact": {"email": "z@example.org"}}},
        }
    )
    assert text == (
        '[organiser]\nname = "A"\n\n[venues.v]\nname = "V"\ncontact = { email = "z@example.org" }\n'
    )


@pytest.mark.parametrize(
    "value", ['a "quoted" word', "back\\slash", "new\nline", "comma, semi; colon", "حمص"]
)
def test_text_round_trips(value):
    out = edited(lambda d: d["films"]["homs"].update(title=value))
    assert tomllib.loads(out)["films"]["homs"]["title"] == value
