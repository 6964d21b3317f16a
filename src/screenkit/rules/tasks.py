"""The to-do list of a screening, with real due dates.

Tasks are due relative to the screening (`-6w`, `-1d`, `0d`, `+5 working days`, `+30d`). The
default list follows UK community-cinema practice (licence and classification lead times,
invites, speaker brief, tech run, the day, and the obligations after it); a plan's
`[checklist]` can add tasks, change or remove default ones, or replace the list. Each speaker's
access and tech needs become tasks of their own, and an unclassified film adds the council
application. Ticks are kept in the screening's `done` list.

A need's task is named after the need itself (`need-amira-handheld-mic`), not its place in the
list, so reordering a speaker's needs keeps their ticks.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass

from screenkit.plan.models import Plan
from screenkit.plan.values import parse_due  # the due-offset format; `tasks.parse_due` is kept

SETUP_TEXT = "Set up; sound check; test the hearing loop"
# (id, due, text): drawn from the screening guides' checklist, due relative to the date T.
DEFAULTS: list[tuple[str, str, str]] = [
    ("licence", "-8w", "Confirm the rights holder and the screening licence"),
    ("format", "-8w", "Check the playback format (DCP, Blu-ray, file) and any restrictions"),
    ("certificate", "-8w", "Check the film's certificate"),
    ("venue", "-8w", "Book the venue; confirm its licensing or exemption; record capacity"),
    ("access-audit", "-7w", "Access audit: step-free route, wheelchair spaces, accessible "
     "toilet, hearing loop, captioned or audio-described copy"),
    ("invite-speakers", "-7w", "Invite speakers and moderator: bio, photo, fee, access needs"),
    ("listing", "-6w", "Publish the listing and open ticket sales"),
    ("publicity", "-5w", "Posters, social media and press"),
    ("calendar-invites", "-5w", "Send the invitations to the speakers and host, and the rota "
     "to the volunteers (screenkit send)"),
    ("running-order", "-4w", "Draft the running order: doors, intro (5 min at most), film, "
     "Q&A, finish before the curfew"),
    ("travel", "-2w", "Book travel and accommodation (watch consecutive-day venues)"),
    ("speaker-brief", "-2w", "Send the speaker brief: address, parking, step-free access, "
     "contact on the day, timings"),
    ("tech-spec", "-2w", "Send the tech spec to the venue: inputs, handheld and roving mics, "
     "playback device"),
    ("content-warnings", "-2w", "Prepare content warnings and signposting to support services"),
    ("reconfirm", "-1w", "Reconfirm numbers and speakers"),
    ("tech-run", "-1w", "Play the actual copy on the actual kit: picture, sound, subtitles"),
    ("print", "-1w", "Print this checklist, the sign-in sheet and evaluation forms"),
    ("reconfirm-travel", "-1d", "Reconfirm speakers and their travel"),
    ("pack", "-1d", "Pack the backup copy, adapters, leads and tape; charge the mics"),
    ("setup", "0d", SETUP_TEXT),
    ("room", "0d", "Check exits, signage and reserved seats"),
    ("greet", "0d", "Greet and brief the speakers"),
    ("run", "0d", "Fire-exit notice, intro, film, Q&A (repeat questions into the mic)"),
    ("count", "0d", "Head count and sign-ups; photos only with consent"),
    ("result", "+1d", "Record the result: attendance, takings, donations, sign-ups "
     "(screenkit result)"),
    ("return-media", "+5wd", "Return the media to the distributor"),
    ("thank-speakers", "+5wd", "Reimburse and thank the speakers"),
    ("debrief", "+5wd", "Audience survey and team debrief"),
    ("box-office", "+7d", "Send the audience and box-office return"),
    ("pay-licence", "+30d", "Pay the screening licence"),
]  # fmt: skip
CLASSIFICATION = (
    "classification",
    "-6w",
    "Apply to the council for classification: the film is unclassified (28 days at least)",
)
NEED_DUE = "-2w"  # with the tech spec and speaker brief
# A captioned, descriptive-subtitled or audio-described copy is often a separate file or
# DCP (and key) from the usual one: its own tech run, early enough to get another.
ACCESS_COPY = ("captioned", "subtitled-descriptive", "audio-described")
ACCESS_TECH_RUN = (
    "access-tech-run",
    "-2w",
    "Tech run with the access copy: captions or descriptive subtitles on screen, audio "
    "description on the headsets, on the venue's own kit",
)
ID_MAX = 63  # values.ID_RE

PHASES = [  # (latest offset in days, name): a task falls in the first phase it fits
    (-28, "Four weeks or more before"),
    (-8, "Two to four weeks before"),
    (-2, "The week before"),
    (-1, "The day before"),
    (0, "On the day"),
    (10**6, "After the screening"),
]


@dataclass(frozen=True)
class Task:
    screening: str
    id: str
    text: str
    due: dt.date
    offset: int  # days from the screening to the due date
    done: bool
    settled: str | None = None  # done by data: the fact that settles it, in words
    owner: str | None = None  # who owns it (`screenkit task assign`): a volunteer or speaker

    @property
    def phase(self) -> str:
        return next(name for latest, name in PHASES if self.offset <= latest)


def due_date(date: dt.date, spec: str) -> dt.date:
    """The due date; working days skip Saturdays and Sundays (not bank holidays)."""
    n, unit = parse_due(spec)
    if unit == "d":
        return date + dt.timedelta(days=n)
    if unit == "w":
        return date + dt.timedelta(weeks=n)
    step = dt.timedelta(days=1 if n > 0 else -1)
    day, left = date, abs(n)
    while left:
        day += step
        if day.weekday() < 5:
            left -= 1
    return day


def specs(plan: Plan) -> list[tuple[str, str, str]]:
    """The plan's task list: defaults, changed, removed or replaced by `[checklist]`."""
    own = {t.id: (t.id, t.due, t.text) for t in plan.checklist.tasks}
    base = [] if plan.checklist.replace else DEFAULTS
    removed = set(plan.checklist.remove)
    merged = [own.pop(i, (i, due, text)) for i, due, text in base if i not in removed]
    return merged + [own[i] for i in own if i not in removed]


def _entries(
    plan: Plan, sid: str, base: list[tuple[str, str, str]] | None
) -> list[tuple[str, str, str]]:
    """(id, due, text) of every task of one screening, in list order."""
    s = plan.screenings[sid]
    entries = list(base if base is not None else specs(plan))
    film = plan.films.get(s.film)
    if film is not None and film.unclassified and not plan.checklist.replace:
        entries.insert(0, CLASSIFICATION)
    if needs_access_run(s.access) and all(tid != ACCESS_TECH_RUN[0] for tid, _, _ in entries):
        entries.append(ACCESS_TECH_RUN)
    return entries + need_tasks(plan, sid, {tid for tid, _, _ in entries})


def needs_access_run(access: list[str]) -> bool:
    """A captioned, descriptive-subtitled or audio-described copy is booked."""
    return any(kind in ACCESS_COPY for kind in access)


def tasks_for(plan: Plan, sid: str, base: list[tuple[str, str, str]] | None = None) -> list[Task]:
    """Every task of one screening, in due order (then list order). A task is done when it
    is ticked, when the plan's data settles it (`settled` says how), or, once a result is
    recorded, when it was due by the evening (the evening happened)."""
    s = plan.screenings[sid]
    done = set(s.done)
    happened = s.result is not None and s.status != "cancelled"
    settlers = settled_by(plan)
    out = []
    for tid, due, text in _entries(plan, sid, base):
        when = due_date(s.date, due)
        offset = (when - s.date).days
        over = happened and (tid == "result" or offset <= 0)
        fact = FACTS[settlers[tid]](plan, sid) if tid in settlers else None
        text = _fitted(plan, sid, tid, text)
        out.append(Task(sid, tid, text, when, offset, tid in done or over or bool(fact), fact,
                        s.owners.get(tid)))  # fmt: skip
    return sorted(out, key=lambda t: t.due)


def _fitted(plan: Plan, sid: str, tid: str, text: str) -> str:
    """A default task's words, without a step the venue cannot take: no hearing loop to test
    where the plan says it has none."""
    if tid == "setup" and text == SETUP_TEXT:
        venue = plan.venues.get(plan.screenings[sid].venue)
        if venue is not None and venue.access is not None and venue.access.hearing_loop is False:
            return "Set up; sound check"
    return text


# -- tasks the plan's own data settles -------------------------------------------------------
def _licence(plan: Plan, sid: str) -> str | None:
    film = plan.films.get(plan.screenings[sid].film)
    if film and film.licence_status in ("confirmed", "paid") and film.licence_ref:
        return f"the licence is {film.licence_status}, reference {film.licence_ref}"
    return None


def _certificate(plan: Plan, sid: str) -> str | None:
    film = plan.films.get(plan.screenings[sid].film)
    if film and film.certificate and not film.unclassified:
        return f"the film is rated {film.certificate}"
    return None


def _invites(plan: Plan, sid: str) -> str | None:
    from screenkit.rules.people import invited

    s = plan.screenings[sid]
    cal, people = s.calendar, invited(plan, sid)
    if cal is None or not people or cal.digest is None:
        return None
    for pid in people:
        last = cal.sent_to.get(pid)
        if last is None or last.method != "REQUEST" or (last.sequence, last.digest) != (
            cal.sequence, cal.digest):  # fmt: skip
            return None
    return f"everyone invited holds the latest invitation (SEQUENCE {cal.sequence})"


def _accepted(plan: Plan, sid: str) -> str | None:
    s = plan.screenings[sid]
    people = [p for p in s.people if p in plan.speakers]
    if people and all(_answer(s.rsvp.get(p)) == "accepted" for p in people):
        return "every speaker and host has accepted"
    return None


def _answer(recorded: object) -> str | None:
    """An answer as the plan records it: the word, or a table holding it."""
    found = getattr(recorded, "answer", recorded)
    return found if isinstance(found, str) else None


def _result(plan: Plan, sid: str) -> str | None:
    return "the result is recorded" if plan.screenings[sid].result is not None else None


def _return(plan: Plan, sid: str) -> str | None:
    made = plan.screenings[sid].return_made
    return f"the box-office return was made on {made.isoformat()}" if made else None


FACTS = {"licence": _licence, "certificate": _certificate, "invites": _invites,
         "accepted": _accepted, "result": _result, "return": _return}  # fmt: skip
# The built-in tasks and the facts that settle them; a plan's own task names its fact with
# `settled_by` in [checklist] tasks.
SETTLED_BY = {"licence": "licence", "certificate": "certificate", "classification": "certificate",
              "calendar-invites": "invites", "invite-speakers": "accepted", "result": "result",
              "box-office": "return"}  # fmt: skip


def settled_by(plan: Plan) -> dict[str, str]:
    own = {t.id: t.settled_by for t in plan.checklist.tasks if t.settled_by}
    replaced = {t.id for t in plan.checklist.tasks}
    base = {} if plan.checklist.replace else {
        tid: fact for tid, fact in SETTLED_BY.items() if tid not in replaced}  # fmt: skip
    return {**base, **own}


def _slug(text: str) -> str:
    """`Arabic–English interpreter` → `arabic-english-interpreter`; accents go, and letters
    outside a-z (Arabic, Chinese …) leave nothing."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def _need_id(pid: str, need: str, hashed: bool = False) -> str:
    """`need-<pid>-<slug>`, cut to a valid id; `hashed` (or a need with no a-z letters)
    ends it with a short digest of the need, which tells apart needs whose names collide."""
    slug = _slug(need)
    digest = hashlib.sha1(f"{pid}\0{need}".encode()).hexdigest()[:8]
    tail = f"-{digest}" if hashed or not slug else ""
    name = f"need-{pid}-{slug}".rstrip("-")
    return name[: ID_MAX - len(tail)].rstrip("-_") + tail


def need_tasks(
    plan: Plan, sid: str, taken: set[str] | frozenset[str] = frozenset()
) -> list[tuple[str, str, str]]:
    """(id, due, text) for each need of the screening's speakers and host. Needs whose names
    would collide (with each other or with `taken` ids) are all told apart by a digest, so no
    id depends on the order of the needs; the very same need listed twice is numbered."""
    s = plan.screenings[sid]
    wanted = []
    for pid in s.people:
        person = plan.speakers.get(pid)
        if person is not None:
            wanted += [(pid, person.name, need) for need in person.needs]
    plain = [_need_id(pid, need) for pid, _, need in wanted]
    owners: dict[str, set[tuple[str, str]]] = {}
    for tid, (pid, _, need) in zip(plain, wanted, strict=True):
        owners.setdefault(tid, set()).add((pid, need))
    used = set(taken)
    out = []
    for (pid, name, need), tid in zip(wanted, plain, strict=True):
        if len(owners[tid]) > 1 or tid in taken:
            tid = _need_id(pid, need, hashed=True)
        base, n = tid, 1
        while tid in used:  # the same need twice (or, rarer still, a clash that remains)
            n += 1
            tid = f"{base[: ID_MAX - len(str(n)) - 1]}-{n}"
        used.add(tid)
        out.append((tid, NEED_DUE, f"For {name}: {need}"))
    return out


def task_ids(plan: Plan, sid: str, base: list[tuple[str, str, str]] | None = None) -> set[str]:
    """The ids of a screening's tasks, without working out any due date."""
    return {tid for tid, _, _ in _entries(plan, sid, base)}


def open_tasks(plan: Plan, today: dt.date, within: int | None = None) -> list[Task]:
    """Open tasks of screenings that go ahead, due by `today + within` (all if None)."""
    base = specs(plan)
    horizon = None if within is None else today + dt.timedelta(days=within)
    found = []
    for sid, s in plan.screenings.items():
        if s.status == "cancelled":
            continue
        for task in tasks_for(plan, sid, base):
            if not task.done and (horizon is None or task.due <= horizon):
                found.append(task)
    found += [t for t in chase_tasks(plan, today) if horizon is None or t.due <= horizon]
    return sorted(found, key=lambda t: (t.due, t.screening))


def chase_tasks(plan: Plan, today: dt.date) -> list[Task]:
    """`chase <name>` for each person `checks.to_chase` finds, due by `confirm_by` days
    before the screening."""
    from screenkit.rules.people import to_chase

    out = []
    for sid, pid, answer in to_chase(plan, today):
        s = plan.screenings[sid]
        offset = -plan.settings.confirm_by
        text = f"chase {plan.speakers[pid].name}" + (" (declined)" if answer == "declined" else "")
        due = s.date + dt.timedelta(days=offset)
        out.append(Task(sid, f"chase-{pid}", text, due, offset, False))
    return out


def earliest_offset(plan: Plan) -> int:
    """How many days before a screening its first task can fall due."""
    week = [dt.date(2000, 1, 3) + dt.timedelta(days=k) for k in range(7)]  # any weekday
    dues = [due for _, due, _ in [*specs(plan), CLASSIFICATION, ACCESS_TECH_RUN,
                                  ("", NEED_DUE, "")]]  # fmt: skip
    return min((due_date(day, due) - day).days for due in dues for day in week)
