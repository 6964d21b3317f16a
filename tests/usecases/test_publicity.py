"""`usecases.publicity`: the site, a poster and a listing, public facts only."""

from __future__ import annotations

from screenkit.delivery.targets import Folder
from screenkit.usecases import publicity
from screenkit.usecases.workspace import Workspace


def test_the_site_has_a_page_per_advertised_screening(ws: Workspace):
    done = publicity.site(ws, Folder(ws.cwd / "site"))
    names = {o.name for o in done.delivery.done}
    assert "index.html" in names
    assert any("clapham" in n for n in names)


def test_a_listing_is_text(ws: Workspace):
    text = publicity.listing(ws, "clapham", "txt")
    assert "Return to Homs" in text


def test_a_poster_points_its_code_at_the_booking_page(ws: Workspace):
    made = publicity.poster(ws, "clapham", "a4", Folder(ws.cwd / "posters"))
    assert made.exported.delivery.done
