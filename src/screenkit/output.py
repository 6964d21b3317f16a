"""One built file or message: what every builder makes (invites, pages, posters, emails) and
every delivery target takes, so building never needs to know where things go."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)  # a big export keeps thousands of their descriptions
class Output:
    """One built file or message."""

    name: str  # relative path: `invites/<id>.ics`, `feed.ics`
    content: bytes
    kind: str  # invite, feed, speaker, checklist …
    media_type: str = "text/calendar"
    screenings: tuple[str, ...] = ()  # whose calendar revision this carries
    speaker: str | None = None
    uid: str | None = None
    method: str | None = None  # REQUEST or CANCEL for invites
    recipients: tuple[str, ...] = ()
