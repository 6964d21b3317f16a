"""After the screening: record what happened, and make the box-office return, the tour's
impact report and the audience's feedback slips.

The three exports only read the plan (they carry no calendar identity), so it is never
written; `result` changes it through the store like every other command.
"""

from __future__ import annotations

from typing import Any

from screenkit.delivery import build
from screenkit.delivery.targets import Target
from screenkit.errors import InputError
from screenkit.output import Output
from screenkit.plan.models import Plan
from screenkit.plan.problems import Problem
from screenkit.planfile import store
from screenkit.usecases.exports import Exported
from screenkit.usecases.workspace import Changed, Workspace, require_screening

MEDIA_TYPES = {**build.MEDIA_TYPES, "csv": "text/csv"}


def _known(plan: Plan, sid: str) -> None:
    require_screening(plan, sid)


def _values(plan: Plan, sid: str, given: dict[str, Any]) -> dict[str, Any]:
    """The typed options as plan values: amounts exact in the plan's currency, as text."""
    from screenkit.plan import money, values

    where = f"screenings.{sid}.result"
    currency = plan.settings.currency
    out = dict(given)
    for name in ("takings", "donations"):
        text = out.get(name)
        if text is None:
            continue
        try:
            amount = money.parse_amount(text)
        except ValueError as exc:
            raise InputError(f"{where}.{name}: {exc}") from None
        if not money.fits(amount, currency):
            raise InputError(
                f"{where}.{name}: {text!r} has more decimal places than {currency} has "
                f"({money.places(currency)})"
            )
        out[name] = money.plain(amount, currency)
    if out.get("rating") is not None:
        try:  # a number in the plan, not the text typed; the model's own rule
            out["rating"] = values.parse_rating(str(out["rating"]))
        except ValueError as exc:
            raise InputError(f"{where}.rating: {exc}") from None
    notes = out.get("notes")
    if isinstance(notes, str):
        out["notes"] = notes.strip() or None
    return out


def record_result(
    ws: Workspace, sid: str, given: dict[str, Any], *, clear: bool = False
) -> Changed:
    """Store what happened at a screening (given fields replace those recorded, the rest
    stay), or with `clear` remove the result. A cancelled or future screening has none."""
    from screenkit.rules import results

    given = {k: v for k, v in given.items() if v is not None}
    if clear and given:
        raise InputError("--clear removes the result; give it alone, without other options")
    if not clear and not given:
        raise InputError("give what happened: --attendance N and any of the other options")

    def change(data: dict[str, Any], plan: Plan) -> tuple[dict[str, Any], bool]:
        _known(plan, sid)
        s = plan.screenings[sid]
        if clear:
            return results.clear_result(data, sid), s.result is not None
        if s.status == "cancelled":
            raise InputError(
                f"screenings.{sid}: cancelled, so it has no result; reinstate it first with "
                f"`screenkit update {sid} --status confirmed`"
            )
        if s.date > ws.today:
            raise InputError(
                f"screenings.{sid}: on {s.date.isoformat()}, still ahead; record its result "
                "once it has happened"
            )
        if s.result is None and "attendance" not in given:
            raise InputError(f"screenings.{sid}.result: a first result needs --attendance N")
        return results.set_result(data, sid, _values(plan, sid, given)), True

    edited = ws.edit(change)
    return Changed(sid, edited.warnings, notices=edited.notices, changed=edited.result)


# -- exports --------------------------------------------------------------------------------
def _deliver(target: Target, output: Output, plan: Plan, ws: Workspace) -> Exported:
    from screenkit.rules.checks import check
    from screenkit.usecases.delivering import write

    delivery = write(target, [output])
    warnings = [p for p in check(plan, ws.today) if p.severity == "warning"]
    return Exported(delivery, {}, warnings)


def _relevant(warnings: list[Problem], sid: str | None) -> list[Problem]:
    """Warnings about the screening (or the fees and results) the export is about."""
    keep = []
    for p in warnings:
        mine = p.screening == sid if sid is not None else p.field == "result"
        if mine or (p.loc[0] == "films" and p.field == "fee"):
            keep.append(p)
    return keep


def export_return(ws: Workspace, sid: str, fmt: str, target: Target, *,
                  final: bool = False) -> Exported:  # fmt: skip
    """The box-office return of a held screening, for its distributor. Only the `final` one
    (the one that goes to the distributor) is recorded as made: a preview records nothing."""
    from screenkit.documents import boxoffice

    plan = store.load(ws.plan)
    _known(plan, sid)
    content = boxoffice.render(plan, sid, fmt, ws.today)
    done = _deliver(target, Output(f"return-{sid}.{fmt}", content, "return",
                                   MEDIA_TYPES[fmt], (sid,)), plan, ws)  # fmt: skip
    done.warnings = _relevant(done.warnings, sid)
    if final and not done.delivery.failed and plan.screenings[sid].return_made is None:
        # The return exists now: its task is settled, and `status` stops asking for it.
        def made(data: dict[str, Any], _: Plan) -> tuple[dict[str, Any], None]:
            from screenkit.edits import keypaths

            return keypaths.set_value(data, ("screenings", sid, "return_made"), ws.today), None

        ws.edit(made)
    return done


def export_report(ws: Workspace, fmt: str, target: Target) -> Exported:
    """The tour's impact report: every held screening, totals and a chart."""
    from screenkit.documents import impact

    plan = store.load(ws.plan)
    content = impact.render(plan, fmt, ws.today)
    done = _deliver(target, Output(f"report.{fmt}", content, "report", MEDIA_TYPES[fmt]),
                    plan, ws)  # fmt: skip
    done.warnings = _relevant(done.warnings, None)
    return done


def export_feedback(ws: Workspace, sid: str, target: Target) -> Exported:
    """Printable feedback slips for a screening's audience, four to an A4 page."""
    from screenkit.documents import feedback

    plan = store.load(ws.plan)
    _known(plan, sid)
    content = feedback.render(plan, sid)
    done = _deliver(target, Output(f"feedback-{sid}.html", content, "feedback", "text/html",
                                   (sid,)), plan, ws)  # fmt: skip
    done.warnings = []
    return done
