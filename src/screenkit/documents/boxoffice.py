"""The box-office return a distributor asks for after a screening: the film and its licence,
the venue, date and time, admissions by kind, gross and net takings, the fee due with its
working shown, and who to contact. As one A4 page (HTML), plain text or CSV.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import textwrap
from dataclasses import dataclass

from screenkit.documents import pages
from screenkit.errors import InputError
from screenkit.plan import money
from screenkit.plan.models import Plan
from screenkit.plan.values import format_clock
from screenkit.rules import results
from screenkit.text.escaping import csv_cell, one_line
from screenkit.text.texts import film_line, location

FORMATS = ("html", "txt", "csv")


@dataclass
class BoxOfficeReturn:
    id: str
    film: str  # title
    film_line: str  # title (year, director, runtime …)
    licence_holder: str
    licence_ref: str
    venue: str
    address: str
    date: dt.date
    long_date: str
    start: str
    timezone: str
    admissions: list[tuple[str, str]]  # (kind, count), total last
    money: list[tuple[str, str]]  # (label, amount): gross, VAT, net
    fee_terms: str
    working: str
    fee_due: str
    organiser: str
    organiser_email: str
    prepared: dt.date
    due: results.Due
    attendance: int
    kinds: dict[str, int | None]


def terms_text(due: results.Due) -> str:
    fee = due.fee
    if fee is None:
        return "not recorded in the plan"
    if fee.amount is not None:
        return f"flat fee of {money.show(fee.amount, due.currency)}"
    assert fee.percent is not None
    text = f"{money.show_percent(fee.percent)} of net box-office takings"
    if fee.minimum is not None:
        text += f", minimum guarantee {money.show(fee.minimum, due.currency)}"
    return text


def build(plan: Plan, sid: str, today: dt.date) -> BoxOfficeReturn:
    """The return of a held screening; refuses one that has not happened or has no result."""
    s = plan.screenings[sid]
    if s.status == "cancelled":
        raise InputError(f"screenings.{sid}: cancelled, so there is no box-office return")
    if s.result is None:
        raise InputError(
            f"screenings.{sid}.result: no result recorded; record it first with "
            f"`screenkit result {sid} --attendance N --takings AMOUNT`"
        )
    if s.date > today:
        raise InputError(f"screenings.{sid}: on {s.date.isoformat()}, still ahead")
    for kind, rid, known in (("film", s.film, plan.films), ("venue", s.venue, plan.venues)):
        if rid not in known:
            from screenkit.suggest import unknown

            raise InputError(f"screenings.{sid}.{kind}: {unknown(kind, rid, known)}")
    r = s.result
    film = plan.films[s.film]
    venue = plan.venues[s.venue]
    currency = plan.settings.currency
    due = results.fee_due(plan, sid)
    kinds = {k: getattr(r, k) for k in results.KINDS}
    admissions = [(k.capitalize(), str(v)) for k, v in kinds.items() if v is not None]
    if not admissions:
        admissions = [("By kind", "not recorded")]
    admissions.append(("Total admissions", str(r.attendance)))
    show = lambda amount: money.show(amount, currency)  # noqa: E731
    figures = [("Gross takings", show(due.gross))]
    if plan.settings.vat_registered:
        rate = money.show_percent(plan.settings.vat_rate)
        figures.append((f"VAT at {rate}", show(due.vat)))
    else:
        figures.append(("VAT", "not VAT-registered: none deducted"))
    figures.append(("Net takings", show(due.net)))
    organiser = plan.organiser
    # Every value from the plan is one line of printable text, in every format.
    return BoxOfficeReturn(
        id=sid,
        film=one_line(film.title),
        film_line=one_line(film_line(film)),
        licence_holder=one_line(film.licence_holder or "") or "not recorded",
        licence_ref=one_line(film.licence_ref or "") or "not recorded",
        venue=one_line(venue.name),
        address=one_line(location(plan, sid)),
        date=s.date,
        long_date=pages.long_date(s.date),
        start=format_clock(s.start),
        timezone=venue.timezone,
        admissions=admissions,
        money=figures,
        fee_terms=terms_text(due),
        working=due.working,
        fee_due=show(due.due) if due.due is not None else "to be agreed",
        organiser=one_line(organiser.name) if organiser else "not recorded",
        organiser_email=one_line(organiser.email or "") if organiser else "",
        prepared=today,
        due=due,
        attendance=r.attendance,
        kinds=kinds,
    )


def text(ret: BoxOfficeReturn, width: int = 80) -> str:
    def row(label: str, value: str) -> list[str]:
        return textwrap.wrap(f"{label + ':':<22}{value}", width, subsequent_indent=" " * 22) or [""]

    title = f"Box-office return: {ret.film}"
    out = [title, "=" * min(len(title), width), ""]
    for label, value in [
        ("Film", ret.film_line),
        ("Licence holder", ret.licence_holder),
        ("Licence reference", ret.licence_ref),
        ("Venue", ret.address),
        ("Date and time", f"{ret.long_date}, {ret.start} ({ret.timezone})"),
    ]:
        out += row(label, value)
    out += ["", "ADMISSIONS"]
    for label, value in ret.admissions:
        out += row(f"  {label}", value)
    out += ["", "TAKINGS"]
    for label, value in ret.money:
        out += row(f"  {label}", value)
    out += ["", "LICENCE FEE"]
    out += row("  Terms", ret.fee_terms)
    out += row("  Working", ret.working)
    out += row("  Fee due", ret.fee_due)
    out += ["", "CONTACT"]
    out += row("  Organiser", ret.organiser)
    if ret.organiser_email:
        out += row("  Email", ret.organiser_email)
    out += row("  Prepared", ret.prepared.isoformat())
    return "\n".join(out) + "\n"


CSV_COLUMNS = ["screening", "film", "licence_holder", "licence_ref", "venue", "address",
               "date", "start", "timezone", "paid", "concessions", "free", "attendance",
               "currency", "gross", "vat", "net", "fee_terms", "fee_due", "working",
               "organiser", "organiser_email"]  # fmt: skip


def csv_text(ret: BoxOfficeReturn) -> str:
    d = ret.due
    plain = lambda amount: money.plain(amount, d.currency)  # noqa: E731
    values = [ret.id, ret.film, ret.licence_holder, ret.licence_ref, ret.venue, ret.address,
              ret.date.isoformat(), ret.start, ret.timezone,
              *("" if ret.kinds[k] is None else str(ret.kinds[k]) for k in results.KINDS),
              str(ret.attendance), d.currency, plain(d.gross), plain(d.vat), plain(d.net),
              ret.fee_terms, "" if d.due is None else plain(d.due), d.working, ret.organiser,
              ret.organiser_email]  # fmt: skip
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerow([csv_cell(v) for v in values])
    return buffer.getvalue()


def html(ret: BoxOfficeReturn) -> str:
    return pages.render("return.html", ret=ret)


def render(plan: Plan, sid: str, fmt: str, today: dt.date) -> bytes:
    if fmt not in FORMATS:
        raise InputError(f"format: {fmt!r} is not one of {', '.join(FORMATS)}")
    ret = build(plan, sid, today)
    body = {"html": html, "txt": text, "csv": csv_text}[fmt](ret)
    return body.encode("utf-8")
