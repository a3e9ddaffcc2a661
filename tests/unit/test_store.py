"""The store keeps what a person saves, in one file, across closing and opening."""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from pathlib import Path

import pytest

from models import locations
from models.journey import (
    Appointment,
    Decision,
    Note,
    Profile,
    Provider,
    Question,
    RecordItem,
    Settings,
    TopicRead,
)
from models.store import APP_ID, META_TABLE, SCHEMA_VERSION, Store


def raw(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


# -- items ---------------------------------------------------------------------


def test_a_saved_question_comes_back_by_id_and_in_the_list(path):
    store = Store(path)
    q = store.save(Question(text="What stage is it?", starred=True))
    assert store.get(Question, q.id) == q
    assert store.all(Question) == [q]


def test_items_come_back_oldest_first(path):
    store = Store(path)
    saved = [store.save(Note(text=f"note {n}")) for n in range(5)]
    assert store.all(Note) == saved


def test_saving_again_with_the_same_id_replaces_and_keeps_the_place(path):
    store = Store(path)
    first = store.save(Question(text="first"))
    second = store.save(Question(text="second"))
    store.save(first.model_copy(update={"text": "first, reworded", "asked": True}))
    assert [q.text for q in store.all(Question)] == ["first, reworded", "second"]
    assert len(raw(path)["questions"]) == 2
    assert store.get(Question, second.id) == second


def test_a_deleted_item_is_gone_and_others_stay(path):
    store = Store(path)
    keep = store.save(Note(text="keep me"))
    drop = store.save(Note(text="drop me"))
    store.delete(Note, drop.id)
    assert store.get(Note, drop.id) is None
    assert store.all(Note) == [keep]
    store.delete(Note, "never-saved")  # deleting what is not there is fine
    assert Store(path).all(Note) == [keep]


def test_kinds_do_not_mix(path):
    store = Store(path)
    q = store.save(Question(id="same", text="a question"))
    n = store.save(Note(id="same", text="a note"))
    assert store.get(Question, "same") == q
    assert store.get(Note, "same") == n
    assert store.get(Provider, "same") is None


def test_an_unknown_id_is_none_and_an_empty_kind_is_an_empty_list(path):
    store = Store(path)
    assert store.get(Question, "nope") is None
    assert store.all(RecordItem) == []


# -- singles -------------------------------------------------------------------


def test_an_unsaved_single_loads_as_its_default(path):
    store = Store(path)
    assert store.load(Settings) == Settings()
    assert store.load(Decision) == Decision()


def test_a_single_put_twice_is_stored_once(path):
    store = Store(path)
    store.put(Settings(theme="dark"))
    store.put(Settings(theme="light", text_scale=1.3))
    assert store.load(Settings) == Settings(theme="light", text_scale=1.3)
    assert len(raw(path)["settings"]) == 1


def test_singles_and_items_survive_reopening(path):
    store = Store(path)
    a = Appointment(doctor="Dr. Rivera", place="Clínica Norte", video_link="meet.example.org/x")
    store.put(a)
    q = store.save(Question(text="¿Cuánto dura el tratamiento? 🙏"))
    store.save(TopicRead(id="staging"))
    store.close()
    again = Store(path)
    assert again.recovery is None
    assert again.load(Appointment) == a
    assert again.all(Question) == [q]
    assert [t.id for t in again.all(TopicRead)] == ["staging"]


# -- whole store ---------------------------------------------------------------


def filled(store: Store) -> Store:
    store.save(Question(text="Is there a trial for me?"))
    store.save(Note(text="Bring the CT disc.\nAnd the referral."))
    store.save(Provider(name="City Cancer Center", website="city.example.org"))
    store.save(RecordItem(id="pathology", state="requested"))
    store.put(Decision(reasons=["confirm"], own_reasons="I want to be sure."))
    store.put(Profile(name="Ana"))
    return store


def test_a_snapshot_put_back_with_replace_all_is_the_same_store(tmp_path):
    source = filled(Store(tmp_path / "a.json"))
    snap = source.snapshot()
    target = Store(tmp_path / "b.json")
    target.save(Note(text="this goes away"))
    target.replace_all(snap)
    assert target.snapshot() == snap
    assert Store(tmp_path / "b.json").snapshot() == snap
    assert "_single" not in json.dumps(snap)


def test_after_replace_all_new_saves_do_not_collide_with_restored_ones(path):
    store = filled(Store(path))
    store.replace_all(store.snapshot())
    fresh = store.save(Question(text="a new one"))
    assert len(store.all(Question)) == 2
    assert store.all(Question)[-1] == fresh
    assert Store(path).all(Question)[-1] == fresh


def test_replace_all_with_nothing_empties_everything_but_keeps_the_stamp(path):
    store = filled(Store(path))
    store.replace_all({})
    assert all(docs == [] for docs in store.snapshot().values())
    assert raw(path)[META_TABLE] == {"1": {"app": APP_ID, "schema": SCHEMA_VERSION}}
    assert Store(path).recovery is None


def test_an_in_memory_store_works_the_same_and_writes_nothing(tmp_path):
    store = filled(Store(None))
    assert store.path is None and store.recovery is None
    assert len(store.all(Question)) == 1
    assert list(tmp_path.iterdir()) == []


# -- the file ------------------------------------------------------------------


def test_opening_writes_nothing_until_something_is_saved(path):
    store = Store(path)
    assert store.recovery is None
    assert store.all(Note) == []
    assert not path.exists()


def test_the_first_write_stamps_the_schema_once(path):
    store = Store(path)
    store.save(Note(text="one"))
    store.save(Note(text="two"))
    store.put(Settings(welcomed=True))
    assert raw(path)[META_TABLE] == {"1": {"app": APP_ID, "schema": SCHEMA_VERSION}}
    Store(path).save(Note(text="three"))
    assert raw(path)[META_TABLE] == {"1": {"app": APP_ID, "schema": SCHEMA_VERSION}}


def test_saves_leave_no_temporary_files_behind(path):
    store = Store(path)
    for n in range(5):
        store.save(Note(text=f"note {n}"))
    store.replace_all(store.snapshot())
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


def test_the_folder_is_made_if_missing(tmp_path):
    path = tmp_path / "not" / "yet" / "there.json"
    Store(path).save(Note(text="hello"))
    assert Store(path).all(Note)[0].text == "hello"


def test_every_write_is_announced(path):
    calls = []
    store = Store(path, on_saved=lambda: calls.append(1))
    store.save(Note(text="a"))
    store.put(Settings(theme="dark"))
    store.delete(Note, "whatever")
    store.replace_all({})
    assert len(calls) >= 4


# -- when things changed (a shared copy is added only if it is newer) ----------


def test_a_change_is_stamped_with_the_time_and_a_save_without_one_keeps_it(path, monkeypatch):
    from models import store as store_module

    clock = iter(dt.datetime(2026, 11, 25, 9, m) for m in range(10))
    monkeypatch.setattr(store_module, "now", lambda: next(clock))
    store = Store(path)
    question = store.save(Question(text="Is it in my bones?"))
    assert question.updated == dt.datetime(2026, 11, 25, 9, 0)
    starred = store.save(question.model_copy(update={"starred": True}))
    assert (
        store.get(Question, question.id).updated
        == starred.updated
        == dt.datetime(2026, 11, 25, 9, 1)
    )
    # A screen saving an old copy that says the same thing does not move the time back.
    again = store.save(starred.model_copy(update={"updated": None}))
    assert (
        again.updated == store.get(Question, question.id).updated == dt.datetime(2026, 11, 25, 9, 1)
    )
    store.put(Appointment(place="City Cancer Center"))
    assert store.load(Appointment).updated == dt.datetime(2026, 11, 25, 9, 2)
    store.put(store.load(Appointment))
    assert store.load(Appointment).updated == dt.datetime(2026, 11, 25, 9, 2)
    store.put(Settings(theme="dark"))  # kinds that are never shared keep no time
    assert "updated" not in raw(path)["settings"]["1"]


def test_save_all_adds_and_replaces_in_one_write_keeping_times_and_unknown_fields(path):
    calls = []
    store = Store(path, on_saved=lambda: calls.append(1))
    old = store.save(Question(text="Old wording"))
    store._db.table("questions").update({"from_a_newer_app": 1})
    calls.clear()
    when = dt.datetime(2026, 1, 2, 3, 4)
    store.save_all(
        [
            old.model_copy(update={"text": "New wording", "updated": when}),
            Question(id="new", text="Added", updated=when),
            Appointment(place="Clinic", updated=when),
        ]
    )
    assert len(calls) == 1
    assert [(q.text, q.updated) for q in store.all(Question)] == [
        ("New wording", when),
        ("Added", when),
    ]
    assert raw(path)["questions"]["1"]["from_a_newer_app"] == 1
    assert store.load(Appointment).place == "Clinic"
    store.save(Question(text="Saved after"))
    assert len(Store(path).all(Question)) == 3


def test_save_all_on_a_new_file_stamps_the_schema(path):
    Store(path).save_all([Note(text="hello")])
    assert raw(path)[META_TABLE] == {"1": {"app": APP_ID, "schema": SCHEMA_VERSION}}
    assert Store(path).recovery is None


# -- two sessions on one file (two tabs of one browser) -----------------------


def test_two_stores_on_one_file_see_each_others_writes(path):
    phone, laptop = Store(path), Store(path)
    q = phone.save(Question(text="asked on the phone"))
    assert laptop.get(Question, q.id) == q
    laptop.put(Settings(theme="dark"))
    assert phone.load(Settings).theme == "dark"
    laptop.delete(Question, q.id)
    assert phone.all(Question) == []


def test_two_stores_on_one_file_can_both_keep_adding(path):
    first, second = Store(path), Store(path)
    first.save(Note(text="first tab, one"))
    second.save(Note(text="second tab, one"))
    first.save(Note(text="first tab, two"))  # ValueError: Document with ID 2 already exists
    second.save(Note(text="second tab, two"))
    assert len(Store(path).all(Note)) == 4


# -- where files live ----------------------------------------------------------


def test_each_browser_key_gets_its_own_file_and_the_key_is_never_in_the_path(tmp_path):
    keys = [locations.new_browser_key() for _ in range(20)]
    paths = [locations.browser_store_path(tmp_path, k) for k in keys]
    assert len(set(paths)) == len(keys)
    for key, p in zip(keys, paths, strict=True):
        assert key not in str(p)
        assert key[:16] not in str(p)
        assert p.parent == tmp_path / "browsers"
        assert p == locations.browser_store_path(tmp_path, key)


def test_a_new_browser_key_is_a_valid_key():
    key = locations.new_browser_key()
    assert locations.is_browser_key(key)
    assert len(key) >= 43


@pytest.mark.parametrize(
    "key",
    [
        None,
        123,
        b"A" * 43,
        "",
        "short",
        "A" * 42,
        "../" + "A" * 43,
        "A" * 43 + "/..",
        "A" * 40 + " " * 3,
        "A" * 43 + ".json",
        "Ä" * 43,
    ],
    ids=repr,
)
def test_anything_that_is_not_a_browser_key_is_refused(tmp_path, key):
    assert not locations.is_browser_key(key)
    with pytest.raises(ValueError):
        locations.browser_store_path(tmp_path, key)


def test_a_key_with_a_trailing_newline_is_refused(tmp_path):
    assert not locations.is_browser_key("A" * 43 + "\n")


def test_the_data_folder_can_be_set_by_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv(locations.DATA_DIR_ENV, str(tmp_path / "mine"))
    assert locations.default_data_dir() == tmp_path / "mine"
    monkeypatch.setenv(locations.DATA_DIR_ENV, "~/companion-data")
    assert locations.default_data_dir() == Path.home() / "companion-data"


def test_without_the_environment_the_data_folder_is_the_apps_own(monkeypatch):
    monkeypatch.delenv(locations.DATA_DIR_ENV, raising=False)
    folder = locations.default_data_dir()
    assert folder.is_absolute()
    assert locations.APP_DIR_NAME in folder.parts
    assert locations.desktop_store_path(folder) == folder / locations.STORE_FILE


def test_temp_files_left_by_a_killed_save_are_cleared_when_old(path):
    store = Store(path)
    store.save(Note(text="kept"))
    old = path.with_name(f".{path.name}.4242.1.tmp")
    fresh = path.with_name(f".{path.name}.4243.1.tmp")
    other = path.with_name(".someone-else.json.1.1.tmp")
    for tmp in (old, fresh, other):
        tmp.write_text("half a write")
    long_ago = time.time() - 3600
    os.utime(old, (long_ago, long_ago))
    os.utime(other, (long_ago, long_ago))
    again = Store(path)
    assert not old.exists()
    assert fresh.exists(), "a save in progress elsewhere keeps its temp file"
    assert other.exists(), "only this store's own temp files are touched"
    assert [n.text for n in again.all(Note)] == ["kept"]
