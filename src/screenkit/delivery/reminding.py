"""Reminder emails (`screenkit remind`) and the organiser's daily digest. Pure.

A reminder is plain text in the person's language (a speaker's; volunteers read the team's
English) with the evening's calendar. A speaker or host who holds the current invitation
gets that very invitation again (the same REQUEST and SEQUENCE, shaped as `send` sends it):
their calendar sees nothing new, and shows Accept/Decline to someone who has not answered.
Anyone else (a volunteer, someone whose invitation is out of date or not yet sent) gets the
evening as an ordinary `.ics` to keep: no iTIP METHOD, and the invitation's UID, so that
importing it updates the event already there rather than adding a second.

    multipart/mixed                               multipart/mixed
      multipart/alternative                         text/plain
        text/plain                                  text/calendar (attachment) evening.ics
        text/calendar; method=REQUEST
      application/ics (attachment) invite.ics
"""

from __future__ import annotations

import datetime as dt
import hashlib
from email.message import EmailMessage, MIMEPart

from screenkit.plan.models import Organiser, Plan
from screenkit.rules.reminders import Reminder
from screenkit.text.i18n import Language, language


def _person(plan: Plan, r: Reminder) -> tuple[str, str | None, Language]:
    """Name, email and language of the person reminded."""
    from screenkit.delivery.mail import tongue

    if r.volunteer:
        v = plan.volunteers[r.pid]
        return v.name, v.email, language("en")
    p = plan.speakers[r.pid]
    return p.name, p.email, tongue(plan, r.pid)


def _when(r: Reminder, now: dt.datetime, L: Language) -> str:
    days = (r.start.date() - now.astimezone(r.start.tzinfo).date()).days
    if days <= 0:
        return L.gettext("today")
    if days == 1:
        return L.gettext("tomorrow")
    return L.ngettext("in %(num)s day", "in %(num)s days", days) % {"num": L.number(days)}


def subject(plan: Plan, r: Reminder, now: dt.datetime, L: Language) -> str:
    """`Reminder: Return to Homs, ICA, Sun 27 June 2027 18:30 (in 7 days)`."""
    s = plan.screenings[r.sid]
    when = L.when(r.start)
    return L.gettext("Reminder: %(film)s, %(venue)s, %(when)s (%(soon)s)") % {
        "film": plan.films[s.film].title, "venue": plan.venues[s.venue].name, "when": when,
        "soon": _when(r, now, L)}  # fmt: skip


def _part(plan: Plan, r: Reminder, L: Language) -> list[str]:
    """What the person does that evening, and when."""
    from screenkit.rules.schedule import clock, timing

    s = plan.screenings[r.sid]
    t = timing(plan, s)
    film = {"film": plan.films[s.film].title}
    if r.role == "speaker":
        slot = {**film, "start": clock(t, t.talk), "end": clock(t, t.programme_end)}
        return [L.gettext("You are speaking after the screening of %(film)s: the talk and Q&A "
                          "run from %(start)s to %(end)s.") % slot]  # fmt: skip
    if r.role == "host":
        return [L.gettext("You are hosting the screening of %(film)s: the introduction is at "
                          "%(start)s and the talk and Q&A at %(talk)s.")
                % {**film, "start": clock(t, t.start), "talk": clock(t, t.talk)}]  # fmt: skip
    arrive = t.doors or t.start
    return [L.gettext("You are on %(role)s at the screening of %(film)s: doors open at %(time)s.")
            % {**film, "role": r.role.replace("-", " "), "time": clock(t, arrive)}]  # fmt: skip


def body(plan: Plan, r: Reminder, now: dt.datetime) -> str:
    """The reminder's text: their part, the run sheet and what the invitation says of the
    venue, access and contact on the day, and their needs and travel as the plan has them."""
    from screenkit.calendars import ical
    from screenkit.delivery.mail import wrap

    name, _, L = _person(plan, r)
    first = name.split()[0] if name else name
    lines = [L.gettext("Hello %(name)s,") % {"name": first}, ""]
    lines += [wrap(line) for line in _part(plan, r, L)]
    lines += ["", ical.description(plan, r.sid, "invite", L=L)]
    if not r.volunteer:
        person = plan.speakers[r.pid]
        if person.needs:
            lines += ["", wrap(L.gettext("Your needs, as we have them: %(needs)s.")
                                % {"needs": "; ".join(person.needs)})]  # fmt: skip
        if person.travel:
            lines += [wrap(L.gettext("Travel: %(travel)s") % {"travel": person.travel})]
    else:
        v = plan.volunteers[r.pid]
        if v.notes:
            lines += ["", wrap(f"Notes: {v.notes}")]
    lines += ["", wrap(L.gettext("The evening is attached as a calendar file. If anything has "
                                  "changed for you, please reply to this email."))]  # fmt: skip
    organiser = plan.organiser_of(r.sid)
    lines += ["", organiser.name if organiser else ""]
    return "\n".join(lines) + "\n"


def evening(plan: Plan, r: Reminder) -> bytes:
    """The evening as a calendar file to keep: the speaker's view of it (their own answer),
    or the same without one for a volunteer."""
    from screenkit.calendars import ical

    attendee = None if r.volunteer else r.pid
    return ical.evening(plan, r.sid, attendee)


def _headers(msg: EmailMessage, plan: Plan, to_name: str, to_email: str, subject_text: str,
             token: str, now: dt.datetime, sender: Organiser | None = None) -> None:  # fmt: skip
    """From `sender` (the plan's organiser by default: a group's evening, its own)."""
    from email.utils import formatdate

    from screenkit.delivery.headers import address_header, set_header, unstructured

    organiser = sender or plan.organiser
    assert organiser is not None and organiser.email is not None
    domain = organiser.email.rpartition("@")[2]
    set_header(msg, "From", address_header("From", organiser.name, organiser.email))
    set_header(msg, "To", address_header("To", to_name, to_email))
    set_header(msg, "Subject", unstructured("Subject", subject_text))
    msg["Date"] = formatdate(now.timestamp(), usegmt=True)
    msg["Message-ID"] = f"<{hashlib.sha256(token.encode()).hexdigest()[:24]}@{domain}>"
    msg["MIME-Version"] = "1.0"


def holds_current(plan: Plan, r: Reminder) -> bool:
    """The person was last emailed the screening's invitation as it is now."""
    if r.volunteer:
        return False
    cal = plan.screenings[r.sid].calendar
    last = cal.sent_to.get(r.pid) if cal is not None else None
    return (cal is not None and last is not None and last.method == "REQUEST"
            and last.sequence == cal.sequence and last.digest == cal.digest)  # fmt: skip


def message(plan: Plan, r: Reminder, now: dt.datetime) -> EmailMessage:
    name, email, L = _person(plan, r)
    assert email is not None
    msg = EmailMessage()
    token = f"remind {r.sid} {r.pid} {r.lead} {r.start.isoformat()} {now}"
    _headers(msg, plan, name, email, subject(plan, r, now, L), token, now, plan.organiser_of(r.sid))
    if holds_current(plan, r):
        from screenkit.calendars import ical
        from screenkit.delivery.mail import with_invitation

        return with_invitation(msg, body(plan, r, now), ical.invite(plan, r.sid), "REQUEST")
    plain = MIMEPart()
    plain.set_content(body(plan, r, now))
    attached = MIMEPart()
    attached.set_content(evening(plan, r), "text", "calendar", filename="evening.ics",
                         disposition="attachment")  # fmt: skip
    del attached["Content-Type"]
    attached["Content-Type"] = 'text/calendar; charset="utf-8"; name="evening.ics"'
    msg["Content-Type"] = "multipart/mixed"
    msg.set_payload([plain, attached])
    return msg


# -- the organiser's digest --------------------------------------------------------------------
HEADINGS = {
    "errors": "The plan",
    "invitations": "Invitations to send",
    "tasks": "Tasks overdue",
    "soon": "Tasks due this week",
    "answers": "Answers to chase",
    "after": "After the screening",
    "reminders": "Reminders that could not go",
}


def digest_body(plan: Plan, items: list[tuple[str, str, str]], today: dt.date,
                who: Organiser | None = None) -> str:  # fmt: skip
    """`items`: (kind, what, the command that does it), in the order of HEADINGS."""
    from screenkit.delivery.mail import wrap

    who = who or plan.organiser
    organiser = who.name if who else ""
    lines = [f"Hello {organiser},", "", wrap(f"What needs doing for the tour, "
             f"{today:%A} {today.day} {today:%B %Y}:")]  # fmt: skip
    for kind, heading in HEADINGS.items():
        mine = [(what, command) for k, what, command in items if k == kind]
        if not mine:
            continue
        lines += ["", f"{heading}:"]
        for what, command in mine:
            lines.append(wrap(f"- {what}").replace("\n", "\n  "))
            if command:
                lines.append(f"  run: {command}")
    lines += ["", wrap("`screenkit status` says the same at any time; this digest comes "
                        "once a day when there is something to say.")]  # fmt: skip
    return "\n".join(lines) + "\n"


def digest_message(
    plan: Plan, items: list[tuple[str, str, str]], today: dt.date, now: dt.datetime,
    organiser: Organiser | None = None,
) -> EmailMessage:  # fmt: skip
    """The daily digest for `organiser` (the plan's, by default): what they have to do."""
    organiser = organiser or plan.organiser
    assert organiser is not None and organiser.email is not None
    n = len(items)
    things = f"{n} thing{'s' if n != 1 else ''}"
    subject_text = f"screenkit: {things} to do, {today:%a} {today.day} {today:%b}"
    msg = EmailMessage()
    _headers(msg, plan, organiser.name, organiser.email, subject_text, f"digest {today} {now}",
             now, organiser)  # fmt: skip
    msg.set_content(digest_body(plan, items, today, organiser))
    return msg
