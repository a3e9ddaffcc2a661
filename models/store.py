"""The store: TinyDB in one JSON file, written so that a person's notes survive.

- Every write goes to a temporary file, is flushed to disk, then renamed over
  the old file: a crash mid-write leaves the old file or the new one, never half.
- The file carries a schema version; older files are migrated forward.
- A file that cannot be read (damaged, or made by a newer version) is moved
  aside, never deleted, and the app starts empty and says where it went.
- A file with a single entry this version cannot read is copied aside whole
  before anything is saved over it; unreadable items are hidden but kept.
- Temp files left by a killed write are cleared on the next open.
- A write that fails (full disk, read-only folder) raises StoreWriteError and
  leaves the file as it was.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import ValidationError
from tinydb import Query, TinyDB
from tinydb.storages import MemoryStorage, Storage
from tinydb.table import Document, Table

from models.journey import ITEM_KINDS, SINGLE_KINDS, Item, Saved, Single, now

SCHEMA_VERSION = 1
META_TABLE = "_meta"
APP_ID = "second-opinion-companion"

T = TypeVar("T", bound=Saved)


class StoreWriteError(OSError):
    """Saving failed; nothing on disk changed."""


@dataclass(frozen=True)
class Recovery:
    """Why the saved file could not be used as it was, and where it was kept."""

    reason: Literal["damaged", "newer", "migrated", "partly", "unwritable"]
    kept_at: Path | None = None


def atomic_write(path: Path, content: str | bytes) -> None:
    """Replace `path` with `content` so that a crash leaves either old or new file."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _sync_folder(path.parent)


STALE_TEMP_SECONDS = 60


def _remove_stale_temp_files(path: Path) -> None:
    """Temp files a killed write left behind (never the data file itself).
    A write takes well under a minute, so older ones belong to no one."""
    cutoff = time.time() - STALE_TEMP_SECONDS
    try:
        leftovers = list(path.parent.glob(f".{path.name}.*.tmp"))
    except OSError:
        return
    for tmp in leftovers:
        try:
            if tmp.stat().st_mtime < cutoff:
                tmp.unlink()
        except OSError:
            pass


def _sync_folder(folder: Path) -> None:
    # Makes the rename itself durable on POSIX; other systems have no such call.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class AtomicJSONStorage(Storage):
    """TinyDB storage that reads a JSON file and replaces it atomically on write."""

    def __init__(self, path: Path, on_saved: Callable[[], None] | None = None):
        self.path = Path(path)
        self.on_saved = on_saved

    def read(self) -> dict[str, Any] | None:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        return json.loads(text) if text.strip() else None

    def write(self, data: dict[str, Any]) -> None:
        text = json.dumps(data, indent=1, sort_keys=True)
        try:
            atomic_write(self.path, text)
        except OSError as err:
            raise StoreWriteError(str(err)) from err
        if self.on_saved:
            self.on_saved()


def _migrate(data: dict[str, Any], version: int) -> dict[str, Any]:
    """Bring data of an older schema up to SCHEMA_VERSION, one step at a time."""
    if version < 1:
        # Version 0: a plain TinyDB file with no version stamp; same tables.
        data = dict(data)
    data[META_TABLE] = {"1": {"app": APP_ID, "schema": SCHEMA_VERSION}}
    return data


def _schema_of(data: dict[str, Any]) -> int:
    meta = data.get(META_TABLE)
    if not meta:
        return 0
    # The stamp is entry "1"; files from before it was pinned may hold it elsewhere.
    stamps = [meta["1"]] if "1" in meta else list(meta.values())
    if len(stamps) != 1 or not isinstance(stamps[0], dict):
        raise ValueError("bad meta table")
    schema = stamps[0].get("schema")
    if not isinstance(schema, int) or schema < 0:
        raise ValueError("bad schema")
    return schema


def _check_shape(data: Any) -> dict[str, Any]:
    """A TinyDB file is {table: {doc_id: {...}}}; anything else is damage."""
    if not isinstance(data, dict):
        raise ValueError("not an object")
    for table in data.values():
        if not isinstance(table, dict) or not all(isinstance(d, dict) for d in table.values()):
            raise ValueError("not a table")
        # TinyDB turns every entry key into a number on each read.
        if not all(k.isascii() and k.isdigit() for k in table):
            raise ValueError("not a table")
    return data


def _validates(kind: type[Saved], doc: dict) -> bool:
    try:
        kind.model_validate(doc)
    except ValidationError:
        return False
    return True


def _singles_valid(data: dict[str, Any]) -> bool:
    """Whether each saved single reads as what it is meant to be. (Items that
    do not are hidden but carried along in the file, so they need no copy.)"""
    for kind in SINGLE_KINDS:
        for doc in data.get(kind.table, {}).values():
            if not _validates(kind, doc):
                return False
    return True


def _salvage(kind: type[T], doc: dict) -> T:
    """The model from `doc`, leaving out only the fields that no longer validate."""
    try:
        return kind.model_validate(doc)
    except ValidationError as err:
        bad = {e["loc"][0] for e in err.errors() if e["loc"]}
    kept = {k: v for k, v in doc.items() if k not in bad}
    try:
        return kind.model_validate(kept)
    except ValidationError:
        return kind()


def _note_change(item: Saved, old: dict | None) -> None:
    """Set `item.updated` to now() if what it says differs from the saved `old`;
    else keep the saved time (a screen may hold an older copy of the same)."""
    if "updated" not in type(item).model_fields:
        return
    new = item.model_dump(mode="json")
    if old is not None and all(
        old.get(name) == value for name, value in new.items() if name != "updated"
    ):
        with contextlib.suppress(ValidationError):
            item.updated = old.get("updated", new["updated"])  # type: ignore[attr-defined]
        return
    item.updated = now()  # type: ignore[attr-defined]


_locks: dict[Path, threading.RLock] = {}
_locks_guard = threading.Lock()
# What a session found wrong with a file, until the person has read it
# (Store.acknowledge): every session that opens the file meanwhile says it
# too, so a reload or a second tab cannot swallow the only telling.
_unread: dict[Path, Recovery] = {}


def _lock_for(path: Path) -> threading.RLock:
    """One lock per file, shared by every session that opens it in this process."""
    with _locks_guard:
        return _locks.setdefault(path.resolve(), threading.RLock())


class Store:
    """A person's saved data. Open one per person (or per browser)."""

    def __init__(self, path: Path | None, on_saved: Callable[[], None] | None = None):
        self.path = Path(path) if path else None
        self.recovery: Recovery | None = None
        self._stamped = False
        if self.path is None:
            self._lock = threading.RLock()
            self._db = TinyDB(storage=MemoryStorage)
            return
        self._lock = _lock_for(self.path)
        with self._lock:
            self._db = self._open(on_saved)
            key = self.path.resolve()
            if self.recovery is not None:
                _unread[key] = self.recovery
            else:
                self.recovery = _unread.get(key)

    def acknowledge(self) -> None:
        """The person has read what was wrong (`recovery`): stop telling it."""
        if self.path is not None:
            with self._lock:
                _unread.pop(self.path.resolve(), None)
        self.recovery = None

    # -- opening -----------------------------------------------------------

    def _open(self, on_saved: Callable[[], None] | None) -> TinyDB:
        assert self.path is not None
        # Reading may still work if this fails; a write will say what is wrong.
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_temp_files(self.path)
        storage_args = (self.path, on_saved)
        try:
            data = AtomicJSONStorage(self.path).read()
            if data is not None:
                data = _check_shape(data)
                version = _schema_of(data)
        except (ValueError, UnicodeDecodeError, OSError, RecursionError):
            # RecursionError: JSON nested too deeply for the parser.
            return self._start_over("damaged", on_saved)
        if data is None:
            return TinyDB(*storage_args, storage=AtomicJSONStorage)
        if version > SCHEMA_VERSION:
            return self._start_over("newer", on_saved)
        self._stamped = True
        db = TinyDB(*storage_args, storage=AtomicJSONStorage)
        if version < SCHEMA_VERSION:
            kept = self._keep_copy(f"v{version}")
            try:
                db.storage.write(_migrate(data, version))
            except StoreWriteError:
                self.recovery = Recovery("unwritable", kept)
                return db
            self.recovery = Recovery("migrated", kept)
        elif not _singles_valid(data):
            # Saving over a single this version cannot read would lose it:
            # keep the whole file as it was, once, before anything is saved.
            kept = self._keep_copy("partly-read")
            self.recovery = Recovery("partly", kept) if kept else Recovery("unwritable")
        return db

    def _aside_name(self, label: str) -> Path:
        assert self.path is not None
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        candidate = self.path.with_name(f"{self.path.name}.{label}-{stamp}")
        n = 1
        while candidate.exists():
            n += 1
            candidate = self.path.with_name(f"{self.path.name}.{label}-{stamp}-{n}")
        return candidate

    def _keep_copy(self, label: str) -> Path | None:
        assert self.path is not None
        target = self._aside_name(label)
        try:
            atomic_write(target, self.path.read_bytes())
        except OSError:
            return None
        return target

    def _start_over(self, reason: Literal["damaged", "newer"], on_saved) -> TinyDB:
        """Move the unusable file aside (never delete it) and start empty."""
        assert self.path is not None
        target = self._aside_name(reason)
        try:
            os.replace(self.path, target)
        except OSError:
            # Cannot move it: keep working in memory so the file stays untouched.
            self.recovery = Recovery("unwritable", self.path)
            return TinyDB(storage=MemoryStorage)
        _sync_folder(self.path.parent)
        self.recovery = Recovery(reason, target)
        return TinyDB(self.path, on_saved, storage=AtomicJSONStorage)

    def _table(self, name: str) -> Table:
        # A fresh Table each time: TinyDB's cached tables remember the next id
        # and recent queries, which go stale when another session (a second
        # tab of the same browser) writes the same file.
        return Table(self._db.storage, name, cache_size=0)

    # -- items (many of a kind) ----------------------------------------------

    def all(self, kind: type[T]) -> list[T]:
        """Every saved item of a kind, oldest first. Entries that no longer
        validate are skipped, not deleted."""
        with self._lock:
            docs = self._table(kind.table).all()
        items = []
        for doc in docs:
            try:
                items.append(kind.model_validate(doc))
            except ValidationError:
                continue
        return items

    def get(self, kind: type[T], item_id: str) -> T | None:
        with self._lock:
            doc = self._table(kind.table).get(Query().id == item_id)
        if doc is None:
            return None
        try:
            return kind.model_validate(doc)
        except ValidationError:
            return None

    def save(self, item: Item) -> Item:
        """Add or replace one item (by id). Raises StoreWriteError if it could not be saved.

        An item with an `updated` time gets now() when what it says changed
        (set on `item` too), so a shared copy can tell which one is newer.
        """
        cond = Query().id == item.id
        with self._lock:
            self._stamp()
            table = self._table(item.table)
            old = table.get(cond)
            _note_change(item, old if isinstance(old, dict) else None)
            doc = item.model_dump(mode="json")
            if old is None:
                table.insert(doc)
            else:
                table.update(doc, cond)
        return item

    def delete(self, kind: type[Item], item_id: str) -> None:
        with self._lock:
            self._table(kind.table).remove(Query().id == item_id)

    # -- singles (one of a kind) ----------------------------------------------

    def load(self, kind: type[T]) -> T:
        """The saved single of a kind, or a fresh default. If it no longer
        validates as a whole, the parts that still do are kept."""
        with self._lock:
            docs = self._table(kind.table).all()
        if not docs:
            return kind()
        return _salvage(kind, docs[0])

    def put(self, item: Single) -> Single:
        """Save the single of a kind (its `updated` time is kept as save() keeps it)."""
        cond = Query()._single == 1
        with self._lock:
            self._stamp()
            table = self._table(item.table)
            # One read to look, one write to save (TinyDB's upsert writes twice
            # when it inserts).
            old = table.get(cond)
            _note_change(item, old if isinstance(old, dict) else None)
            doc = item.model_dump(mode="json") | {"_single": 1}
            if old is None:
                table.insert(doc)
            else:
                table.update(doc, cond)
        return item

    def save_all(self, entries: Sequence[Saved]) -> None:
        """Add or replace several items (by id) and singles in one atomic write,
        keeping their `updated` times as they are: a merge lands whole or not at all.

        Raises StoreWriteError (nothing changed) if it could not be saved.
        """
        if not entries:
            return
        with self._lock:
            storage = self._db.storage
            data = dict(storage.read() or {})
            if not self._stamped:
                data[META_TABLE] = {"1": {"app": APP_ID, "schema": SCHEMA_VERSION}}
            for entry in entries:
                doc = entry.model_dump(mode="json")
                rows = dict(data.get(entry.table) or {})
                if isinstance(entry, Single):
                    doc["_single"] = 1
                    key = next((k for k, row in rows.items() if row.get("_single") == 1), None)
                else:
                    key = next((k for k, row in rows.items() if row.get("id") == doc["id"]), None)
                if key is None:
                    key = str(max((int(k) for k in rows), default=0) + 1)
                # Like TinyDB's update: fields this version does not know are kept.
                rows[key] = dict(rows.get(key) or {}) | doc
                data[entry.table] = rows
            storage.write(data)
            self._stamped = True

    # -- whole store -----------------------------------------------------------

    def snapshot(self) -> dict[str, list[dict]]:
        """Everything saved, as plain JSON-ready data, by table."""
        with self._lock:
            tables = {
                kind.table: [dict(d) for d in self._table(kind.table).all()]
                for kind in (*ITEM_KINDS, *SINGLE_KINDS)
            }
        for kind in SINGLE_KINDS:
            for doc in tables[kind.table]:
                doc.pop("_single", None)
        return tables

    def replace_all(self, tables: dict[str, list[dict]]) -> None:
        """Replace everything in one atomic write (used by restore and delete-all)."""
        data: dict[str, Any] = {META_TABLE: {"1": {"app": APP_ID, "schema": SCHEMA_VERSION}}}
        singles = {kind.table for kind in SINGLE_KINDS}
        for table, docs in tables.items():
            rows = [dict(d) | ({"_single": 1} if table in singles else {}) for d in docs]
            data[table] = {str(i): row for i, row in enumerate(rows, start=1)}
        with self._lock:
            storage = self._db.storage
            storage.write(data)
            self._stamped = True

    def _stamp(self) -> None:
        """Put the schema version into a file before its first data."""
        if not self._stamped:
            # Always entry 1, even when an earlier attempt failed to write.
            stamp = Document({"app": APP_ID, "schema": SCHEMA_VERSION}, doc_id=1)
            self._table(META_TABLE).upsert(stamp)
            self._stamped = True

    def close(self) -> None:
        with self._lock:
            self._db.close()
