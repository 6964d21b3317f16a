"""Questions for a person at a terminal: each answer is checked as it is given, and a film,
venue or speaker the plan lacks can be created on the spot. Never used without a terminal.

Prompts go to stderr, like every message, so `new` still prints only the new id on stdout.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from screenkit.cli.ui import Env, messages_console
from screenkit.errors import ScreenkitError

T = TypeVar("T")
TYPO = 0.75  # how near an unknown id must be to a known one to ask "did you mean" first
NEW_RECORD: dict[str, list[tuple[str, str]]] = {  # what a new record needs, asked in order
    "film": [("title", "Title"), ("runtime", "Running time in minutes")],
    "venue": [("name", "Name"), ("address", "Address (commas between lines)"),
              ("timezone", "Time zone (IANA, e.g. Europe/London)")],
    "speaker": [("name", "Name"), ("email", "Email (for their invites)")],
}  # fmt: skip


def ask(label: str, check: Callable[[str], T], default: str | None = None) -> T:
    """Ask until `check` accepts the answer; its ValueError says what is wrong."""
    from rich.prompt import Prompt

    console = messages_console()
    while True:
        answer = Prompt.ask(label, default=default, console=console) or ""
        try:
            return check(answer.strip())
        except (ValueError, ScreenkitError) as exc:
            console.print(f"  {exc}", markup=False)


def confirm(label: str, default: bool = True) -> bool:
    from rich.prompt import Confirm

    return Confirm.ask(label, default=default, console=messages_console())


def _text(value: str) -> str:
    if not value:
        raise ValueError("please give a value")
    return value


def _check(field: str) -> Callable[[str], Any]:
    from screenkit.plan import values

    checks: dict[str, Callable[[str], Any]] = {
        "runtime": values.parse_duration,
        "timezone": values.check_timezone,
        "email": values.check_email,
        "date": values.parse_date,
        "start": lambda v: values.format_clock(values.read_clock(v)),
    }
    return checks.get(field, _text)


def organiser(name: str | None, email: str | None) -> tuple[str, str]:
    """The organiser of a new plan: who sends the invites."""
    from screenkit.plan import values

    name = name or ask("Organiser (your name or your group's)", _text)
    email = email or ask("Organiser's email (the sender of invites)", values.check_email)
    return name, email


def _create(e: Env, kind: str, rid: str, *, default: bool = True) -> bool:
    """Create a record on the spot; False if the person changes their mind."""
    from screenkit.usecases import records

    if not confirm(f"Create {kind} {rid!r} now?", default=default):
        return False
    given = {field: ask(f"  {label}", _check(field)) for field, label in NEW_RECORD[kind]}
    try:
        records.add(e.workspace(), kind, rid, given)
    except ScreenkitError as exc:
        messages_console().print(f"  could not add it: {'; '.join(exc.lines)}", markup=False)
        return False
    e.say(f"added {kind} {rid}")
    return True


def _resolve(e: Env, kind: str, rid: str, known: list[str],
             names: dict[str, str] | None = None) -> str | None:  # fmt: skip
    """An id the plan lacks: the near one the person meant, or a new record made on the
    spot. A likely typo (`icaa` for `ica`), or a record's name (`phoenix` for the venue
    east-finchley, Phoenix Cinema), offers the known one first, and creating the typo is
    then not the default; None when the person wants neither."""
    from screenkit.suggest import nearest

    guess = nearest(rid, known, cutoff=TYPO)
    called = ""
    if guess is None and names:
        # Each word of each name, and the whole name with its spaces as dashes; a word two
        # names share (Cinema) points at neither.
        owners: dict[str, set[str]] = {}
        for k, name in names.items():
            for w in [*name.split(), name.replace(" ", "-")]:
                if len(w) > 2:
                    owners.setdefault(w.lower(), set()).add(k)
        words = {w: next(iter(ks)) for w, ks in owners.items() if len(ks) == 1}
        word = nearest(rid, words, cutoff=TYPO)
        if word is not None:
            guess = words[word.lower()]
            called = f" ({names[guess]})"
    if guess is not None:
        if confirm(f"No {kind} {rid!r}. Did you mean {guess!r}{called}?", default=True):
            return guess
        return rid if _create(e, kind, rid, default=False) else None
    messages_console().print(f"  no {kind} {rid!r} yet", markup=False)
    return rid if _create(e, kind, rid) else None


def _choose(e: Env, kind: str) -> str:
    """An existing record's id, or a new one created on the spot."""
    from screenkit.plan.values import check_id
    from screenkit.usecases import records

    while True:
        known = {item["id"]: item for item in records.listing(e.workspace(), kind)}
        if not known:
            e.say(f"The plan has no {kind}s yet: give the new {kind} a short id (e.g. "
                  f"{'ica' if kind == 'venue' else 'return-to-homs' if kind == 'film' else 'amira'}"
                  ") and its details.")  # fmt: skip
        # One known: it is the default (shown once, by the prompt). A few: listed.
        default = next(iter(known)) if len(known) == 1 else None
        choices = f" ({', '.join(known)})" if 1 < len(known) <= 8 else ""
        rid = ask(f"{kind.capitalize()}{choices}", lambda v: check_id(_text(v)), default)
        if rid in known:
            return rid
        names = {k: str(item.get("name") or item.get("title") or "") for k, item in known.items()}
        chosen = _resolve(e, kind, rid, list(known), names)
        if chosen is not None:
            return chosen


def _speakers(e: Env) -> list[str]:
    """A checked list: numbers or ids, separated by commas or spaces; empty for none. An id
    the plan lacks is a typo to correct or a speaker to create on the spot."""
    from screenkit.plan.values import check_id
    from screenkit.usecases import records

    people = records.listing(e.workspace(), "speaker")
    known = [item["id"] for item in people]
    console = messages_console()
    if known:
        console.print("Speakers:", markup=False)
        for n, item in enumerate(people, start=1):
            console.print(f"  {n}) {item['id']}  {item['name']}", markup=False)
    else:
        e.say("No speakers yet: give a new speaker's short id (e.g. amira) to add them now.")

    def check(answer: str) -> list[str]:
        chosen = []
        for part in answer.replace(",", " ").split():
            if part.isdigit() and 1 <= int(part) <= len(known):
                chosen.append(known[int(part) - 1])
            elif part.isdigit():
                raise ValueError(f"{part}: no speaker has that number (1 to {len(known)})")
            else:
                chosen.append(check_id(part))
        return list(dict.fromkeys(chosen))

    label = "Speakers (numbers or ids; empty for none)" if known else "Speakers (ids)"
    picked = []
    for rid in ask(label, check):
        if rid in known:
            picked.append(rid)
        elif (found := _resolve(e, "speaker", rid, known)) is not None:
            picked.append(found)
            known.append(found)
    return list(dict.fromkeys(picked))


def screening(e: Env, given: dict[str, Any]) -> dict[str, Any]:
    """Ask for what a new screening lacks, film and venue first."""
    given = dict(given)
    for kind in ("film", "venue"):
        if not given.get(kind):
            given[kind] = _choose(e, kind)
    if not given.get("date"):
        given["date"] = ask("Date (YYYY-MM-DD)", _check("date"))
    if not given.get("start"):
        given["start"] = ask("Start (19:30 or 7:30pm)", _check("start"))
    if not given.get("speaker"):
        given["speaker"] = _speakers(e) or None
    return given
