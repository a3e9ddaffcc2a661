"""A backup file brings everything back, and a bad file changes nothing at all."""

import datetime as dt
import json

import pytest
from plan_data import BAD_TABLES, booked_center

from models import journey
from models import store as store_module
from models.backup import (
    MAX_BYTES,
    BackupError,
    backup_file_name,
    delete_everything,
    export_backup,
    read_backup,
    restore_backup,
)
from models.compare import Comparison, Opinion
from models.journey import (
    Appointment,
    Concern,
    Consideration,
    Decision,
    Note,
    Profile,
    Question,
    RecordItem,
    Settings,
    TopicRead,
)
from models.store import APP_ID, SCHEMA_VERSION, Store
from models.text import t

NOW = dt.datetime(2026, 11, 25, 14, 5, 0)


def fill(s: Store) -> Store:
    s.save(Question(text="¿Qué opciones tengo?", starred=True, order=0))
    s.save(Question(text="What happens if I wait?", order=1, answer="We can wait a month."))
    s.save(Note(text="Call the nurse line on Monday.\nAsk about parking."))
    s.save(Concern(text="Paying for travel"))
    s.save(booked_center())
    s.save(RecordItem(id="pathology", state="requested", requested_on=dt.date(2026, 11, 20)))
    s.save(TopicRead(id="what-is-a-second-opinion"))
    s.put(
        Decision(
            reasons=["peace_of_mind"],
            outcome="now",
            sure={"sure": True},
            considerations=[
                Consideration(option="now", kind="pro", label="Peace of mind", weight=4)
            ],
        )
    )
    s.put(Appointment(date=dt.date(2026, 12, 3), time="10:30 am", place="Clínica, Pamplona"))
    s.put(Profile(name="María José Núñez"))
    s.put(Settings(text_scale=1.3, theme="dark", welcomed=True))
    return s


@pytest.fixture
def saved(tmp_path) -> Store:
    return fill(Store(tmp_path / "mine.json"))


def backup_with(**changes) -> bytes:
    backup = {
        "app": APP_ID,
        "kind": "backup",
        "schema": SCHEMA_VERSION,
        "exported": NOW.isoformat(),
        "data": {"questions": [{"id": "q1", "text": "Is it spreading?"}]},
    }
    return json.dumps(backup | changes).encode("utf-8")


# -- saving and bringing back ------------------------------------------------------------


def test_a_backup_brings_everything_back_on_a_new_device(saved, tmp_path):
    raw = export_backup(saved, NOW)
    fresh = Store(tmp_path / "new-phone.json")
    restore_backup(fresh, raw)
    assert fresh.snapshot() == saved.snapshot()
    # And it is really on disk: opened again, it is all there.
    assert Store(tmp_path / "new-phone.json").snapshot() == saved.snapshot()
    assert fresh.load(Settings).theme == "dark"
    assert [q.text for q in fresh.all(Question)] == [
        "¿Qué opciones tengo?",
        "What happens if I wait?",
    ]


def test_the_backup_file_says_what_it_is_and_keeps_accents_readable(saved):
    raw = export_backup(saved, NOW)
    backup = json.loads(raw.decode("utf-8"))
    assert backup["app"] == APP_ID and backup["kind"] == "backup"
    assert backup["schema"] == SCHEMA_VERSION
    assert backup["exported"] == "2026-11-25T14:05:00"
    assert set(backup["data"]) == set(saved.snapshot())
    assert "María José Núñez".encode() in raw


def test_the_file_name_carries_the_day():
    assert backup_file_name(NOW) == "second-opinion-backup-2026-11-25.json"


def test_restoring_replaces_what_was_there(saved, tmp_path):
    other = Store(tmp_path / "other.json")
    other.save(Question(text="Only on this device"))
    restore_backup(other, export_backup(saved, NOW))
    assert "Only on this device" not in [q.text for q in other.all(Question)]


def test_a_backup_from_an_older_version_without_some_tables_restores_them_empty(tmp_path):
    tables = read_backup(backup_with(schema=0))
    assert [d["text"] for d in tables["questions"]] == ["Is it spreading?"]
    assert tables["notes"] == [] and tables["decision"] == []


def test_entries_that_no_longer_validate_are_left_out_so_the_backup_always_restores(
    saved, tmp_path
):
    saved._db.table("questions").insert({"id": "bad", "text": ""})  # an entry the app already hides
    raw = export_backup(saved, NOW)
    fresh = Store(tmp_path / "new.json")
    restore_backup(fresh, raw)
    assert len(fresh.all(Question)) == 2


def test_a_saved_comparison_is_in_the_backup_once_registered(saved, tmp_path, monkeypatch):
    kinds = journey.SINGLE_KINDS
    if Comparison not in kinds:
        kinds = (*kinds, Comparison)
        monkeypatch.setattr(journey, "SINGLE_KINDS", kinds)
        monkeypatch.setattr(store_module, "SINGLE_KINDS", kinds)
    saved.put(
        Comparison(
            first=Opinion(doctor="Dr. A", treatment="Chemo first"),
            second=Opinion(doctor="Dr. B", treatment="Surgery first"),
        )
    )
    fresh = Store(tmp_path / "new.json")
    restore_backup(fresh, export_backup(saved, NOW))
    assert fresh.load(Comparison).second.treatment == "Surgery first"


# -- bad files change nothing ------------------------------------------------------------


def good_backup() -> bytes:
    return export_backup(fill(Store(None)), NOW)


def with_data(**tables) -> bytes:
    backup = json.loads(good_backup())
    backup["data"] |= tables
    return json.dumps(backup).encode("utf-8")


BAD_FILES = {
    "empty bytes": (b"", "not_json"),
    "only spaces": (b"  \n ", "not_json"),
    "a picture": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not_json"),
    "plain text": (b"Dear doctor, here are my notes", "not_json"),
    "cut short": (good_backup()[:300], "bad_shape"),
    "another app's JSON": (json.dumps({"app": "some-other-app", "data": {}}).encode(), "not_ours"),
    "JSON with no app": (b'{"questions": [{"text": "hi"}]}', "not_ours"),
    "a JSON list": (b"[1, 2, 3]", "not_ours"),
    "newer version": (backup_with(schema=SCHEMA_VERSION + 1), "newer"),
    "schema is text": (backup_with(schema="1"), "bad_shape"),
    "not a backup kind": (backup_with(kind="brief"), "bad_shape"),
    "data is a list": (backup_with(data=[{"id": "q1", "text": "hi"}]), "bad_shape"),
    "table is not a list": (backup_with(data={"questions": {"1": {"text": "hi"}}}), "bad_shape"),
    "an entry is not an object": (backup_with(data={"questions": ["hi"]}), "bad_shape"),
    **{name: (with_data(**tables), "bad_shape") for name, tables in BAD_TABLES.items()},
    "two decisions": (with_data(decision=[{}, {"outcome": "now"}]), "bad_shape"),
    "NaN in a number": (
        good_backup().replace(b'"text_scale": 1.3', b'"text_scale": NaN'),
        "bad_shape",
    ),
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_a_bad_file_is_refused_with_a_reason_and_nothing_changes(name, saved):
    raw, key = BAD_FILES[name]
    before = saved.path.read_bytes()
    snapshot = saved.snapshot()
    with pytest.raises(BackupError) as caught:
        restore_backup(saved, raw)
    assert caught.value.key == key
    assert saved.path.read_bytes() == before
    assert saved.snapshot() == snapshot
    assert t(f"backup.{key}") != f"backup.{key}"  # the screen has words for it


def test_a_huge_file_is_refused_before_it_is_read(saved):
    before = saved.path.read_bytes()
    with pytest.raises(BackupError) as caught:
        restore_backup(saved, b" " * (MAX_BYTES + 1))
    assert caught.value.key == "too_big"
    assert saved.path.read_bytes() == before


# -- deleting everything ---------------------------------------------------------------


def test_delete_everything_empties_every_table_and_stays_empty(saved, tmp_path):
    delete_everything(saved)
    assert all(docs == [] for docs in saved.snapshot().values())
    assert saved.load(Settings) == Settings()
    assert all(docs == [] for docs in Store(saved.path).snapshot().values())
