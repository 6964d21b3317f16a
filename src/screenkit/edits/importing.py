"""Setting up a whole tour from a spreadsheet (CSV) or from `screenkit list --json` output.

One row is one screening. Its columns name the film, venue and speakers by id and may carry
their details, which create them or must agree with what the plan already has. The whole
import is worked out in memory and validated before anything is written; every problem is
reported with its row (as a spreadsheet numbers it: the header is row 1) and column.
`on_existing` says what a row does to a screening (or a detail) that already exists: stop with
an error, skip it, or update it, so re-running an import is safe.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from screenkit.errors import InputError
from screenkit.plan import fields as record_fields
from screenkit.plan import values

if TYPE_CHECKING:
    from screenkit.plan.problems import Problem

OnExisting = Literal["error", "skip", "update"]
Row = dict[str, Any]
Data = dict[str, Any]
Where = tuple[str, ...]

MAX_BYTES = 8 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 200
MAX_FIELD = 64 * 1024
MAX_ERRORS = 40

# column -> path inside the record it describes, from the one definition of the fields
FILM = record_fields.columns("film")
VENUE = record_fields.columns("venue")
SPEAKER = record_fields.columns("speaker")  # details of the first speaker in `speakers`
SCREENING = {"id": ("id",), "uid": ("uid",), **record_fields.columns("screening")}
# What happened at the screening (`screenkit result`), as fields.RESULT names the columns.
RESULT = {record_fields.column("screening", f): f.path for f in record_fields.RESULT}
# Derived fields that `list --json` prints and an import ignores.
DERIVED = {"end", "end_date", "timezone", "speaker_names", "held", "rsvp"}
COLUMNS = [*SCREENING, *FILM, *VENUE, *SPEAKER, *RESULT]


def _of_kind(*kinds: str) -> set[str]:
    found = set()
    for record, columns in (("film", FILM), ("venue", VENUE), ("speaker", SPEAKER),
                            ("screening", SCREENING)):  # fmt: skip
        paths = {f.path: f for f in record_fields.FIELDS[record]}
        found |= {c for c, p in columns.items() if p in paths and paths[p].kind in kinds}
    results = {f.path: f for f in record_fields.RESULT}
    return found | {c for c, p in RESULT.items() if results[p].kind in kinds}


INTS = _of_kind("int", "duration")
FLOATS = _of_kind("float")
BOOLS = _of_kind("bool")
LISTS = _of_kind("list")
CLOCKS = _of_kind("clock")
AMOUNTS = _of_kind("amount")  # exact, kept as text: "1,234.50" -> "1234.50"
TRUE, FALSE = {"yes", "y", "true", "1"}, {"no", "n", "false", "0"}


class RowError(InputError):
    """Problems found in the rows; nothing was imported."""


def _too_many(lines: list[str]) -> list[str]:
    if len(lines) <= MAX_ERRORS:
        return lines
    return [*lines[:MAX_ERRORS], f"… and {len(lines) - MAX_ERRORS} more problems"]


# -- reading -------------------------------------------------------------------------------
def too_big(source: str, size: int | None) -> InputError:
    what = f"{size / 1024 / 1024:.1f} MB is" if size else "it is"
    return InputError(
        f"{source}: {what} over the {MAX_BYTES // 1024 // 1024} MB limit for one import; "
        "split the file"
    )


def read(raw: bytes, fmt: str, source: str) -> list[tuple[int, Row]]:
    """Rows as (spreadsheet row number, {column: value}) with empty cells dropped."""
    if len(raw) > MAX_BYTES:
        raise too_big(source, None)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{source}: not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
    rows = _read_json(text, source) if fmt == "json" else _read_csv(text, source)
    if len(rows) > MAX_ROWS:
        raise InputError(f"{source}: {len(rows)} rows is over the limit of {MAX_ROWS}")
    return rows


def _known(columns: Iterable[str], source: str) -> None:
    unknown = sorted(set(columns) - set(COLUMNS) - DERIVED)
    if unknown:
        raise InputError(
            f"{source}: unknown column(s) {', '.join(unknown)}; "
            f"screenkit knows: {', '.join(COLUMNS)}"
        )


def _read_csv(text: str, source: str) -> list[tuple[int, Row]]:
    csv.field_size_limit(MAX_FIELD)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            raise InputError(f"{source}: empty; the first row must name the columns")
        if len(header) > MAX_COLUMNS:
            raise InputError(
                f"{source}: the header has {len(header)} columns; at most {MAX_COLUMNS}"
            )
        header = [h.strip().lower().replace(" ", "_").replace("-", "_") for h in header]
        _known([h for h in header if h], source)
        duplicated = sorted({h for h in header if header.count(h) > 1})
        if duplicated:
            raise InputError(f"{source}: column(s) named twice: {', '.join(duplicated)}")
        # Derived columns (`list --json` prints them) and unnamed ones are read as None,
        # dropped below.
        names = [h if h and h not in DERIVED else None for h in header]
        rows: list[tuple[int, dict[str, Any]]] = []
        for number, cells in enumerate(reader, start=2):  # as a spreadsheet numbers rows
            if len(rows) >= MAX_ROWS:
                raise InputError(f"{source}: over the limit of {MAX_ROWS} rows")
            if len(cells) > len(names):
                raise InputError(
                    f"{source}: row {number} has {len(cells)} cells but the header "
                    f"names {len(names)} columns"
                )
            row = {h: c for h, c in zip(names, map(str.strip, cells), strict=False) if c and h}
            if row:
                rows.append((number, row))
        return rows
    except csv.Error as exc:
        raise InputError(f"{source}: not readable as CSV (row {reader.line_num}): {exc}") from None


class _LongNumber(Exception):
    def __init__(self, digits: int) -> None:
        self.digits = digits


MAX_DIGITS = 100  # in a JSON number: far past any bound, far short of Python's 4,300


def _json_int(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > MAX_DIGITS:
        raise _LongNumber(digits)
    return int(text)


def _read_json(text: str, source: str) -> list[tuple[int, Row]]:
    try:
        value = json.loads(text, parse_int=_json_int)
    except json.JSONDecodeError as exc:
        raise InputError(f"{source}: not valid JSON: {exc}") from None
    except _LongNumber as exc:
        raise InputError(
            f"{source}: holds a number with {exc.digits:,} digits; no value screenkit reads "
            f"has more than {MAX_DIGITS}"
        ) from None
    except RecursionError:
        raise InputError(
            f"{source}: nested too deeply (lists or objects inside one another hundreds of "
            "levels down); an import is a list of flat objects, as `screenkit list --json` "
            "prints"
        ) from None
    if isinstance(value, dict):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise InputError(
            f"{source}: expected a list of screenings, as `screenkit list --json` prints"
        )
    rows = []
    for i, item in enumerate(value, start=1):
        if len(item) > MAX_COLUMNS:
            raise InputError(f"{source}: item {i} has {len(item)} keys; at most {MAX_COLUMNS}")
        item = _flat_result(item)
        _known(item, source)
        rows.append((i, {k: v for k, v in item.items() if k not in DERIVED and not _empty(v)}))
    return rows


def _flat_result(item: Row) -> Row:
    """`list --json` nests the result (`"result": {"attendance": 87, …}`); rows hold it as
    columns."""
    result = item.get("result")
    if not isinstance(result, dict):
        return {k: v for k, v in item.items() if k != "result" or v is not None}
    columns = {path[0]: column for column, path in RESULT.items()}
    flat = {k: v for k, v in item.items() if k != "result"}
    for key, value in result.items():
        flat[columns.get(key, f"result_{key}")] = value
    return flat


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, (str, list)) and not value)


# -- turning rows into plan data -----------------------------------------------------------
@dataclass
class Report:
    created: dict[str, list[str]] = field(default_factory=dict)  # collection -> ids
    updated: dict[str, list[str]] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)  # screening ids
    warnings: list[Any] = field(default_factory=list)  # what the import brought to `check`
    _seen: set[tuple[int, str, str]] = field(default_factory=set, repr=False, compare=False)

    def add(self, kind: dict[str, list[str]], collection: str, rid: str) -> None:
        key = (id(kind), collection, rid)
        if key not in self._seen:  # a set: a list's `in` made a big import quadratic
            self._seen.add(key)
            kind.setdefault(collection, []).append(rid)

    def lines(self, dry_run: bool) -> list[str]:
        verb = ("would create", "would update", "would skip") if dry_run else (
            "created", "updated", "skipped")  # fmt: skip
        out = []
        for collection in ("films", "venues", "speakers", "screenings"):
            for rid in self.created.get(collection, []):
                out.append(f"{verb[0]} {collection}.{rid}")
            for rid in self.updated.get(collection, []):
                out.append(f"{verb[1]} {collection}.{rid}")
        out += [f"{verb[2]} screenings.{sid} (exists)" for sid in self.skipped]
        return out


# -- cells to plan values --------------------------------------------------------------------
# A cell becomes the value the plan holds (text from a spreadsheet to a number, a date, a
# list). What does not convert is left as it is for validation, which applies the plan's own
# rules and names the cell; only what the import itself needs (ids, the date, lists) or what
# validation could not name (a list where one value belongs) is refused here.
def _shown(value: Any) -> str:
    return "an object" if isinstance(value, dict) else values.show(value)


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)  # a postcode or certificate a JSON writer took for a number
    raise ValueError(f"{_shown(value)} is not text; write it in quotes")


def _key(value: Any) -> str:
    text = _text(value)
    values.check_id(text)
    return text


def _whole(value: Any) -> Any:
    try:
        return values.whole_number(value)
    except ValueError:
        return value


def _decimal(value: Any) -> Any:
    try:
        return values.number(value)
    except ValueError:
        return value


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and (word := value.strip().lower()) in TRUE | FALSE:
        return word in TRUE
    raise ValueError(f"{_shown(value)} is not yes or no; write yes or no (or true or false)")


def _clock(value: Any) -> Any:
    try:
        return values.format_clock(values.parse_clock(value))
    except ValueError:
        return value


def _amount(value: Any) -> Any:
    from screenkit.plan.money import parse_amount

    try:
        return f"{parse_amount(value):f}"
    except ValueError:
        return value


def _list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [part.strip() for part in value.split(";") if part.strip()]
    if not isinstance(value, list):
        raise ValueError(
            f"{_shown(value)} is not a list; give a list of strings, or text with the items "
            "separated by ;"
        )
    for i, item in enumerate(value):
        if not isinstance(item, str):
            raise ValueError(f"item {i + 1} is {_shown(item)}, not text; write it in quotes")
    return [item.strip() for item in value if item.strip()]


CONVERT: dict[str, Callable[[Any], Any]] = {
    **{column: _text for column in COLUMNS},
    **{column: _key for column in ("id", "film", "venue", "host")},
    **{column: _whole for column in INTS},
    **{column: _decimal for column in FLOATS},
    **{column: _flag for column in BOOLS},
    **{column: _clock for column in CLOCKS},
    **{column: _amount for column in AMOUNTS},
    **{column: _list for column in LISTS},
    "date": values.parse_date,
}
TYPED = frozenset(c for c, convert in CONVERT.items() if convert is not _text)


def _convert(column: str, value: Any) -> Any:
    """Spreadsheet text (or a JSON value) to the plan's value; ValueError names the problem."""
    if isinstance(value, (dict, list)) and column not in LISTS:
        raise ValueError(f"{_shown(value)} where one value belongs; give a single value")
    return CONVERT[column](value)


def _nest(columns: dict[str, Where], row: Row) -> tuple[Data, dict[Where, str]]:
    """The record a row describes, and which column set each field."""
    record: Data = {}
    source: dict[Where, str] = {}
    for column, path in columns.items():
        if column in row:
            target = record
            for part in path[:-1]:
                target = target.setdefault(part, {})
            target[path[-1]] = row[column]
            source[path] = column
    return record, source


def _merge(old: Data, new: Data) -> Data:
    from screenkit.edits.changes import merge

    return merge(old, new)


def _conflicts(old: Data, new: Data, prefix: Where = ()) -> list[Where]:
    found = []
    for key, value in new.items():
        if isinstance(value, dict) and isinstance(old.get(key), dict):
            found += _conflicts(old[key], value, (*prefix, key))
        elif key in old and old[key] != value:
            found.append((*prefix, key))
    return found


class Importer:
    def __init__(self, data: Data, on_existing: OnExisting, new_uid: Callable[[], str]) -> None:
        self.data = {k: (dict(v) if isinstance(v, dict) else v) for k, v in data.items()}
        for collection in ("films", "venues", "speakers", "screenings"):
            self.data[collection] = dict(data.get(collection, {}))
        self.original = data
        self.on_existing = on_existing
        self.new_uid = new_uid
        self.report = Report()
        self.errors: list[str] = []
        # plan location -> (row, column) that set it, to name the cell behind a problem
        self.cells: dict[Where, tuple[int, str]] = {}
        self.rows: dict[Where, int] = {}
        self.made_here: set[Where] = set()
        self.auto_ids: dict[tuple[str, Any], int] = {}
        self.agreed: dict[Where, tuple[Any, ...]] = {}  # record -> details a row agreed on
        self.converted: dict[tuple[str, str], Any] = {}  # (column, cell) -> plan value

    def error(self, row: int, column: str | None, message: str) -> None:
        where = f"row {row}, column {column}" if column else f"row {row}"
        self.errors.append(f"{where}: {message}")

    def run(self, rows: Iterable[tuple[int, Row]], step: Callable[[], None]) -> Data:
        for number, raw in rows:
            step()
            errors_before = len(self.errors)
            row = dict(raw)
            # Text stays text: only the columns that hold something else, and values that
            # are not text (from JSON), need converting.
            todo = raw.keys() if set(map(type, raw.values())) - {str} else raw.keys() & TYPED
            for column in todo:
                value = raw[column]
                # The same cells come back row after row (a runtime, a date, yes): convert
                # each once. Lists are made anew, as each screening owns its own.
                cached = (column, value) if type(value) is str and column not in LISTS else None
                if cached is not None and cached in self.converted:
                    row[column] = self.converted[cached]
                    continue
                try:
                    row[column] = _convert(column, value)
                except ValueError as exc:
                    self.error(number, column, str(exc))
                    continue
                if cached is not None:
                    self.converted[cached] = row[column]
            if len(self.errors) == errors_before:  # a cell that did not convert says enough
                self._row(number, row)
        for collection in ("films", "venues", "speakers", "screenings"):
            if not self.data[collection] and collection not in self.original:
                del self.data[collection]  # no empty [films] table in the file
        return self.data

    def _record(
        self, number: int, row: Row, collection: str, rid: str, columns: dict[str, Where]
    ) -> bool:
        """Create the record a row names, or check its details against the one there is;
        False when the row is wrong."""
        key = (collection, rid)
        # A tour names the same film and venues row after row, mostly with the same details:
        # those agree with the record as the first such row left it.
        signature = tuple(map(row.get, columns))
        if self.agreed.get(key) == signature:
            return True
        errors_before = len(self.errors)
        ok = self._details(number, row, collection, rid, columns)
        if ok and len(self.errors) == errors_before:
            self.agreed[key] = signature
        return ok

    def _details(
        self, number: int, row: Row, collection: str, rid: str, columns: dict[str, Where]
    ) -> bool:
        details, source = _nest(columns, row)
        key = (collection, rid)
        for path, column in source.items():
            self.cells[(*key, *path)] = (number, column)
        existing = self.data[collection].get(rid)
        if existing is None:
            self.data[collection][rid] = details
            self.made_here.add(key)
            self.rows[key] = number
            self.report.add(self.report.created, collection, rid)
            return True
        if not details:
            return True
        conflicts = _conflicts(existing, details)
        if not conflicts:
            # Details the plan lacks are added (not under skip, which leaves records alone).
            merged = _merge(existing, details)
            if merged == existing:
                return True
            if key in self.made_here:  # made by an earlier row of this import
                self.data[collection][rid] = merged
            elif self.on_existing != "skip":
                self.data[collection][rid] = merged
                self.report.add(self.report.updated, collection, rid)
            return True
        if key in self.made_here or self.on_existing == "error":
            for path in conflicts:
                have = existing
                for part in path:
                    have = have[part]
                hint = "" if key in self.made_here else " (--on-existing update changes it)"
                self.error(
                    number, source[path], f"{collection}.{rid} already has {_shown(have)}{hint}"
                )
            return False
        if self.on_existing == "update":
            self.data[collection][rid] = _merge(existing, details)
            self.report.add(self.report.updated, collection, rid)
        return True

    def _row(self, number: int, row: Row) -> None:
        known = self.data["screenings"].get(str(row.get("id")))
        if self.on_existing == "update" and isinstance(known, dict):
            # A row of results for a screening the plan has needs only its id.
            for column in ("film", "venue", "date", "start"):
                if column not in row and column in known:
                    row[column] = known[column]
        missing = [c for c in ("film", "venue", "date", "start") if c not in row]
        for column in missing:
            self.error(number, column, "required")
        if missing:  # this row is already wrong: go no further
            return
        speakers = row.get("speakers", [])
        if not speakers and any(c in row for c in SPEAKER):
            self.error(number, "speakers", "speaker details need a speaker id in this column")
            return
        if speakers:
            try:
                values.check_id(speakers[0])
            except ValueError as exc:
                self.error(number, "speakers", str(exc))
                return
        made = [
            self._record(number, row, "films", row["film"], FILM),
            self._record(number, row, "venues", row["venue"], VENUE),
            not speakers or self._record(number, row, "speakers", speakers[0], SPEAKER),
        ]
        if not all(made):
            return
        fields, _ = _nest({c: p for c, p in SCREENING.items() if c != "id"}, row)
        fields["speakers"] = speakers
        result = {path[0]: row[c] for c, path in RESULT.items() if c in row}
        if result:
            fields["result"] = result
        if "id" in row:
            self._screening(number, row["id"], "id", fields)
            return
        # Named after the venue and date, numbered by order in the file, so that a re-run
        # finds the same ids.
        base = (row["venue"], row["date"])
        n = self.auto_ids[base] = self.auto_ids.get(base, 0) + 1
        self._screening(number, values.auto_id(*base, n), "venue and date", fields)

    def _screening(self, number: int, sid: str, named_by: str, fields: Data) -> None:
        """`named_by`: the column(s) the id comes from, to name them in an error."""
        key = ("screenings", sid)  # its columns are named as its fields: see `locate`
        existing = self.data["screenings"].get(sid)
        where = f"column {named_by}" if named_by == "id" else f"columns {named_by}"
        if existing is not None and key in self.made_here:
            self.errors.append(
                f"row {number}, {where}: screening {sid} is already made by row {self.rows[key]}"
            )
            return
        self.rows[key] = number
        fields = {k: v for k, v in fields.items() if v is not None and v != []}
        if existing is None:
            fields.setdefault("uid", self.new_uid())
            self.data["screenings"][sid] = fields
            self.made_here.add(key)
            self.report.add(self.report.created, "screenings", sid)
        elif self.on_existing == "error":
            self.errors.append(
                f"row {number}, {where}: screenings.{sid} already exists (use --on-existing "
                "skip to leave it, or update to change it)"
            )
        elif self.on_existing == "skip":
            self.report.skipped.append(sid)
        else:
            fields.pop("uid", None)  # a screening's calendar identity never changes
            if isinstance(existing.get("result"), dict) and "result" in fields:
                fields["result"] = {**existing["result"], **fields["result"]}
            merged = {**existing, **fields}
            if merged != existing:
                self.data["screenings"][sid] = merged
                self.report.add(self.report.updated, "screenings", sid)

    # -- naming the cell behind a problem found later --------------------------------------
    def locate(self, loc: tuple[int | str, ...], message: str) -> str:
        from screenkit.plan.models import where

        path = tuple(str(p) for p in loc if not isinstance(p, int))
        if path in self.cells:
            number, column = self.cells[path]
            return f"row {number}, column {column}: {message}"
        for size in range(len(path), 1, -1):
            owner = path[:size]
            if owner in self.rows:
                found = self._column_for(path)
                column = found or ""
                where_text = f"column {column}" if column else where(loc)
                what = "required" if message == "required but missing" else message
                return f"row {self.rows[owner]}, {where_text}: {what}"
        return f"{where(loc)}: {message}"

    @staticmethod
    def _column_for(path: Where) -> str | None:
        collection, rest = path[0], path[2:]
        if collection == "screenings" and rest[:1] == ("result",):
            columns = RESULT
            rest = rest[1:]
        else:
            columns = {"films": FILM, "venues": VENUE, "speakers": SPEAKER,
                       "screenings": SCREENING}.get(collection, {})  # fmt: skip
        return next((c for c, p in columns.items() if p == rest), None)


class Import:
    """One import, as a plan session runs it: the change to make, and how to tell what is wrong
    with it in the file's own terms (rows and columns) instead of the plan's."""

    def __init__(
        self,
        rows: list[tuple[int, Row]],
        on_existing: OnExisting,
        new_uid: Callable[[], str],
        step: Callable[[], None] = lambda: None,
    ) -> None:
        self.rows, self.on_existing, self.new_uid, self.step = rows, on_existing, new_uid, step
        self.importer: Importer | None = None

    def __call__(self, data: Data, plan: Any) -> tuple[Data, Report]:
        self.importer = Importer(data, self.on_existing, self.new_uid)
        new = self.importer.run(self.rows, self.step)
        return new, self.importer.report

    def failure(
        self, fields: list[tuple[tuple[int | str, ...], str]], problems: list[Problem]
    ) -> RowError | None:
        """Every problem, by row and column; None when the import can go ahead."""
        assert self.importer is not None
        importer = self.importer
        lines = [*importer.errors, *(importer.locate(loc, message) for loc, message in fields)]
        if not importer.errors:
            for problem in problems:
                owner = tuple(str(p) for p in problem.loc[:2])
                if owner[0] != "screenings" and owner in importer.rows:  # a row made it: that row
                    lines.append(importer.locate(problem.loc, problem.message))
                    continue
                sid = problem.screening
                row = importer.rows.get(("screenings", sid)) if sid is not None else None
                prefix = f"row {row}: " if row else ""
                lines.append(f"{prefix}{problem.where}: {problem.message}")
        return RowError("nothing was imported", *_too_many(lines)) if lines else None
