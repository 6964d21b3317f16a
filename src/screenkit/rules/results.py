"""What happened at a screening: its recorded result, whether it was held, and the licence
fee it owes, worked exactly.

A screening's `status` is what the plan says; "held" is derived: not cancelled, its date
reached and a result recorded. The fee is worked in Decimal and rounded to the currency's
minor unit with ROUND_HALF_UP at each figure a distributor sees, so the working shown on the
return adds up to the penny.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from screenkit.plan import money
from screenkit.plan.models import Fee, Plan, Result, Screening

if TYPE_CHECKING:
    from screenkit.plan.problems import Problem

# The result's fields, in the order people read them; amounts are exact decimals.
FIELDS = ("attendance", "paid", "concessions", "free", "takings", "donations", "signups",
          "actions", "feedback", "rating", "notes")  # fmt: skip
AMOUNTS = ("takings", "donations")
KINDS = ("paid", "concessions", "free")
NO_RESULT_AFTER_DAYS = 1  # check asks for a result once a screening is over a day past


def held(s: Screening, today: dt.date | None = None) -> bool:
    """Not cancelled, on or before `today`, with a result recorded."""
    return s.status != "cancelled" and s.result is not None and (today is None or s.date <= today)


def fee_terms(plan: Plan, sid: str) -> Fee | None:
    """The screening's own fee terms, else its film's."""
    s = plan.screenings[sid]
    film = plan.films.get(s.film)
    return s.fee or (film.fee if film else None)


@dataclass(frozen=True)
class Due:
    """The fee owed and how it was worked out."""

    currency: str
    gross: Decimal  # box-office takings as taken
    net: Decimal  # less VAT where the group is VAT-registered
    vat: Decimal  # gross - net
    fee: Fee | None
    percentage: Decimal | None  # the percentage of net, before the minimum
    due: Decimal | None  # None when there are no fee terms
    working: str  # "35% of £343.75 net = £120.31; minimum £100.00; due £120.31"


def work_fee(
    fee: Fee | None,
    gross: Decimal,
    currency: str = "GBP",
    vat_registered: bool = False,
    vat_rate: Decimal = Decimal(20),
) -> Due:
    """The fee due on `gross` takings. Net takings exclude VAT where the group is
    VAT-registered (net = gross / (1 + rate)); each figure shown is rounded half-up to the
    currency's minor unit, and the next is worked from it."""
    gross = money.rounded(gross, currency)
    net = gross
    if vat_registered:
        net = money.rounded(gross / (1 + vat_rate / 100), currency)
    vat = gross - net

    def show(amount: Decimal) -> str:
        return money.show(amount, currency)

    if fee is None:
        return Due(currency, gross, net, vat, None, None, None, "no fee terms in the plan")
    if fee.amount is not None:
        due = money.rounded(fee.amount, currency)
        return Due(currency, gross, net, vat, fee, None, due, f"flat fee; due {show(due)}")
    assert fee.percent is not None
    part = money.rounded(net * fee.percent / 100, currency)
    working = f"{money.show_percent(fee.percent)} of {show(net)} net = {show(part)}"
    due = part
    if fee.minimum is not None:
        minimum = money.rounded(fee.minimum, currency)
        due = max(part, minimum)
        working += f"; minimum {show(minimum)}"
    return Due(currency, gross, net, vat, fee, part, due, f"{working}; due {show(due)}")


def fee_due(plan: Plan, sid: str) -> Due:
    """The fee a screening owes on its recorded takings (none recorded counts as nothing)."""
    s = plan.screenings[sid]
    gross = s.result.takings if s.result and s.result.takings is not None else Decimal(0)
    settings = plan.settings
    return work_fee(
        fee_terms(plan, sid), gross, settings.currency, settings.vat_registered, settings.vat_rate
    )


def as_dict(plan: Plan, sid: str) -> dict[str, Any] | None:
    """The result as `show --json` prints it: amounts as exact strings, absent ones null."""
    r = plan.screenings[sid].result
    if r is None:
        return None
    out: dict[str, Any] = {}
    for name in FIELDS:
        value = getattr(r, name)
        out[name] = money.plain(value, plan.settings.currency) if name in AMOUNTS and (
            value is not None) else value  # fmt: skip
    return out


def line(plan: Plan, sid: str) -> str:
    """`87 came (61% of 140); £412.50 taken; £56.00 donated; 12 signed up; rated 4.4`."""
    s = plan.screenings[sid]
    r = s.result
    if r is None:
        return "no result recorded"
    capacity = plan.venues[s.venue].capacity if s.venue in plan.venues else None
    parts = [f"{r.attendance} came" + (f" ({percent(r.attendance, capacity)} of {capacity})"
                                       if capacity else "")]  # fmt: skip
    currency = plan.settings.currency
    if r.takings is not None:
        parts.append(f"{money.show(r.takings, currency)} taken")
    if r.donations is not None:
        parts.append(f"{money.show(r.donations, currency)} donated")
    if r.signups is not None:
        parts.append(f"{r.signups} signed up")
    if r.actions is not None:
        parts.append(f"{r.actions} actions")
    if r.rating is not None:
        parts.append(f"rated {r.rating:.1f}")
    return "; ".join(parts)


def percent(part: int, whole: int | None) -> str:
    """`61%`, rounded half-up; an empty string without a whole."""
    if not whole:
        return ""
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal(1), rounding="ROUND_HALF_UP")
    return f"{value}%"


# -- changes to the plan data (pure, as planning's are) ------------------------------------
def set_result(data: dict[str, Any], sid: str, given: dict[str, Any]) -> dict[str, Any]:
    """The screening's result with the given fields set (others kept); None means not given."""
    s = data["screenings"][sid]
    old = s.get("result", {}) if isinstance(s.get("result"), dict) else {}
    new = {**old, **{k: v for k, v in given.items() if v is not None}}
    return {**data, "screenings": {**data["screenings"], sid: {**s, "result": new}}}


def clear_result(data: dict[str, Any], sid: str) -> dict[str, Any]:
    s = data["screenings"][sid]
    if "result" not in s:
        return data
    kept = {k: v for k, v in s.items() if k != "result"}
    return {**data, "screenings": {**data["screenings"], sid: kept}}


# -- checks ---------------------------------------------------------------------------------
def problems(plan: Plan, today: dt.date) -> Iterator[Problem]:
    """Results that cannot be right, and what is owed after a screening."""
    from screenkit.plan.problems import Problem

    currency = plan.settings.currency
    unpriced: dict[str, list[str]] = {}  # film -> confirmed screenings without fee terms
    for sid, s in plan.screenings.items():
        r = s.result
        if r is not None:
            yield from _result_problems(plan, sid, s, r, today, currency)
        if s.status == "cancelled":
            continue
        if s.status == "confirmed" and s.film in plan.films and fee_terms(plan, sid) is None:
            unpriced.setdefault(s.film, []).append(sid)
    for sid, what, since in overdue(plan, today):
        at = ("screenings", sid)
        if what == "result":
            days = (today - plan.screenings[sid].date).days
            yield Problem(
                "warning",
                (*at, "result"),
                f"held {days} days ago and no result recorded: `screenkit result {sid} "
                "--attendance N --takings AMOUNT …`",
            )
        else:
            yield Problem(
                "warning",
                (*at, "done"),
                f"the box-office return was due {since.isoformat()}: make it with "
                f"`screenkit export return {sid} --final` and send it",
            )
    for film, sids in unpriced.items():  # one warning per film, not one per evening
        shown = _and(sids[:3] + ([f"{len(sids) - 3} more"] if len(sids) > 3 else []))
        yield Problem(
            "warning",
            ("films", film, "fee"),
            f"no licence fee terms, and {shown} {'is' if len(sids) == 1 else 'are'} confirmed: "
            f"`screenkit film update {film} --fee-percent 35 --fee-minimum 100` (or "
            "--fee-amount)",
        )


def overdue(plan: Plan, today: dt.date) -> Iterator[tuple[str, str, dt.date]]:
    """(screening, "result" or "return", due since) for what is owed after each evening that
    went ahead: its result over a day later, then its box-office return once due (the
    `box-office` task, not ticked)."""
    from screenkit.rules.tasks import due_date, specs

    box_office = next((due for tid, due, _ in specs(plan) if tid == "box-office"), None)
    for sid, s in plan.screenings.items():
        if s.status == "cancelled":
            continue
        if s.result is None and (today - s.date).days > NO_RESULT_AFTER_DAYS:
            yield sid, "result", s.date + dt.timedelta(days=NO_RESULT_AFTER_DAYS)
        elif (s.result is not None and box_office is not None and "box-office" not in s.done
              and s.return_made is None):  # fmt: skip
            due = due_date(s.date, box_office)
            if due < today:
                yield sid, "return", due


def _and(items: list[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    return " and ".join([", ".join(items[:-1]), items[-1]]) if len(items) > 1 else items[0]


def _result_problems(
    plan: Plan, sid: str, s: Screening, r: Result, today: dt.date, currency: str
) -> Iterator[Problem]:
    from screenkit.plan.problems import Problem

    at = ("screenings", sid, "result")
    if s.status == "cancelled":
        yield Problem(
            "error",
            at,
            f"the screening is cancelled, so it has no result; remove it with "
            f"`screenkit result {sid} --clear`",
        )
    if s.date > today:
        yield Problem(
            "error",
            at,
            f"the screening is on {s.date.isoformat()}, still ahead; record its result "
            "once it has happened",
        )
    kinds = {k: getattr(r, k) for k in KINDS if getattr(r, k) is not None}
    counted = sum(kinds.values())
    shown = " + ".join(f"{v} {k}" for k, v in kinds.items())
    if counted > r.attendance or (len(kinds) == len(KINDS) and counted != r.attendance):
        yield Problem(
            "error",
            (*at, "attendance"),
            f"{shown} = {counted} admissions, but the attendance is {r.attendance}",
        )
    elif kinds and counted < r.attendance:
        # Some kinds left out: the rest may be them, or not. Said, never taken as known.
        missing = " or ".join(f"--{k}" for k in KINDS if k not in kinds)
        gap = r.attendance - counted
        yield Problem(
            "warning",
            (*at, "attendance"),
            f"{shown} = {counted} admissions of {r.attendance} who came: {gap} of no recorded "
            f"kind; give {missing} if you know them",
        )
    for name in AMOUNTS:
        value = getattr(r, name)
        if value is not None and not money.fits(value, currency):
            yield Problem(
                "error",
                (*at, name),
                f"{value} has more decimal places than {currency} has ({money.places(currency)})",
            )
    capacity = plan.venues[s.venue].capacity if s.venue in plan.venues else None
    if capacity and r.attendance > capacity:
        yield Problem(
            "warning",
            (*at, "attendance"),
            f"attendance {r.attendance} is over the venue's capacity of {capacity}",
        )


def admissions(r: Result) -> str:
    """`60 paid, 20 concessions, 7 free`, or what is known of it."""
    kinds = [f"{getattr(r, k)} {k}" for k in KINDS if getattr(r, k) is not None]
    return ", ".join(kinds) if kinds else "not broken down"


def result_lines(plan: Plan, sid: str) -> list[str]:
    """The result for people (`show`), one fact a line."""
    s = plan.screenings[sid]
    r = s.result
    if r is None:
        return ["no result recorded"]
    currency = plan.settings.currency
    capacity = plan.venues[s.venue].capacity if s.venue in plan.venues else None
    came = f"attendance: {r.attendance}"
    if capacity:
        came += f" of {capacity} ({percent(r.attendance, capacity)})"
    out = [came, f"admissions: {admissions(r)}"]
    if r.takings is not None:
        due = fee_due(plan, sid)
        net = f" ({money.show(due.net, currency)} net of VAT)" if due.vat else ""
        out.append(f"takings: {money.show(r.takings, currency)}{net}")
    if r.donations is not None:
        out.append(f"donations: {money.show(r.donations, currency)}")
    if r.signups is not None:
        out.append(f"sign-ups: {r.signups}")
    if r.actions is not None:
        out.append(f"actions taken: {r.actions}")
    if r.feedback is not None or r.rating is not None:
        slips = f"{r.feedback} slips" if r.feedback is not None else "slips"
        rated = f", average rating {r.rating:.1f}" if r.rating is not None else ""
        out.append(f"feedback: {slips}{rated}")
    out.append(f"licence fee: {fee_due(plan, sid).working}")
    if r.notes:
        out.append(f"notes: {r.notes}")
    return out
