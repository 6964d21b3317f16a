"""Bringing a kit into a plan: the kit's fields where the group left them, the group's own
edits kept and named, fields the kit dropped removed only where untouched."""

from __future__ import annotations

import datetime as dt

from screenkit.edits import kit

TODAY = dt.date(2027, 3, 1)
FILM = {"title": "Return to Homs", "runtime": 94, "fee": {"percent": "35"}}
KIT = {"tour": {"name": "Homs"}, "films": {"homs": FILM}, "settings": {"curfew": "23:00"}}


def started() -> dict:
    plan = {"organiser": {"name": "Leeds"}, "tour": {"group": "leeds"}}
    return kit.bring(plan, KIT, "Homs", TODAY).data


def test_a_plan_started_from_a_kit_has_it_all_and_remembers_each_field():
    plan = started()
    assert plan["films"]["homs"] == FILM and plan["tour"] == {"group": "leeds", "name": "Homs"}
    assert set(plan["kit"]["fields"]) == {"tour.name", "films.homs.title", "films.homs.runtime",
                                          "films.homs.fee.percent", "settings.curfew"}  # fmt: skip
    assert plan["kit"]["taken"] == TODAY


def test_a_newer_kit_changes_what_the_group_left_and_keeps_its_edits():
    plan = started()
    plan["films"]["homs"] = {**plan["films"]["homs"], "runtime": 95}  # the group's edit
    newer = {**KIT, "films": {"homs": {**FILM, "runtime": 96, "title": "Return to Homs (2013)"}}}
    done = kit.bring(plan, newer, "Homs", TODAY)
    film = done.data["films"]["homs"]
    assert film["runtime"] == 95 and film["title"] == "Return to Homs (2013)"
    assert done.taken == ["films.homs.title"]
    assert done.kept == ["films.homs.runtime: your own value is kept; the kit's is 96"]


def test_a_field_the_kit_drops_goes_only_where_the_group_left_it():
    plan = started()
    plan["settings"] = {"curfew": "22:00"}  # the group's own curfew stays
    newer = {"tour": {"name": "Homs"}, "films": {"homs": {"title": "Return to Homs",
                                                          "runtime": 94}}}  # fmt: skip
    done = kit.bring(plan, newer, "Homs", TODAY)
    assert "fee" not in done.data["films"]["homs"]
    assert done.data["settings"] == {"curfew": "22:00"}
    assert "films.homs.fee.percent (removed)" in done.taken


def test_a_field_the_group_removed_stays_removed():
    plan = started()
    del plan["settings"]
    done = kit.bring(plan, KIT, "Homs", TODAY)
    assert "settings" not in done.data
    assert done.kept == ["settings.curfew: you removed it; the kit still has it"]


def test_lists_and_whole_tables_are_one_field():
    paths = dict(kit.leaves({"campaign": {"actions": ["Sign"]}, "checklist": {"tasks": [
        {"id": "a", "text": "A", "due": "-1d"}]}}))  # fmt: skip
    assert set(paths) == {("campaign", "actions"), ("checklist", "tasks")}


def test_the_kit_of_a_plan_leaves_out_the_groups_own_and_posters():
    plan = {"organiser": {"name": "Office"}, "screenings": {"x": {}}, "venues": {"v": {}},
            "tour": {"name": "Homs", "group": "office", "region": "UK"},
            "films": {"homs": {**FILM, "poster": "homs.jpg"}}}  # fmt: skip
    shared, notes = kit.of_plan(plan)
    assert set(shared) == {"tour", "films"} and shared["tour"] == {"name": "Homs"}
    assert "poster" not in shared["films"]["homs"] and "films.homs.poster" in notes[0]
    assert kit.own_records(plan) == ["organiser", "venues", "screenings"]


def test_a_film_the_kit_drops_stays_whole_while_shown_or_changed():
    newer = {"tour": {"name": "Homs"}, "films": {"other": {"title": "Other", "runtime": 90}}}
    plan = {**started(), "screenings": {"launch": {"film": "homs"}}}
    done = kit.bring(plan, newer, "Homs", TODAY)
    assert done.data["films"]["homs"] == FILM
    assert done.kept == ["films.homs: the kit no longer has it; kept, as launch shows it"]
    plan = started()
    plan["films"]["homs"] = {**FILM, "poster": "homs.jpg"}  # the group's own poster
    done = kit.bring(plan, newer, "Homs", TODAY)
    assert done.data["films"]["homs"] == {**FILM, "poster": "homs.jpg"}
    assert done.kept == ["films.homs: the kit no longer has it; kept, as you changed it"]
    done = kit.bring(started(), newer, "Homs", TODAY)  # untouched and unused: it goes
    assert set(done.data["films"]) == {"other"} and done.kept == []


def test_a_recorded_field_named_by_its_table_alone_is_no_crash():
    """`screenkit set kit.fields.films abc` is a valid plan; the next kit update ended in an
    IndexError reading `films` as `films.<id>`."""
    plan = started()
    plan["kit"] = {**plan["kit"], "fields": {**plan["kit"]["fields"], "films": "abc"}}
    done = kit.bring(plan, KIT, "Homs", TODAY)
    assert done.data["films"]["homs"] == FILM and "films" not in done.data["kit"]["fields"]
