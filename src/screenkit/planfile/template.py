"""The text of a new plan: a file that teaches its own format."""

from __future__ import annotations

from screenkit.planfile.tomldoc import render_value


def template(organiser: str, email: str) -> str:
    """A new plan that teaches its own format."""
    return f"""\
# screenkit plan. Films, venues and speakers are defined once under short ids, and each
# screening refers to them. Edit it by hand or with `screenkit` commands: your comments,
# order and blank lines are kept. `screenkit check` says what needs attention.

[organiser]
name = {render_value(organiser)}
email = {render_value(email)}

[settings]
# travel_buffer = "2h"  # time a speaker needs between one venue's end and the next start
# curfew = "23:00"      # latest finish, unless a venue sets its own
# intro = 5             # default minutes of introduction before the film
# talk = 45             # default minutes of talk and Q&A after the film
"""
