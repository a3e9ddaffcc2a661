"""One backup file with everything in it, and bringing it back all or nothing.

A backup is checked from top to bottom before anything is changed: a file that
is damaged, from another app, from a newer version, or with one bad entry is
refused as a whole with a reason the screen can explain, and the saved data
stays exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection
from typing import Any

from pydantic import ValidationError

from models import journey
from models.store import APP_ID, SCHEMA_VERSION, Store

KIND = "backup"
MAX_BYTES = 20 * 1024 * 1024
"""Far more than years of notes; a bigger file is not one of ours."""

PROBLEMS = ("not_json", "not_ours", "newer", "bad_shape", "too_big")


class BackupError(ValueError):
    """A backup file that cannot be restored; `key` names why (see PROBLEMS).

    The screen shows t(f"backup.{key}").
    """

    def __init__(self, key: str, detail: str = ""):
        assert key in PROBLEMS, key
        super().__init__(f"{key}: {detail}" if detail else key)
        self.key = key
        self.detail = detail


def _kinds() -> dict[str, tuple[type[journey.Saved], bool]]:
    """Table name -> (model, is_single), read at call time so newly registered kinds count."""
    kinds: dict[str, tuple[type[journey.Saved], bool]] = {}
    for item in journey.ITEM_KINDS:
        kinds[item.table] = (item, False)
    for single in journey.SINGLE_KINDS:
        kinds[single.table] = (single, True)
    return kinds


def export_backup(store: Store, now: dt.datetime) -> bytes:
    """Everything saved, as a UTF-8 JSON backup file.

    Only entries that still validate go in (the app already hides the others),
    so every backup this app writes can be read back by it.
    """
    kinds = _kinds()
    data: dict[str, list[dict]] = {}
    for table, docs in store.snapshot().items():
        kind, _single = kinds.get(table, (None, False))
        if kind is None:
            continue
        clean = []
        for doc in docs:
            try:
                clean.append(kind.model_validate(doc).model_dump(mode="json"))
            except ValidationError:
                continue
        data[table] = clean
    backup = {
        "app": APP_ID,
        "kind": KIND,
        "schema": SCHEMA_VERSION,
        "exported": now.isoformat(timespec="seconds"),
        "data": data,
    }
    return json.dumps(backup, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


def backup_file_name(now: dt.datetime | dt.date) -> str:
    return f"second-opinion-backup-{now:%Y-%m-%d}.json"


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def parse_document(raw: bytes, max_bytes: int = MAX_BYTES) -> Any:
    """The JSON in a file of ours (a backup or a shared plan), not yet checked."""
    if not isinstance(raw, (bytes, bytearray, memoryview)):
        raise BackupError("not_json", "not bytes")
    if len(raw) > max_bytes:
        raise BackupError("too_big")
    try:
        text = bytes(raw).decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise BackupError("not_json", "not UTF-8") from err
    if not text.strip():
        raise BackupError("not_json", "empty")
    try:
        return json.loads(text, parse_constant=_no_constants)
    except (ValueError, RecursionError) as err:
        # Our own file cut short (a failed copy) is damaged, not foreign.
        ours = text.lstrip().startswith("{") and f'"{APP_ID}"' in text
        raise BackupError("bad_shape" if ours else "not_json", str(err)[:200]) from err


def check_header(document: Any, kind: str) -> None:
    """That `document` is one of ours, of this kind, from this version or an older one."""
    if not isinstance(document, dict) or document.get("app") != APP_ID:
        raise BackupError("not_ours")
    if document.get("kind") != kind:
        raise BackupError("bad_shape", f"not a {kind}")
    schema = document.get("schema")
    if not isinstance(schema, int) or isinstance(schema, bool) or schema < 0:
        raise BackupError("bad_shape", "no schema version")
    if schema > SCHEMA_VERSION:
        raise BackupError("newer", f"schema {schema}")


def read_tables(data: Any, only: Collection[str] | None = None) -> dict[str, list[journey.Saved]]:
    """Every entry of {table: [entries]}, checked with the store's own models.

    `only` limits which tables may appear (a shared plan holds a few kinds).
    Raises BackupError("bad_shape") for the first thing wrong. Tables the data
    does not mention come back empty.
    """
    if not isinstance(data, dict):
        raise BackupError("bad_shape", "data is not an object")
    kinds = _kinds()
    allowed = set(kinds) if only is None else set(only) & set(kinds)
    tables: dict[str, list[journey.Saved]] = {table: [] for table in allowed}
    for table, docs in data.items():
        if table not in allowed:
            raise BackupError("bad_shape", f"unknown table {table!r}")
        kind, single = kinds[table]
        if not isinstance(docs, list) or not all(isinstance(doc, dict) for doc in docs):
            raise BackupError("bad_shape", f"{table} is not a list of entries")
        if single and len(docs) > 1:
            raise BackupError("bad_shape", f"{table} has {len(docs)} entries")
        seen: set[str] = set()
        for doc in docs:
            try:
                entry = kind.model_validate(doc)
            except (ValueError, TypeError) as err:  # ValidationError is a ValueError
                raise BackupError("bad_shape", f"{table}: {str(err)[:200]}") from err
            item_id = getattr(entry, "id", None)
            if item_id is not None:
                if item_id in seen:
                    raise BackupError("bad_shape", f"{table}: id {item_id} twice")
                seen.add(item_id)
            tables[table].append(entry)
    return tables


def read_backup(raw: bytes) -> dict[str, list[dict]]:
    """The tables in a backup file, every entry checked, ready for Store.replace_all.

    Raises BackupError if anything at all is wrong; never returns part of a file.
    Tables the backup does not mention come back empty.
    """
    backup = parse_document(raw)
    check_header(backup, KIND)
    tables = read_tables(backup.get("data"))
    return {
        table: [entry.model_dump(mode="json") for entry in entries]
        for table, entries in tables.items()
    }


def restore_backup(store: Store, raw: bytes) -> None:
    """Replace everything saved with the backup, or change nothing (BackupError)."""
    store.replace_all(read_backup(raw))


def delete_everything(store: Store) -> None:
    store.replace_all({})
