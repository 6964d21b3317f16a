"""What is public: one policy for every public output."""

from __future__ import annotations

from screenkit.planfile import store
from screenkit.rules import publication
from tests.support.plans import EXAMPLE


def test_the_bundled_tour_is_all_public():
    plan = store.load(EXAMPLE)
    assert publication.not_for_the_public(plan) == {}
    assert publication.private_speakers_named(plan) == []


def test_a_private_speakers_name_in_a_description_withholds_that_screening():
    plan = store.load(EXAMPLE)
    speaker = plan.speakers["talal"].model_copy(update={"private": True})
    clapham = plan.screenings["clapham"].model_copy(update={"description": "With Talal Derki."})
    speakers = {**plan.speakers, "talal": speaker}
    plan = plan.model_copy(
        update={"speakers": speakers, "screenings": {**plan.screenings, "clapham": clapham}}
    )
    withheld = publication.not_for_the_public(plan)
    assert "clapham" in withheld and "speakers.talal" in withheld["clapham"]
    assert publication.names_private(plan, "an evening with TALAL derki")
    assert not publication.names_private(plan, "an evening with Amira Haddad")
