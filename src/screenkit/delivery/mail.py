"""Invitation emails (iMIP, RFC 6047): who gets what, and the messages themselves. Pure.

Each screening's speakers and host get one message each, From the organiser (the ORGANIZER),
shaped the way Gmail and Outlook send invitations so that clients show Accept/Decline:

    multipart/mixed
      multipart/alternative
        text/plain                                  the run sheet, venue, who to call
        text/calendar; method=REQUEST; charset=UTF-8
      application/ics  (attachment, invite.ics)     the same calendar

What each person was last sent is kept in the plan (`calendar.sent_to`), so only a change is
sent again: a new person gets an invitation, the others an update, a person taken off a
screening a CANCEL addressed to them alone, and everyone a CANCEL when it is cancelled.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from email.message import EmailMessage, MIMEPart
from functools import lru_cache

from screenkit.calendars.identity import Change, Kind, Owed
from screenkit.output import Output
from screenkit.plan.models import Plan
from screenkit.text.i18n import N_, Language, language


def tongue(plan: Plan, pid: str) -> Language:
    """The language a person's emails are in: theirs, else the tour's."""
    person = plan.speakers.get(pid)
    return language((person.language if person else None) or plan.settings.language or "en")


def subject(plan: Plan, sid: str, kind: Kind, L: Language | None = None) -> str:
    """`Invitation: Return to Homs, ICA, Sun 27 June 2027 18:30`, in the venue's time."""
    from screenkit.rules.schedule import timing

    L = L or language("en")
    s = plan.screenings[sid]
    when = L.when(timing(plan, s).start)
    return L.gettext("%(kind)s: %(film)s, %(venue)s, %(when)s") % {
        "kind": L.gettext(SUBJECTS[kind]), "film": plan.films[s.film].title,
        "venue": plan.venues[s.venue].name, "when": when}  # fmt: skip


SUBJECTS = {  # a person taken off an evening that goes ahead: not "Cancelled"
    "Invitation": N_("Invitation"), "Updated": N_("Updated"), "Cancelled": N_("Cancelled"),
    "Removed": N_("No longer needed"),
}  # fmt: skip


def body(plan: Plan, sent: Owed) -> str:
    """The message in the person's language (`tongue`); the attached calendar is the
    screening's invite, the same for everyone on it."""
    from screenkit.calendars import ical

    L = tongue(plan, sent.pid)
    _ = L.gettext
    s = plan.screenings[sent.sid]
    first = sent.name.split()[0] if sent.name and "@" not in sent.name else sent.name
    hosting = dict(s.roles()).get(sent.pid) == ("host",)
    film = {"film": plan.films[s.film].title}
    if sent.removed:
        opening = (
            _(
                "You are no longer needed at this screening of %(film)s, and it has been taken "
                "out of your calendar. Thank you for keeping the date free."
            )
            % film
        )
    elif sent.method == "CANCEL":
        opening = _("This screening of %(film)s has been cancelled. We are sorry.") % film
    elif sent.kind == "Updated":
        changed = what_changed(plan, sent.sid, sent.previous, L)
        if changed:
            opening = "\n".join([_("The screening of %(film)s has changed:") % film, *changed,
                                  "", _("Here is everything as it is now.")])  # fmt: skip
        elif sent.previous:  # the same time, place and status: other details
            opening = (
                _(
                    "Some details of the screening of %(film)s have changed (such as the "
                    "notes, the contacts or who is speaking); here they are as they are now."
                )
                % film
            )
        else:  # sent before screenkit kept what it sent
            opening = _("The details of the screening of %(film)s have changed; here they are."
                        ) % film  # fmt: skip
    elif hosting:
        opening = _("We would like you to host a screening of %(film)s.") % film
    else:
        opening = _("We would like you to speak at a screening of %(film)s.") % film
    lines = [_("Hello %(name)s,") % {"name": first}, "", wrap(opening), ""]
    if sent.removed:  # what they were booked for, no more: the run sheet is not theirs now
        from screenkit.rules.schedule import timing
        from screenkit.text.texts import location

        start = timing(plan, s).start
        lines.append(wrap(_("The screening: %(date)s at %(time)s, %(place)s.") % {
            "date": L.date(start), "time": L.time(start),
            "place": location(plan, sent.sid)}))  # fmt: skip
    else:
        lines.append(ical.description(plan, sent.sid, "invite", L=L))
    if sent.method == "REQUEST":
        lines += ["", wrap(_("Please accept or decline with your calendar's buttons, or reply "
                              "to this email."))]  # fmt: skip
    organiser = plan.organiser_of(sent.sid)
    lines += ["", organiser.name if organiser else ""]
    return "\n".join(lines) + "\n"


def wrap(text: str, width: int = 72) -> str:
    """Prose lines wrapped as mail programs show plain text best; indented lines (what
    changed, one per line) are kept as they are."""
    import textwrap

    return "\n".join(
        line if line.startswith(" ") else "\n".join(textwrap.wrap(line, width)) or line
        for line in text.split("\n")
    )


_STATUS = {"tentative": N_("tentative"), "confirmed": N_("confirmed"),
           "cancelled": N_("cancelled")}  # fmt: skip


def changes_since(plan: Plan, sid: str, previous: str | None) -> list[Change]:
    """What moved since `previous` (the calendar record's summary of what the person was
    sent), typed; nothing when that summary does not read (a hand-edited record)."""
    from screenkit.calendars.identity import current, read_summary

    before = read_summary(previous)
    return [] if before is None else before.changes(current(plan, sid))


def what_changed(
    plan: Plan, sid: str, previous: str | None, L: Language | None = None
) -> list[str]:
    """`  Start: Sun 28 June 19:00 → 19:30`, one line per thing that moved since `previous`,
    in the venue's time."""
    L = L or language("en")
    _ = L.gettext
    status = {k: _(v) for k, v in _STATUS.items()}
    venues = plan.venues

    def said(change: Change, value: object) -> str:
        if change.field == "date":
            assert isinstance(value, dt.date)
            return L.date(value) if L.code != "en" else f"{value:%a} {value.day} {value:%B}"
        if change.field in ("start", "end"):
            assert isinstance(value, dt.datetime)
            return L.time(value)
        if change.field == "venue":
            return venues[str(value)].name if str(value) in venues else str(value)
        return status.get(str(value), str(value))

    return [
        "  " + _("%(what)s: %(before)s → %(after)s") % {
            "what": _(_LABELS[c.field]), "before": said(c, c.before), "after": said(c, c.after)}
        for c in changes_since(plan, sid, previous)
    ]  # fmt: skip


_LABELS = {"date": N_("Date"), "start": N_("Start"), "end": N_("End"), "venue": N_("Venue"),
           "status": N_("Status")}  # fmt: skip


def calendar_for(plan: Plan, sent: Owed, invite: bytes) -> bytes:
    """The calendar this person gets: the screening's invite, or for someone taken off it a
    CANCEL whose only ATTENDEE is them, without STATUS:CANCELLED: RFC 5546 §3.2.5 keeps that
    for cancelling the event itself, and a client (Nextcloud) that honours it would cancel
    the evening for them rather than take them off it."""
    if not sent.removed:
        return invite
    from icalendar import Calendar, vCalAddress

    cal = Calendar.from_ical(invite)
    cal.pop("METHOD")
    cal.add("method", "CANCEL")
    for event in cal.walk("VEVENT"):
        event.pop("ATTENDEE", None)
        event.pop("STATUS", None)
        address = vCalAddress(f"mailto:{sent.email}")
        address.params["CN"] = " ".join(sent.name.replace('"', "").replace(";", ",").split())
        address.params["ROLE"] = "REQ-PARTICIPANT"
        event.add("attendee", address)
        event.subcomponents = [c for c in event.subcomponents if c.name != "VALARM"]
    return cal.to_ical(sorted=False)


@lru_cache(maxsize=8)
def _calendar_parts(calendar: bytes, method: str) -> tuple[MIMEPart, MIMEPart]:
    """The inline calendar and the invite.ics attachment, made once per screening and shared
    by every person's message (the generator only reads them)."""
    inline = MIMEPart()
    params = {"method": method, "charset": "UTF-8"}
    inline.set_content(calendar, maintype="text", subtype="calendar", params=params)
    attached = MIMEPart()
    attached.set_content(calendar, maintype="application", subtype="ics",
                         disposition="attachment", filename="invite.ics")  # fmt: skip
    return inline, attached


def with_invitation(msg: EmailMessage, text: str, calendar: bytes, method: str) -> EmailMessage:
    """`msg` with the iMIP body every client reads: the words and the calendar inline as
    alternatives, and the same calendar attached as invite.ics (RFC 6047 §2.4)."""
    inline, attached = _calendar_parts(calendar, method)
    plain = MIMEPart()
    plain.set_content(text)
    alternative = MIMEPart()
    alternative["Content-Type"] = "multipart/alternative"
    alternative.set_payload([plain, inline])
    msg["Content-Type"] = "multipart/mixed"
    msg.set_payload([alternative, attached])
    return msg


def message(plan: Plan, sent: Owed, invite: bytes, now: dt.datetime) -> EmailMessage:
    """One iMIP message; its From, To and Subject are built and folded by `headers`."""
    from email.utils import formatdate

    from screenkit.delivery.headers import address_header, set_header, unstructured

    organiser = plan.organiser_of(sent.sid)  # answers go back to whoever runs the evening
    assert organiser is not None and organiser.email is not None
    domain = organiser.email.rpartition("@")[2]
    msg = EmailMessage()
    set_header(msg, "From", address_header("From", organiser.name, organiser.email))
    to = sent.name if sent.name != sent.email else ""
    set_header(msg, "To", address_header("To", to, sent.email))
    words = tongue(plan, sent.pid)
    set_header(msg, "Subject", unstructured("Subject", subject(plan, sent.sid, sent.kind, words)))
    msg["Date"] = formatdate(now.timestamp(), usegmt=True)
    token = f"{sent.sid} {sent.pid} {sent.sequence} {sent.digest} {sent.method} {now}"
    msg["Message-ID"] = f"<{hashlib.sha256(token.encode()).hexdigest()[:24]}@{domain}>"
    msg["MIME-Version"] = "1.0"
    if sent.crew is not None:  # a volunteer's own event, made for them alone
        return with_invitation(msg, crew_body(plan, sent), invite, sent.method)
    calendar = calendar_for(plan, sent, invite)
    return with_invitation(msg, body(plan, sent), calendar, sent.method)


def crew_body(plan: Plan, sent: Owed) -> str:
    """A volunteer's message: their job at the evening, or that they are no longer needed."""
    from screenkit.rules.schedule import timing
    from screenkit.text.texts import location

    s = plan.screenings[sent.sid]
    L = language(plan.settings.language or "en")
    t = timing(plan, s)
    film = plan.films[s.film].title if s.film in plan.films else s.film
    when = f"{L.date(s.date)}, {L.time(t.doors or t.start)}"
    job = (sent.crew or "volunteer").replace("-", " ")
    if sent.method == "CANCEL":
        why = ("the evening is cancelled" if sent.kind == "Cancelled"
               else "the rota has changed")  # fmt: skip
        lines = [f"Hello {sent.name},", "",
                 wrap(f"You are no longer needed at {film} ({location(plan, sent.sid)}, "
                      f"{when}): {why}. Thank you; there is nothing more to do.")]  # fmt: skip
    else:
        said = "has changed" if sent.kind == "Updated" else "is yours"
        lines = [f"Hello {sent.name},", "",
                 wrap(f"The {job} at {film} {said}: {location(plan, sent.sid)}, {when} "
                      "(from the doors)."),
                 "", wrap("Please accept or decline with your calendar's buttons, or reply "
                          "to this email.")]  # fmt: skip
    organiser = plan.organiser_of(sent.sid)
    lines += ["", organiser.name if organiser else ""]
    return "\n".join(lines) + "\n"


def as_bytes(msg: EmailMessage) -> bytes:
    """The message as sent: 7-bit headers, or, when an address outside ASCII is in them
    (`jöhn@…`, which no encoded word may carry), UTF-8 headers for SMTPUTF8 (RFC 6532)."""
    from email import policy

    utf8 = not all(str(value).isascii() for _, value in msg.raw_items())
    return msg.as_bytes(policy=policy.SMTPUTF8 if utf8 else policy.SMTP)


def mbox(outputs: Iterable[Output], sender: str, now: dt.datetime) -> bytes:
    """Messages as one mbox (mboxrd: `From ` lines inside a message are quoted), for a
    person to check or send from their own mail program."""
    import re

    stamp = now.astimezone(dt.UTC).strftime("%a %b %d %H:%M:%S %Y")
    chunks = []
    for out in outputs:
        text = out.content.replace(b"\r\n", b"\n")
        text = re.sub(rb"(?m)^(>*From )", rb">\1", text)
        chunks.append(b"From " + sender.encode() + b" " + stamp.encode() + b"\n" + text + b"\n")
    return b"".join(chunks)
