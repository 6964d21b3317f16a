import tomllib

import pytest

from screenkit.errors import PlanError
from screenkit.models import validate_plan
from tests.conftest import EXAMPLE


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
