"""The tour's impact report: one row per held screening (attendance against capacity,
takings, donations, sign-ups, rating), totals and averages, the cancelled screenings, and a
chart of attendance against capacity. HTML (with a small hand-written SVG chart that reads
the same printed in greyscale), Markdown, or CSV for people who make their own charts.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal
from html import escape

from screenkit import money, results
from screenkit.documents import pages
from screenkit.errors import InputError
from screenkit.escaping import csv_cell, one_line
from screenkit.escaping import markdown as md
from screenkit.models import Plan

FORMATS = ("html", "md", "csv")


@dataclass
class Row:
    id: str
    date: dt.date
    venue: str
    attendance: int
    capacity: int | None
    fill: str  # "89%", or "" without a capacity
    paid: int | None
    concessions: int | None
    free: int | None
    takings: Decimal | None
    donations: Decimal | None
    signups: int | None
    feedback: int | None
    rating: float | None
    fee_due: Decimal | None


@dataclass
class Report:
    title: str
    organiser: str
    films: list[str]
    period: str
    currency: str
    rows: list[Row]
    cancelled: list[tuple[dt.date, str, str]]  # date, id, venue
    awaiting: list[tuple[dt.date, str, str]]  # past, not cancelled, no result yet
    upcoming: int
    prepared: dt.date
    totals: dict[str, str] = field(default_factory=dict)  # label -> value, for people
    averages: dict[str, str] = field(default_factory=dict)

    def show(self, amount: Decimal | None) -> str:
        return "" if amount is None else money.show(amount, self.currency)


def _span(first: dt.date, last: dt.date) -> str:
    """`8 October – 19 November 2026`, `8–12 October 2026`, one day as itself."""
    if first == last:
        return f"{first.day} {first:%B %Y}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {last:%B %Y}"
    if first.year == last.year:
        return f"{first.day} {first:%B} – {last.day} {last:%B %Y}"
    return f"{first.day} {first:%B %Y} – {last.day} {last:%B %Y}"


def build(plan: Plan, today: dt.date) -> Report:
    currency = plan.settings.currency
    rows: list[Row] = []
    cancelled, awaiting, upcoming = [], [], 0
    order = sorted(plan.screenings, key=lambda k: (plan.screenings[k].date,
                                                   plan.screenings[k].start, k))  # fmt: skip
    for sid in order:
        s = plan.screenings[sid]
        venue = plan.venues.get(s.venue)
        name = one_line(venue.name) if venue else s.venue
        if s.status == "cancelled":
            cancelled.append((s.date, sid, name))
        elif results.held(s, today):
            r = s.result
            assert r is not None
            capacity = venue.capacity if venue else None
            rows.append(Row(sid, s.date, name, r.attendance, capacity,
                            results.percent(r.attendance, capacity), r.paid, r.concessions,
                            r.free, r.takings, r.donations, r.signups, r.feedback, r.rating,
                            results.fee_due(plan, sid).due))  # fmt: skip
        elif s.date < today:
            awaiting.append((s.date, sid, name))
        else:
            upcoming += 1
    films = list(dict.fromkeys(
        one_line(plan.films[plan.screenings[r.id].film].title) for r in rows
        if plan.screenings[r.id].film in plan.films
    ))  # fmt: skip
    dates = [r.date for r in rows]
    report = Report(
        title="Impact report",
        organiser=one_line(plan.organiser.name) if plan.organiser else "",
        films=films,
        period=_span(min(dates), max(dates)) if dates else "no screenings held yet",
        currency=currency,
        rows=rows,
        cancelled=cancelled,
        awaiting=awaiting,
        upcoming=upcoming,
        prepared=today,
    )
    _sum_up(report)
    return report


def _total(values: list[Decimal | None]) -> Decimal | None:
    known = [v for v in values if v is not None]
    return sum(known, Decimal(0)) if known else None


def _sum_up(rep: Report) -> None:
    rows = rep.rows
    if not rows:
        return
    came = sum(r.attendance for r in rows)
    with_capacity = [r for r in rows if r.capacity]
    seats = sum(r.capacity or 0 for r in with_capacity)
    filled = sum(r.attendance for r in with_capacity)
    signups = [r.signups for r in rows if r.signups is not None]
    ratings = [r.rating for r in rows if r.rating is not None]
    t = rep.totals
    t["Screenings held"] = str(len(rows))
    t["Attendance"] = f"{came:,}" + (f" of {seats:,} seats ({results.percent(filled, seats)})"
                                     if seats else "")  # fmt: skip
    for label, values in (
        ("Takings", [r.takings for r in rows]),
        ("Donations", [r.donations for r in rows]),
        ("Licence fees due", [r.fee_due for r in rows]),
    ):
        total = _total(values)
        if total is not None:
            t[label] = rep.show(total)
    if signups:
        t["Sign-ups"] = f"{sum(signups):,}"
    a = rep.averages
    a["Attendance per screening"] = _one_place(Decimal(came) / len(rows))
    if with_capacity:
        fills = [Decimal(r.attendance) * 100 / Decimal(r.capacity or 1) for r in with_capacity]
        a["Seats filled, per screening"] = f"{_one_place(sum(fills) / len(fills))}%"
    takings = [r.takings for r in rows if r.takings is not None]
    if takings and came:
        a["Takings per person"] = rep.show(sum(takings, Decimal(0)) / came)
    if signups:
        a["Sign-ups per screening"] = _one_place(Decimal(sum(signups)) / len(signups))
    if ratings:
        a["Rating (1–5)"] = f"{sum(ratings) / len(ratings):.1f}"


def _one_place(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.1'), rounding='ROUND_HALF_UP')}"


def _day(day: dt.date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


# -- the chart ----------------------------------------------------------------------------
BAR_ROW = 22  # SVG units (px at 96 dpi) per screening
LABEL_WIDTH = 230
CHART_WIDTH = 640
VALUE_WIDTH = 120


def chart(rep: Report) -> str:
    """Attendance against capacity, one horizontal bar per screening: a light outlined bar
    for the seats and a dark bar for the people, with the figures written beside them, so
    it reads without colour. Hand-written SVG: small, and escaped like any other text."""
    rows = rep.rows
    top = max([r.capacity or 0 for r in rows] + [r.attendance for r in rows] + [1])
    bar_space = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = BAR_ROW * len(rows) + 34
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {CHART_WIDTH} {height}" '
        f'width="100%" role="img" aria-labelledby="chart-title" class="chart" '
        f'font-family="Helvetica, Arial, sans-serif" font-size="11">',
        '<title id="chart-title">Attendance against capacity, per screening</title>',
    ]
    for i, r in enumerate(rows):
        y = i * BAR_ROW + 4
        label = f"{r.date.day} {r.date:%b} · {r.venue}"
        if len(label) > 38:  # what fits beside the bars at this size
            label = label[:37] + "…"
        out.append(f'<text x="{LABEL_WIDTH - 8}" y="{y + 13}" text-anchor="end">'
                   f"{escape(label)}</text>")  # fmt: skip
        if r.capacity:
            width = bar_space * r.capacity / top
            out.append(
                f'<rect class="seats" x="{LABEL_WIDTH}" y="{y + 1}" width="{width:.1f}" '
                f'height="15" fill="#e4e7eb" stroke="#4a4f55" stroke-width="0.8"/>'
            )
        width = bar_space * r.attendance / top
        out.append(f'<rect class="came" x="{LABEL_WIDTH}" y="{y + 4}" width="{width:.1f}" '
                   f'height="9" fill="#1f3b57"/>')  # fmt: skip
        value = f"{r.attendance} / {r.capacity} ({r.fill})" if r.capacity else f"{r.attendance}"
        out.append(f'<text x="{CHART_WIDTH - VALUE_WIDTH + 6}" y="{y + 13}">{escape(value)}</text>')
    y = BAR_ROW * len(rows) + 14
    out += [
        f'<rect x="{LABEL_WIDTH}" y="{y}" width="18" height="10" fill="#e4e7eb" '
        'stroke="#4a4f55" stroke-width="0.8"/>',
        f'<text x="{LABEL_WIDTH + 24}" y="{y + 9}">seats</text>',
        f'<rect x="{LABEL_WIDTH + 70}" y="{y + 2}" width="18" height="6" fill="#1f3b57"/>',
        f'<text x="{LABEL_WIDTH + 94}" y="{y + 9}">people who came</text>',
        "</svg>",
    ]
    return "\n".join(out)


# -- formats --------------------------------------------------------------------------------
def html(rep: Report) -> str:
    from markupsafe import Markup

    svg = Markup(chart(rep)) if rep.rows else ""
    return pages.render("report.html", rep=rep, chart=svg, day=_day)


def markdown(rep: Report) -> str:
    """Every piece of plan text through `md`; ids (safe by construction) in code spans."""
    films = ", ".join(md(film) for film in rep.films)
    out = [f"# {rep.title}" + (f": {films}" if films else ""), ""]
    out.append(f"{md(rep.organiser)} · {md(rep.period)}" if rep.organiser else md(rep.period))
    out += ["", "## Screenings held", ""]
    if rep.rows:
        out += [
            "| date | venue | attendance | capacity | filled | takings | donations | sign-ups "
            "| rating |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for r in rep.rows:
            out.append(
                f"| {_day(r.date)} | {md(r.venue)} | {r.attendance} | {r.capacity or ''} | "
                f"{r.fill} | {rep.show(r.takings)} | {rep.show(r.donations)} | "
                f"{'' if r.signups is None else r.signups} | "
                f"{'' if r.rating is None else f'{r.rating:.1f}'} |"
            )
        out += ["", "## Totals", ""] + [f"- **{k}**: {v}" for k, v in rep.totals.items()]
        out += ["", "## Averages", ""] + [f"- **{k}**: {v}" for k, v in rep.averages.items()]
    else:
        out.append("No screening has been held yet.")
    if rep.cancelled:
        out += ["", "## Cancelled", ""]
        out += [f"- {_day(d)}: {md(v)} (`{sid}`)" for d, sid, v in rep.cancelled]
    if rep.awaiting:
        out += ["", "## Awaiting a result", ""]
        out += [f"- {_day(d)}: {md(v)} (`screenkit result {sid} …`)" for d, sid, v in
                rep.awaiting]  # fmt: skip
    if rep.upcoming:
        out += ["", f"{rep.upcoming} screening(s) still to come are not included."]
    return "\n".join(out) + "\n"


CSV_COLUMNS = ["date", "screening", "venue", "attendance", "capacity", "filled_percent",
               "paid", "concessions", "free", "currency", "takings", "donations", "signups",
               "feedback", "rating", "fee_due"]  # fmt: skip


def csv_text(rep: Report) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)

    def cell(value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, Decimal):
            return money.plain(value, rep.currency)
        return csv_cell(str(value))

    for r in rep.rows:
        writer.writerow([cell(v) for v in (
            r.date.isoformat(), r.id, r.venue, r.attendance, r.capacity, r.fill.rstrip("%"),
            r.paid, r.concessions, r.free, rep.currency, r.takings, r.donations, r.signups,
            r.feedback, None if r.rating is None else f"{r.rating:.1f}", r.fee_due,
        )])  # fmt: skip
    return buffer.getvalue()


def render(plan: Plan, fmt: str, today: dt.date) -> bytes:
    if fmt not in FORMATS:
        raise InputError(f"format: {fmt!r} is not one of {', '.join(FORMATS)}")
    rep = build(plan, today)
    return {"html": html, "md": markdown, "csv": csv_text}[fmt](rep).encode("utf-8")
