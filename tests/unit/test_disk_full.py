"""When the device is full or the folder is locked, nothing saved before is touched.

Tests run as root, where a read-only folder does not stop writes, and a tiny
full disk cannot be mounted here, so the faults are made by hand: the store's
own calls to open, fsync and rename fail the way a full or read-only disk
makes them fail. One test uses a real limit on file size (RLIMIT_FSIZE) in a
child process, where the kernel itself refuses the write.
"""

from __future__ import annotations

import builtins
import errno
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from models import store as store_module
from models.journey import Note, Question, Settings
from models.store import Store, StoreWriteError
from models.text import t
from views.state import AppState

ROOT = Path(__file__).resolve().parents[2]
real_open = builtins.open
real_replace = os.replace
real_fsync = os.fsync


def oserror(code: int, where: object = "") -> OSError:
    return OSError(code, os.strerror(code), str(where))


class HalfWriter:
    """A file that takes half of what it is given, then reports the disk full."""

    def __init__(self, f):
        self.f = f

    def write(self, text):
        self.f.write(text[: len(text) // 2])
        self.f.flush()
        raise oserror(errno.ENOSPC, self.f.name)

    def __getattr__(self, name):
        return getattr(self.f, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.f.close()


def _open_failing(code: int, half: bool = False):
    def fake_open(file, mode="r", *args, **kwargs):
        if "w" not in mode:
            return real_open(file, mode, *args, **kwargs)
        if half:
            return HalfWriter(real_open(file, mode, *args, **kwargs))
        raise oserror(code, file)

    return fake_open


def disk_full_on_create(m, path):
    m.setattr(store_module, "open", _open_failing(errno.ENOSPC), raising=False)


def read_only_folder(m, path):
    m.setattr(store_module, "open", _open_failing(errno.EROFS), raising=False)


def disk_full_mid_write(m, path):
    m.setattr(store_module, "open", _open_failing(errno.ENOSPC, half=True), raising=False)


def fsync_fails(m, path):
    m.setattr(store_module.os, "fsync", lambda fd: (_ for _ in ()).throw(oserror(errno.EIO)))


def rename_refused(m, path):
    def fake_replace(src, dst, *args, **kwargs):
        if Path(dst) == path:
            raise oserror(errno.EACCES, dst)
        return real_replace(src, dst, *args, **kwargs)

    m.setattr(store_module.os, "replace", fake_replace)


FAULTS = {
    "disk full when the temp file is made": disk_full_on_create,
    "read-only folder": read_only_folder,
    "disk full half way through": disk_full_mid_write,
    "fsync fails": fsync_fails,
    "rename refused": rename_refused,
}


def filled(path: Path) -> Store:
    store = Store(path)
    store.save(Question(text="What does stage IV mean for me?"))
    store.save(Note(text="Bring the scans.\nAsk about trials."))
    store.put(Settings(theme="dark"))
    return store


def temp_files(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("fault", FAULTS.values(), ids=FAULTS.keys())
def test_a_failed_save_changes_nothing_and_saving_works_once_the_fault_is_gone(
    path, monkeypatch, fault
):
    store = filled(path)
    before_bytes, before = path.read_bytes(), store.snapshot()
    note_id = store.all(Note)[0].id

    with monkeypatch.context() as m:
        fault(m, path)
        with pytest.raises(StoreWriteError):
            store.save(Question(text="Will this be kept?"))
        with pytest.raises(StoreWriteError):
            store.put(Settings(theme="light"))
        with pytest.raises(StoreWriteError):
            store.delete(Note, note_id)
        with pytest.raises(StoreWriteError):
            store.replace_all({})
        assert path.read_bytes() == before_bytes
        assert temp_files(path.parent) == []
        assert store.snapshot() == before

    after = store.save(Question(text="Saved once there is room"))
    again = Store(path)
    assert again.recovery is None
    assert [q.text for q in again.all(Question)] == [
        "What does stage IV mean for me?",
        after.text,
    ]
    assert again.load(Settings).theme == "dark"
    assert temp_files(path.parent) == []


def a_first_save_that_fails(path: Path, monkeypatch, fault) -> Store:
    store = Store(path)
    with monkeypatch.context() as m:
        fault(m, path)
        with pytest.raises(StoreWriteError):
            store.save(Note(text="first ever note"))
    return store


@pytest.mark.parametrize("fault", FAULTS.values(), ids=FAULTS.keys())
def test_a_first_save_that_fails_leaves_no_file_behind(path, monkeypatch, fault):
    a_first_save_that_fails(path, monkeypatch, fault)
    assert not path.exists()
    assert temp_files(path.parent) == []


@pytest.mark.parametrize("fault", FAULTS.values(), ids=FAULTS.keys())
def test_after_a_failed_first_save_the_next_start_still_finds_the_note(path, monkeypatch, fault):
    store = a_first_save_that_fails(path, monkeypatch, fault)
    store.save(Note(text="first ever note"))
    again = Store(path)
    assert again.recovery is None
    assert [n.text for n in again.all(Note)] == ["first ever note"]


def test_a_real_write_error_from_the_system_is_a_store_write_error(path):
    # A folder squatting on the temp file's name makes open() fail for real.
    store = filled(path)
    before = path.read_bytes()
    squatter = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    squatter.mkdir()
    with pytest.raises(StoreWriteError):
        store.save(Note(text="blocked"))
    assert path.read_bytes() == before
    assert squatter.is_dir() and list(squatter.iterdir()) == []
    squatter.rmdir()
    store.save(Note(text="free again"))
    assert [n.text for n in Store(path).all(Note)][-1] == "free again"


FILE_SIZE_LIMIT = r"""
import json, resource, signal, sys
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from models.journey import Note
from models.store import Store, StoreWriteError

path = Path(sys.argv[1])
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # so the kernel answers EFBIG instead
store = Store(path)
soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
resource.setrlimit(resource.RLIMIT_FSIZE, (path.stat().st_size + 100, hard))
result = {}
try:
    store.save(Note(text="a long note " * 400))
    result["full"] = "saved"
except StoreWriteError as err:
    result["full"] = "refused"
resource.setrlimit(resource.RLIMIT_FSIZE, (hard, hard))
store.save(Note(text="after"))
result["after"] = "saved"
print(json.dumps(result))
"""


def test_a_real_limit_on_file_size_refuses_the_save_and_keeps_the_file(path):
    filled(path)
    before = path.read_bytes()
    run = subprocess.run(
        [sys.executable, "-c", FILE_SIZE_LIMIT, str(path), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == {"full": "refused", "after": "saved"}
    assert temp_files(path.parent) == []
    notes = [n.text for n in Store(path).all(Note)]
    assert notes == ["Bring the scans.\nAsk about trials.", "after"]
    assert path.read_bytes() != before


def test_an_older_file_that_cannot_be_migrated_is_still_read_and_untouched(path, monkeypatch):
    original = json.dumps({"questions": {"1": {"id": "q1", "text": "Old question"}}}).encode()
    path.write_bytes(original)
    with monkeypatch.context() as m:
        rename_refused(m, path)
        store = Store(path)
        assert store.recovery.reason == "unwritable"
        assert store.recovery.kept_at.read_bytes() == original  # the copy was made
        assert [q.text for q in store.all(Question)] == ["Old question"]
        assert path.read_bytes() == original
        with pytest.raises(StoreWriteError):
            store.save(Question(text="new"))
    store.save(Question(text="new"))
    assert [q.text for q in Store(path).all(Question)] == ["Old question", "new"]


def test_a_damaged_file_that_cannot_be_moved_aside_is_left_exactly_as_it_was(path, monkeypatch):
    path.write_bytes(b"{ damaged")
    with monkeypatch.context() as m:
        m.setattr(
            store_module.os, "replace", lambda *a, **k: (_ for _ in ()).throw(oserror(errno.EROFS))
        )
        store = Store(path)
    assert store.recovery.reason == "unwritable"
    assert store.recovery.kept_at == path
    # It carries on in memory only (the notice says so), never over the damaged file.
    store.save(Note(text="kept in memory"))
    assert [n.text for n in store.all(Note)] == ["kept in memory"]
    assert path.read_bytes() == b"{ damaged"
    assert Store(path).recovery.reason == "damaged"


# -- what the screen shows ----------------------------------------------------


@pytest.mark.parametrize(
    "fault", [disk_full_on_create, read_only_folder], ids=["full", "read-only"]
)
def test_the_screen_says_kindly_that_it_could_not_save(path, monkeypatch, fault):
    state = AppState(opened=filled(path))
    before = path.read_bytes()
    with monkeypatch.context() as m:
        fault(m, path)
        assert state.save(Question(text="Can I keep this?")) is False
        assert state.problem == t("problem.cannot_save")
        assert state.revision == 0
        assert state.put(Settings(theme="light")) is False
        assert state.replace_all({}) is False
        assert state.delete(Note, "anything") is False
    assert path.read_bytes() == before
    assert state.save(Question(text="Can I keep this?")) is True
    assert state.problem == ""
    assert state.revision == 1
