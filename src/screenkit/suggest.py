"""What a person probably meant: the nearest known id, key or command."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

LIST_UP_TO = 8  # name every known id when there are this few


def nearest(word: str, known: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The closest of `known`, if one is close enough to be a likely typo (a higher `cutoff`
    where a wrong guess would be acted on: `laila` is 0.6 from `talal`)."""
    options = list(known)
    lowered = {k.lower(): k for k in options}
    if word.lower() in lowered:
        return lowered[word.lower()]
    match = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=cutoff)
    return lowered[match[0]] if match else None


LISTINGS = {
    "film": "screenkit film list",
    "venue": "screenkit venue list",
    "speaker": "screenkit speaker list",
    "screening": "screenkit list",
}


def hint(word: str, known: Iterable[str], what: str = "") -> str:
    """`; did you mean 'quaker'?`, or the known ones when there are few, or how to list them."""
    options = sorted(known)
    guess = nearest(word, options)
    if guess is not None:
        return f"; did you mean {guess!r}?"
    if not options:
        return f"; there are no {what}s yet" if what else ""
    if len(options) <= LIST_UP_TO:
        return f"; known: {', '.join(options)}"
    listing = LISTINGS.get(what)
    return f"; `{listing}` shows them all" if listing else ""


def unknown(what: str, word: str, known: Iterable[str]) -> str:
    """`no venue 'quakers'; did you mean 'quaker'?`"""
    return f"no {what} {word!r}{hint(word, known, what)}"
