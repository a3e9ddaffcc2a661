"""Handing the plan to someone who helps: what is shared, as a link or a file, and adding it.

A shared plan travels in the part of a link after `#` (`#share=...`), which a
browser never sends to any server, drawn as one or more QR codes; or as a
small file. It holds only what the person chose. The one who receives it sees
what it holds before anything changes, and adding it merges item by item:

- an item they do not have is added;
- an item they have (the same id) changes only if the shared copy is newer
  (its `updated` time, which the store sets on every change);
- even then nothing they typed is lost: words they wrote (answers, notes,
  history) that the shared copy does not hold are kept below the shared ones,
  and an empty shared field never empties theirs;
- adding the same share again changes nothing.

A share that is damaged, from elsewhere, from a newer version, changed on the
way or too big raises ShareError before anything is changed. Its entries are
checked with the store's own models, the same way as a backup file.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import io
import json
import re
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeVar, get_args
from urllib.parse import unquote

from pydantic import ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined, to_jsonable_python

from models import backup
from models.backup import BackupError, check_header, parse_document, read_tables
from models.journey import (
    NOTE_MAX,
    Appointment,
    Item,
    Note,
    Provider,
    Question,
    RecordItem,
    Saved,
    SharedCodes,
)
from models.store import APP_ID, SCHEMA_VERSION, Store

KIND = "share"
FORMAT = 1
"""Version of the link layout below; a receiver refuses a higher one as "newer"."""
FRAGMENT = "share="
"""What follows `#` in a share link."""

QR_LEVEL = "m"
QR_VERSION_MAX = 15
CODE_BYTES = 412
"""The longest link one code holds: a version 15 QR code (77 x 77 squares) at error
correction M. Shown about 8 cm wide on a phone, each square is about 1 mm, which
an older phone camera reads at arm's length through glare on the screen; M still
reads with 15% of the code hidden by a reflection or a thumb. Bigger versions
hold more but need a steadier hand."""
CODES_MAX = 10
"""More codes than this is too much to scan in a waiting room: offer the file."""
QR_BYTES_MAX = 2953
"""The most any QR code can hold (version 40 at level L): no real part is longer."""
MAX_SHARE_BYTES = 2 * 1024 * 1024
"""Far more than any plan; a share that unpacks to more is not one of ours."""

ShareProblem = Literal[
    "damaged", "not_ours", "a_backup", "newer", "too_big", "mixed_parts", "incomplete"
]
"""Why a share cannot be read; each has a kind sentence in ui.toml, share.<key>."""

Outcome = Literal["added", "updated", "kept"]


class ShareError(ValueError):
    """A share that cannot be used; `key` (a ShareProblem) names why.

    The screen shows t(f"share.{key}"). Nothing was changed.
    """

    def __init__(self, key: ShareProblem, detail: str = ""):
        assert key in get_args(ShareProblem), key
        super().__init__(f"{key}: {detail}" if detail else key)
        self.key: ShareProblem = key
        self.detail = detail


# -- what is shared --------------------------------------------------------------------


@dataclass(frozen=True)
class WhatToShare:
    """The person's choice on the share screen: each kind on or off."""

    questions: bool = True
    """Their questions, with stars and answers."""
    appointment: bool = True
    records: bool = True
    """Where they stand with each record."""
    providers: bool = True
    """The places and doctors on their list, with where things stand."""
    notes: bool = False
    """Off unless they turn it on: notes can be private."""


@dataclass(frozen=True)
class Share:
    """Exactly the items one person chose to hand over, and when."""

    sent: dt.datetime
    """With its UTC offset, so the receiver can compare times across time zones."""
    questions: tuple[Question, ...] = ()
    appointment: Appointment | None = None
    records: tuple[RecordItem, ...] = ()
    providers: tuple[Provider, ...] = ()
    notes: tuple[Note, ...] = ()


@dataclass(frozen=True)
class ShareSummary:
    """What a share holds, for "You are about to share" and "Someone shared"."""

    questions: int
    starred: int
    answered: int
    appointment: bool
    records: int
    providers: int
    notes: int

    @property
    def empty(self) -> bool:
        return not (
            self.questions or self.appointment or self.records or self.providers or self.notes
        )


SHARED_TABLES = (
    Question.table,
    Appointment.table,
    RecordItem.table,
    Provider.table,
    Note.table,
)


def _has_content(appointment: Appointment) -> bool:
    """Whether anything was filled in (an appointment never touched is not shared)."""
    return appointment.model_dump(exclude={"updated"}) != Appointment().model_dump(
        exclude={"updated"}
    )


def make_share(store: Store, what: WhatToShare, sent: dt.datetime) -> Share:
    """The share holding exactly the kinds `what` turns on, as saved now."""
    appointment = store.load(Appointment) if what.appointment else None
    return Share(
        sent=sent if sent.tzinfo else sent.astimezone(),
        questions=tuple(store.all(Question)) if what.questions else (),
        appointment=appointment if appointment and _has_content(appointment) else None,
        records=tuple(store.all(RecordItem)) if what.records else (),
        providers=tuple(store.all(Provider)) if what.providers else (),
        notes=tuple(store.all(Note)) if what.notes else (),
    )


def summary_of(share: Share) -> ShareSummary:
    return ShareSummary(
        questions=len(share.questions),
        starred=sum(q.starred for q in share.questions),
        answered=sum(bool(q.answer) for q in share.questions),
        appointment=share.appointment is not None,
        records=len(share.records),
        providers=len(share.providers),
        notes=len(share.notes),
    )


def _tables(share: Share) -> dict[str, Sequence[Saved]]:
    appointment = (share.appointment,) if share.appointment is not None else ()
    return {
        Question.table: share.questions,
        Appointment.table: appointment,
        RecordItem.table: share.records,
        Provider.table: share.providers,
        Note.table: share.notes,
    }


# -- the document inside a link or a file ---------------------------------------------------


_NO_DEFAULT = object()


def _plain_default(field: FieldInfo) -> Any:
    """The field's default as JSON, if it is always the same value (not an id or a time)."""
    if field.default_factory in (list, dict):
        return field.default_factory()
    if field.default_factory is not None or field.default is PydanticUndefined:
        return _NO_DEFAULT
    return to_jsonable_python(field.default)


def _compact(entry: Saved) -> dict:
    """The entry as JSON without fields left at their default: every code holds more."""
    doc = entry.model_dump(mode="json")
    for name, field in type(entry).model_fields.items():
        default = _plain_default(field)
        if default is not _NO_DEFAULT and doc.get(name) == default:
            del doc[name]
    return doc


def _document(share: Share) -> dict:
    return {
        "app": APP_ID,
        "kind": KIND,
        "schema": SCHEMA_VERSION,
        "sent": share.sent.isoformat(timespec="seconds"),
        "data": {
            table: [_compact(entry) for entry in entries]
            for table, entries in _tables(share).items()
            if entries
        },
    }


E = TypeVar("E", bound=Saved)


def _only(kind: type[E], entries: list[Saved]) -> tuple[E, ...]:
    return tuple(entry for entry in entries if isinstance(entry, kind))


def _share_from(document: Any) -> Share:
    """The share in a parsed document, every entry checked with the store's models."""
    try:
        check_header(document, KIND)
        tables = read_tables(document.get("data"), only=SHARED_TABLES)
    except BackupError as err:
        same: dict[str, ShareProblem] = {"not_ours": "not_ours", "newer": "newer"}
        if err.key in same:
            raise ShareError(same[err.key], err.detail) from err
        if document.get("kind") == backup.KIND:
            raise ShareError("a_backup") from err
        raise ShareError("damaged", err.detail) from err
    try:
        sent = dt.datetime.fromisoformat(document.get("sent"))
    except (TypeError, ValueError) as err:
        raise ShareError("damaged", "no time sent") from err
    if sent.tzinfo is None:
        raise ShareError("damaged", "time sent has no offset")
    appointments = _only(Appointment, tables[Appointment.table])
    return Share(
        sent=sent,
        questions=_only(Question, tables[Question.table]),
        appointment=appointments[0] if appointments else None,
        records=_only(RecordItem, tables[RecordItem.table]),
        providers=_only(Provider, tables[Provider.table]),
        notes=_only(Note, tables[Note.table]),
    )


def _parse(raw: bytes, *, not_json: ShareProblem) -> Any:
    try:
        return parse_document(raw, MAX_SHARE_BYTES)
    except BackupError as err:
        key: ShareProblem = (
            "too_big" if err.key == "too_big" else not_json if err.key == "not_json" else "damaged"
        )
        raise ShareError(key, err.detail) from err


# -- as a file -------------------------------------------------------------------------


def share_file(share: Share) -> bytes:
    """The share as a small JSON file (UTF-8), readable by the app on any device."""
    raw = json.dumps(_document(share), ensure_ascii=False, indent=1, sort_keys=True).encode()
    if len(raw) > MAX_SHARE_BYTES:
        raise ShareError("too_big")
    return raw


def read_share_file(raw: bytes) -> Share:
    """The share in a file, or ShareError; a file that is not JSON is "not_ours"."""
    return _share_from(_parse(raw, not_json="not_ours"))


def share_file_name(day: dt.date) -> str:
    return f"second-opinion-shared-plan-{day:%Y-%m-%d}.json"


# -- as a link: packed, then split into numbered parts ----------------------------------------


_TOKEN = re.compile(r"[A-Za-z0-9_-]+")


def share_token(share: Share) -> str:
    """The share packed for a link: compact JSON, zlib, URL-safe base64 without padding."""
    raw = json.dumps(
        _document(share), ensure_ascii=False, separators=(",", ":"), sort_keys=True
    ).encode()
    if len(raw) > MAX_SHARE_BYTES:
        raise ShareError("too_big")
    return base64.urlsafe_b64encode(zlib.compress(raw, 9)).rstrip(b"=").decode("ascii")


def share_from_token(token: str) -> Share:
    """The share packed in `token`, checked, or ShareError."""
    if len(token) > CODES_MAX * QR_BYTES_MAX:
        raise ShareError("too_big")
    if not _TOKEN.fullmatch(token):
        raise ShareError("damaged", "not base64")
    try:
        packed = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (binascii.Error, ValueError) as err:
        raise ShareError("damaged", str(err)) from err
    inflater = zlib.decompressobj()
    try:
        # Never unpack more than a share can be, whatever the link claims.
        raw = inflater.decompress(packed, MAX_SHARE_BYTES + 1)
    except zlib.error as err:
        raise ShareError("damaged", str(err)) from err
    if len(raw) > MAX_SHARE_BYTES or inflater.unconsumed_tail:
        raise ShareError("too_big")
    if not inflater.eof or inflater.unused_data:
        raise ShareError("damaged", "cut short or with extra data")
    return _share_from(_parse(raw, not_json="damaged"))


def _share_id(token: str) -> str:
    """Names the share on each of its parts, and checks the joined parts are unchanged."""
    return hashlib.sha256(token.encode("ascii")).hexdigest()[:8]


@dataclass(frozen=True, order=True)
class SharePart:
    """One numbered code of a share ("2 of 3"); each says which share it belongs to."""

    share_id: str
    index: int
    """1 for the first code."""
    total: int
    chunk: str

    @property
    def text(self) -> str:
        """The part as it follows `#` in its link; read_part reads it back."""
        return f"{FRAGMENT}{FORMAT}.{self.share_id}.{self.index}.{self.total}.{self.chunk}"


def _link_base(address: str) -> str:
    return address.split("#", 1)[0] + "#"


def share_links(share: Share, address: str) -> list[str]:
    """The links for a share, one per QR code, each at most CODE_BYTES long.

    `address` is the app's own public address (the receiver's phone opens it).
    Raises ShareError("too_big") if it needs more than CODES_MAX codes: offer
    the file instead.
    """
    base = _link_base(address)
    token = share_token(share)
    share_id = _share_id(token)
    for total in range(1, CODES_MAX + 1):
        widest = SharePart(share_id, total, total, "").text
        room = CODE_BYTES - len(base.encode("utf-8")) - len(widest)
        if room < 1:
            raise ValueError(f"the address is too long for a QR code: {address!r}")
        if len(token) <= room * total:
            size = -(-len(token) // total)  # parts of even length, none nearly empty
            chunks = [token[i * size : (i + 1) * size] for i in range(total)]
            return [
                base + SharePart(share_id, i, total, chunk).text
                for i, chunk in enumerate(chunks, start=1)
            ]
    raise ShareError("too_big", f"needs more than {CODES_MAX} codes")


def _number(text: str, low: int, high: int) -> int:
    if not (text.isascii() and text.isdigit()) or len(text) > 3 or text.startswith("0"):
        raise ShareError("damaged", f"not a part number: {text[:10]!r}")
    value = int(text)
    if value > high:
        raise ShareError("too_big", f"{value} parts")
    if value < low:
        raise ShareError("damaged", f"part number {value}")
    return value


def read_part(text: str) -> SharePart:
    """The part in a scanned link, `#share=...` or `share=...`; ShareError if it is not one."""
    if not isinstance(text, str):
        raise ShareError("not_ours", "not text")
    if len(text) > 3 * QR_BYTES_MAX:  # a part with every character %-escaped is at most 3x
        raise ShareError("too_big")
    text = text.strip()
    if "#" in text:
        text = text.split("#", 1)[1]
    text = unquote(text)
    if not text.startswith(FRAGMENT):
        raise ShareError("not_ours")
    pieces = text[len(FRAGMENT) :].split(".")
    version = pieces[0]
    if not (version.isascii() and version.isdigit()) or len(version) > 3 or int(version) < 1:
        raise ShareError("not_ours", "no version")
    if int(version) > FORMAT:
        raise ShareError("newer", f"link format {version}")
    if len(pieces) != 5:
        raise ShareError("damaged", "cut short")
    share_id, index, total, chunk = pieces[1:]
    if not re.fullmatch(r"[0-9a-f]{8}", share_id):
        raise ShareError("damaged", "no share id")
    part_total = _number(total, 1, CODES_MAX)
    part_index = _number(index, 1, 999)  # above the total is checked next
    if part_index > part_total:
        raise ShareError("damaged", f"part {part_index} of {part_total}")
    if len(chunk) > QR_BYTES_MAX:
        raise ShareError("too_big")
    if not _TOKEN.fullmatch(chunk):
        raise ShareError("damaged", "not base64")
    return SharePart(share_id, part_index, part_total, chunk)


def collect(parts: Sequence[SharePart], part: SharePart) -> tuple[SharePart, ...]:
    """The parts scanned so far with one more, in order; one scanned twice counts once.

    Raises ShareError("mixed_parts") for a part of another share: the screen can
    offer to start again with it.
    """
    together = {p.index: p for p in parts}
    for earlier in together.values():
        if earlier.share_id != part.share_id:
            raise ShareError("mixed_parts")
        if earlier.total != part.total:
            raise ShareError("damaged", "parts disagree on how many there are")
    if part.index in together and together[part.index] != part:
        raise ShareError("damaged", f"two different parts {part.index}")
    together[part.index] = part
    return tuple(sorted(together.values()))


def missing_parts(parts: Sequence[SharePart]) -> list[int]:
    """Numbers of the codes still to scan (empty when all are in, or none yet)."""
    if not parts:
        return []
    have = {p.index for p in parts}
    return [i for i in range(1, parts[0].total + 1) if i not in have]


def join_parts(parts: Sequence[SharePart]) -> Share:
    """The share from all its parts, in any order; ShareError if one is missing,
    from another share, or if any was changed on the way."""
    collected: tuple[SharePart, ...] = ()
    for part in parts:
        collected = collect(collected, part)
    if not collected or missing_parts(collected):
        raise ShareError("incomplete", f"missing {missing_parts(collected)}")
    token = "".join(p.chunk for p in collected)
    if _share_id(token) != collected[0].share_id:
        raise ShareError("damaged", "the parts do not add up to the share they name")
    return share_from_token(token)


def fragment_of(url: str) -> str | None:
    """The share part of a link the app was opened with (after `#`), or None."""
    _, hash_mark, fragment = (url or "").partition("#")
    return fragment if hash_mark and unquote(fragment).startswith(FRAGMENT) else None


def app_address(url: str, route: str) -> str:
    """The app's own address, for share links: the page's URL without the screen's
    route, query or fragment. `https://x.org/companion/prepare/share` at route
    `/prepare/share` is `https://x.org/companion/`."""
    base = url.split("#", 1)[0].split("?", 1)[0]
    if route not in ("", "/") and base.endswith(route):
        base = base[: -len(route)]
    return base if base.endswith("/") else base + "/"


def scanned_parts(store: Store) -> tuple[SharePart, ...]:
    """The codes of one shared plan scanned so far on this device (none may be)."""
    parts: tuple[SharePart, ...] = ()
    for text in store.load(SharedCodes).parts:
        try:
            parts = collect(parts, read_part(text))
        except ShareError:
            return ()  # a damaged record of what was scanned: start again
    return parts


def scan(store: Store, text: str) -> tuple[tuple[SharePart, ...], bool]:
    """One more scanned code: the parts now in hand, kept on this device, and
    whether the earlier ones were set aside because this code is from another
    shared plan. A code that is not a part raises ShareError; nothing changes."""
    part = read_part(text)
    earlier = scanned_parts(store)
    try:
        parts, restarted = collect(earlier, part), False
    except ShareError as err:
        if err.key != "mixed_parts":
            raise
        parts, restarted = (part,), True  # the newest plan is the one being handed over
    store.put(SharedCodes(parts=[p.text for p in parts]))
    return parts, restarted


def forget_scanned(store: Store) -> None:
    """Set aside the codes scanned so far (the plan was added, or not wanted)."""
    if store.load(SharedCodes).parts:
        store.put(SharedCodes())


# -- the QR code -------------------------------------------------------------------------


def qr_svg(link: str) -> str:
    """The QR code for one link, as SVG text: ft.Image(src=...) draws it from memory
    (Flet takes a string holding ` xmlns="http://www.w3.org/2000/svg"` as SVG).

    Black on white with the quiet border cameras need, whatever the app's theme;
    no fixed size (a viewBox), so the screen sets how big it is drawn.
    """
    import segno  # only the share screen draws codes

    code = segno.make_qr(link, error=QR_LEVEL)  # raises the level when it fits the same size
    if not isinstance(code.version, int) or code.version > QR_VERSION_MAX:
        raise ValueError(f"link too long for one reliable code ({len(link)} characters)")
    out = io.BytesIO()
    code.save(
        out,
        kind="svg",
        xmldecl=False,
        svgns=True,
        svgclass=None,
        lineclass=None,
        omitsize=True,
        border=4,
        dark="#000000",
        light="#ffffff",
    )
    return out.getvalue().decode("ascii")


# -- adding a share ----------------------------------------------------------------------


WRITTEN: dict[type[Saved], tuple[str, ...]] = {
    Question: ("answer",),
    Note: ("text",),
    Provider: ("notes", "call_answers"),
    RecordItem: ("notes",),
    Appointment: ("treatment_history",),
}
"""Fields where a person writes in their own words: when both copies hold different
words, both are kept. Every other field follows the newer copy."""


def _moment(when: dt.datetime | None, zone: dt.tzinfo | None) -> dt.datetime | None:
    """A saved time, comparable across devices (times are saved in local time)."""
    if when is None or when.tzinfo is not None:
        return when
    return when.replace(tzinfo=zone)


def _blank(value: object) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _keep_both(mine: str, shared: str) -> str:
    """Both people's words, the shared ones first; or the one that holds the other."""
    if not mine or mine in shared:
        return shared
    if not shared or shared in mine:
        return mine
    both = f"{shared}\n\n{mine}"
    return both if len(both) <= NOTE_MAX else mine


def _keep_both_answers(mine: dict[str, str], shared: dict[str, str]) -> dict[str, str]:
    return {key: _keep_both(mine.get(key, ""), shared.get(key, "")) for key in mine | shared}


def _newer(shared: Saved, mine: Saved, shared_zone: dt.tzinfo, my_zone: dt.tzinfo) -> bool:
    theirs = _moment(getattr(shared, "updated", None), shared_zone)
    ours = _moment(getattr(mine, "updated", None), my_zone)
    return theirs is not None and (ours is None or theirs > ours)


def _same_content(a: Saved, b: Saved) -> bool:
    return a.model_dump(exclude={"updated"}) == b.model_dump(exclude={"updated"})


def merge_entry(
    mine: E | None, shared: E, shared_zone: dt.tzinfo, my_zone: dt.tzinfo
) -> tuple[E, Outcome]:
    """One shared item against the receiver's copy: what to keep, and what happened."""
    if mine is None:
        return shared, "added"
    if not _newer(shared, mine, shared_zone, my_zone):
        return mine, "kept"
    kind = type(mine)
    written = WRITTEN.get(kind, ())
    fields: dict[str, Any] = {}
    for name in kind.model_fields:
        ours, theirs = getattr(mine, name), getattr(shared, name)
        if name in written:
            both = _keep_both_answers if isinstance(theirs, dict) else _keep_both
            fields[name] = both(ours, theirs)
        else:
            fields[name] = ours if _blank(theirs) else theirs
    try:
        merged = kind.model_validate(fields)
    except ValidationError:
        return mine, "kept"
    if _same_content(merged, mine):
        return mine, "kept"
    return merged, "updated"


@dataclass(frozen=True)
class MergeSummary:
    """How many of each kind (by table name) were added, updated or kept as they were."""

    added: dict[str, int]
    updated: dict[str, int]
    kept: dict[str, int]

    @property
    def changed(self) -> bool:
        return bool(sum(self.added.values()) + sum(self.updated.values()))


def add_share(store: Store, share: Share, my_zone: dt.tzinfo | None = None) -> MergeSummary:
    """Merge a checked share into the store, in one atomic write (see the module's rules).

    `my_zone` is the receiver's time zone (local if None). Raises StoreWriteError,
    with nothing changed, if it could not be saved.
    """
    zone = my_zone or dt.datetime.now().astimezone().tzinfo or dt.UTC
    shared_zone = share.sent.tzinfo or dt.UTC
    saved = store.snapshot()
    happened: list[tuple[str, Outcome]] = []
    to_save: list[Saved] = []

    if share.appointment is not None:
        mine = store.load(Appointment) if saved[Appointment.table] else None
        merged, outcome = merge_entry(mine, share.appointment, shared_zone, zone)
        happened.append((Appointment.table, outcome))
        if outcome != "kept":
            to_save.append(merged)

    items: tuple[tuple[type[Item], Sequence[Item]], ...] = (
        (Question, share.questions),
        (RecordItem, share.records),
        (Provider, share.providers),
        (Note, share.notes),
    )
    for kind, entries in items:
        readable = {item.id: item for item in store.all(kind)}
        # An entry this version cannot read is hidden, not gone: never write over it.
        hidden = {doc.get("id") for doc in saved[kind.table]} - set(readable)
        for entry in entries:
            if entry.id in hidden:
                happened.append((kind.table, "kept"))
                continue
            merged_item, outcome = merge_entry(readable.get(entry.id), entry, shared_zone, zone)
            happened.append((kind.table, outcome))
            if outcome != "kept":
                to_save.append(merged_item)

    store.save_all(to_save)

    def count(outcome: Outcome) -> dict[str, int]:
        return dict(Counter(table for table, what in happened if what == outcome))

    return MergeSummary(added=count("added"), updated=count("updated"), kept=count("kept"))
