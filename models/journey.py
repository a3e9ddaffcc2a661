"""What a person saves on their way to a second opinion.

Every text field is cleaned (trimmed, control characters removed) and capped,
so whatever is typed or imported either saves as it is shown or is refused
with a reason the screen can explain kindly.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
import uuid
from enum import StrEnum
from typing import Annotated, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
)

from models.look import TEXT_SCALES  # noqa: F401 - re-exported; the list lives with the look

LINE_MAX = 200
NAME_MAX = 120
QUESTION_MAX = 500
NOTE_MAX = 5000
PHONE_MAX = 40
URL_MAX = 500


def _clean(value: object, *, multiline: bool) -> object:
    """Drop control characters (and lone surrogates) but keep emoji and RTL marks."""
    if value is None:
        return ""
    if isinstance(value, (bytes, bytearray)):
        # pydantic would decode bytes itself, after this cleaning: do it first.
        value = bytes(value).decode("utf-8", errors="replace")
    if not isinstance(value, str):
        return value  # pydantic then refuses it with a type error
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    kept = []
    for ch in value:
        if ch in "\n\t":
            kept.append(ch if multiline else " ")
        elif unicodedata.category(ch) not in ("Cc", "Cs"):
            kept.append(ch)
    return "".join(kept).strip()


def _single_line(value: object) -> object:
    return _clean(value, multiline=False)


def _multi_line(value: object) -> object:
    return _clean(value, multiline=True)


def _web_link(value: object) -> object:
    """A link typed without its scheme gets https:// (before the length cap,
    so what is saved is what was checked)."""
    value = _single_line(value)
    if isinstance(value, str) and value and not value.lower().startswith(("http://", "https://")):
        value = "https://" + value
    return value


def _check_link(value: str) -> str:
    """Only http(s) links, so a saved link can never run code or open a file."""
    if value and (" " in value or "." not in value.split("//", 1)[1]):
        raise ValueError("bad_link")
    return value


Line = Annotated[str, BeforeValidator(_single_line), StringConstraints(max_length=LINE_MAX)]
Name = Annotated[
    str, BeforeValidator(_single_line), StringConstraints(min_length=1, max_length=NAME_MAX)
]
QuestionText = Annotated[
    str, BeforeValidator(_single_line), StringConstraints(min_length=1, max_length=QUESTION_MAX)
]
LongText = Annotated[str, BeforeValidator(_multi_line), StringConstraints(max_length=NOTE_MAX)]
NoteText = Annotated[
    str, BeforeValidator(_multi_line), StringConstraints(min_length=1, max_length=NOTE_MAX)
]
Phone = Annotated[str, BeforeValidator(_single_line), StringConstraints(max_length=PHONE_MAX)]
WebLink = Annotated[
    str,
    BeforeValidator(_web_link),
    StringConstraints(max_length=URL_MAX),
    AfterValidator(_check_link),
]
Id = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")]


def new_id() -> str:
    return uuid.uuid4().hex


def today() -> dt.date:
    return dt.date.today()


def now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


class Saved(BaseModel):
    """Base for everything kept in the store: one TinyDB table per kind."""

    model_config = ConfigDict(extra="ignore", validate_assignment=True)
    table: ClassVar[str]


class Item(Saved):
    """A saved thing that is one of many (a question, a note, a provider)."""

    id: Id = Field(default_factory=new_id)
    """Stable id, never shown."""


class Single(Saved):
    """A saved thing there is only one of (the decision, the appointment)."""


class Question(Item):
    """A question the person wants to ask at the second-opinion visit."""

    table: ClassVar[str] = "questions"
    text: QuestionText
    """The question in the person's own words (or picked from the bank)."""
    topic: Line = "mine"
    """Question-bank topic id, or "mine" for one they wrote."""
    bank_id: Line = ""
    """Id of the question-bank entry it came from, if any."""
    starred: bool = False
    """Starred questions print first and make up "my top 3"."""
    order: int = 0
    """Position in the person's priority order (lower comes first)."""
    asked: bool = False
    """Marked as asked during the visit."""
    ask_later: bool = False
    """Skipped in visit mode, to come back to."""
    answer: LongText = ""
    """What the doctor said, typed during or after the visit."""
    created: dt.datetime = Field(default_factory=now)
    updated: dt.datetime | None = None
    """When what it says last changed (the store sets it); None if not since
    this was kept. A shared copy replaces this one only if it is newer."""


class Note(Item):
    """A free note: anything the person wants to remember."""

    table: ClassVar[str] = "notes"
    text: NoteText
    created: dt.datetime = Field(default_factory=now)
    updated: dt.datetime = Field(default_factory=now)
    """When it last changed (the store sets it on every change)."""


class Concern(Item):
    """Something that worries the person, to raise at the appointment."""

    table: ClassVar[str] = "concerns"
    text: QuestionText
    created: dt.datetime = Field(default_factory=now)


class ProviderStatus(StrEnum):
    """Where things stand with a place the person may contact, in order."""

    TO_CONTACT = "to_contact"
    CALLED = "called"
    RECORDS_SENT = "records_sent"
    BOOKED = "booked"
    SEEN = "seen"


PROVIDER_STEPS: tuple[ProviderStatus, ...] = tuple(ProviderStatus)


class Provider(Item):
    """A place or doctor the person may contact for a second opinion."""

    table: ClassVar[str] = "providers"
    name: Name
    """The doctor's or the center's name."""
    place: Line = ""
    """City, hospital or program."""
    phone: Phone = ""
    website: WebLink = ""
    in_network: Literal["yes", "no", "unknown"] = "unknown"
    """Whether the person's insurance counts it as in network."""
    status: ProviderStatus = ProviderStatus.TO_CONTACT
    next_step: Line = ""
    """The one next thing to do for this provider."""
    next_date: dt.date | None = None
    """When to do the next step."""
    notes: LongText = ""
    call_answers: dict[str, LongText] = Field(default_factory=dict)
    """Answers noted during the call, by call-script question id."""
    center_id: Line = ""
    """Directory id when added from the cancer-center list."""
    created: dt.datetime = Field(default_factory=now)
    updated: dt.datetime | None = None
    """When what it says last changed (the store sets it); None if not since
    this was kept. A shared copy replaces this one only if it is newer."""


RecordState = Literal["todo", "have", "requested", "not_needed"]


class RecordItem(Item):
    """Where the person stands with one record from the checklist (id = checklist id)."""

    table: ClassVar[str] = "records"
    state: RecordState = "todo"
    requested_on: dt.date | None = None
    """The day they asked for it."""
    notes: LongText = ""
    updated: dt.datetime | None = None
    """When what it says last changed (the store sets it); None if not since
    this was kept. A shared copy replaces this one only if it is newer."""


class TopicRead(Item):
    """A Learn topic the person has read (id = topic id)."""

    table: ClassVar[str] = "topics_read"
    read_on: dt.date = Field(default_factory=today)


ConsiderationKind = Literal["pro", "con"]


class Consideration(BaseModel):
    """A pro or con of one option, rated by how much it matters (0-5)."""

    model_config = ConfigDict(extra="ignore", validate_assignment=True)
    id: Id = Field(default_factory=new_id)
    option: Literal["now", "later", "not"] = "now"
    kind: ConsiderationKind = "pro"
    label: QuestionText
    weight: int = Field(default=0, ge=0, le=5)


class Decision(Single):
    """The person's reasons, their decision check and what they decided."""

    table: ClassVar[str] = "decision"
    reasons: list[Id] = Field(default_factory=list, max_length=50)
    """Reason ids ticked from the checklist."""
    own_reasons: LongText = ""
    """Reasons in their own words."""
    worries_seen: list[Id] = Field(default_factory=list, max_length=50)
    """Worries they have opened and read."""
    sure: dict[Id, bool] = Field(default_factory=dict, max_length=50)
    """SURE answers by item id: True for yes, False for no."""
    considerations: list[Consideration] = Field(default_factory=list, max_length=60)
    outcome: Literal["now", "later", "not"] | None = None
    """What they decided."""
    decided_on: dt.date | None = None
    next_step: Line = ""


class Appointment(Single):
    """The second-opinion visit."""

    table: ClassVar[str] = "appointment"
    date: dt.date | None = None
    time: Line = ""
    """As the person writes it, e.g. "10:30 am"."""
    place: Line = ""
    video_link: WebLink = ""
    doctor: Line = ""
    who_is_coming: Line = ""
    bring: list[Id] = Field(default_factory=list, max_length=60)
    """Ids of what-to-bring items already packed."""
    treatment_history: LongText = ""
    """A short history the person writes for the brief."""
    updated: dt.datetime | None = None
    """When what it says last changed (the store sets it); None if not since
    this was kept. A shared copy replaces this one only if it is newer."""


class Profile(Single):
    """About the person: for the records request letter and the brief.

    Every field is optional and has a default, so data saved before a field
    existed (and old backups) still load."""

    table: ClassVar[str] = "profile"
    name: Line = ""
    birth_date: Line = ""
    """As the person writes it; only printed, never checked."""
    birth_date_on_brief: bool = True
    """Print the birth date on the brief too (the letter always needs it)."""
    clinic: Line = ""
    """The clinic or hospital that holds the records."""
    send_to: LongText = ""
    """Where the records should go (the second-opinion doctor, or the person)."""
    diagnosis: LongText = ""
    """The diagnosis in the person's own words, for the brief."""
    medicines: LongText = ""
    """The medicines they take now, as they write them, for the brief."""
    oncologist: Line = ""
    """Their current oncologist (name and place), for the brief."""


class Opinion(BaseModel):
    """What one doctor said, in the person's own words."""

    model_config = ConfigDict(extra="ignore", validate_assignment=True)
    doctor: Line = ""
    """The doctor's name."""
    diagnosis: LongText = ""
    """The diagnosis and stage as this doctor described them."""
    treatment: LongText = ""
    """The treatment they suggest."""
    trials: LongText = ""
    """Clinical trials they offered or mentioned."""
    reasons: LongText = ""
    """The reasons they gave."""
    next_steps: LongText = ""


class Comparison(Single):
    """The first and the second opinion, kept side by side."""

    table: ClassVar[str] = "comparison"
    first: Opinion = Field(default_factory=Opinion)
    second: Opinion = Field(default_factory=Opinion)


class Settings(Single):
    """How the app looks for this person."""

    table: ClassVar[str] = "settings"
    text_scale: float = Field(default=1.0, ge=1.0, le=1.6)
    theme: Literal["system", "light", "dark"] = "system"
    welcomed: bool = False
    """The one-time kind note about medical advice has been seen."""
    language: Literal["", "en", "es"] = ""
    """The language chosen in settings; "" follows the device or browser."""


class SharedCodes(Single):
    """The numbered codes of a shared plan scanned so far ("2 of 3 scanned").

    Each code opens the app afresh, so what was scanned is kept here until the
    last one is in and the plan is added or set aside (models/share.py)."""

    table: ClassVar[str] = "shared_codes"
    parts: list[Annotated[str, StringConstraints(max_length=3000)]] = Field(
        default_factory=list, max_length=10
    )
    """Each as it follows `#` in its link; models.share.read_part reads them."""


ITEM_KINDS: tuple[type[Item], ...] = (Question, Note, Concern, Provider, RecordItem, TopicRead)
SINGLE_KINDS: tuple[type[Single], ...] = (
    Decision,
    Appointment,
    Profile,
    Comparison,
    Settings,
    SharedCodes,
)


_DAY_FORMATS = (
    "%Y-%m-%d",
    "%m/%d/%Y",
    "%m/%d/%y",
    "%m-%d-%Y",
    "%b %d %Y",
    "%B %d %Y",
    "%d %b %Y",
    "%d %B %Y",
)


def parse_day(text: str) -> dt.date | None:
    """A date as people write it (2026-12-03, 12/3/2026, Dec 3 2026); None if blank.

    Raises ValueError for anything else, so the screen can ask again kindly.
    """
    cleaned = " ".join(text.replace(",", " ").split())
    if not cleaned:
        return None
    for fmt in _DAY_FORMATS:
        try:
            return dt.datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    raise ValueError("not a date")


Problem = Literal["empty", "too_long", "bad_link", "out_of_range", "invalid"]
"""Why a value was refused; each has a kind sentence in ui.toml, problem.<key>."""


def problem_of(error: ValidationError) -> tuple[str, Problem, dict]:
    """(field, problem key, details) for the first error, for a kind message."""
    first = error.errors()[0]
    field = str(first["loc"][0]) if first.get("loc") else ""
    kind = first.get("type", "")
    ctx = first.get("ctx") or {}
    if kind in ("string_too_short", "too_short"):
        return field, "empty", {}
    if kind in ("string_too_long", "too_long"):
        return field, "too_long", {"limit": ctx.get("max_length", "")}
    if kind == "value_error" and "bad_link" in str(ctx.get("error", "")):
        return field, "bad_link", {}
    if kind.startswith(("greater_than", "less_than")):
        return field, "out_of_range", {}
    return field, "invalid", {}
