"""Money and the licence fee: exact decimals, rounded half-up to the currency's minor unit."""

import datetime as dt
import tomllib
from decimal import Decimal

import pytest

from screenkit.plan import money
from screenkit.plan.models import Fee, validate_plan
from screenkit.rules import results
from screenkit.rules.checks import check
from tests.support.plans import ROOT

AFTER = ROOT / "examples" / "after-the-tour.toml"
TODAY = dt.date(2026, 11, 25)
D = Decimal


def fee(**terms):
    return Fee.model_validate(terms)


def test_a_flat_fee_is_due_whatever_the_takings():
    due = results.work_fee(fee(amount="85"), D("1375.00"))
    assert (due.due, due.working) == (D("85.00"), "flat fee; due £85.00")


def test_a_percentage_above_the_minimum():
    due = results.work_fee(fee(percent="35", minimum="100.00"), D("412.50"), "GBP", True)
    assert (due.gross, due.vat, due.net) == (D("412.50"), D("68.75"), D("343.75"))
    assert due.percentage == D("120.31")  # 120.3125, rounded half-up to the penny
    assert due.due == D("120.31")
    assert due.working == "35% of £343.75 net = £120.31; minimum £100.00; due £120.31"


def test_a_percentage_below_the_minimum_owes_the_minimum():
    due = results.work_fee(fee(percent="35", minimum="100.00"), D("180.00"), "GBP", True)
    assert (due.net, due.percentage, due.due) == (D("150.00"), D("52.50"), D("100.00"))
    assert due.working == "35% of £150.00 net = £52.50; minimum £100.00; due £100.00"


def test_without_vat_registration_net_is_gross():
    due = results.work_fee(fee(percent="35", minimum="100"), D("412.50"), "GBP", False)
    assert (due.net, due.vat, due.due) == (D("412.50"), D("0.00"), D("144.38"))  # 144.375


def test_rounding_is_half_up_not_half_even():
    # 25% of 0.50 is 0.125: half-even would give 0.12.
    assert results.work_fee(fee(percent="25"), D("0.50")).due == D("0.13")
    # VAT: 10.01 / 1.2 = 8.341666… -> 8.34; 37.5% of it = 3.1275 -> 3.13
    due = results.work_fee(fee(percent="37.5"), D("10.01"), "GBP", True)
    assert (due.net, due.due) == (D("8.34"), D("3.13"))
    assert due.working == "37.5% of £8.34 net = £3.13; due £3.13"


def test_amounts_are_exact_decimals_never_floats():
    # Ten £0.10 tickets are exactly £1.00 (floats would make 0.9999999999999999).
    total = sum((money.parse_amount("0.10") for _ in range(10)), D(0))
    assert total == D("1.00")
    assert results.work_fee(fee(percent="100"), total).due == D("1.00")
    with pytest.raises(ValueError, match="floating-point"):
        money.parse_amount(0.1)


def test_other_currencies_round_to_their_own_minor_unit():
    assert money.show(D("1234.5"), "JPY") == "JPY 1,235"  # no minor unit: 1234.5 -> 1235
    assert money.show(D("1.2345"), "KWD") == "KWD 1.235"
    assert money.show(D("85"), "EUR") == "€85.00"
    assert not money.fits(D("10.5"), "JPY") and money.fits(D("10.50"), "GBP")


@pytest.mark.parametrize(
    "text", ["1e999", "NaN", "nan", "inf", "-5", "+5", "£5", "5.1234", "100000001", "", "1.2.3"]
)
def test_hostile_amounts_are_refused(text):
    with pytest.raises(ValueError):
        money.parse_amount(text)


def test_amounts_people_type_are_read():
    assert money.parse_amount(" 1,234.50 ") == D("1234.50")
    assert money.parse_amount(412) == D(412)
    with pytest.raises(ValueError):
        money.parse_amount(D("NaN"))


@pytest.mark.parametrize("terms", [{}, {"amount": "85", "percent": "35"},
                                   {"amount": "85", "minimum": "10"}, {"percent": "0"},
                                   {"percent": "101"}, {"percent": 35.5}])  # fmt: skip
def test_fee_terms_must_make_sense(terms):
    with pytest.raises(ValueError):
        fee(**terms)


def after(change=None):
    data = tomllib.loads(AFTER.read_text())
    if change:
        change(data)
    return validate_plan(data)


def test_the_screenings_own_terms_win_over_the_films():
    plan = after()
    assert results.fee_due(plan, "rio").working == "flat fee; due £85.00"
    assert results.fee_due(plan, "ica-preview").due == D("329.00")  # 35% of 940.00


def test_held_is_derived_and_status_stays():
    plan = after()
    s = plan.screenings
    assert results.held(s["clapham"], TODAY) and s["clapham"].status == "confirmed"
    assert not results.held(s["east-finchley"], TODAY)  # cancelled
    assert not results.held(s["clapham"], dt.date(2026, 10, 8))  # before its date


def problems(change=None, today=TODAY):
    return [(p.severity, p.where, p.message) for p in check(after(change), today)]


def test_the_after_the_tour_example_warns_only_about_its_overdue_return():
    assert problems() == [
        ("warning", "screenings.clapham.done", "2 task(s) overdue: box-office, pay-licence"),
        ("warning", "screenings.clapham.done",
         "the box-office return was due 2026-10-16: make it with `screenkit export return "
         "clapham --final` and send it"),
    ]  # fmt: skip


def result(sid, **values):
    return lambda d: d["screenings"][sid].setdefault("result", {}).update(values)


CASES = {
    "cancelled with a result": (
        lambda d: d["screenings"]["east-finchley"].update(result={"attendance": 3}),
        (
            "error",
            "screenings.east-finchley.result",
            "the screening is cancelled, so it has no result; remove it with `screenkit result "
            "east-finchley --clear`",
        ),
    ),
    "future with a result": (
        lambda d: d["screenings"]["lexi"].update(date=dt.date(2026, 12, 1)),
        (
            "error",
            "screenings.lexi.result",
            "the screening is on 2026-12-01, still ahead; record its result once it has happened",
        ),
    ),
    "kinds over attendance": (
        result("clapham", free=40),
        (
            "error",
            "screenings.clapham.result.attendance",
            "45 paid + 30 concessions + 40 free = 115 admissions, but the attendance is 97",
        ),
    ),
    "kinds under attendance": (
        result("clapham", free=2),
        (
            "error",
            "screenings.clapham.result.attendance",
            "45 paid + 30 concessions + 2 free = 77 admissions, but the attendance is 97",
        ),
    ),
    "pence in yen": (
        lambda d: d["settings"].update(currency="JPY"),
        (
            "error",
            "screenings.clapham.result.takings",
            "412.50 has more decimal places than JPY has (0)",
        ),
    ),
    "over capacity": (
        result("lexi", attendance=95),
        (
            "warning",
            "screenings.lexi.result.attendance",
            "attendance 95 is over the venue's capacity of 80",
        ),
    ),
    "no result a week later": (
        lambda d: d["screenings"]["lexi"].pop("result"),
        (
            "warning",
            "screenings.lexi.result",
            "held 6 days ago and no result recorded: `screenkit result lexi --attendance N "
            "--takings AMOUNT …`",
        ),
    ),
    "no fee terms": (
        lambda d: d["films"]["return-to-homs"].pop("fee"),
        (
            "warning",
            "films.return-to-homs.fee",
            "no licence fee terms, and ica-preview, clapham and lexi are confirmed: `screenkit "
            "film update return-to-homs --fee-percent 35 --fee-minimum 100` (or --fee-amount)",
        ),
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_each_check_after_the_screening(case):
    change, expected = CASES[case]
    assert expected in problems(change)


def test_no_result_is_asked_for_only_after_a_day():
    def unrecorded(d):
        d["screenings"]["lexi"].pop("result")

    assert not any(w == "screenings.lexi.result" for _, w, _ in
                   problems(unrecorded, dt.date(2026, 11, 20)))  # fmt: skip
    assert any(w == "screenings.lexi.result" for _, w, _ in
               problems(unrecorded, dt.date(2026, 11, 21)))  # fmt: skip


def test_a_result_ticks_the_record_task_and_what_led_up_to_it():
    from screenkit.rules.tasks import tasks_for

    plan = after()
    tasks = {t.id: t for t in tasks_for(plan, "lexi")}
    assert tasks["result"].done and tasks["licence"].done and tasks["count"].done
    assert not tasks["box-office"].done and not tasks["pay-licence"].done
    unrecorded = after(lambda d: d["screenings"]["lexi"].pop("result"))
    assert not {t.id: t for t in tasks_for(unrecorded, "lexi")}["result"].done


def test_the_currency_is_an_iso_4217_code():
    from screenkit.errors import PlanError

    with pytest.raises(PlanError, match=r"settings.currency: 'XYZ' is not an ISO 4217"):
        after(lambda d: d["settings"].update(currency="XYZ"))
    euro = after(lambda d: d["settings"].update(currency="EUR", vat_registered=False))
    assert results.fee_due(euro, "clapham").working == (
        "35% of €412.50 net = €144.38; minimum €100.00; due €144.38"
    )


def test_amounts_in_the_plan_must_not_be_floats():
    from screenkit.errors import PlanError

    with pytest.raises(PlanError, match=r"screenings.clapham.result.takings: 412.5 is a floating"):
        after(result("clapham", takings=412.5))
