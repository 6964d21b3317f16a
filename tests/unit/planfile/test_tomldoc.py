import copy
import datetime as dt
import tomllib

import pytest
import tomli_w

from screenkit.planfile.tomldoc import dumps, patch, render_value

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


# -- renames --------------------------------------------------------------------------------

TOUR = """\
[films.homs]
title = "Return to Homs"

[screenings.first]
film = "homs"

# the premiere: the director speaks
[screenings.old]   # was the ICA
film = "homs"   # the one we have
# the hall opens early
venue = "ica"

# what the last export sent
[screenings.old.calendar]
sequence = 2

[screenings.last]
film = "homs"
"""


def renamed(table: dict, old: str, new: str) -> dict:
    """The table with `old` renamed, in the old key's place (as `rename` commands do)."""
    return {(new if key == old else key): value for key, value in table.items()}


def test_a_renamed_table_keeps_its_comments_sub_tables_and_position():
    out = edited(lambda d: d.update(screenings=renamed(d["screenings"], "old", "new")), TOUR)
    assert out == TOUR.replace("[screenings.old", "[screenings.new")


def test_a_rename_does_not_rely_on_the_new_key_sitting_where_the_old_one_was():
    def change(d):
        screenings = d["screenings"]
        screenings["new"] = screenings.pop("old")  # the renamed key last in the data

    assert edited(change, TOUR) == TOUR.replace("[screenings.old", "[screenings.new")


def test_renaming_a_film_and_its_references_in_one_write():
    def change(d):
        d["films"] = renamed(d["films"], "homs", "return-to-homs")
        for screening in d["screenings"].values():
            screening["film"] = "return-to-homs"

    out = edited(change, TOUR)
    assert "[films.return-to-homs]\n" in out
    assert 'film = "return-to-homs"  # the one we have\n# the hall opens early\n' in out
    assert out.count("\n") == TOUR.count("\n")


def test_renamed_dotted_inline_and_quoted_keys_are_rewritten_where_written():
    text = """\
screenings.old.film = "homs"  # written from the root
[venues]
ica.name = "ICA"
ica.contact.email = "a@example.org"  # dotted
other = { name = "Other" }  # inline
"""

    def change(d):
        d["screenings"] = renamed(d["screenings"], "old", "new")
        d["venues"] = renamed(d["venues"], "ica", "the ica")
        d["venues"] = renamed(d["venues"], "other", "phoenix")

    out = edited(change, text)
    assert out == (
        text.replace("screenings.old", "screenings.new")
        .replace("ica.", '"the ica".')
        .replace("other =", "phoenix =")
    )


def test_a_changed_value_under_a_new_key_is_not_a_rename():
    def change(d):
        d["screenings"] = renamed(d["screenings"], "old", "new")
        d["screenings"]["new"] = {**d["screenings"]["new"], "venue": "phoenix"}

    out = edited(change, TOUR)
    assert "[screenings.old" not in out and "the premiere" not in out


def test_values_equal_only_across_types_are_not_renamed_into_each_other():
    text = "[a]\nx = { v = 1 }\n"
    out = edited(lambda d: d.update(a={"y": {"v": True}}), text)
    assert "x =" not in out and tomllib.loads(out) == {"a": {"y": {"v": True}}}


# -- bytes outside the changed lines ------------------------------------------------------


def test_mixed_line_endings_are_kept_line_by_line():
    text = '[films.a]\r\ntitle = "A"\n\n[films.b]\r\ntitle = "B"\r\nruntime = 90\r\n'

    def change(d):
        d["films"]["a"]["title"] = "Aa"
        d["films"]["b"]["year"] = 2013
        d["films"]["c"] = {"title": "C"}

    out = edited(change, text)
    # Four CRLF lines against two LF ones: new lines take CRLF; untouched lines keep theirs;
    # a changed line keeps its own.
    assert out == (
        '[films.a]\r\ntitle = "Aa"\n\n[films.b]\r\ntitle = "B"\r\nruntime = 90\r\nyear = 2013\r\n'
        '\r\n[films.c]\r\ntitle = "C"\r\n'
    )


def test_a_missing_final_newline_stays_missing():
    out = edited(lambda d: d["films"].update(b={"title": "B"}), '[films.a]\ntitle = "A"')
    assert out == '[films.a]\ntitle = "A"\n\n[films.b]\ntitle = "B"'


# -- layout of new keys ---------------------------------------------------------------------


def test_keys_added_to_a_table_never_land_under_a_table_added_after_it():
    text = '[films.a]\ntitle = "A"\n'

    def change(d):
        d["films"] = {"b": {"title": "B"}, "a": {"title": "A", "year": 2013}}

    assert edited(change, text) == '[films.a]\ntitle = "A"\nyear = 2013\n\n[films.b]\ntitle = "B"\n'


def test_root_keys_come_before_every_table():
    assert dumps({"t": {"x": 1}, "a": 1}) == "a = 1\n\n[t]\nx = 1\n"


def test_new_keys_of_a_table_without_a_header_share_one_new_header():
    text = '[screenings.a]\nfilm = "x"\n'
    out = edited(lambda d: d["screenings"].update(note="n", count=2), text)
    assert out.count("[screenings]") == 1


# -- cost -----------------------------------------------------------------------------------


def plan_of(n: int) -> str:
    lines = ['[organiser]\nname = "A"\n']
    for k in range(n):
        lines.append(
            f'# screening {k}\n[screenings.s{k:05d}]\nfilm = "homs"  # a comment\n'
            f'date = 2027-06-{k % 28 + 1:02d}\nvenue.name = "V"\n'
        )
    return "\n".join(lines)


def _every(change):
    def apply(d):
        for k, sid in enumerate(list(d["screenings"])):
            change(d["screenings"], sid, k)

    return apply


WRITES = {
    # The first export: a [screenings.<id>.calendar] table in every screening (issue 15).
    "add a table to each": _every(
        lambda s, sid, k: s[sid].update(
            calendar={"sequence": 0, "stamp": "2026-11-25T10:00:00Z", "sent": "x" * 80}
        )
    ),
    "remove every other": _every(lambda s, sid, k: s.pop(sid) if k % 2 else None),
    "rename each": _every(lambda s, sid, k: s.update({f"n{k}": s.pop(sid)})),
    "add a dotted key to each": _every(lambda s, sid, k: s[sid]["venue"].update(seats=90)),
    "change a value in each": _every(lambda s, sid, k: s[sid].update(film="other")),
}


def lines_run(text: str, old: dict, new: dict) -> int:
    """How many lines of tomldoc's code one patch runs: its work, free of timing noise."""
    import sys

    from screenkit.planfile import tomldoc

    count = 0

    def in_tomldoc(frame, event, arg):
        nonlocal count
        count += event == "line"
        return in_tomldoc

    def on_call(frame, event, arg):
        return in_tomldoc if frame.f_code.co_filename == tomldoc.__file__ else None

    previous = sys.gettrace()
    sys.settrace(on_call)
    try:
        out = patch(text, old, new)
    finally:
        sys.settrace(previous)
    assert tomllib.loads(out) == new
    return count


def counts(sizes: tuple[int, int], change) -> list[int]:
    """The lines one write runs on plans of each size; `change(old)` gives the new data."""
    out = []
    for n in sizes:
        text = plan_of(n)
        old = tomllib.loads(text)
        out.append(lines_run(text, old, change(old)))
    return out


def _copied(write):
    def change(old):
        new = copy.deepcopy(old)
        write(new)
        return new

    return change


@pytest.mark.parametrize("write", WRITES)
def test_a_write_costs_in_proportion_to_the_plan(write):
    runs = counts((100, 1000), _copied(WRITES[write]))
    # Ten times the screenings: about ten times the work (a scan per change would be ~100x).
    assert runs[1] / runs[0] < 12, runs


def _one_screening(change):
    """A change to one screening that shares everything else, as the commands make them."""

    def apply(d):
        screenings = dict(d["screenings"])
        change(screenings, "s00500")
        return {**d, "screenings": screenings}

    return apply


SMALL_WRITES = {
    "change a value": _one_screening(lambda s, sid: s.update({sid: {**s[sid], "film": "x"}})),
    "add a key": _one_screening(lambda s, sid: s.update({sid: {**s[sid], "notes": "x"}})),
    "add a dotted key": _one_screening(
        lambda s, sid: s.update({sid: {**s[sid], "venue": {**s[sid]["venue"], "seats": 90}}})
    ),
    "remove a screening": _one_screening(lambda s, sid: s.pop(sid)),
    "add a screening": _one_screening(lambda s, sid: s.update(new={"film": "homs"})),
    "rename a screening": lambda d: {
        **d,
        "screenings": renamed(d["screenings"], "s00500", "premiere"),
    },
}


@pytest.mark.slow  # builds plans of 10,000 screenings: the whole suite's, not the quick loop's
@pytest.mark.parametrize("write", SMALL_WRITES)
def test_a_small_write_costs_in_proportion_to_the_change(write):
    runs = counts((1000, 10000), SMALL_WRITES[write])
    # Ten times the screenings, the same work in Python (a scan of every line would be ~10x).
    assert runs[1] / runs[0] < 2, runs


@pytest.mark.parametrize(
    "value",
    ["plain", "", "tab\there", 'a "quote"', "back\\slash", "new\nline", "\x00\x1f\x7f", "حمص",
     "\u2028", 0, -7, 10**20, True, False, 3.5, dt.date(2027, 6, 27), dt.time(19, 30),
     dt.datetime(2027, 6, 27, 19, 30), dt.datetime(2027, 6, 27, 19, 30, tzinfo=dt.UTC)],
)  # fmt: skip
def test_a_value_is_written_as_tomli_w_writes_it(value):
    expected = tomli_w.dumps({"v": value})[len("v = ") : -1]
    if isinstance(value, dt.datetime) and value.tzinfo:
        expected = "2027-06-27T19:30:00Z"  # what people write for UTC
    assert render_value(value) == expected
