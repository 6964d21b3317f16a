"""The plan file as strict Pydantic models: unknown keys and bad values are errors.

These describe what a plan may hold, field by field. Rules across records (references, double
bookings, curfews) live in `checks`, so one bad reference does not hide every other problem.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Literal

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

from screenkit.errors import PlanError
from screenkit.plan import fields, languages, money, values


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
    PlainSerializer(values.format_clock, return_type=str),
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


def _lead(value: str) -> str:
    values.parse_lead(value)
    return value


Lead = Annotated[
    str,
    AfterValidator(_lead),
    WithJsonSchema({"type": "string", "pattern": values.LEAD.pattern}),
]
Due = Annotated[
    str,
    AfterValidator(_due),
    WithJsonSchema({"type": "string", "pattern": values.DUE.pattern}),
]
if TYPE_CHECKING:  # what the type checker sees: the value each holds once validated
    Minutes = int
    Length = int
    Runtime = int
    Year = int
    Count = int
    Spaces = int
    Sequence = int
    Latitude = float
    Longitude = float
else:
    Minutes = minutes(values.MAX_DURATION)
    Length = minutes(600)  # an intro or a talk: ten hours is more than any evening
    Runtime = whole(1, 1440, " minutes")
    Year = whole(1878, 2100)  # from the first films on
    Count = whole(1, 1_000_000)  # an audience, a capacity
    Spaces = whole(0, 10_000)
    Sequence = whole(0, 1_000_000)
    Latitude, Longitude = degrees(90), degrees(180)
Status = Literal["tentative", "confirmed", "cancelled"]
Money = Annotated[
    Decimal,
    BeforeValidator(money.parse_amount),
    PlainSerializer(lambda v: f"{v:f}", return_type=str),
    WithJsonSchema({"anyOf": [
        {"type": "string", "pattern": r"^([0-9]{1,3}(,[0-9]{3})+|[0-9]+)(\.[0-9]{1,3})?$"},
        {"type": "integer", "minimum": 0},
    ], "description": 'An exact amount in the plan\'s currency, as text: "412.50"'}),
]  # fmt: skip
Percent = Annotated[
    Decimal,
    BeforeValidator(money.parse_percent),
    PlainSerializer(lambda v: f"{v:f}", return_type=str),
    WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "integer", "minimum": 1,
                                                    "maximum": 100}],
                    "description": 'A percentage: 35 or "37.5"'}),
]  # fmt: skip
Currency = Annotated[str, AfterValidator(money.check_currency)]
LanguageCode = Annotated[
    str,
    AfterValidator(languages.check_language),
    WithJsonSchema({"type": "string", "enum": list(languages.LANGUAGES),
                    "description": "A language screenkit is translated into"}),
]  # fmt: skip
Languages = Annotated[list[LanguageCode], AfterValidator(languages.check_languages)]
AccessFeature = Annotated[
    str,
    AfterValidator(fields.check_access),
    WithJsonSchema({"type": "string", "enum": list(fields.ACCESS)}),
]
Headcount = Annotated[int, Field(ge=0, le=1_000_000)]
Rating = Annotated[
    float,
    BeforeValidator(values.parse_rating),
    WithJsonSchema({"type": "number", "minimum": 1, "maximum": 5}),
]
Answer = Literal["accepted", "declined", "tentative", "needs-action"]
LicenceKind = Literal["single-title", "umbrella", "public-domain", "own-rights"]


def _web_url(value: str) -> str:
    """Only http(s) addresses reach a public page: `javascript:` and the like never do."""
    from urllib.parse import urlsplit

    text = value.strip()
    try:
        parts: Any = urlsplit(text)
        host = parts.hostname
    except ValueError:
        parts = host = None
    if (
        parts is None
        or parts.scheme.lower() not in ("http", "https")
        or not host
        or any(c.isspace() or ord(c) < 32 or c in "<>\"'`" for c in text)
    ):
        raise ValueError(f"{values.show(value)} is not a web address: use one starting https://")
    return text


WebUrl = Annotated[
    str, AfterValidator(_web_url), WithJsonSchema({"type": "string", "format": "uri"})
]
Price = Money  # exact, in the plan's currency (settings.currency), like every amount


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Organiser(Strict):
    name: Name
    email: Email | None = None
    account: Id | None = Field(
        None,
        description="The [smtp.ACCOUNT] table of the sender's user config whose server sends "
        "this organiser's mail (default: [smtp])",
    )


class Settings(Strict):
    country: Country | None = Field(
        None,
        description="Where the tour is (ISO 3166: GB): phone numbers may be given as "
        "its people write them",
    )
    travel_buffer: Minutes = Field(120, description="Minutes a speaker needs between venues")
    curfew: Clock = Field("23:00", validate_default=True, description="Default latest end")
    intro: Length = Field(5, description="Default intro length in minutes")
    talk: Length = Field(45, description="Default talk and Q&A length in minutes")
    earliest: Clock = Field(
        "10:00", validate_default=True, description="Check asks about earlier starts (HH:MM)"
    )
    currency: Currency = Field(
        "GBP", description="ISO 4217 code of amounts, unless a venue or screening sets its own"
    )
    language: LanguageCode | None = Field(
        None, description="The language of public outputs where a screening sets none (en)"
    )
    vat_registered: bool = Field(
        False, description="The group is VAT-registered: net takings exclude VAT"
    )
    vat_rate: Percent = Field(Decimal(20), description="VAT rate in percent (UK: 20)")
    roles: list[Id] = Field(
        default_factory=lambda: ["door", "projection", "refreshments"],
        description="The jobs a volunteer does at each screening (the rota)",
    )
    confirm_by: int = Field(
        14,
        ge=0,
        le=366,
        strict=True,
        description="Days before a confirmed screening by which everyone has accepted",
    )
    reminders: list[Lead] = Field(
        default_factory=lambda: ["7d", "1d"],
        max_length=10,
        description="When speakers, hosts and volunteers are reminded (screenkit remind): "
        "times before the screening, such as 7d, 1d or 12h",
    )


class Fee(Strict):
    """A screening licence's fee: flat, or a percentage of net takings with a minimum."""

    amount: Money | None = Field(None, description="A flat fee")
    percent: Percent | None = Field(None, description="A percentage of net box-office takings")
    minimum: Money | None = Field(None, description="The minimum guarantee with a percentage")

    @model_validator(mode="after")
    def _one_kind(self) -> Fee:
        if (self.amount is None) == (self.percent is None):
            raise ValueError("give either amount (a flat fee) or percent (with a minimum)")
        if self.amount is not None and self.minimum is not None:
            raise ValueError("minimum goes with percent, not with a flat amount")
        return self


class Result(Strict):
    """What happened at a screening, recorded afterwards."""

    attendance: Headcount = Field(description="Everyone who came in")
    paid: Headcount | None = Field(None, description="Full-price admissions")
    concessions: Headcount | None = Field(None, description="Concession admissions")
    free: Headcount | None = Field(None, description="Free admissions (guests, volunteers)")
    takings: Money | None = Field(None, description="Gross box-office takings (incl. VAT)")
    donations: Money | None = Field(None, description="Donations and collections")
    signups: Headcount | None = Field(None, description="People who signed up to the campaign")
    actions: Headcount | None = Field(
        None, description="Actions taken there: the campaign's, such as letters or petitions signed"
    )
    feedback: Headcount | None = Field(None, description="Feedback slips returned")
    rating: Rating | None = Field(None, description="Average rating, 1 to 5")
    notes: Paragraph | None = None


class Campaign(Strict):
    actions: list[Name] = Field(
        default_factory=list, description="What the audience can do next, for feedback slips"
    )


class Film(Strict):
    title: Name
    runtime: Runtime = Field(description="Running time in minutes")
    year: Year | None = None
    director: Line | None = None
    certificate: Line | None = Field(
        None, description='Rating such as "15", or "unclassified" (needs a council decision)'
    )
    language: Line | None = Field(
        None, description="Spoken language: a code (ar) or its English name (Arabic)"
    )
    subtitles: Line | None = Field(
        None, description="Subtitle language: a code (en) or its English name (English)"
    )
    format: Line | None = Field(None, description="Playback format: DCP, Blu-ray, file …")
    licence_holder: Line | None = None
    licence_ref: Line | None = None
    licence_status: Literal["needed", "requested", "confirmed", "paid"] | None = None
    licence_kind: LicenceKind | None = Field(
        None,
        description="single-title, umbrella (no public advertising by title, no "
        "charge for entry), public-domain or own-rights",
    )
    synopsis: Paragraph | None = Field(None, description="A short public synopsis")
    poster: Line | None = Field(
        None, description="A poster image (PNG, JPEG, WebP or GIF), relative to the plan file"
    )
    notes: Paragraph | None = None
    fee: Fee | None = Field(None, description="The screening licence's fee terms")

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
    currency: Currency | None = Field(
        None, description="ISO 4217 code of prices here, where not settings.currency"
    )
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
    language: LanguageCode | None = Field(
        None, description="The language of their emails (default: settings.language)"
    )
    private: Flag | None = Field(
        None, description="Never named, described or linked in any public output"
    )
    aliases: list[Name] = Field(
        default_factory=list,
        description="Other spellings of their name, in any script (نور الخطيب, Nour Khatib): "
        "a private speaker's name is looked for in public text in every one",
    )
    public_name: Line | None = Field(
        None, description='Shown in public instead, for a private speaker: "A guest speaker"'
    )
    share_with: list[Id] = Field(
        default_factory=list,
        description="Who else may see a private speaker's real name and contacts (speaker "
        "or volunteer ids, such as the host who meets them at the door); the organiser and "
        "they always may",
    )
    delegate: Email | None = Field(
        None,
        description="Who may answer invitations for them (an assistant, an agent): a "
        "reply from this address, or sent by it (SENT-BY), counts as theirs",
    )


Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class Volunteer(Strict):
    name: Name
    email: Email | None = Field(None, description="Where their reminders go")
    phone: Phone | None = None
    can: list[Id] = Field(default_factory=list, description="Roles they do; none: any")
    town: Line | None = Field(
        None,
        description="Where they live: the rota places them only at venues whose address ends "
        "in it (none: anywhere)",
    )
    weekdays: list[Weekday] = Field(
        default_factory=list, description="Days of the week they can do (mon … sun; none: any)"
    )
    dates: list[Day] = Field(
        default_factory=list,
        description="Evenings they can do, where they gave dates (none: any, as weekdays say)",
    )
    notes: Paragraph | None = None

    def available(self, day: dt.date) -> bool:
        """Whether they said they can do `day` (dates, if given, else weekdays, else any)."""
        if self.dates:
            return day in self.dates
        return not self.weekdays or WEEKDAYS[day.weekday()] in self.weekdays

    def lives_near(self, address: str) -> bool:
        """Whether a venue at `address` is in their town (the address's last part)."""
        if not self.town:
            return True
        parts = [p.strip() for p in address.replace("\n", ",").split(",") if p.strip()]
        return bool(parts) and self.town.casefold() in (parts[-1].casefold(),
                                                        parts[-2].casefold() if len(parts) > 1
                                                        else "")  # fmt: skip


class Reminded(Strict):
    """The reminders one person was sent for a screening (`screenkit remind`)."""

    start: Line = Field(description="The start they were about, YYYY-MM-DDTHH:MM (local)")
    leads: list[Lead] = Field(
        default_factory=list, description="The reminders sent, or passed over for a later one"
    )


class Digest(Strict):
    """The organiser's daily digest (`screenkit remind`)."""

    last: Day = Field(description="The day the last digest was sent")


class SentTo(Strict):
    """What one person was last emailed (`screenkit send`), so only changes are sent again."""

    sequence: int = Field(ge=0)
    digest: Line = Field(description="The invite's content when it was sent")
    method: Literal["REQUEST", "CANCEL"] = "REQUEST"
    email: Email | None = Field(None, description="Where it went (a CANCEL goes there too)")
    sent: Line | None = Field(
        None, description="Start, end, venue and status in what they were sent, to say what changed"
    )
    previous_sequence: Sequence | None = Field(
        None, description="The SEQUENCE they held before this one, for a late answer to it"
    )
    previous: Line | None = Field(None, description="What that earlier version said (`sent`)")


class Rsvp(Strict):
    """One person's answer, and the version of the invitation it answers."""

    answer: Answer
    sequence: Sequence | None = Field(
        None, description="The SEQUENCE it answers; none: the version they hold"
    )
    stamp: dt.datetime | None = Field(None, description="When it was given (the reply's DTSTAMP)")
    sent: Line | None = Field(None, description="What that version said (start, venue …)")

    @model_validator(mode="after")
    def _utc_stamp(self) -> Rsvp:
        if self.stamp is not None:
            if self.stamp.tzinfo is None:
                raise ValueError("stamp must be a UTC time ending in Z")
            values.parse_date(self.stamp.date())
        return self


def _rsvp_shape(value: Any) -> Any:
    """`amira = "accepted"`, as plans wrote answers before versions were kept."""
    return {"answer": value} if isinstance(value, str) else value


RsvpEntry = Annotated[
    Rsvp,
    BeforeValidator(_rsvp_shape),
    WithJsonSchema({"anyOf": [
        {"enum": ["accepted", "declined", "tentative", "needs-action"]},
        {"type": "object", "description": "answer, sequence, stamp, sent"},
    ]}),
]  # fmt: skip


class CalendarState(Strict):
    """What the last export sent, so that a change (even by hand) raises SEQUENCE."""

    sequence: Sequence = 0
    stamp: dt.datetime
    sent: Line = Field(description="Start, end, venue and status as last exported")
    digest: str | None = Field(
        None, description="The invite's content as last exported: a change gives a new stamp"
    )
    invited: list[Id] | None = Field(None, description="Who the invite was for")
    public: str | None = Field(
        None,
        description="The public event's content as last exported: only a change to it "
        "gives the public event a new stamp, so a private change leaves it as it was",
    )
    public_stamp: dt.datetime | None = Field(
        None, description="The public event's DTSTAMP: when what the public sees last changed"
    )
    sent_to: dict[Id, SentTo] = Field(
        default_factory=dict, description="Per person, what `screenkit send` last emailed"
    )
    crew: dict[Id, SentTo] = Field(
        default_factory=dict,
        description="Per volunteer on the rota, what `screenkit send` last emailed them: "
        "their own event for their job that evening",
    )

    @model_validator(mode="after")
    def _utc_stamp(self) -> CalendarState:
        if self.stamp.tzinfo is None:
            raise ValueError("stamp must be a UTC time ending in Z")
        values.parse_date(self.stamp.date())  # within the years every date is
        return self


class Tickets(Strict):
    """What the ticket shop holds for a screening, as `tickets publish` left it and `tickets
    sync` read it back: counts only, never a buyer's name or email."""

    event: Line = Field(description="The event's short name in the shop")
    url: WebUrl | None = Field(None, description="The shop's page for it: the booking link")
    digest: Line | None = Field(None, description="What was last published to the shop")
    live: bool | None = Field(None, description="On sale in the shop when last published")
    sold: Headcount | None = Field(None, description="Tickets and registrations paid or free")
    checked_in: Headcount | None = Field(None, description="Checked in at the door")
    available: Headcount | None = Field(None, description="Seats still on sale")
    synced: dt.datetime | None = Field(None, description="When the counts were read")


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
    organiser: Organiser | None = Field(
        None,
        description="Who organises this evening, where not the plan's [organiser] (a group "
        "in the tour): invitations go from them, answers and the digest come back to them, "
        "and the public pages name them",
    )
    status: Status = "tentative"
    audience: Count | None = None
    notes: Paragraph | None = None
    uid: Line | None = Field(None, description="Calendar identity; set once, never edit")
    calendar: CalendarState | None = None
    tickets: Tickets | None = None  # by `screenkit tickets`
    done: list[Name] = Field(default_factory=list, description="Ids of ticked tasks")
    owners: dict[Name, Id] = Field(
        default_factory=dict,
        description="Task id -> the volunteer or speaker who owns it (`screenkit task assign`)",
    )
    fee: Fee | None = Field(None, description="Fee terms, where they differ from the film's")
    result: Result | None = Field(None, description="What happened, once it has")
    return_made: Day | None = Field(
        None, description="When the box-office return was made (`export return --final` sets it)"
    )
    rota: dict[Id, Id] = Field(
        default_factory=dict, description="Each role (settings.roles) and the volunteer doing it"
    )
    reminded: dict[Id, Reminded] = Field(
        default_factory=dict, description="Who was reminded of it, and when (screenkit remind)"
    )
    rsvp: dict[Id, RsvpEntry] = Field(
        default_factory=dict,
        description="Each invitee's answer (accepted, declined, tentative), with the version "
        "of the invitation it answers",
    )
    # Public: shown on the site, posters and listings.
    description: Paragraph | None = Field(None, description="A short public description")
    booking_url: WebUrl | None = Field(None, description="Where the public books (https://…)")
    price: Price | None = Field(None, description="Full ticket price")
    concession_price: Price | None = Field(None, description="Concession ticket price")
    free: bool | None = Field(None, description="Entry is free")
    currency: Currency | None = Field(
        None, description="ISO 4217 code of its prices, where not the venue's or the plan's"
    )
    sales_open: Day | None = Field(None, description="When ticket sales open")
    languages: Languages = Field(
        default_factory=list,
        description="Languages of its public outputs, the first read first; two make them "
        "bilingual (default: settings.language)",
    )
    access: Annotated[list[AccessFeature], AfterValidator(fields.check_access_list)] = Field(
        default_factory=list, description="Access at this screening: captioned, bsl-talk …"
    )
    access_note: Paragraph | None = Field(None, description="Access at this screening, in words")
    content_note: Paragraph | None = Field(
        None, description="What the audience may want to know before booking (public)"
    )

    @property
    def people(self) -> list[str]:
        """Its speakers, then its host: each id once, in the order the plan names them."""
        return list(dict.fromkeys([*self.speakers, *([self.host] if self.host else [])]))

    def roles(self) -> list[tuple[str, tuple[str, ...]]]:
        """Its people with what each does on the evening (`speaker`, `host` or both), in
        the order of `people`: the one place a screening's people are gathered, so that
        someone who speaks and hosts is one person everywhere."""
        return [(pid, tuple(r for r, on in (("speaker", pid in self.speakers),
                                            ("host", pid == self.host)) if on))
                for pid in self.people]  # fmt: skip

    @model_validator(mode="after")
    def _free_or_priced(self) -> Screening:
        if self.free and (self.price or self.concession_price):
            raise ValueError("free = true with a price: remove one of them")
        return self


class TaskSpec(Strict):
    id: Id
    text: Name
    due: Due = Field(description="Relative to the screening: -6w, -1d, 0d, +5 working days, +30d")
    settled_by: Literal["licence", "certificate", "invites", "accepted", "result", "return"] | (
        None) = Field(None, description="The fact in the plan that marks it done")  # fmt: skip


class Checklist(Strict):
    replace: Flag = Field(False, description="Use only the tasks below, not the defaults")
    remove: list[Id] = Field(default_factory=list, description="Default task ids to drop")
    tasks: list[TaskSpec] = Field(default_factory=list, description="Tasks to add or change")


class Published(Strict):
    """One resource screenkit put in a CalDAV collection: kept by uid, so that it survives the
    screening's removal from the plan (`publish --remove-missing` deletes only these)."""

    etag: Line | None = Field(None, description="The server's ETag after screenkit's last PUT")
    digest: Line = Field(description="Fingerprint of the content screenkit last sent")


class Conflict(Strict):
    """A place a merge found changed both ways (`planfile.merge`): the plan holds OURS'
    value meanwhile; `screenkit resolve` settles it. A side that removed it says so."""

    base: Any = None
    ours: Any = None
    theirs: Any = None
    base_missing: bool = False
    ours_missing: bool = False
    theirs_missing: bool = False
    ours_by: Line | None = Field(None, description="Who made our side, as git tells")
    theirs_by: Line | None = Field(None, description="Who made their side, as git tells")
    why: Line | None = Field(
        None, description="What made it a conflict, where both sides did not simply change it"
    )


View = Literal["public", "team"]


class PublishedCalendar(Strict):
    """What screenkit published to one CalDAV collection: for whom, and each event."""

    audience: View | None = Field(
        None,
        description="public or team: the view the calendar holds, so that a publish "
        "without --public or --team never turns a team calendar public",
    )
    events: dict[str, Published] = Field(
        default_factory=dict, description="uid -> what `publish` last put there"
    )


Calendar = Annotated[
    PublishedCalendar,
    BeforeValidator(values.calendar_shape),
    # Written by `publish`, never by hand, in two shapes (the old one until the next publish).
    WithJsonSchema({"type": "object", "description": "audience and events, kept by publish"}),
]


class Tour(Strict):
    """What the public sees of the tour as a whole."""

    name: Name | None = Field(None, description="The tour's public name")
    website: WebUrl | None = None
    group: Id | None = Field(
        None, description="This plan's name in a network of groups (default: its folder's)"
    )
    region: Line | None = Field(None, description="Where the group is, for a network's listing")


class KitRecord(Strict):
    """The kit this plan last took in (`screenkit kit update`), and what it gave."""

    name: Line = Field(description="The kit's name: its tour's, or its file's")
    taken: Day = Field(description="When it was brought in")
    fields: dict[str, Line] = Field(
        default_factory=dict,
        description="Each field the kit gave, as a digest: a later kit changes only those "
        "left as it gave them",
    )


class Plan(Strict):
    organiser: Organiser | None = None
    tour: Tour | None = None
    settings: Settings = Field(default_factory=Settings)
    films: dict[Id, Film] = Field(default_factory=dict)
    venues: dict[Id, Venue] = Field(default_factory=dict)
    speakers: dict[Id, Speaker] = Field(default_factory=dict)
    volunteers: dict[Id, Volunteer] = Field(default_factory=dict)
    screenings: dict[Id, Screening] = Field(default_factory=dict)
    checklist: Checklist = Field(default_factory=Checklist)
    published: dict[str, Calendar] = Field(
        default_factory=dict,
        description="CalDAV collection URL -> its audience and what `publish` last put there",
    )
    campaign: Campaign = Field(default_factory=Campaign)
    conflicts: dict[str, Conflict] = Field(
        default_factory=dict,
        description="Places a merge found changed both ways; `screenkit resolve` settles them",
    )
    kit: KitRecord | None = Field(None, description="The network kit this plan last took in")
    reviewed: dict[str, Line] = Field(
        default_factory=dict,
        description="Public text a person read and found does not name a private speaker "
        "(a part of a name that is someone else's): key -> a digest of the text then "
        "(`screenkit review`); a change to the text is checked again",
    )
    digest: Digest | None = Field(None, description="The organiser's daily digest, last sent")

    def organiser_of(self, sid: str) -> Organiser | None:
        """Who organises a screening: its own organiser, else the plan's."""
        return self.screenings[sid].organiser or self.organiser

    def organisers(self) -> list[Organiser]:
        """The plan's organiser, then each screening's own: once each (by address), those
        with an address only."""
        found: dict[str, Organiser] = {}
        for o in [self.organiser, *(s.organiser for s in self.screenings.values())]:
            if o is not None and o.email and o.email.lower() not in found:
                found[o.email.lower()] = o
        return list(found.values())

    def currency_of(self, sid: str) -> str:
        """The currency of a screening's amounts: its own, its venue's, or the plan's."""
        s = self.screenings[sid]
        venue = self.venues.get(s.venue)
        return s.currency or (venue.currency if venue else None) or self.settings.currency


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
# Pydantic's wording for a value of the wrong kind, said as a volunteer would need it (the
# value itself is put first).
_KINDS = {
    "string_type": "is not text; write it in quotes",
    "int_type": "is not a whole number", "int_parsing": "is not a whole number",
    "int_from_float": "is not a whole number",
    "bool_type": "is not true or false", "bool_parsing": "is not true or false",
    "list_type": 'is not a list; write it in brackets, such as ["a", "b"]',
    "dict_type": "is not a table", "model_type": "is not a table",
    "date_type": "is not a date; write YYYY-MM-DD",
    "date_parsing": "is not a date; write YYYY-MM-DD",
    "date_from_datetime_parsing": "is not a date; write YYYY-MM-DD",
    "decimal_type": "is not a number", "decimal_parsing": "is not a number",
    "float_type": "is not a number", "float_parsing": "is not a number",
}  # fmt: skip


def unwrap(annotation: Any) -> Any:
    """The model, dict or list inside `X | None` or `Annotated[X, …]`."""
    from typing import Annotated, Union, get_args, get_origin

    origin = get_origin(annotation)
    if origin is Annotated:
        return unwrap(get_args(annotation)[0])
    if origin is Union or type(annotation).__name__ == "UnionType":
        inner = [a for a in get_args(annotation) if a is not type(None)]
        return unwrap(inner[0]) if len(inner) == 1 else None
    return annotation


def _keys_at(loc: tuple[int | str, ...]) -> list[str]:
    """The keys a table may hold at `loc` (its last part is the unknown key)."""
    from typing import get_args, get_origin

    kind: Any = Plan
    for part in loc[:-1]:
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            field = kind.model_fields.get(str(part))
            kind = unwrap(field.annotation) if field else None
        elif get_origin(kind) in (dict, list):
            kind = unwrap(get_args(kind)[-1])
        else:
            return []
    return list(kind.model_fields) if isinstance(kind, type) and issubclass(kind, BaseModel) else []


def error_items(exc: ValidationError) -> list[tuple[tuple[int | str, ...], str]]:
    """(location, message) for each problem; a bad key is located at the key itself, with
    the nearest known key when it looks like a typo (`license_status` for `licence_status`)."""
    from screenkit.suggest import nearest

    items = []
    for err in exc.errors(include_url=False):
        message = _MESSAGES.get(err["type"], err["msg"]).removeprefix("Value error, ")
        message = _plainly(err, message)
        loc = tuple(part for part in err["loc"] if part != "[key]")
        if err["type"] == "extra_forbidden" and loc:
            guess = nearest(str(loc[-1]), _keys_at(loc))
            if guess is not None:
                message += f"; did you mean {guess!r}?"
        items.append((loc, message))
    return items


def _plainly(err: Any, message: str) -> str:
    """Pydantic's wording for a value of the wrong kind or out of bounds, as a volunteer
    needs it: the value first, then what to write."""
    kind, given, ctx = err["type"], values.show(err.get("input")), err.get("ctx") or {}
    if kind in _KINDS:
        return f"{given} {_KINDS[kind]}"
    if kind == "literal_error":
        return f"{given} is not one of {ctx.get('expected')}"
    if kind == "greater_than_equal":
        return f"{given} is less than {ctx.get('ge')}; use {ctx.get('ge')} or more"
    if kind == "less_than_equal":
        return f"{given} is more than {ctx.get('le')}; use {ctx.get('le')} or less"
    if kind == "greater_than":
        return f"{given} is not more than {ctx.get('gt')}; use a larger value"
    if message.startswith("Input should be "):
        return f"{given}: should be {message.removeprefix('Input should be ')}"
    return message


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


# Top-level tables of records keyed by id: a change is followed record by record in them.
RECORD_TABLES = ("films", "venues", "speakers", "volunteers", "screenings", "published")


def changed_records(old: dict[str, Any], new: dict[str, Any]) -> dict[str, set[str] | None]:
    """What differs between two versions of the plan's data that share their unchanged parts
    (as every change does): for each top-level key that differs, the ids of the records that
    differ in it (added and removed ones too), or None where it changed as a whole."""
    out: dict[str, set[str] | None] = {}
    for key in old.keys() | new.keys():
        before, after = old.get(key), new.get(key)
        if before is after:
            continue
        if key in RECORD_TABLES and isinstance(before, dict) and isinstance(after, dict):
            ids = {rid for rid, record in after.items() if before.get(rid) is not record}
            out[key] = ids | (before.keys() - after.keys())
        else:
            out[key] = None
    return out


def revalidate(
    plan: Plan,
    data: dict[str, Any],
    changed: dict[str, set[str] | None],
    *,
    describe: Callable[[list[tuple[tuple[int | str, ...], str]]], Exception] | None = None,
) -> Plan:
    """`validate_plan(data)` for data that differs from `plan`'s only where `changed` says
    (see `changed_records`): only those records are validated, every other model is reused,
    so a change to one screening of ten thousand costs one screening's validation."""
    part: dict[str, Any] = {}
    for key, ids in changed.items():
        if key in data:  # a key that is gone takes its default
            value = data[key]
            part[key] = value if ids is None else {rid: value[rid] for rid in value if rid in ids}
    fresh = validate_plan(part, describe=describe)
    update: dict[str, Any] = {}
    for key, ids in changed.items():
        if ids is None:
            update[key] = getattr(fresh, key)
        else:
            kept, made = getattr(plan, key), getattr(fresh, key)
            update[key] = {rid: made[rid] if rid in ids else kept[rid] for rid in data[key]}
    return plan.model_copy(update=update)


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
