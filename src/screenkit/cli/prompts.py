"""Questions for a person at a terminal: each answer is checked as it is given, and a film,
venue or speaker the plan lacks can be created on the spot. Never used without a terminal.

Prompts go to stderr, like every message, so `new` still prints only the new id on stdout.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from screenkit.cli.ui import Env
from screenkit.errors import ScreenkitError

T = TypeVar("T")
NEW_RECORD: dict[str, list[tuple[str, str]]] = {  # what a new record needs, asked in order
    "film": [("title", "Title"), ("runtime", "Running time in minutes")],
    "venue": [("name", "Name"), ("address", "Address (commas between lines)"),
              ("timezone", "Time zone (IANA, e.g. Europe/London)")],
    "speaker": [("name", "Name"), ("email", "Email (for their invites)")],
}  # fmt: skip


def _console() -> Any:
    import os

    from rich.console import Console

    return Console(stderr=True, no_color="NO_COLOR" in os.environ, highlight=False)


def ask(label: str, check: Callable[[str], T], default: str | None = None) -> T:
    """Ask until `check` accepts the answer; its ValueError says what is wrong."""
    from rich.prompt import Prompt

    console = _console()
    while True:
        answer = Prompt.ask(label, default=default, console=console) or ""
        try:
            return check(answer.strip())
        except (ValueError, ScreenkitError) as exc:
            console.print(f"  {exc}", markup=False)


def confirm(label: str, default: bool = True) -> bool:
    from rich.prompt import Confirm

    return Confirm.ask(label, default=default, console=_console())


def _text(value: str) -> str:
    if not value:
        raise ValueError("please give a value")
    return value


def _check(field: str) -> Callable[[str], Any]:
    from screenkit import values

    return {
        "runtime": values.parse_duration,
        "timezone": values.check_timezone,
        "email": values.check_email,
        "date": values.parse_date,
        "start": lambda v: values.format_clock(values.parse_clock(v)),
    }.get(field, _text)


def organiser(name: str | None, email: str | None) -> tuple[str, str]:
    """The organiser of a new plan: who sends the invites."""
    from screenkit import values

    name = name or ask("Organiser (your name or your group's)", _text)
    email = email or ask("Organiser's email (the sender of invites)", values.check_email)
    return name, email


def _create(e: Env, kind: str, rid: str) -> bool:
    """Create a record on the spot; False if the person changes their mind."""
    from screenkit.usecases import records

    if not confirm(f"Create {kind} {rid!r} now?"):
        return False
    given = {field: ask(f"  {label}", _check(field)) for field, label in NEW_RECORD[kind]}
    try:
        records.add(e.workspace(), kind, rid, given)
    except ScreenkitError as exc:
        _console().print(f"  could not add it: {'; '.join(exc.lines)}", markup=False)
        return False
    e.say(f"added {kind} {rid}")
    return True


def _choose(e: Env, kind: str) -> str:
    """An existing record's id, or a new one created on the spot."""
    from screenkit.suggest import hint
    from screenkit.usecases import records
    from screenkit.values import check_id

    while True:
        known = {item["id"]: item for item in records.listing(e.workspace(), kind)}
        if not known:
            e.say(f"The plan has no {kind}s yet: give the new {kind} a short id (e.g. "
                  f"{'ica' if kind == 'venue' else 'return-to-homs' if kind == 'film' else 'amira'}"
                  ") and its details.")  # fmt: skip
        choices = f" ({', '.join(known)})" if 0 < len(known) <= 8 else ""
        default = next(iter(known)) if len(known) == 1 else None
        rid = ask(f"{kind.capitalize()}{choices}", lambda v: check_id(_text(v)), default)
        if rid in known:
            return rid
        _console().print(f"  no {kind} {rid!r}{hint(rid, known, kind)}", markup=False)
        if _create(e, kind, rid):
            return rid


def _speakers(e: Env) -> list[str]:
    """A checked list: numbers or ids, separated by commas or spaces; empty for none."""
    from screenkit.usecases import records

    people = records.listing(e.workspace(), "speaker")
    known = [item["id"] for item in people]
    console = _console()
    if not known:
        e.say("No speakers yet: add one with `screenkit speaker add`, then `screenkit update "
              "ID --speaker …`.")  # fmt: skip
        return []
    console.print("Speakers:", markup=False)
    for n, item in enumerate(people, start=1):
        console.print(f"  {n}) {item['id']}  {item['name']}", markup=False)

    def check(answer: str) -> list[str]:
        chosen = []
        for part in answer.replace(",", " ").split():
            if part.isdigit() and 1 <= int(part) <= len(known):
                chosen.append(known[int(part) - 1])
            elif part in known:
                chosen.append(part)
            else:
                from screenkit.suggest import unknown

                raise ValueError(unknown("speaker", part, known))
        return list(dict.fromkeys(chosen))

    return ask("Speakers (numbers or ids; empty for none)", check, default="")


def screening(e: Env, given: dict[str, Any]) -> dict[str, Any]:
    """Ask for what a new screening lacks, film and venue first."""
    given = dict(given)
    for kind in ("film", "venue"):
        if not given.get(kind):
            given[kind] = _choose(e, kind)
    if not given.get("date"):
        given["date"] = ask("Date (YYYY-MM-DD)", _check("date"))
    if not given.get("start"):
        given["start"] = ask("Start (HH:MM, 24-hour)", _check("start"))
    if not given.get("speaker"):
        given["speaker"] = _speakers(e) or None
    return given
