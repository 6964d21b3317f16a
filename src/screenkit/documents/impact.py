"""The tour's impact report: one row per held screening (attendance against capacity,
takings, donations, sign-ups, rating), totals and averages, the cancelled screenings, and a
chart of attendance against capacity. HTML (with a small hand-written SVG chart that reads
the same printed in greyscale), Markdown, or CSV for people who make their own charts.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field, replace
from decimal import Decimal
from html import escape

from screenkit.documents import pages
from screenkit.errors import InputError
from screenkit.plan import money
from screenkit.plan.models import Plan
from screenkit.rules import results
from screenkit.rules.network import Member
from screenkit.text.escaping import csv_cell, one_line
from screenkit.text.escaping import markdown as md

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
    actions: int | None = None
    group: str = ""  # in a network: the plan it is from
    currency: str = ""  # its amounts' currency, where not the report's


@dataclass
class GroupLine:
    """A network's group, summed: its held screenings and what they did."""

    name: str
    title: str
    held: int
    attendance: int
    signups: int | None
    actions: int | None
    takings: str  # shown, in the group's currency
    rating: str
    not_reported: int


@dataclass
class Chase:
    """A held screening with no result: who to ask (a team report only, never public)."""

    group: str
    date: dt.date
    id: str
    venue: str
    organiser: str
    email: str


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
    groups: list[GroupLine] = field(default_factory=list)  # a network's, else none
    chase: list[Chase] = field(default_factory=list)

    def show(self, amount: Decimal | None, currency: str = "") -> str:
        return "" if amount is None else money.show(amount, currency or self.currency)


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
                            results.fee_due(plan, sid).due, r.actions))  # fmt: skip
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


def _money_total(rep: Report, rows: list[Row], name: str) -> str | None:
    """`£1,234.50`, or per currency where a network's groups use several (`£1,200 + €80`)."""
    by: dict[str, list[Decimal | None]] = {}
    for r in rows:
        by.setdefault(r.currency or rep.currency, []).append(getattr(r, name))
    shown = [rep.show(total, cur) for cur, values in by.items()
             if (total := _total(values)) is not None]  # fmt: skip
    return " + ".join(shown) if shown else None


def network(members: list[Member], today: dt.date) -> Report:
    """Every group's report put together: the rows (ids as `group/id`), a line per group,
    totals across them, and the held screenings with no result, with whom to ask."""
    from screenkit.rules.network import qualified, shared_tour, title

    q = qualified
    reports = [(m, build(m.plan, today)) for m in members]
    rows = sorted((replace(r, id=q(m.name, r.id), group=m.name, currency=rep.currency)
                   for m, rep in reports for r in rep.rows),
                  key=lambda r: (r.date, r.id))  # fmt: skip
    currencies = {rep.currency for _, rep in reports}
    dates = [r.date for r in rows]
    tour = shared_tour(members)
    out = Report(
        title="Impact report",
        organiser=one_line(tour.name) if tour and tour.name else f"{len(members)} groups",
        films=list(dict.fromkeys(f for _, rep in reports for f in rep.films)),
        period=_span(min(dates), max(dates)) if dates else "no screenings held yet",
        currency=currencies.pop() if len(currencies) == 1 else "",
        rows=rows,
        cancelled=sorted((d, q(m.name, sid), v)
                         for m, rep in reports for d, sid, v in rep.cancelled),
        awaiting=sorted((d, q(m.name, sid), v)
                        for m, rep in reports for d, sid, v in rep.awaiting),
        upcoming=sum(rep.upcoming for _, rep in reports),
        prepared=today,
    )  # fmt: skip
    for m, rep in reports:
        mine = rep.rows
        ratings = [r.rating for r in mine if r.rating is not None]
        out.groups.append(GroupLine(
            m.name, one_line(title(m)), len(mine), sum(r.attendance for r in mine),
            _sum([r.signups for r in mine]), _sum([r.actions for r in mine]),
            _money_total(rep, mine, "takings") or "",
            f"{sum(ratings) / len(ratings):.1f}" if ratings else "", len(rep.awaiting),
        ))  # fmt: skip
        o = m.plan.organiser
        out.chase += [Chase(m.name, d, q(m.name, sid), v, one_line(o.name) if o else "",
                            str(o.email) if o and o.email else "")
                      for d, sid, v in rep.awaiting]  # fmt: skip
    out.chase.sort(key=lambda c: (c.group, c.date, c.id))
    _sum_up(out)
    return out


def _sum(values: list[int | None]) -> int | None:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def _sum_up(rep: Report) -> None:
    rows = rep.rows
    if not rows:
        return
    came = sum(r.attendance for r in rows)
    with_capacity = [r for r in rows if r.capacity]
    seats = sum(r.capacity or 0 for r in with_capacity)
    filled = sum(r.attendance for r in with_capacity)
    signups = [r.signups for r in rows if r.signups is not None]
    actions = [r.actions for r in rows if r.actions is not None]
    ratings = [r.rating for r in rows if r.rating is not None]
    t = rep.totals
    if rep.groups:
        t["Groups reporting"] = f"{sum(1 for g in rep.groups if g.held)} of {len(rep.groups)}"
    t["Screenings held"] = str(len(rows))
    t["Attendance"] = f"{came:,}" + (f" of {seats:,} seats ({results.percent(filled, seats)})"
                                     if seats else "")  # fmt: skip
    for label, name in (("Takings", "takings"), ("Donations", "donations"),
                        ("Licence fees due", "fee_due")):  # fmt: skip
        total = _money_total(rep, rows, name)
        if total is not None:
            t[label] = total
    if signups:
        t["Sign-ups"] = f"{sum(signups):,}"
    if actions:
        t["Actions taken"] = f"{sum(actions):,}"
    a = rep.averages
    a["Attendance per screening"] = _one_place(Decimal(came) / len(rows))
    if with_capacity:
        fills = [Decimal(r.attendance) * 100 / Decimal(r.capacity or 1) for r in with_capacity]
        a["Seats filled, per screening"] = f"{_one_place(sum(fills, Decimal(0)) / len(fills))}%"
    takings = [r.takings for r in rows if r.takings is not None]
    if takings and came and rep.currency:  # one currency: a network's may have several
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


@dataclass(frozen=True)
class Bar:
    label: str
    attendance: int
    capacity: int | None
    fill: str


def bars(rep: Report) -> list[Bar]:
    """A bar per screening; in a network, a bar per group (its seats where every screening
    of it has a capacity), as a thousand bars would not read."""
    if not rep.groups:
        return [Bar(f"{r.date.day} {r.date:%b} · {r.venue}", r.attendance, r.capacity, r.fill)
                for r in rep.rows]  # fmt: skip
    out = []
    for g in rep.groups:
        mine = [r for r in rep.rows if r.group == g.name]
        if not mine:
            continue
        seats = sum(r.capacity or 0 for r in mine) if all(r.capacity for r in mine) else None
        out.append(Bar(g.title, g.attendance, seats, results.percent(g.attendance, seats)))
    return out


def chart(rep: Report) -> str:
    """Attendance against capacity, one horizontal bar per screening (per group in a
    network): a light outlined bar for the seats and a dark bar for the people, with the
    figures written beside them, so it reads without colour. Hand-written SVG: small, and
    escaped like any other text."""
    rows = bars(rep)
    top = max([r.capacity or 0 for r in rows] + [r.attendance for r in rows] + [1])
    bar_space = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = BAR_ROW * len(rows) + 34
    each = "group" if rep.groups else "screening"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {CHART_WIDTH} {height}" '
        f'width="100%" role="img" aria-labelledby="chart-title" class="chart" '
        f'font-family="Helvetica, Arial, sans-serif" font-size="11">',
        f'<title id="chart-title">Attendance against capacity, per {each}</title>',
    ]
    for i, r in enumerate(rows):
        y = i * BAR_ROW + 4
        label = r.label
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
    if rep.groups:
        return _network_markdown(rep, out)
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


def _network_markdown(rep: Report, out: list[str]) -> str:
    """A line per group, the totals, and whom to ask for the results not in (a screening
    per row is in the CSV)."""
    out += ["", "## Groups", "",
            "| group | held | came | sign-ups | actions | takings | rating | not reported |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]  # fmt: skip
    for g in rep.groups:
        out.append(
            f"| {md(g.title)} (`{g.name}`) | {g.held} | {g.attendance:,} | "
            f"{'' if g.signups is None else f'{g.signups:,}'} | "
            f"{'' if g.actions is None else f'{g.actions:,}'} | {md(g.takings)} | {g.rating} | "
            f"{g.not_reported or ''} |"
        )
    if rep.rows:
        out += ["", "## Totals", ""] + [f"- **{k}**: {v}" for k, v in rep.totals.items()]
        out += ["", "## Averages", ""] + [f"- **{k}**: {v}" for k, v in rep.averages.items()]
    if rep.chase:
        out += ["", "## Not reported", "", "Held, with no result recorded yet: who to ask.", ""]
        for c in rep.chase:
            who = md(c.organiser) + (f" <{md(c.email)}>" if c.email else "")
            out.append(f"- {_day(c.date)}, {md(c.venue)} (`{c.id}`): {who}")
    if rep.upcoming:
        out += ["", f"{rep.upcoming} screening(s) still to come are not included."]
    out += ["", "One row per screening: `screenkit export report --format csv`."]
    return "\n".join(out) + "\n"


CSV_COLUMNS = ["date", "screening", "venue", "attendance", "capacity", "filled_percent",
               "paid", "concessions", "free", "currency", "takings", "donations", "signups",
               "actions", "feedback", "rating", "fee_due"]  # fmt: skip


def csv_text(rep: Report) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    network = bool(rep.groups)  # a group column first: the plan each row is from
    writer.writerow(["group", *CSV_COLUMNS] if network else CSV_COLUMNS)

    for r in rep.rows:
        currency = r.currency or rep.currency

        def cell(value: object, currency: str = currency) -> str:
            if value is None:
                return ""
            if isinstance(value, Decimal):
                return money.plain(value, currency)
            return csv_cell(str(value))

        row = [cell(v) for v in (
            r.date.isoformat(), r.id, r.venue, r.attendance, r.capacity, r.fill.rstrip("%"),
            r.paid, r.concessions, r.free, currency, r.takings, r.donations, r.signups,
            r.actions, r.feedback, None if r.rating is None else f"{r.rating:.1f}", r.fee_due,
        )]  # fmt: skip
        writer.writerow([cell(r.group), *row] if network else row)
    return buffer.getvalue()


def render(plan: Plan, fmt: str, today: dt.date) -> bytes:
    if fmt not in FORMATS:
        raise InputError(f"format: {fmt!r} is not one of {', '.join(FORMATS)}")
    return written(build(plan, today), fmt)


def written(rep: Report, fmt: str) -> bytes:
    return {"html": html, "md": markdown, "csv": csv_text}[fmt](rep).encode("utf-8")
