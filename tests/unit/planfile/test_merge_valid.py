"""A merge of two valid plans is a plan screenkit opens: a mix valid on neither side's rule,
the same screening renamed both ways and a record removed on one side but used on the other
are named conflicts; what `publish` recorded on either side is kept; a side that is no regular
file, or is far too large, is refused."""

from __future__ import annotations

import copy
import os
import tomllib
from pathlib import Path

import pytest

from screenkit.errors import InputError
from screenkit.plan.models import Plan, validate_plan
from screenkit.planfile import store
from screenkit.planfile.merge import merge_texts, read
from screenkit.planfile.merging import RECORDS, STATE, merge
from screenkit.planfile.tomldoc import patch
from tests.support.plans import EXAMPLE

TEXT = EXAMPLE.read_text()
DATA = tomllib.loads(TEXT)


def edited(edit) -> str:
    data = copy.deepcopy(DATA)
    edit(data)
    return patch(TEXT, DATA, data)


def merged(tmp_path: Path, ours_edit, theirs_edit, base_edit=None):
    sides = []
    base = edited(base_edit or (lambda d: None))

    def on_base(edit):
        def both(d):
            (base_edit or (lambda d: None))(d)
            edit(d)

        return edited(both)

    for name, text in (("base", base), ("ours", on_base(ours_edit)),
                       ("theirs", on_base(theirs_edit))):  # fmt: skip
        path = tmp_path / f"{name}.toml"
        path.write_text(text)
        sides.append(read(name, path, "screenkit.toml"))
    result = merge_texts(*sides)
    data = tomllib.loads(result.text)
    validate_plan(data)  # it opens: the point of it all
    return data, result


def test_a_fee_made_a_percentage_and_a_flat_amount_is_one_conflict_of_the_fee(tmp_path):
    def ours(d):
        d["films"]["return-to-homs"]["fee"]["percent"] = "40"

    def theirs(d):
        d["films"]["return-to-homs"]["fee"] = {"amount": "150.00"}

    data, result = merged(tmp_path, ours, theirs)
    assert [c.path for c in result.conflicts] == [("films", "return-to-homs", "fee")]
    assert data["films"]["return-to-homs"]["fee"] == {"percent": "40", "minimum": "100.00"}
    entry = data["conflicts"]["films.return-to-homs.fee"]
    assert entry["theirs"] == {"amount": "150.00"} and "together they are not" in entry["why"]


def test_a_coordinate_changed_against_coordinates_removed_keeps_ours_whole(tmp_path):
    def ours(d):
        d["venues"]["ica"]["lat"] = 51.5070

    def theirs(d):
        del d["venues"]["ica"]["lat"], d["venues"]["ica"]["lon"]

    data, result = merged(tmp_path, ours, theirs)
    assert result.conflicts, "a lat without its lon must not be written in silence"
    assert data["venues"]["ica"]["lat"] == 51.5070 and data["venues"]["ica"]["lon"] == -0.1310


def test_a_price_against_free_entry_is_a_conflict_and_the_calendar_record_stays(tmp_path):
    def base(d):
        del d["screenings"]["east-finchley"]["free"]  # not said yet

    def ours(d):
        d["screenings"]["east-finchley"]["free"] = True

    def theirs(d):
        d["screenings"]["east-finchley"]["price"] = "5.00"
        d["screenings"]["east-finchley"]["calendar"]["sequence"] = 7

    data, result = merged(tmp_path, ours, theirs, base)
    assert [".".join(c.path) for c in result.conflicts] == ["screenings.east-finchley"]
    evening = data["screenings"]["east-finchley"]
    assert evening["free"] is True and "price" not in evening
    assert evening["calendar"]["sequence"] == 7  # what deliveries recorded is never taken back
    assert "calendar" not in data["conflicts"]["screenings.east-finchley"]["theirs"]


def test_the_same_screening_renamed_both_ways_is_a_named_conflict_not_two_uids(tmp_path):
    def renamed(new):
        def edit(d):
            d["screenings"][new] = d["screenings"].pop("clapham")

        return edit

    data, result = merged(tmp_path, renamed("clapham-pc"), renamed("clapham-2"))
    assert "clapham-pc" in data["screenings"] and "clapham-2" not in data["screenings"]
    assert "clapham-2" in result.text.split("[conflicts")[1]
    why = data["conflicts"]["screenings.clapham-2"]["why"]
    assert "renamed both ways" in why and "screenkit rename clapham-pc clapham-2" in why


def test_a_film_removed_on_one_side_and_used_on_the_other_is_kept_and_named(tmp_path):
    def ours(d):
        d["films"]["other"] = {"title": "Other", "runtime": 90}
        for s in d["screenings"].values():
            s["film"] = "other"
        del d["films"]["return-to-homs"]

    def theirs(d):
        new = copy.deepcopy(d["screenings"]["clapham"])
        new.pop("calendar", None)
        new["uid"] = "3b0f6a7e-6f4e-4f0b-9a51-1c2d7e8f9a99"
        d["screenings"]["clapham-again"] = {**new, "date": new["date"]}

    data, _ = merged(tmp_path, ours, theirs)
    assert data["screenings"]["clapham-again"]["film"] == "return-to-homs"
    assert "return-to-homs" in data["films"]
    entry = data["conflicts"]["films.return-to-homs"]
    assert entry["ours_missing"] is True and "used by screenings.clapham-again" in entry["why"]


def test_a_clean_merge_keeps_the_events_the_other_side_published(tmp_path):
    url = "https://cal.example.org/tour/"

    def published(uid):
        def edit(d):
            events = d.setdefault("published", {}).setdefault(url, {}).setdefault("events", {})
            events[uid] = {"etag": f'"{uid}"', "digest": "d" * 16, "sequence": 0}

        return edit

    base = copy.deepcopy(DATA)
    published("one")(base)
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    published("two")(ours)
    published("three")(theirs)
    del theirs["published"][url]["events"]["one"]  # theirs removed it from the calendar
    done = merge(base, ours, theirs)
    assert done.conflicts == []
    assert set(done.data["published"][url]["events"]) == {"two", "three"}


def test_every_table_of_the_plan_has_a_merge_rule():
    """A new kind of record must be taught to the merge, not merged by accident."""
    by_meaning = {"published", "conflicts", "digest"}
    whole = {"organiser", "tour", "settings", "checklist", "campaign", "kit", "reviewed"}
    assert set(Plan.model_fields) == set(RECORDS) | by_meaning | whole
    state = {"calendar", "rsvp"}
    assert set(STATE) == state
    from screenkit.plan.models import Screening

    assert state <= set(Screening.model_fields)


def test_merging_two_valid_sides_never_takes_back_a_valid_change(tmp_path):
    def ours(d):
        d["screenings"]["clapham"]["start"] = "19:30"

    def theirs(d):
        d["screenings"]["clapham"]["price"] = "7.00"

    data, result = merged(tmp_path, ours, theirs)
    assert result.conflicts == []
    assert data["screenings"]["clapham"]["start"] == "19:30"
    assert data["screenings"]["clapham"]["price"] == "7.00"


@pytest.mark.parametrize("kind", ["fifo", "device", "folder"])
def test_a_side_that_is_not_a_regular_file_is_refused_at_once(tmp_path, kind):
    path = tmp_path / "side"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    else:
        path = Path("/dev/zero")
    with pytest.raises(InputError, match="not a regular file"):
        read("theirs", path, "screenkit.toml")


def test_a_side_over_the_size_cap_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "MAX_BYTES", 1000)
    path = tmp_path / "theirs.toml"
    path.write_text(TEXT)
    with pytest.raises(InputError, match="larger than any plan"):
        read("theirs", path, "screenkit.toml")
