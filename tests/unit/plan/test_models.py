import datetime as dt
import tomllib

import pytest

from screenkit.errors import PlanError
from screenkit.plan.models import validate_plan
from tests.support.plans import EXAMPLE


def example_data():
    return tomllib.loads(EXAMPLE.read_text())


def messages(data):
    with pytest.raises(PlanError) as info:
        validate_plan(data)
    return info.value.lines


def test_example_is_valid():
    plan = validate_plan(example_data())
    assert plan.screenings["ica-premiere"].speakers == ["amira", "talal"]


def test_unknown_keys_are_named_with_their_path():
    data = example_data()
    data["venues"]["ica"]["contact"]["fax"] = "123"
    assert messages(data) == ["venues.ica.contact.fax: unknown key"]


def test_every_problem_is_reported_at_once():
    data = example_data()
    data["venues"]["ica"]["contact"]["email"] = "nobody"
    data["films"]["return-to-homs"]["runtime"] = 0
    data["screenings"]["clapham"]["start"] = "7pm"
    lines = messages(data)
    assert len(lines) == 3
    assert lines[0].startswith("films.return-to-homs.runtime: ")
    assert lines[1].startswith("venues.ica.contact.email: 'nobody' is not a valid email")
    assert lines[2].startswith("screenings.clapham.start: '7pm' is not a time")


def test_bad_ids_are_named():
    data = example_data()
    data["films"]["Bad/Id"] = data["films"]["return-to-homs"]
    assert messages(data) == [
        "films.Bad/Id: 'Bad/Id' is not a valid id: use 1-63 lowercase letters, digits, '-' or "
        "'_', starting with a letter or digit"
    ]


def test_coordinates_come_in_pairs():
    data = example_data()
    del data["venues"]["ica"]["lon"]
    assert messages(data) == ["venues.ica: give both lat and lon, or neither"]


def test_list_items_are_named_with_their_index():
    data = example_data()
    data["screenings"]["clapham"]["speakers"] = ["amira", "Not OK"]
    assert messages(data)[0].startswith("screenings.clapham.speakers[1]: ")


def test_positive_capacity_and_lengths():
    data = example_data()
    data["venues"]["ica"]["capacity"] = -1
    data["screenings"]["clapham"]["talk"] = -5
    lines = messages(data)
    assert lines[0].startswith("venues.ica.capacity: ")
    assert lines[1].startswith("screenings.clapham.talk: ")


def test_bounds_apply_wherever_a_value_comes_from():
    data = example_data()
    data["films"]["return-to-homs"]["runtime"] = 1441
    data["films"]["return-to-homs"]["year"] = 1877
    data["venues"]["ica"]["capacity"] = 1_000_001
    data["venues"]["ica"]["access"]["wheelchair_spaces"] = 10_001
    data["screenings"]["clapham"]["intro"] = "10h1m"
    data["screenings"]["clapham"]["audience"] = 0
    data["settings"] = {"travel_buffer": "9999999999h"}
    assert messages(data) == [
        "settings.travel_buffer: '9999999999h' is too long; at most 2,880 minutes (48h)",
        "films.return-to-homs.runtime: 1441 is out of range; use 1 to 1440 minutes",
        "films.return-to-homs.year: 1877 is out of range; use 1878 to 2100",
        "venues.ica.capacity: 1000001 is out of range; use 1 to 1,000,000",
        "venues.ica.access.wheelchair_spaces: 10001 is out of range; use 0 to 10,000",
        "screenings.clapham.intro: '10h1m' is too long; at most 600 minutes (10h)",
        "screenings.clapham.audience: 0 is out of range; use 1 to 1,000,000",
    ]


def test_the_edges_of_each_bound_are_accepted():
    data = example_data()
    data["films"]["return-to-homs"].update(runtime=1440, year=2100)
    data["venues"]["ica"]["capacity"] = 1_000_000
    data["screenings"]["clapham"].update(intro=0, talk="10h", date=dt.date(2200, 12, 31))
    data["settings"] = {"travel_buffer": "48h"}
    plan = validate_plan(data)
    assert plan.screenings["clapham"].talk == 600
    assert plan.settings.travel_buffer == 2880


def test_booleans_are_not_numbers_and_numbers_not_booleans():
    data = example_data()
    data["films"]["return-to-homs"]["runtime"] = True
    data["venues"]["ica"]["access"]["step_free"] = 1
    data["venues"]["ica"]["lat"] = False
    data["screenings"]["clapham"]["audience"] = 80.5
    data["screenings"]["clapham"]["talk"] = True
    assert messages(data) == [
        "films.return-to-homs.runtime: true is a yes/no value, not a number; use 1 to 1440 minutes",
        "venues.ica.lat: false is a yes/no value, not a number; use -90 to 90",
        "venues.ica.access.step_free: 1 is not true or false; write true or false",
        "screenings.clapham.talk: true is a yes/no value, not a duration; use minutes",
        "screenings.clapham.audience: 80.5 is not a whole number; use 1 to 1,000,000",
    ]


def test_whole_floats_and_digit_strings_are_numbers():
    data = example_data()
    data["films"]["return-to-homs"]["runtime"] = 94.0
    data["screenings"]["clapham"]["audience"] = "80"
    plan = validate_plan(data)
    assert plan.films["return-to-homs"].runtime == 94
    assert plan.screenings["clapham"].audience == 80


def test_dates_out_of_range_and_non_dates_are_refused():
    data = example_data()
    data["screenings"]["clapham"]["date"] = dt.date(9999, 12, 31)
    data["screenings"]["ica-premiere"]["date"] = dt.date(1, 1, 1)
    data["screenings"]["east-finchley"]["date"] = 20280301
    assert messages(data) == [
        "screenings.ica-premiere.date: 0001-01-01 is out of range; use a date from 1900-01-01 "
        "to 2200-12-31",
        "screenings.clapham.date: 9999-12-31 is out of range; use a date from 1900-01-01 to "
        "2200-12-31",
        "screenings.east-finchley.date: 20280301 is not a date: use YYYY-MM-DD (e.g. 2027-06-27)",
    ]


def test_one_line_fields_refuse_line_breaks_and_control_characters():
    data = example_data()
    data["organiser"]["name"] = "Homs\nTour"
    data["speakers"]["amira"]["name"] = "Amira\x1b[2J"
    data["speakers"]["amira"]["needs"] = ["mic", "  "]
    data["films"]["return-to-homs"]["director"] = "Talal\tDerki"
    data["venues"]["ica"]["postcode"] = "SW1Y\x005AH"
    assert messages(data) == [
        "organiser.name: contains a line break; use one line",
        "films.return-to-homs.director: contains a tab; use spaces",
        "venues.ica.postcode: contains a control character (U+0000); remove it",
        "speakers.amira.name: contains a control character (U+001B); remove it",
        "speakers.amira.needs[1]: is empty; write something, or leave the key out",
    ]


def test_paragraphs_and_addresses_keep_their_lines():
    data = example_data()
    data["venues"]["ica"]["address"] = "The Mall\nLondon"
    data["venues"]["ica"]["notes"] = "Lift:\r\n\tround the back"
    data["speakers"]["amira"]["bio"] = "One.\n\nTwo."
    plan = validate_plan(data)
    assert plan.venues["ica"].address == "The Mall\nLondon"
    data["venues"]["ica"]["notes"] = "bell\x07"
    assert messages(data) == ["venues.ica.notes: contains a control character (U+0007); remove it"]


def test_coordinates_must_be_finite():
    data = example_data()
    data["venues"]["ica"]["lat"] = float("nan")
    data["venues"]["ica"]["lon"] = float("inf")
    assert messages(data) == [
        "venues.ica.lat: nan is not a number; use -90 to 90",
        "venues.ica.lon: inf is out of range; use -180 to 180",
    ]


def test_due_offsets_are_bounded():
    data = example_data()
    data["checklist"] = {"tasks": [{"id": "far", "text": "Far", "due": "+99999999999w"},
                                   {"id": "caps", "text": "Caps", "due": "-6W"}]}  # fmt: skip
    assert messages(data) == [
        "checklist.tasks[0].due: '+99999999999w' is too far from the screening; use at most "
        "about ten years either side: 3660d, 523w or 2610 working days"
    ]


def test_revalidating_a_change_reuses_every_model_it_did_not_touch():
    from screenkit.plan.models import changed_records, revalidate

    data = example_data()
    plan = validate_plan(data)
    screenings = {**data["screenings"], "clapham": {**data["screenings"]["clapham"], "notes": "x"}}
    del screenings["east-finchley"]
    new = {**data, "screenings": screenings}
    changed = changed_records(data, new)
    assert changed == {"screenings": {"clapham", "east-finchley"}}
    after = revalidate(plan, new, changed)
    assert after.screenings["ica-premiere"] is plan.screenings["ica-premiere"]
    assert after.venues is plan.venues
    assert after.screenings["clapham"].notes == "x"
    assert list(after.screenings) == ["ica-premiere", "clapham"]


def test_revalidating_names_the_bad_field_as_a_whole_validation_does():
    from screenkit.plan.models import changed_records, revalidate

    data = example_data()
    plan = validate_plan(data)
    bad = {**data["screenings"]["clapham"], "start": "25:00"}
    new = {**data, "screenings": {**data["screenings"], "new": bad}}
    with pytest.raises(PlanError) as raised:
        revalidate(plan, new, changed_records(data, new))
    with pytest.raises(PlanError) as whole:
        validate_plan(new)
    assert raised.value.args == whole.value.args
    assert "screenings.new.start" in raised.value.args[0]
