"""Command-line options made from `fields`: each record field becomes one option, with the
same name, help and value type in `add`, `update` and `new`, so none is spelled twice. The
arguments and options several other commands share are spelled once here too."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from screenkit.plan.fields import FIELDS, Field

# -- shared by several commands
ID = Annotated[str, typer.Argument(metavar="ID", help="The screening.", show_default=False)]
IDS = Annotated[
    list[str] | None,
    typer.Argument(metavar="[IDS]...", help="Screening ids; all if none.", show_default=False),
]
EML = Annotated[
    Path | None,
    typer.Option("--eml", metavar="DIR", help="Write the messages as .eml files instead."),
]
# One flag, two servers: the same spelling, and help that names the connection it allows.
_INSECURE = "--insecure"
SMTP_INSECURE = Annotated[
    bool, typer.Option(_INSECURE, help="Allow a password over smtp:// (no encryption).")
]
HTTP_INSECURE = Annotated[
    bool, typer.Option(_INSECURE, help="Allow a password over http:// to another machine.")
]


# -- made from `fields`
# Decimals are read as text and made numbers by `fields.normalise` (or the use case), so that
# `nan`, `1e999` and `4.50` are judged by the plan's own rules, not by float().
_TYPES: dict[str, Any] = {
    "int": int,
    "bool": bool,
    "list": list[str],
}


def _option(f: Field, *, required: bool) -> inspect.Parameter:
    kind = _TYPES.get(f.kind, str)
    names = [f.option, *f.aliases]
    if f.kind == "bool":
        names = [f"{f.option}/--no-{f.option[2:]}"]
    info = typer.Option(
        *names,
        help=f.describe(),
        metavar=f.metavar or None,
        show_default=False,
    )
    annotation = Annotated[kind if required else kind | None, info]  # type: ignore[valid-type]
    default = inspect.Parameter.empty if required else None
    return inspect.Parameter(
        f.name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation
    )


def record_options(record: str, *, add: bool = False) -> list[inspect.Parameter]:
    """Options for every field of `record`; with `add`, the required ones are required."""
    from screenkit.plan.fields import required

    derivable = {f.name for f in FIELDS[record] if f.derivable}
    return options_for(FIELDS[record], set(required(record)) - derivable if add else set())


def options_for(table: tuple[Field, ...], needed: set[str] = set()) -> list[inspect.Parameter]:  # noqa: B006
    """Options for a table of fields (a record's, or a result's)."""
    return [_option(f, required=f.name in needed) for f in table]


def clear_option(record: str) -> inspect.Parameter:
    clearable = [f.name.replace("_", "-") for f in FIELDS[record] if not f.required]
    info = typer.Option(
        "--clear",
        help=f"Remove a field: {', '.join(clearable)}. Repeat for more.",
        metavar="FIELD",
        show_default=False,
    )
    return inspect.Parameter(
        "clear",
        inspect.Parameter.KEYWORD_ONLY,
        default=None,
        annotation=Annotated[list[str] | None, info],
    )


def command(
    handler: Callable[..., Any],
    params: list[inspect.Parameter],
    doc: str,
    name: str,
) -> Callable[..., Any]:
    """A function Typer can read: `params` as its signature, calling `handler(**values)`."""

    def run(**values: Any) -> Any:
        return handler(**values)

    ctx = inspect.Parameter("ctx", inspect.Parameter.POSITIONAL_OR_KEYWORD,
                            annotation=typer.Context)  # fmt: skip
    positional = [p for p in params if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD]
    keyword = [p for p in params if p.kind is not inspect.Parameter.POSITIONAL_OR_KEYWORD]
    signature = inspect.Signature([ctx, *positional, *keyword])
    run.__signature__ = signature  # type: ignore[attr-defined]
    run.__annotations__ = {p.name: p.annotation for p in signature.parameters.values()}
    run.__doc__ = doc
    run.__name__ = name
    return run


def argument(name: str, metavar: str, help: str, *, many: bool = False) -> inspect.Parameter:
    """A positional argument; `many` takes one or more."""
    kind = list[str] if many else str
    info = typer.Argument(metavar=metavar, help=help, show_default=False)
    return inspect.Parameter(
        name,
        inspect.Parameter.POSITIONAL_OR_KEYWORD,
        annotation=Annotated[kind, info],
    )


def flag(name: str, option: str, help: str) -> inspect.Parameter:
    info = typer.Option(option, help=help, show_default=False)
    return inspect.Parameter(
        name, inspect.Parameter.KEYWORD_ONLY, default=False, annotation=Annotated[bool, info]
    )
