"""What is public: the screenings no public output may carry, and why (a film under an
umbrella licence, public text that names a private speaker however it is written), and the
private names looked for. One policy for every public output (the feed, `publish --public`,
a public vdir, the site, posters and listings), which `checks` reports as warnings.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from screenkit.plan.models import Plan
from screenkit.plan.problems import Loc, Problem

if TYPE_CHECKING:
    from screenkit.text.names import Matcher


UMBRELLA_WHY = (
    "an umbrella licence does not allow advertising a film by title to the public or "
    "charging for entry"
)
UMBRELLA_FIX = "get a single-title screening licence from the distributor"


def not_for_the_public(plan: Plan) -> dict[str, str]:
    """Screenings no public calendar may carry (the feed, `publish --public`, a public vdir),
    with why: their film is shown under an umbrella licence, which allows no advertising by
    title, or public text shown with them names a private speaker; the site, posters and
    listings withhold them for the same reasons."""
    out = {}
    for sid, s in plan.screenings.items():
        film = plan.films.get(s.film)
        if film is not None and film.licence_kind == "umbrella":
            out[sid] = (
                f"left out of the public calendar: films.{s.film} is shown "
                f"under an umbrella licence, and {UMBRELLA_WHY}; to advertise it, "
                f'{UMBRELLA_FIX} (films.{s.film}.licence_kind = "single-title")'
            )
    for sid, why in naming_private(plan).items():
        out.setdefault(sid, why)
    return out


def withheld(reasons: dict[str, str]) -> list[Problem]:
    """`not_for_the_public`'s reasons as warnings, one per screening."""
    return [Problem("warning", ("screenings", sid), why) for sid, why in reasons.items()]


def text_digest(text: str) -> str:
    """What `screenkit review` keeps of a text: a later change to it is checked again."""
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def private_matcher(plan: Plan) -> Matcher | None:
    """Every form of every private speaker's name (`names`), or None without any."""
    from screenkit.rules.people import private_forms
    from screenkit.text.names import Matcher, words

    forms = private_forms(plan)
    if not forms:
        return None
    # A word a public speaker's own name carries (Amira Haddad's) is not distinctive of the
    # private one who shares it: only their whole name is looked for then.
    shared = {w for p in plan.speakers.values() if not p.private for w in words(p.name)}
    return Matcher(forms, shared)


def names_private(plan: Plan, text: str | None) -> bool:
    """Whether `text` holds a private speaker's name, or a distinctive part of it (a site's
    title must not)."""
    matcher = private_matcher(plan) if text else None
    return matcher is not None and bool(matcher.find(text or ""))


# Every text field of the plan a public output shows (the site, posters, listings, the feed,
# a public calendar), by table: where a private name is looked for. tests/properties/
# test_public_fields.py fills every text field with a marker, makes every public output and
# fails when an output shows a field this table lacks, so the list cannot drift from them.
SEARCHED: dict[str, tuple[str, ...]] = {
    "tour": ("name", "website", "region"),
    "organiser": ("name",),
    "screenings": ("description", "content_note", "access_note", "booking_url"),
    "films": (
        "title",
        "director",
        "synopsis",
        "subtitles",
        "format",
        "certificate",
        "language",
        "poster",
    ),
    "venues": ("name", "address", "postcode"),
    "venues.access": ("notes",),
    "speakers": ("name", "role", "bio"),  # a public speaker's; a private one's public_name
}


def _private_mentions(plan: Plan) -> list[tuple[Loc, str, Collection[str], str | None]]:
    """Public text that holds a private speaker's name (however written, `names`) or a
    distinctive part of it not reviewed since: where it is, whose name, the screenings whose
    public outputs (page, poster, listing, public calendar) would show it, and the part
    found (None: the whole name)."""
    matcher = private_matcher(plan)
    if matcher is None:
        return []
    every = list(plan.screenings)
    places: list[tuple[Loc, str | None, Collection[str]]] = []
    if plan.tour:
        places += [(("tour", key), getattr(plan.tour, key), every)
                   for key in SEARCHED["tour"]]  # fmt: skip
    if plan.organiser:
        places.append((("organiser", "name"), plan.organiser.name, every))
    by_film: dict[str, list[str]] = {}
    by_venue: dict[str, list[str]] = {}
    by_speaker: dict[str, list[str]] = {}
    for sid, s in plan.screenings.items():
        by_film.setdefault(s.film, []).append(sid)
        by_venue.setdefault(s.venue, []).append(sid)
        for pid in s.people:
            by_speaker.setdefault(pid, []).append(sid)
        # Its id and uid are in every page address and public calendar file.
        places += [(("screenings", sid, "id"), sid, (sid,)), (("screenings", sid, "uid"), s.uid,
                   (sid,))]  # fmt: skip
        places += [(("screenings", sid, key), getattr(s, key), (sid,))
                   for key in SEARCHED["screenings"]]  # fmt: skip
    for fid, f in plan.films.items():
        places += [(("films", fid, key), getattr(f, key), by_film.get(fid, ()))
                   for key in SEARCHED["films"]]  # fmt: skip
    for vid, v in plan.venues.items():
        shown: Collection[str] = by_venue.get(vid, ())
        places += [(("venues", vid, key), getattr(v, key), shown) for key in SEARCHED["venues"]]
        if v.access is not None:
            places.append((("venues", vid, "access", "notes"), v.access.notes, shown))
    for pid, person in plan.speakers.items():
        keys = ("public_name",) if person.private else SEARCHED["speakers"]
        places += [(("speakers", pid, key), getattr(person, key), by_speaker.get(pid, ()))
                   for key in keys]  # fmt: skip
    out: list[tuple[Loc, str, Collection[str], str | None]] = []
    for where, text, shown in places:
        if not isinstance(text, str) or not text:
            continue
        key = ".".join(map(str, where))
        for found in matcher.find(text):
            if found.part is not None and plan.reviewed.get(key) == text_digest(text):
                continue  # a person read it: the part is someone else's
            out.append((where, found.pid, shown, found.part))
    return out


def reviewed_parts(plan: Plan) -> list[tuple[str, str, str]]:
    """(dotted key, speaker id, part) of each public text that holds a distinctive part of a
    private speaker's name and that a person reviewed (`screenkit review`): let through."""
    matcher = private_matcher(plan)
    if matcher is None:
        return []
    out = []
    for key, digest in plan.reviewed.items():
        text = _text_at(plan, key)
        if text is None or text_digest(text) != digest:
            continue
        out += [(key, f.pid, f.part) for f in matcher.find(text) if f.part is not None]
    return out


def _text_at(plan: Plan, key: str) -> str | None:
    """The text at a dotted key (`screenings.clapham.description`); None where there is none
    (a key the plan no longer has: nothing reviewed there now)."""
    value: object = plan
    for part in key.split("."):
        value = value.get(part) if isinstance(value, dict) else getattr(value, part, None)
        if value is None:
            return None
    return value if isinstance(value, str) else None


def private_speakers_named(plan: Plan) -> list[Problem]:
    """A private speaker's name in public text (a description, a note, the tour's name …),
    however written, or a distinctive part of it: the screenings that text is shown with are
    left out of every public output until then. In a screening's id it is an error: the id
    is in every address."""
    out = []
    for where, pid, _, part in _private_mentions(plan):
        key = ".".join(map(str, where))
        if where[-1] == "id":
            out.append(Problem("error", where, (
                f"the id {where[1]} holds {'part of ' if part else ''}the name of "
                f"speakers.{pid}, who is private, and an id is in every page address; rename "
                f"it: screenkit rename {where[1]} NEW-ID")))  # fmt: skip
            continue
        if part is not None:
            why = (f"mentions {part!r}, part of the name of speakers.{pid}, who is private, so "
                   "the public outputs leave out the screenings it is shown with; reword it, "
                   f"or if it is someone else: screenkit review {key}")  # fmt: skip
        elif where[-1] == "public_name":
            why = (f"holds the name of speakers.{pid}, who is private, so the public outputs "
                   "leave out their screenings; give a public name that does not")  # fmt: skip
        else:
            why = (f"names speakers.{pid}, who is private, so the public outputs leave out the "
                   "screenings it is shown with; reword it (or give them a public name and "
                   "use that)")  # fmt: skip
        out.append(Problem("warning", where, why))
    return out


def naming_private(plan: Plan) -> dict[str, str]:
    """Screenings no public output may carry because public text shown with them names a
    private speaker, with why."""
    out: dict[str, str] = {}
    for where, pid, shown, part in _private_mentions(plan):
        key = ".".join(map(str, where))
        said = f"mentions {part!r}, part of the name of" if part else "names"
        fix = f"reword it, or if it is someone else: screenkit review {key}" if part else (
            "reword it")  # fmt: skip
        why = f"left out of public outputs: {key} {said} speakers.{pid}, who is private; {fix}"
        for sid in shown:
            out.setdefault(sid, why)
    return out


# The script each language's public text is written in, to tell whether a private speaker's
# name forms could be found in it: a name given only in Latin letters is not found in Arabic.
SCRIPTS = {"en": "Latin", "cy": "Latin", "ar": "Arabic"}


def script_of(text: str) -> set[str]:
    """The scripts `text`'s letters are in (of those in SCRIPTS)."""
    found = set()
    for ch in text:
        if "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" or "\ufb50" <= ch <= "\ufeff":
            found.add("Arabic")
        elif (ch.isalpha() and ch.isascii()) or "\u00c0" <= ch <= "\u024f":
            found.add("Latin")
    return found


def unsearched_scripts(plan: Plan) -> list[Problem]:
    """A private speaker at an evening in a language whose script none of their name forms
    is written in: public text in that language could name them unseen. One warning per
    speaker and script, naming a screening and the alias to add."""
    out = []
    for pid, person in plan.speakers.items():
        if not person.private:
            continue
        have = set().union(*(script_of(form) for form in (person.name, *person.aliases)))
        missing: dict[str, str] = {}
        for sid, s in plan.screenings.items():
            if pid not in s.people or s.status == "cancelled":
                continue
            for code in s.languages or [plan.settings.language or "en"]:
                script = SCRIPTS.get(code)
                if script and script not in have:
                    missing.setdefault(script, sid)
        for script, sid in missing.items():
            out.append(Problem("warning", ("speakers", pid, "aliases"), (
                f"is private and speaks at screenings.{sid}, whose public text is in {script} "
                f"script, but no form of their name is: give one so it is found there "
                f"(screenkit speaker update {pid} --alias \"…\")")))  # fmt: skip
    return out
