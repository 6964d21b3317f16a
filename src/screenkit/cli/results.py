"""`result`: what happened at a screening."""

from __future__ import annotations

import inspect
from typing import Any

import typer

from screenkit.cli import options
from screenkit.cli.ui import env
from screenkit.plan.fields import RESULT


def _result_options() -> list[inspect.Parameter]:
    """One option per result field (fields.RESULT), amounts read as text to stay exact."""
    return options.options_for(RESULT)


def result(ctx: typer.Context, sid: str, clear: bool, **given: Any) -> None:
    from screenkit.usecases import after

    e = env(ctx)
    done = after.record_result(e.workspace(), sid, given, clear=clear)
    e.report(done)
    if clear:
        e.say(f"removed the result of {sid}" if done.changed else f"{sid} had no result")
    else:
        e.say(f"recorded the result of {sid}")


RESULT_HELP = (
    "Record what happened at a screening. Attendance, admissions by kind, takings, "
    "donations, sign-ups, feedback. Options given replace what is recorded; the rest stay. "
    "Amounts are exact, in the plan's currency (settings.currency, default GBP).\n\n"
    "Example: screenkit result clapham --attendance 97 --paid 45 --concessions 30 --free 22 "
    "--takings 412.50 --donations 96 --signups 23 --rating 4.4"
)


def register(app: typer.Typer) -> None:
    sid = options.argument("sid", "ID", "The screening.")
    clear = options.flag("clear", "--clear", "Remove the recorded result.")
    app.command("result")(
        options.command(result, [sid, clear, *_result_options()], RESULT_HELP, "result")
    )
