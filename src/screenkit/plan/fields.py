"""The fields a person sets on each kind of record, defined once.

`models` says what a valid plan holds; this module says how people reach each field: the
command-line flag of `add`/`update`/`new`, the import column, whether `add` needs it and
whether `--clear` may remove it. The CLI builds its options from these tables and the import
its column names, so a field is spelled in one place (a test holds the tables to the models).
It imports nothing heavy: the CLI reads it at start-up.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

Kind = Literal[
    "text", "int", "float", "bool", "list", "clock", "date", "duration", "choice", "amount"
]
Record = Literal["film", "venue", "speaker", "screening"]
COLLECTIONS: dict[str, str] = {
    "film": "films",
    "venue": "venues",
    "speaker": "speakers",
    "screening": "screenings",
    "volunteer": "volunteers",
}


@dataclass(frozen=True)
class Field:
    path: tuple[str, ...]  # where it sits in the record: ("contact", "email")
    kind: Kind = "text"
    help: str = ""
    required: bool = False  # `add`/`new` cannot do without it, and `--clear` cannot remove it
    flag: str | None = None  # the option's name when it is not the path joined by '-'
    aliases: tuple[str, ...] = ()  # other spellings of the option, kept for old scripts
    column: str | None = None  # the import column when it is not `<record>_<name>`
    choices: tuple[str, ...] = ()
    derivable: bool = False  # required, but `add` can work it out (a venue's zone)

    @property
    def name(self) -> str:
        """The field's short name: the option without dashes, `contact_email`."""
        return (self.flag or "-".join(self.path)).replace("-", "_")

    @property
    def option(self) -> str:
        return "--" + self.name.replace("_", "-")

    @property
    def metavar(self) -> str:
        if self.choices:
            return self.name.upper()
        return _METAVARS.get(self.kind, "TEXT")

    def describe(self) -> str:
        if self.choices:
            return f"{self.help} One of: {', '.join(self.choices)}.".strip()
        return self.help


_METAVARS = {
    "int": "N",
    "float": "NUMBER",
    "clock": "HH:MM",
    "date": "YYYY-MM-DD",
    "duration": "MIN",
    "amount": "AMOUNT",
    "list": "TEXT",
    "bool": "",
}

LICENCE_STATUS = ("needed", "requested", "confirmed", "paid")
LICENCE_KIND = ("single-title", "umbrella", "public-domain", "own-rights")
STATUS = ("tentative", "confirmed", "cancelled")
# Access at a screening, in the UK's categories: a captioned (subtitled for the deaf and hard
# of hearing) or descriptive-subtitled copy, audio description, a BSL-interpreted talk or one
# with live speech-to-text captions, and relaxed, dementia-friendly and autism-friendly
# screenings.
ACCESS = ("captioned", "subtitled-descriptive", "audio-described", "bsl-talk", "live-captions",
          "relaxed", "dementia-friendly", "autism-friendly")  # fmt: skip
LANGUAGE_HELP = "en, cy or ar"


def check_access_list(value: list[str]) -> list[str]:
    """A screening's access features, each once. A plan written when a repeat was kept
    still loads (and can be mended); the command line refuses one (`normalise`)."""
    return list(dict.fromkeys(value))


def check_access(value: str) -> str:
    if value not in ACCESS:
        from screenkit.plan.values import show

        raise ValueError(f"{show(value)} is not a kind of access: use one of {', '.join(ACCESS)}")
    return value


FEE: tuple[Field, ...] = (  # the licence fee, on a film or (where it differs) a screening
    Field(("fee", "amount"), "amount", help="A flat licence fee, e.g. 85.00.", flag="fee-amount"),
    Field(("fee", "percent"), help="Licence fee as a percentage of net takings, e.g. 35.",
          flag="fee-percent"),
    Field(("fee", "minimum"), "amount", help="Minimum guarantee with --fee-percent, e.g. 100.00.",
          flag="fee-minimum"),
)  # fmt: skip

FILM: tuple[Field, ...] = (
    Field(("title",), required=True, help="The film's title."),
    Field(("runtime",), "int", "Running time in minutes.", required=True),
    Field(("year",), "int", "Year of release."),
    Field(("director",)),
    Field(("certificate",), help='Rating such as 15, or "unclassified".'),
    Field(("language",), help="Spoken language: a code such as ar, or a name (Arabic)."),
    Field(("subtitles",), help="Subtitle language: a code such as en, or a name (English)."),
    Field(("format",), help="Playback format: DCP, Blu-ray, file …"),
    Field(("licence_holder",), help="Who grants the screening licence."),
    Field(("licence_ref",), help="The screening licence's reference."),
    Field(("licence_status",), "choice", "Where the licence stands.", choices=LICENCE_STATUS),
    Field(
        ("licence_kind",),
        "choice",
        "What the licence allows (umbrella: no public advertising by title, no charge).",
        choices=LICENCE_KIND,
    ),
    Field(("synopsis",), help="A short public synopsis."),
    Field(("poster",), help="A poster image file (PNG, JPEG, WebP, GIF), relative to the plan."),
    Field(("notes",), help="Anything else about the film."),
    *FEE,
)

VENUE: tuple[Field, ...] = (
    Field(("name",), required=True, help="The venue's name."),
    Field(("address",), required=True, help="Street address; commas between lines."),
    Field(("timezone",), required=True, derivable=True,
          help="IANA zone, e.g. Europe/London; the country's own when it has one only."),
    Field(("postcode",)),
    Field(("country",), help="ISO 3166 code, e.g. GB."),
    Field(("capacity",), "int", "Seats."),
    Field(("lat",), "float", "Latitude, with --lon."),
    Field(("lon",), "float", "Longitude, with --lat."),
    Field(("curfew",), "clock", "Latest finish, HH:MM (default: the plan's, 23:00)."),
    Field(("contact", "name"), help="Who to ask for on the day."),
    Field(("contact", "email"), help="The venue contact's email.", aliases=("--email",)),
    Field(("contact", "phone"), help="International, e.g. +44 20 7946 0101.", aliases=("--phone",)),
    Field(("access", "step_free"), "bool", "A step-free route in.", flag="step-free"),
    Field(("access", "wheelchair_spaces"), "int", "Wheelchair spaces.", flag="wheelchair-spaces"),
    Field(("access", "hearing_loop"), "bool", "A hearing loop.", flag="hearing-loop"),
    Field(("access", "accessible_toilet"), "bool", "An accessible toilet.",
          flag="accessible-toilet"),
    Field(("access", "captioned"), "bool", "A captioned or audio-described copy.",
          flag="captioned"),
    Field(("access", "notes"), help="Access in words, e.g. where the ramp is."),
    Field(("currency",), help="ISO 4217 code of prices here, where not settings.currency."),
    Field(("tech",), help="Projection and sound: inputs, mics, lectern."),
    Field(("notes",), help="Anything else about the venue."),
)  # fmt: skip

SPEAKER: tuple[Field, ...] = (
    Field(("name",), required=True, help="Their name as it should be printed."),
    Field(("email",), help="Where their invites go."),
    Field(("phone",), help="With its country code, e.g. +44 20 7946 0958 (or as written "
          "locally once settings.country is set)."),
    Field(("role",), help="Role or organisation."),
    Field(("bio",), help="A short biography (public)."),
    Field(("needs",), "list", "An access or tech need; repeat for more.", flag="need",
          column="speaker_needs"),
    Field(("travel",), help="Travel and accommodation notes."),
    Field(("notes",), help="Anything else (private)."),
    Field(("language",), help=f"The language of their emails: {LANGUAGE_HELP}."),
    Field(("private",), "bool", "Never named, described or linked in public outputs."),
    Field(("public_name",), help='Shown in public instead, e.g. "A guest speaker".',
          flag="public-name"),
    Field(("aliases",), "list", "Another spelling of their name, in any script (a private "
          "speaker's is looked for in each); repeat.", flag="alias", column="speaker_aliases"),
    Field(("share_with",), "list", "For a private speaker: someone else (a speaker or volunteer "
          "id) who may see their real name and contacts; repeat.", flag="share-with",
          column="speaker_share_with"),
    Field(("delegate",), help="Who may answer invitations for them: an assistant's email."),
)  # fmt: skip

SCREENING: tuple[Field, ...] = (
    Field(("film",), required=True, help="Film id."),
    Field(("venue",), required=True, help="Venue id."),
    Field(("date",), "date", "The date, YYYY-MM-DD.", required=True),
    Field(("start",), "clock", "Start time, 24-hour HH:MM.", required=True),
    Field(("doors",), "clock", "Doors open, HH:MM."),
    Field(("end",), "clock", "When the evening ends, if later than the talk."),
    Field(("intro",), "duration", "Intro length in minutes."),
    Field(("talk",), "duration", "Talk and Q&A length in minutes."),
    Field(("speakers",), "list", "Speaker id; repeat for more.", flag="speaker"),
    Field(("host",), help="Speaker id of the host or moderator."),
    Field(("organiser", "name"), help="Who organises this evening, if not the plan's "
          "organiser (a group in the tour): public pages name them."),
    Field(("organiser", "email"), help="Their address: invitations go from it, answers and "
          "their digest come back to it."),
    Field(("organiser", "account"), help="The [smtp.ACCOUNT] of your user config that sends "
          "their mail (default: [smtp])."),
    Field(("status",), "choice", "Where the screening stands.", choices=STATUS),
    Field(("audience",), "int", "Expected audience."),
    Field(("notes",), help="Private notes (on invites and checklists, never public)."),
    Field(("description",), help="A short public description."),
    Field(("booking_url",), help="Where the public books, https://…", flag="booking-url"),
    Field(("price",), "amount", help="Full ticket price, e.g. 6.00."),
    Field(
        ("concession_price",),
        "amount",
        help="Concession price, e.g. 4.00.",
        flag="concession-price",
    ),
    Field(("free",), "bool", "Entry is free.", column="free_entry"),
    Field(("currency",), help="ISO 4217 code of its prices, where not the venue's or the plan's."),
    Field(("sales_open",), "date", "When ticket sales open, YYYY-MM-DD.", flag="sales-open"),
    Field(("languages",), "list", f"A language of its public outputs ({LANGUAGE_HELP}); "
          "repeat for bilingual, the first read first.", flag="language", column="languages"),
    Field(("access",), "list", "Access at this screening; repeat for more.", choices=ACCESS,
          column="access"),
    Field(("access_note",), help="Access at this screening in words (public).",
          flag="access-note"),
    Field(("content_note",), help="A content note shown before booking (public).",
          flag="content-note"),
    *FEE,
    Field(
        ("return_made",),
        "date",
        "When the box-office return was made (export return --final sets it; its task is then "
        "done).",
        flag="return-made",
    ),
)  # fmt: skip

# What happened, recorded by `screenkit result` and read by `import` (columns as named here).
RESULT: tuple[Field, ...] = (
    Field(("attendance",), "int", "Everyone who came in."),
    Field(("paid",), "int", "Full-price admissions."),
    Field(("concessions",), "int", "Concession admissions."),
    Field(("free",), "int", "Free admissions (guests, volunteers)."),
    Field(("takings",), "amount", help="Gross box-office takings, e.g. 412.50 (VAT included)."),
    Field(("donations",), "amount", help="Donations and collections, e.g. 56.00."),
    Field(("signups",), "int", "People who signed up to the campaign."),
    Field(("actions",), "int", "Actions taken: the campaign's letters, petitions signed …"),
    Field(("feedback",), "int", "Feedback slips returned."),
    Field(("rating",), "float", "Average rating from the slips, 1 to 5 (e.g. 4.5)."),
    Field(("notes",), help="What happened, in words.", column="result_notes"),
)

VOLUNTEER: tuple[Field, ...] = (
    Field(("name",), required=True, help="Their name as it should be printed."),
    Field(("email",), help="Where their reminders go."),
    Field(("phone",), help="With its country code, e.g. +44 20 7946 0958."),
    Field(("can",), "list", "A role they can do (door, projection …); repeat, or separate with "
          "commas. None: any role.", column="volunteer_can"),
    Field(("town",), help="Where they live: the rota places them only at venues there."),
    Field(("weekdays",), "list", "A day of the week they can do (mon … sun); repeat. None: any.",
          column="volunteer_weekdays"),
    Field(("dates",), "list", "An evening they can do (YYYY-MM-DD); repeat. None: any.",
          column="volunteer_dates"),
    Field(("notes",), help="Anything else (private)."),
)  # fmt: skip

FIELDS: dict[str, tuple[Field, ...]] = {
    "film": FILM,
    "venue": VENUE,
    "speaker": SPEAKER,
    "screening": SCREENING,
    "volunteer": VOLUNTEER,
}
# What `add` demands beyond the model's own required fields.
ADD_REQUIRES: dict[str, tuple[str, ...]] = {"speaker": ("email",), "volunteer": ("email",)}


def by_name(record: str) -> dict[str, Field]:
    return {f.name: f for f in FIELDS[record]}


def required(record: str) -> list[str]:
    return [f.name for f in FIELDS[record] if f.required] + list(ADD_REQUIRES.get(record, ()))


def column(record: str, f: Field) -> str:
    """The import column: the screening's own fields by name, others prefixed by record."""
    if f.column:
        return f.column
    return "_".join(f.path) if record == "screening" else f"{record}_{f.name}"


def columns(record: str) -> dict[str, tuple[str, ...]]:
    """Import column -> path inside the record."""
    return {column(record, f): f.path for f in FIELDS[record]}


def nest(record: str, given: dict[str, Any]) -> dict[str, Any]:
    """`{"contact_email": "x@y"}` -> `{"contact": {"email": "x@y"}}`; None means not given."""
    fields = by_name(record)
    out: dict[str, Any] = {}
    for name, value in given.items():
        if value is None:
            continue
        path = fields[name].path
        target = out
        for part in path[:-1]:
            target = target.setdefault(part, {})
        target[path[-1]] = value
    return out


def normalise(
    record: str, given: dict[str, Any], where: str, *, region: str | None = None,
    currency: str | None = None,
) -> dict[str, Any]:  # fmt: skip
    """Typed text made into plan values as people write them (`7:30pm` -> `"19:30"`,
    `1h34` -> 94, `£6.50` -> `"6.50"`, `020 7930 3647` -> `"+44 20 7930 3647"` with the
    `region` GB, `gb` -> `GB`). What does not convert is named here with the option when
    this reads it better than the model would (times, dates, amounts, phones), else left as
    it is, for the model to name with its field."""
    from screenkit.errors import FieldError
    from screenkit.plan import money, values

    fields = by_name(record)
    out: dict[str, Any] = {}
    for name, value in given.items():
        f = fields[name]
        if isinstance(value, str):
            value = value.strip()
        if isinstance(value, list) and value and not any(str(v).strip() for v in value):
            # `--access ''` said "updated" and changed nothing
            why = f"is empty; give a value, or remove it with --clear {f.option[2:]}"
            raise FieldError(f"{where}.{'.'.join(f.path)}", f.option, why)
        try:
            if value is None:
                pass
            elif f.kind == "clock":
                value = values.format_clock(values.read_clock(str(value)))
            elif f.kind == "duration":
                value = values.parse_duration(value)
            elif f.kind == "float":
                value = values.number(value)
            elif f.kind == "date" and not isinstance(value, dt.date):
                value = values.parse_date(str(value))
            elif f.kind == "list" and f.path == ("can",):  # `--can door,projection`
                value = [r.strip() for v in value for r in str(v).split(",") if r.strip()] or None
            elif f.path == ("languages",):  # `cy`, as `CY` or ` cy ` are meant
                value = [str(v).strip().lower() for v in value if str(v).strip()] or None
            elif f.path == ("language",):
                value = str(value).lower()
            elif f.kind == "list":
                value = [str(v).strip() for v in value if str(v).strip()] or None
                if f.path == ("access",) and value and len(set(value)) < len(value):
                    raise FieldError(f"{where}.access", f.option,
                                     "a kind of access is given twice; give each once")  # fmt: skip
            elif f.path in (("country",), ("currency",)):
                value = str(value).upper()
            elif f.path[-1] == "phone":  # one written form, which every later read accepts
                value = values.normal_phone(value, region)
            elif f.path[-1] in ("email", "delegate"):
                value = values.normal_email(value)
            elif f.kind == "amount":
                amount = money.read_amount(value, currency) if currency else money.parse_amount(
                    value)  # fmt: skip
                value = f"{amount:f}"
        except ValueError as exc:
            if f.kind in ("date", "clock", "amount") or f.path[-1] == "phone":
                raise FieldError(f"{where}.{'.'.join(f.path)}", f.option, str(exc)) from None
        out[name] = value
    return out
