"""A note the app said it saved is still there after the app is killed mid-save.

A writer process saves ~2 KB notes and questions to one store as fast as it
can and acknowledges each save once save() has returned. We kill it with
SIGKILL at a random moment, hundreds of times over the same growing file, and
after every kill the file must open cleanly with every acknowledged write in
it. The same test run against an in-place writer must catch it losing data,
so we know the test can fail.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from models.journey import Note, Question, new_id
from models.store import Store

WRITER = Path(__file__).with_name("store_writer.py")
ROOT = WRITER.parents[2]
sys.path.insert(0, str(WRITER.parent))
from store_writer import KEEP_NOTES, note_text, question_text, question_version, saved_docs  # noqa: E402

ATOMIC_ROUNDS = 200
UNSAFE_ROUNDS = 60
SEED = int(os.environ.get("CRASH_SEED", time.time_ns() % 2**32))


class ForkServer:
    """One Python with the store imported; it forks a fresh writer for each round."""

    def __init__(self, folder: Path):
        self.errors = folder / "writer-errors.txt"
        # The writers' errors go straight to a file (the child holds its own handle).
        with open(self.errors, "w") as err:
            self.proc = subprocess.Popen(
                [sys.executable, str(WRITER), "--fork-server"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=err,
                text=True,
                cwd=ROOT,
            )

    def start_writer(self, data: Path, ack: Path, unsafe: bool, seed: int) -> int:
        self.proc.stdin.write(f"run {data} {ack} {int(unsafe)} {seed}\n")
        self.proc.stdin.flush()
        return int(self._expect("pid")[1])

    def how_it_ended(self, pid: int) -> str:
        words = self._expect("exit")
        assert int(words[1]) == pid
        return " ".join(words[2:])

    def _expect(self, word: str) -> list[str]:
        line = self.proc.stdout.readline()
        assert line.startswith(word), f"writer server said {line!r}: {self.stderr()}"
        return line.split()

    def stderr(self) -> str:
        return self.errors.read_text()[-3000:]

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=10)


@pytest.fixture
def server(tmp_path):
    s = ForkServer(tmp_path)
    yield s
    s.close()


@dataclass
class Ledger:
    """What the writer has promised so far, and what the file must therefore hold."""

    must_have: dict[tuple[str, str], int] = field(default_factory=dict)
    """(table, id) -> lowest question version acceptable (0 for notes)."""
    must_not_have: set[tuple[str, str]] = field(default_factory=set)
    acknowledged: int = 0

    def read(self, ack: Path) -> None:
        text = ack.read_text(encoding="utf-8")
        # A line cut short by the kill was never acknowledged.
        for line in text.splitlines(keepends=True):
            if not line.endswith("\n"):
                break
            op, table, item_id, version = line.split()
            key = (table, item_id)
            if op == "+":
                self.must_have[key] = max(self.must_have.get(key, 0), int(version))
                self.acknowledged += 1
            elif op == "?":
                self.must_have.pop(key, None)
            elif op == "-":
                self.must_have.pop(key, None)
                self.must_not_have.add(key)
                self.acknowledged += 1

    def lost(self, present: dict[tuple[str, str], int]) -> list[str]:
        missing = [
            f"{t} {i} v{v}" for (t, i), v in self.must_have.items() if present.get((t, i), -1) < v
        ]
        revived = [
            f"{t} {i} deleted but back" for (t, i) in self.must_not_have if (t, i) in present
        ]
        return missing + revived

    def start_over(self, present: dict[tuple[str, str], int]) -> None:
        self.must_have = dict(present)
        self.must_not_have = set()


def what_is_saved(store: Store, validate: bool = True) -> dict[tuple[str, str], int]:
    """(table, id) -> question version, for what the store holds after a kill.

    Validating 300 notes through the models costs more than a whole crash
    round, so most rounds read the ids from the file the store just opened.
    """
    if validate:
        present = {("notes", n.id): 0 for n in store.all(Note)}
        present |= {("questions", q.id): question_version(q.text) for q in store.all(Question)}
        return present
    assert store.path is not None
    saved = saved_docs(store.path)
    present = {("notes", d["id"]): 0 for d in saved["notes"]}
    for doc in saved["questions"]:
        present[("questions", doc["id"])] = question_version(doc["text"])
    return present


def fill_to_the_cap(data: Path, ledger: Ledger) -> None:
    """Start from a store already at its ~600 KB size, so every write takes real time."""
    notes = [Note(text=note_text(n)) for n in range(KEEP_NOTES - 20)]
    ids = [new_id() for _ in range(20)]
    questions = [Question(id=i, text=question_text(i, 0)) for i in ids]
    store = Store(data)
    store.replace_all(
        {
            "notes": [n.model_dump(mode="json") for n in notes],
            "questions": [q.model_dump(mode="json") for q in questions],
        }
    )
    ledger.start_over(what_is_saved(Store(data)))
    assert len(ledger.must_have) == KEEP_NOTES


def kill_mid_save(
    server: ForkServer, data: Path, ack: Path, unsafe: bool, rng: random.Random
) -> None:
    """Start a writer, let it save for a random moment, then SIGKILL it."""
    ack.write_bytes(b"")
    pid = server.start_writer(data, ack, unsafe, rng.randrange(2**31))
    # Mostly after it has acknowledged a save; sometimes while it is still opening.
    wait_for_ack = rng.random() > 0.1
    deadline = time.monotonic() + 30
    while wait_for_ack and ack.stat().st_size == 0:
        assert time.monotonic() < deadline, f"writer acknowledged nothing: {server.stderr()}"
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break  # it ended on its own; how_it_ended says why
        time.sleep(0.002)
    time.sleep(rng.uniform(0.02, 0.15))
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    ended = server.how_it_ended(pid)
    assert ended == f"signal {signal.SIGKILL}", f"writer ended with {ended}: {server.stderr()}"


def leftover_temp_files(data: Path) -> int:
    """A kill mid-save leaves the half-written temp file; count it, then tidy up."""
    temps = list(data.parent.glob(f".{data.name}.*.tmp"))
    for temp in temps:
        temp.unlink()
    return len(temps)


@pytest.mark.timeout(300)
def test_every_acknowledged_save_survives_being_killed_mid_write(server, tmp_path, record_property):
    rng = random.Random(SEED)
    data, ack = tmp_path / "companion.json", tmp_path / "ack.txt"
    ledger = Ledger()
    fill_to_the_cap(data, ledger)
    survived, problems, temps, biggest = 0, [], 0, 0
    for round_no in range(ATOMIC_ROUNDS):
        kill_mid_save(server, data, ack, unsafe=False, rng=rng)
        ledger.read(ack)
        temps += leftover_temp_files(data)
        store = Store(data)
        present = what_is_saved(store, validate=False)
        if round_no % 25 == 0 or round_no == ATOMIC_ROUNDS - 1:
            assert what_is_saved(store) == present, "an entry in the file no longer validates"
        lost = ledger.lost(present)
        if store.recovery is not None or lost:
            problems.append(f"round {round_no}: recovery={store.recovery} lost={lost[:5]}")
            ledger.start_over(present)
        else:
            survived += 1
        if data.exists():
            biggest = max(biggest, data.stat().st_size)

    summary = (
        f"{survived}/{ATOMIC_ROUNDS} kills survived, {ledger.acknowledged} acknowledged writes, "
        f"{temps} temp files left by kills, largest file {biggest // 1024} KB, seed {SEED}"
    )
    print(summary)
    record_property("crash_summary", summary)
    assert problems == [], f"{summary}\n" + "\n".join(problems[:10])
    assert survived == ATOMIC_ROUNDS
    assert biggest > 500 * 1024, "the file never grew big enough for a write to take time"
    assert ledger.acknowledged > ATOMIC_ROUNDS


@pytest.mark.timeout(300)
def test_the_crash_test_catches_a_writer_that_writes_in_place(server, tmp_path, record_property):
    rng = random.Random(SEED + 1)
    data, ack = tmp_path / "companion.json", tmp_path / "ack.txt"
    ledger = Ledger()
    fill_to_the_cap(data, ledger)
    rounds_lost = 0
    for _ in range(UNSAFE_ROUNDS):
        kill_mid_save(server, data, ack, unsafe=True, rng=rng)
        ledger.read(ack)
        store = Store(data)
        present = what_is_saved(store, validate=False)
        if store.recovery is not None or ledger.lost(present):
            rounds_lost += 1
            ledger.start_over(present)

    summary = f"in-place writer: {rounds_lost}/{UNSAFE_ROUNDS} rounds lost data or damaged the file"
    print(summary)
    record_property("unsafe_summary", summary)
    assert rounds_lost >= 1, summary


@pytest.mark.timeout(120)
def test_the_writer_also_runs_on_its_own(tmp_path):
    """The script as a person would run it: a fresh Python, killed after its first save."""
    data, ack = tmp_path / "companion.json", tmp_path / "ack.txt"
    ack.write_bytes(b"")
    proc = subprocess.Popen(
        [sys.executable, str(WRITER), str(data), str(ack)], cwd=ROOT, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 60
    while ack.stat().st_size == 0 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL, err.decode()[-2000:]
    ledger = Ledger()
    ledger.read(ack)
    assert ledger.acknowledged >= 1
    store = Store(data)
    assert store.recovery is None
    assert ledger.lost(what_is_saved(store)) == []
