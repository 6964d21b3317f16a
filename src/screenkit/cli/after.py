"""`result`, and `export return|report|feedback`: after the screening."""

from __future__ import annotations

import inspect
from typing import Annotated, Any

import typer

from screenkit.cli import options
from screenkit.cli.exports import OUTPUT, _report, _target, export_app
from screenkit.cli.ui import env
from screenkit.fields import RESULT

ID = Annotated[str, typer.Argument(metavar="ID", help="The screening.", show_default=False)]


def _result_options() -> list[inspect.Parameter]:
    """One option per result field (fields.RESULT), amounts read as text to stay exact."""
    return options.options_for(RESULT)


def result(ctx: typer.Context, sid: str, clear: bool, **given: Any) -> None:
    from screenkit.usecases import after

    e = env(ctx)
    done = after.record_result(e.workspace(), sid, given, clear=clear)
    e.warn_problems(done.warnings)
    if clear:
        e.say(f"removed the result of {sid}" if done.changed else f"{sid} had no result")
    else:
        e.say(f"recorded the result of {sid}")


RESULT_HELP = (
    "Record what happened at a screening: attendance, admissions by kind, takings, "
    "donations, sign-ups, feedback. Options given replace what is recorded; the rest stay. "
    "Amounts are exact, in the plan's currency (settings.currency, default GBP).\n\n"
    "Example: screenkit result clapham --attendance 97 --paid 45 --concessions 30 --free 22 "
    "--takings 412.50 --donations 96 --signups 23 --rating 4.4"
)

FORMAT = Annotated[str, typer.Option("--format", metavar="html|txt|csv", help="The format.")]


@export_app.command("return")
def export_return(ctx: typer.Context, sid: ID, fmt: FORMAT = "html", output: OUTPUT = None) -> None:
    """Write a held screening's box-office return for the distributor: admissions, gross and
    net takings, and the licence fee due with its working. The HTML prints on one A4 page.

    Example: screenkit export return clapham -o clapham-return.html
    """
    from screenkit.usecases import after

    e = env(ctx)
    _report(e, after.export_return(e.workspace(), sid, fmt, _target(e, file=output)))


@export_app.command("report")
def export_report(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", metavar="html|md|csv", help="The format.")] = (
        "html"
    ),
    output: OUTPUT = None,
) -> None:
    """Write the tour's impact report: each held screening's attendance against capacity,
    takings, donations, sign-ups and rating, totals, cancellations and a chart.

    Example: screenkit export report --format md -o report.md
    """
    from screenkit.usecases import after

    e = env(ctx)
    _report(e, after.export_report(e.workspace(), fmt, _target(e, file=output)))


@export_app.command("feedback")
def export_feedback(ctx: typer.Context, sid: ID, output: OUTPUT = None) -> None:
    """Write printable audience feedback slips for a screening, four to an A4 page to cut:
    a 1-5 rating, what people will do next (the campaign actions) and an opt-in for contact.

    Example: screenkit export feedback clapham -o slips.html
    """
    from screenkit.usecases import after

    e = env(ctx)
    _report(e, after.export_feedback(e.workspace(), sid, _target(e, file=output)))


def register(app: typer.Typer) -> None:
    sid = options.argument("sid", "ID", "The screening.")
    clear = options.flag("clear", "--clear", "Remove the recorded result.")
    app.command("result")(
        options.command(result, [sid, clear, *_result_options()], RESULT_HELP, "result")
    )
