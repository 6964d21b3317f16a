"""Volunteers and the rota from the command line."""

from __future__ import annotations

import json
import tomllib

import pytest

from screenkit.errors import ExitCode


@pytest.fixture
def crew(run, example):
    for vid, can in (("alex", "door,refreshments"), ("bea", None), ("cy", "projection")):
        args = ["volunteer", "add", vid, "--name", vid.title(), "--email", f"{vid}@example.org"]
        assert run(*args, *(["--can", can] if can else [])).exit_code == 0
    return example


def test_volunteers_are_records_like_the_others(run, crew):
    listed = json.loads(run("volunteer", "list", "--json").stdout)
    assert [v["id"] for v in listed] == ["alex", "bea", "cy"]
    assert listed[0]["can"] == ["door", "refreshments"]
    assert run("rota", "clapham", "--assign").exit_code == 0
    assert run("volunteer", "rename", "alex", "alexk").exit_code == 0
    rota = tomllib.loads(crew.read_text())["screenings"]["clapham"]["rota"]
    assert rota["door"] == "alexk"
    refused = run("volunteer", "remove", "bea")
    assert (
        refused.exit_code == ExitCode.USAGE and "still used by screenings.clapham" in refused.stderr
    )


def test_rota_set_assign_and_show(run, crew):
    done = run("rota", "clapham", "--set", "door=bea", "--assign", "--json")
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["rota"] == {"door": "bea", "projection": "cy",
                                               "refreshments": "alex"}  # fmt: skip
    shown = run("show", "clapham").stdout
    assert "Door: Bea" in shown and "Projection: Cy" in shown
    sheet = run("export", "checklist", "clapham", "--format", "txt", "-o", "-").stdout
    assert "Refreshments: Alex: volunteer; alex@example.org" in sheet
    assert run("rota", "clapham", "--set", "door=").exit_code == 0
    assert "door" not in tomllib.loads(crew.read_text())["screenings"]["clapham"]["rota"]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["rota", "clapham", "--set", "bar=alex"], "no role 'bar' in settings.roles"),
        (["rota", "clapham", "--set", "door=zed"], "no volunteer 'zed'"),
        (["rota", "clapham", "--set", "door"], "write ROLE=VOLUNTEER"),
        (["rota", "nowhere", "--assign"], "screenings.nowhere"),
        (["volunteer", "add", "dan", "--name", "Dan"], "--email"),
        (["volunteer", "add", "dan", "--name", "Dan", "--email", "no"], "not a valid email"),
        (["set", "settings.roles", "Door!"], "settings.roles"),
        (["volunteer", "add", "Dan", "--name", "Dan", "--email", "d@example.org"], "valid id"),
    ],
)
def test_hostile_rota_inputs_are_one_error_and_the_plan_untouched(run, crew, args, says):
    before = crew.read_bytes()
    result = run(*args)
    assert result.exit_code == ExitCode.USAGE, result.output
    errors = result.stderr.splitlines()
    assert len(errors) == 1 and errors[0].startswith("error: ") and says in errors[0], errors
    assert crew.read_bytes() == before


def test_the_checklist_shows_the_rota_and_its_open_roles(run, example):
    run("volunteer", "add", "alex", "--name", "Alex Kim", "--email", "alex@example.org")
    assert run("rota", "clapham", "--set", "door=alex").exit_code == 0
    text = run("export", "checklist", "clapham", "--format", "txt", "-o", "-").stdout
    assert "Door: Alex Kim: volunteer; alex@example.org" in text
    assert "Refreshments: (open)" in text and "Projection: (open)" in text


def test_the_rota_places_volunteers_in_their_town_on_days_they_offered(run, example):
    """London volunteers were put on Cardiff: now a volunteer works only where they live and
    when they said they can, and the rota says who could not be placed, and why."""
    people = (("dee", ["--town", "Cardiff"]), ("eli", ["--town", "London", "--weekdays", "tue"]),
              ("fay", ["--town", "London", "--dates", "2027-06-28"]))  # fmt: skip
    for vid, extra in people:
        added = run("volunteer", "add", vid, "--name", vid.title(), "--email",
                    f"{vid}@example.org", "--can", "door", *extra)  # fmt: skip
        assert added.exit_code == 0, added.output
    clapham = run("rota", "clapham", "--assign", "--json")  # Monday 28 June, in London
    assert json.loads(clapham.stdout)["rota"]["door"] == "fay", clapham.output
    finchley = run("rota", "east-finchley", "--assign", "--json")  # Tuesday 29 June
    assert json.loads(finchley.stdout)["rota"]["door"] == "eli"
    premiere = run("rota", "ica-premiere", "--assign")  # Sunday 27 June
    assert "door" not in tomllib.loads(example.read_text())["screenings"]["ica-premiere"].get(
        "rota", {})  # fmt: skip
    said = premiere.stderr
    assert "door: nobody could be placed" in said and "dee lives in Cardiff" in said
    assert "eli not free on Sun 27 Jun" in said and "fay not free on Sun 27 Jun" in said
