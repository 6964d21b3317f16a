"""Many plans as one: names, `group/id`, and uids two plans share."""

from __future__ import annotations

from pathlib import Path

from screenkit.plan.models import Plan, validate_plan
from screenkit.planfile import store
from screenkit.rules import network
from tests.support.plans import EXAMPLE


def member(group: str, **tour: str) -> network.Member:
    plan = store.load(EXAMPLE)
    if tour:
        plan = plan.model_copy(update={"tour": plan.tour.model_copy(update=tour)})
    return network.Member(group, Path(f"{group}.toml"), plan)


def test_a_plan_is_named_by_its_group_its_folder_or_its_stem():
    plain = validate_plan({})
    grouped = validate_plan({"tour": {"group": "leeds"}})
    assert network.name_of(Path("groups/york/screenkit.toml"), plain) == "york"
    assert network.name_of(Path("groups/bristol-2027.toml"), plain) == "bristol-2027"
    assert network.name_of(Path("groups/york/screenkit.toml"), grouped) == "leeds"


def test_split_and_slug():
    assert network.split("leeds/launch") == ("leeds", "launch")
    assert network.split("launch") == (None, "launch")
    assert network.slug("leeds/launch") == "leeds.launch"


def test_combine_keeps_ids_apart_and_references_with_them():
    plan = network.combine([member("leeds"), member("york")])
    assert len(plan.screenings) == 6 and "york/clapham" in plan.screenings
    s = plan.screenings["york/clapham"]
    assert s.film == "york/return-to-homs" and s.venue == "york/clapham"
    assert all(p.startswith("york/") for p in s.speakers)
    assert s.film in plan.films and s.venue in plan.venues
    assert plan.organiser is None  # a network is no one organiser


def test_a_uid_two_plans_share_is_named_and_made_each_groups_own():
    found = [member("leeds"), member("york")]
    clashes = network.clashing_uids(found)
    assert len(clashes) == 3 and all(len(who) == 2 for who in clashes.values())
    plan = network.combine(found)
    uids = [s.uid for s in plan.screenings.values()]
    assert len(set(uids)) == 6 and any(u.endswith("-york") for u in uids)


def test_a_shared_tour_name_is_the_networks_and_differing_ones_none():
    same = network.shared_tour([member("a"), member("b")])
    assert same is not None and same.name == "Return to Homs: a London tour"
    assert network.shared_tour([member("a"), member("b", name="Other")]).name is None
    assert isinstance(network.combine([]), Plan)
