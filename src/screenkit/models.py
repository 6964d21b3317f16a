"""The plan file as strict Pydantic models: unknown keys and bad values are errors.

These describe what a plan may hold, field by field. Rules across records (references, double
bookings, curfews) live in `checks`, so one bad reference does not hide every other problem.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationError,
    ValidationInfo,
    WithJsonSchema,
    model_validator,
)

from screenkit import values
from screenkit.errors import PlanError


def _thorough(check: Callable[[str, bool], str]) -> AfterValidator:
    """Run `check` in full, or only its quick shape test when validating for display."""

    def run(value: str, info: ValidationInfo) -> str:
        return check(value, bool(info.context and info.context.get("quick")))

    return AfterValidator(run)


def _string(fmt: values.Format, max_length: int, **extra: Any) -> WithJsonSchema:
    return WithJsonSchema(
        {"type": "string", "pattern": fmt.pattern, "maxLength": max_length, **extra}
    )


# Text. Every field of text is one of these, so none can hold what breaks a calendar file or
# a terminal (control characters), and only paragraphs hold line breaks.
Line = Annotated[str, AfterValidator(values.check_line), _string(values.LINE, values.LINE_MAX)]
Name = Annotated[
    str,
    AfterValidator(values.check_name),
    _string(values.LINE, values.LINE_MAX, minLength=1),
]  # one line, not blank
Paragraph = Annotated[
    str, AfterValidator(values.check_paragraph), _string(values.PARAGRAPH, values.PARAGRAPH_MAX)
]
Address = Annotated[
    str,
    AfterValidator(values.check_address),
    _string(values.PARAGRAPH, values.ADDRESS_MAX, minLength=1),
]

Id = Annotated[
    str,
    AfterValidator(values.check_id),
    WithJsonSchema({"type": "string", "pattern": values.ID.pattern}),
]
Email = Annotated[
    str,
    _thorough(values.check_email),
    WithJsonSchema({"type": "string", "format": "email", "maxLength": values.LINE_MAX}),
]
Phone = Annotated[
    str,
    _thorough(values.check_phone),
    WithJsonSchema({"type": "string", "pattern": values.PHONE.pattern, "maxLength": values.LINE_MAX,
                    "description": "International format, e.g. +44 20 7930 3647"}),
]  # fmt: skip
TimeZone = Annotated[str, AfterValidator(values.check_timezone)]
Country = Annotated[
    str,
    _thorough(values.check_country),
    WithJsonSchema({"type": "string", "pattern": values.COUNTRY.pattern}),
]
Clock = Annotated[
    dt.time,
    BeforeValidator(values.parse_clock),
    PlainSerializer(values.format_clock),
    WithJsonSchema({"type": "string", "pattern": values.CLOCK.pattern,
                    "description": "HH:MM, 24-hour, in the venue's time zone"}),
]  # fmt: skip
Day = Annotated[
    dt.date,
    BeforeValidator(values.parse_date),
    WithJsonSchema({"type": "string", "format": "date", "description":
                    f"YYYY-MM-DD, from {values.FIRST_DATE} to {values.LAST_DATE}"}),
]  # fmt: skip
Flag = Annotated[bool, BeforeValidator(values.check_flag)]


def minutes(at_most: int) -> Any:
    """Minutes from 0 to `at_most`, written as a number or as text such as 2h, 90m, 1h30m."""
    return Annotated[
        int,
        BeforeValidator(lambda value: values.parse_duration(value, at_most)),
        WithJsonSchema({"anyOf": [
            {"type": "integer", "minimum": 0, "maximum": at_most},
            {"type": "string", "pattern": values.DURATION.pattern},
        ], "description": "Minutes, or text such as 2h, 90m, 1h30m"}),
    ]  # fmt: skip


def whole(lo: int, hi: int, unit: str = "") -> Any:
    """A whole number from `lo` to `hi`: never a boolean, never a fraction."""
    return Annotated[
        int,
        BeforeValidator(lambda value: values.whole_number(value, lo, hi, unit)),
        WithJsonSchema({"type": "integer", "minimum": lo, "maximum": hi}),
    ]


def degrees(limit: int) -> Any:
    return Annotated[
        float,
        BeforeValidator(lambda value: values.number(value, -limit, limit)),
        WithJsonSchema({"type": "number", "minimum": -limit, "maximum": limit}),
    ]


def _due(value: str) -> str:
    values.parse_due(value)
    return value


Due = Annotated[
    str,
    AfterValidator(_due),
    WithJsonSchema({"type": "string", "pattern": values.DUE.pattern}),
]
Minutes = minutes(values.MAX_DURATION)
Length = minutes(600)  # an intro or a talk: ten hours is more than any evening
Runtime = whole(1, 1440, " minutes")
Year = whole(1878, 2100)  # from the first films on
Count = whole(1, 1_000_000)  # an audience, a capacity
Spaces = whole(0, 10_000)
Sequence = whole(0, 1_000_000)
Latitude, Longitude = degrees(90), degrees(180)
Status = Literal["tentative", "confirmed", "cancelled"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Organiser(Strict):
    name: Name
    email: Email | None = None


class Settings(Strict):
    travel_buffer: Minutes = Field(120, description="Minutes a speaker needs between venues")
    curfew: Clock = Field("23:00", validate_default=True, description="Default latest end")
    intro: Length = Field(5, description="Default intro length in minutes")
    talk: Length = Field(45, description="Default talk and Q&A length in minutes")


class Film(Strict):
    title: Name
    runtime: Runtime = Field(description="Running time in minutes")
    year: Year | None = None
    director: Line | None = None
    certificate: Line | None = Field(
        None, description='Rating such as "15", or "unclassified" (needs a council decision)'
    )
    language: Line | None = None
    subtitles: Line | None = None
    format: Line | None = Field(None, description="Playback format: DCP, Blu-ray, file …")
    licence_holder: Line | None = None
    licence_ref: Line | None = None
    licence_status: Literal["needed", "requested", "confirmed", "paid"] | None = None
    notes: Paragraph | None = None

    @property
    def unclassified(self) -> bool:
        return (self.certificate or "").strip().lower() == "unclassified"


class Contact(Strict):
    name: Line | None = None
    email: Email | None = None
    phone: Phone | None = None


class Access(Strict):
    step_free: Flag | None = None
    wheelchair_spaces: Spaces | None = None
    hearing_loop: Flag | None = None
    accessible_toilet: Flag | None = None
    captioned: Flag | None = Field(None, description="A captioned or audio-described copy")
    notes: Paragraph | None = None


class Venue(Strict):
    name: Name
    address: Address = Field(description="One line or several; calendars join them with commas")
    postcode: Line | None = None
    country: Country | None = None
    timezone: TimeZone
    capacity: Count | None = None
    lat: Latitude | None = None
    lon: Longitude | None = None
    curfew: Clock | None = None
    contact: Contact | None = None
    access: Access | None = None
    tech: Paragraph | None = None
    notes: Paragraph | None = None

    @model_validator(mode="after")
    def _both_coordinates(self) -> Venue:
        if (self.lat is None) != (self.lon is None):
            raise ValueError("give both lat and lon, or neither")
        return self


class Speaker(Strict):
    name: Name
    email: Email | None = None
    phone: Phone | None = None
    role: Line | None = None
    bio: Paragraph | None = None
    needs: list[Name] = Field(default_factory=list, description="Access and tech needs")
    travel: Paragraph | None = None
    notes: Paragraph | None = None


class CalendarState(Strict):
    """What the last export sent, so that a change (even by hand) raises SEQUENCE."""

    sequence: Sequence = 0
    stamp: dt.datetime
    sent: Line = Field(description="Start, end, venue and status as last exported")

    @model_validator(mode="after")
    def _utc_stamp(self) -> CalendarState:
        if self.stamp.tzinfo is None:
            raise ValueError("stamp must be a UTC time ending in Z")
        values.parse_date(self.stamp.date())  # within the years every date is
        return self


class Screening(Strict):
    film: Id
    venue: Id
    date: Day
    start: Clock
    doors: Clock | None = None
    end: Clock | None = Field(None, description="When the evening ends, if later than the talk")
    intro: Length | None = None
    talk: Length | None = None
    speakers: list[Id] = Field(default_factory=list)
    host: Id | None = Field(None, description="Speaker id of the moderator or host")
    status: Status = "tentative"
    audience: Count | None = None
    notes: Paragraph | None = None
    uid: Line | None = Field(None, description="Calendar identity; set once, never edit")
    calendar: CalendarState | None = None
    done: list[Name] = Field(default_factory=list, description="Ids of ticked tasks")


class TaskSpec(Strict):
    id: Id
    text: Name
    due: Due = Field(description="Relative to the screening: -6w, -1d, 0d, +5 working days, +30d")


class Checklist(Strict):
    replace: Flag = Field(False, description="Use only the tasks below, not the defaults")
    remove: list[Id] = Field(default_factory=list, description="Default task ids to drop")
    tasks: list[TaskSpec] = Field(default_factory=list, description="Tasks to add or change")


class Plan(Strict):
    organiser: Organiser | None = None
    settings: Settings = Field(default_factory=Settings)
    films: dict[Id, Film] = Field(default_factory=dict)
    venues: dict[Id, Venue] = Field(default_factory=dict)
    speakers: dict[Id, Speaker] = Field(default_factory=dict)
    screenings: dict[Id, Screening] = Field(default_factory=dict)
    checklist: Checklist = Field(default_factory=Checklist)


def where(loc: tuple[int | str, ...]) -> str:
    """`venues.ica.contact.email`, `screenings.x.speakers[1]`."""
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts[-1:] = [f"{parts[-1] if parts else ''}[{item}]"]
        else:
            parts.append(str(item))
    return ".".join(parts)


_MESSAGES = {"extra_forbidden": "unknown key", "missing": "required but missing"}


def error_items(exc: ValidationError) -> list[tuple[tuple[int | str, ...], str]]:
    """(location, message) for each problem; a bad key is located at the key itself."""
    items = []
    for err in exc.errors(include_url=False):
        message = _MESSAGES.get(err["type"], err["msg"]).removeprefix("Value error, ")
        loc = tuple(part for part in err["loc"] if part != "[key]")
        items.append((loc, message))
    return items


def error_lines(exc: ValidationError) -> list[str]:
    """`path.to.field: what is wrong`, one line per problem."""
    return [f"{where(loc)}: {message}" for loc, message in error_items(exc)]


def validate_plan(
    data: dict[str, Any],
    *,
    error: type[Exception] = PlanError,
    quick: bool = False,
    describe: Callable[[list[tuple[tuple[int | str, ...], str]]], Exception] | None = None,
) -> Plan:
    """The plan as models. `quick` checks emails, phones and countries by shape only: enough
    for commands that only display the plan, and much faster to start. `describe` turns the
    problems into the exception to raise, for callers that can name them better."""
    try:
        return Plan.model_validate(data, context={"quick": quick})
    except ValidationError as exc:
        if describe is not None:
            raise describe(error_items(exc)) from None
        raise error(*error_lines(exc)) from None


def json_schema() -> dict[str, Any]:
    """The plan file's JSON Schema, for editors (Taplo, Even Better TOML) to check as you type."""
    schema = Plan.model_json_schema()
    _closed(schema)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema,
            "title": "screenkit plan"}  # fmt: skip


def _closed(node: Any) -> None:
    """Tables keyed by id (`[venues.<id>]`) take no other keys, so an editor flags a bad id."""
    if isinstance(node, dict):
        if "patternProperties" in node:
            node.setdefault("additionalProperties", False)
        for value in node.values():
            _closed(value)
    elif isinstance(node, list):
        for value in node:
            _closed(value)
