"""The phrases several outputs share."""

from __future__ import annotations

from screenkit.plan.models import Film
from screenkit.text.i18n import language
from screenkit.text.texts import film_line


def test_language_codes_are_named_in_the_teams_outputs_too():
    """Issue 33: "ar with en subtitles" in show, the checklist and the return."""
    film = Film(title="Return to Homs", runtime=94, year=2013, language="ar", subtitles="en")
    assert film_line(film) == "Return to Homs (2013, 94 min, Arabic with English subtitles)"
    assert "العربية" in film_line(film, language("ar"))
