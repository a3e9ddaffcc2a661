"""A saved file that cannot be used is kept aside, never deleted, and the app starts fresh.

Whatever is found where the store lives (a file cut short by a failed copy,
garbage, a file from a newer version, an older file without a version stamp)
the app opens, says what happened through `store.recovery`, keeps the old
bytes exactly as they were, and saves new notes normally afterwards.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tinydb import TinyDB

from models.journey import Decision, Note, Question, Settings
from models.store import APP_ID, META_TABLE, SCHEMA_VERSION, Store

STAMP = {META_TABLE: {"1": {"app": APP_ID, "schema": SCHEMA_VERSION}}}
GOOD_QUESTION = {"id": "q1", "text": "What are my options?", "created": "2026-11-20T10:00:00"}


def a_real_store_file(path: Path) -> bytes:
    store = Store(path)
    store.save(Question(text="Is there a clinical trial for me? ¿Y cerca de casa?"))
    for n in range(10):
        store.save(Note(text=f"Note {n}: bring the scans 🩺\nand the list of medicines."))
    store.put(Settings(theme="dark"))
    return path.read_bytes()


def is_empty(store: Store) -> bool:
    return all(docs == [] for docs in store.snapshot().values())


def assert_kept_aside_and_started_over(store: Store, path: Path, reason: str, original: bytes):
    assert store.recovery is not None, "the app did not say anything happened"
    assert store.recovery.reason == reason
    kept = store.recovery.kept_at
    assert kept is not None and kept != path and kept.parent == path.parent
    assert kept.name.startswith(f"{path.name}.{reason}-")
    assert kept.read_bytes() == original
    assert is_empty(store)
    # The fresh store takes new notes, and they survive reopening.
    q = store.save(Question(text="Starting again"))
    again = Store(path)
    assert again.recovery == store.recovery, "not read yet: still told"
    store.acknowledge()
    assert Store(path).recovery is None
    assert again.all(Question) == [q]
    assert kept.read_bytes() == original


# -- damaged -------------------------------------------------------------------


def test_a_file_cut_in_half_is_kept_aside_and_the_app_starts_empty(path):
    whole = a_real_store_file(path)
    half = whole[: len(whole) // 2]
    path.write_bytes(half)
    assert_kept_aside_and_started_over(Store(path), path, "damaged", half)


DAMAGED = {
    "one brace": b"{",
    "garbage text": b"this is not a store at all {]",
    "garbage bytes": bytes(range(256)) * 4,
    "invalid UTF-8 inside JSON": b'{"questions": {"1": {"id": "q1", "text": "caf\xe9"}}}',
    "NUL bytes": b"\x00" * 512,
    "UTF-8 byte order mark": b"\xef\xbb\xbf" + json.dumps(STAMP).encode(),
    "a list": b"[]",
    "a list of tables": b'[{"questions": {}}]',
    "a number": b"42",
    "a string": b'"hello"',
    "true": b"true",
    "a table that is a list": b'{"questions": [1, 2]}',
    "an entry that is a string": b'{"questions": {"1": "x"}}',
    "a table that is a string": b'{"questions": "x"}',
    "a table that is null": b'{"questions": null}',
    "a table that is NaN": b'{"questions": NaN}',
    "meta is a string": b'{"_meta": "x"}',
    "meta entry is a string": b'{"_meta": {"1": "x"}}',
    "meta without schema": b'{"_meta": {"1": {"app": "second-opinion-companion"}}}',
    "schema is text": b'{"_meta": {"1": {"schema": "1"}}}',
    "schema is negative": b'{"_meta": {"1": {"schema": -1}}}',
    "schema is a fraction": b'{"_meta": {"1": {"schema": 1.5}}}',
}


@pytest.mark.parametrize("content", DAMAGED.values(), ids=DAMAGED.keys())
def test_a_damaged_file_is_kept_aside_byte_for_byte(path, content):
    path.write_bytes(content)
    assert_kept_aside_and_started_over(Store(path), path, "damaged", content)


def test_two_damaged_files_in_the_same_second_are_both_kept(path):
    path.write_bytes(b"first damaged file")
    first = Store(path).recovery
    path.write_bytes(b"second damaged file")
    second = Store(path).recovery
    assert first.kept_at != second.kept_at
    assert first.kept_at.read_bytes() == b"first damaged file"
    assert second.kept_at.read_bytes() == b"second damaged file"


def test_deeply_nested_garbage_is_kept_aside_too(path):
    content = b"[" * 100_000
    path.write_bytes(content)
    assert_kept_aside_and_started_over(Store(path), path, "damaged", content)


def test_entry_keys_that_are_not_numbers_do_not_stop_the_app(path):
    content = json.dumps(STAMP | {"questions": {"first": GOOD_QUESTION}}).encode()
    path.write_bytes(content)
    store = Store(path)
    store.all(Question)
    store.save(Question(text="a new question"))
    kept = [p for p in path.parent.iterdir() if p.read_bytes() == content]
    assert kept, "the original file is gone"


# -- empty ---------------------------------------------------------------------


@pytest.mark.parametrize("content", [b"", b"  \n\t ", b"null"], ids=["0 bytes", "blank", "null"])
def test_an_empty_file_is_a_new_store_with_nothing_to_recover(path, content):
    # A file with nothing in it holds no notes to rescue, so nothing is kept aside.
    path.write_bytes(content)
    store = Store(path)
    assert store.recovery is None
    assert is_empty(store)
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]
    q = store.save(Question(text="first question"))
    again = Store(path)
    assert again.recovery is None and again.all(Question) == [q]
    assert json.loads(path.read_text())[META_TABLE] == STAMP[META_TABLE]


# -- newer ---------------------------------------------------------------------


def test_a_file_from_a_newer_version_is_kept_aside_untouched(path):
    newer = {
        META_TABLE: {"1": {"app": APP_ID, "schema": SCHEMA_VERSION + 1}},
        "questions": {"1": GOOD_QUESTION | {"priority": "high"}},
        "journal": {"1": {"entry": "a table this version does not know"}},
    }
    content = json.dumps(newer, indent=2).encode()
    path.write_bytes(content)
    store = Store(path)
    assert_kept_aside_and_started_over(store, path, "newer", content)


# -- older ---------------------------------------------------------------------


def an_old_tinydb_file(path: Path) -> bytes:
    """What version 0 wrote: a plain TinyDB file, same tables, no version stamp."""
    db = TinyDB(path)
    db.table("questions").insert(GOOD_QUESTION)
    db.table("notes").insert(
        {
            "id": "n1",
            "text": "Bring the scans.",
            "created": "2026-11-01T09:00:00",
            "updated": "2026-11-01T09:00:00",
        }
    )
    db.table("settings").insert({"theme": "dark", "text_scale": 1.3, "_single": 1})
    db.close()
    return path.read_bytes()


def test_an_older_file_is_migrated_keeping_every_note_and_a_copy(path):
    original = an_old_tinydb_file(path)
    store = Store(path)
    assert store.recovery is not None and store.recovery.reason == "migrated"
    kept = store.recovery.kept_at
    assert kept is not None and kept.name.startswith(f"{path.name}.v0-")
    assert kept.read_bytes() == original
    assert [q.id for q in store.all(Question)] == ["q1"]
    assert [n.text for n in store.all(Note)] == ["Bring the scans."]
    assert store.load(Settings) == Settings(theme="dark", text_scale=1.3)
    assert json.loads(path.read_text())[META_TABLE] == STAMP[META_TABLE]

    added = store.save(Question(text="a new one"))
    store.acknowledge()  # the person read "your file was brought up to date"
    again = Store(path)
    assert again.recovery is None, "migrated once, not again"
    assert [q.id for q in again.all(Question)] == ["q1", added.id]
    assert kept.read_bytes() == original


def test_an_empty_meta_table_counts_as_an_older_file(path):
    path.write_text(json.dumps({META_TABLE: {}, "questions": {"1": GOOD_QUESTION}}))
    store = Store(path)
    assert store.recovery.reason == "migrated"
    assert [q.id for q in store.all(Question)] == ["q1"]


def test_the_copy_of_an_older_file_keeps_its_exact_bytes_with_windows_line_ends(path):
    original = (
        json.dumps({"questions": {"1": GOOD_QUESTION}}, indent=1).replace("\n", "\r\n").encode()
    )
    path.write_bytes(original)
    store = Store(path)
    assert store.recovery.reason == "migrated"
    assert store.recovery.kept_at.read_bytes() == original


# -- entries that no longer validate -------------------------------------------


def test_an_entry_that_no_longer_validates_is_hidden_but_kept_in_the_file(path):
    stale = {
        "2": {"id": "too-long", "text": "x" * 5000, "created": "2026-11-20T10:00:00"},
        "3": {"id": "no-text"},
        "4": {"id": "number", "text": 5},
        "5": {"id": "bad id with spaces", "text": "fine"},
    }
    path.write_text(json.dumps(STAMP | {"questions": {"1": GOOD_QUESTION} | stale}))
    store = Store(path)
    assert store.recovery is None
    assert [q.id for q in store.all(Question)] == ["q1"]
    assert store.get(Question, "too-long") is None

    # Other saves rewrite the file but carry the hidden entries along.
    store.save(Question(text="another question"))
    store.put(Settings(theme="light"))
    on_disk = json.loads(path.read_text())["questions"]
    assert {k: on_disk[k] for k in stale} == stale
    assert len(store.snapshot()["questions"]) == 6

    # They go only when that id is saved or deleted, or everything is replaced.
    store.delete(Question, "no-text")
    store.save(Question(id="too-long", text="shorter now"))
    assert store.get(Question, "too-long").text == "shorter now"
    assert "no-text" not in json.dumps(json.loads(path.read_text()))


def test_a_single_that_no_longer_validates_is_not_overwritten(path):
    decision = {"own_reasons": "My own words about why. " * 300, "outcome": "now", "_single": 1}
    path.write_text(json.dumps(STAMP | {"decision": {"1": decision}}))
    store = Store(path)
    assert store.load(Decision) is not None
    store.put(Decision(reasons=["confirm"]))
    everything = b"".join(p.read_bytes() for p in path.parent.iterdir())
    assert b"My own words about why." in everything


def test_what_was_wrong_is_told_to_every_page_until_it_is_read(path):
    # A reload or a second tab may open the file after the session that found
    # it damaged: that page says it too, until the person taps OK.
    path.write_bytes(b"{not json")
    first = Store(path)
    assert first.recovery is not None and first.recovery.reason == "damaged"
    later = Store(path)
    assert later.recovery == first.recovery
    later.acknowledge()
    assert later.recovery is None
    assert Store(path).recovery is None
