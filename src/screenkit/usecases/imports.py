"""Import: a whole tour from a spreadsheet (CSV) or from `screenkit list --json` output."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO, Literal

from screenkit.edits.importing import MAX_BYTES, Import, Report, read, too_big
from screenkit.errors import InputError
from screenkit.usecases.workspace import Workspace

ON_EXISTING = ("error", "skip", "update")
FORMATS = ("csv", "json")


def read_source(source: str, stdin: BinaryIO | None = None) -> bytes:
    """The file's bytes (`-` is `stdin`), never more than the limit in memory."""
    from screenkit import inputfiles

    return inputfiles.read(source, stdin, MAX_BYTES, too_big, "a CSV or JSON file")


def sniff(source: str, raw: bytes, fmt: str | None) -> str:
    """The format asked for, else the file's extension, else the content's first character."""
    if fmt is None:
        suffix = Path(source).suffix.lower().lstrip(".")
        # stdin or an unusual name: JSON starts with [ or {
        looks_like = "json" if raw.lstrip()[:1] in (b"[", b"{") else "csv"
        fmt = suffix if suffix in FORMATS else looks_like
    if fmt not in FORMATS:
        raise InputError(f"format: {fmt!r} is not one of {', '.join(FORMATS)}")
    return fmt


def run(
    ws: Workspace,
    source: str,
    *,
    fmt: str | None = None,
    on_existing: str = "error",
    dry_run: bool = False,
    stdin: BinaryIO | None = None,
) -> Report:
    """Import every row or none; `dry_run` works it all out and writes nothing."""
    if on_existing not in ON_EXISTING:
        raise InputError(f"on existing: {on_existing!r} is not one of {', '.join(ON_EXISTING)}")
    raw = read_source(source, stdin)
    name = "stdin" if source == "-" else source
    rows = read(raw, sniff(source, raw, fmt), name)
    mode: Literal["error", "skip", "update"] = on_existing  # type: ignore[assignment]
    with ws.progress("importing", len(rows)) as step:
        job = Import(rows, mode, ws.new_uid, step)
        edited = ws.edit(job, write=not dry_run, explain=job, invitations=True)
    report = edited.result
    report.warnings = edited.warnings
    return report
