"""Saves notes and questions to a store until it is killed, acknowledging each write.

    python tests/unit/store_writer.py DATA_FILE ACK_FILE [--unsafe] [--seed N]
    python tests/unit/store_writer.py --fork-server

After every save() or delete() returns, one line goes to ACK_FILE and is
flushed and fsynced: an acknowledged write, which must survive a kill.

    + notes <id> 0          a note was saved
    + questions <id> <v>    a question was saved with text version <v>
    ? notes <id> 0          about to delete it (may or may not happen)
    - notes <id> 0          it was deleted

--unsafe swaps the store's atomic write for one that writes the file in place,
slowly, so the crash test can show that it notices a write that is not atomic.
Production code is unchanged; only this process is patched.

--fork-server imports everything once and then, for each "run DATA ACK UNSAFE SEED"
line on stdin, forks a writer, prints "pid N" and later "exit N STATUS". Starting
Python with pydantic costs most of a second on a busy machine; forking costs
milliseconds, so the crash test can kill hundreds of writers quickly.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from models import store as store_module
from models.journey import Note, Question, new_id
from models.store import Store

KEEP_NOTES = 300
KEEP_QUESTIONS = 40
NOTE_BODY = (
    "Ask Dr. Okafor whether the scan in March changes the plan. "
    "¿Hay un ensayo clínico cerca? Bring the pathology report. 🩺 "
)


def note_text(n: int) -> str:
    """About 2 KB, so a store of 300 notes is big enough that a write takes time."""
    return f"Note {n}. " + NOTE_BODY * 17


def question_text(item_id: str, version: int) -> str:
    return f"Question {item_id[:8]}, version {version}: what are my options?"


def question_version(text: str) -> int:
    return int(text.split("version ", 1)[1].split(":", 1)[0])


def saved_docs(data_file: Path) -> dict[str, list[dict]]:
    """The raw notes and questions in the file, oldest first.

    Read straight from the file: validating 300 notes of 2 KB through the
    models takes longer than a whole crash round, and only ids are needed.
    """
    try:
        text = data_file.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    # As the store does: an empty file is a new one.
    data = json.loads(text) if text.strip() else {}
    tables = {}
    for table in ("notes", "questions"):
        rows = data.get(table, {})
        tables[table] = [rows[k] for k in sorted(rows, key=int)]
    return tables


def in_place_write(path: Path, text: str) -> None:
    """The unsafe writer: truncate the real file, then write it 1 KB at a time."""
    with open(path, "w", encoding="utf-8") as f:
        for start in range(0, len(text), 1024):
            f.write(text[start : start + 1024])
            f.flush()
            time.sleep(0.0002)


def write_forever(data_file: Path, ack_file: Path, unsafe: bool = False, seed: int = 0) -> None:
    if unsafe:
        store_module.atomic_write = in_place_write
    rng = random.Random(seed)
    store = Store(data_file)
    saved = saved_docs(data_file)
    notes = [doc["id"] for doc in saved["notes"]]
    questions = {doc["id"]: question_version(doc["text"]) for doc in saved["questions"]}
    with open(ack_file, "a", encoding="utf-8") as ack:

        def tell(line: str, durable: bool = True) -> None:
            ack.write(line + "\n")
            ack.flush()
            if durable:
                os.fsync(ack.fileno())

        n = 0
        while True:
            n += 1
            if n % 5 == 1:
                qid = new_id()
                q = Question(id=qid, text=question_text(qid, 0))
                store.save(q)
                questions[q.id] = 0
                tell(f"+ questions {q.id} 0")
            elif n % 5 == 3 and questions:
                qid = rng.choice(sorted(questions))
                version = questions[qid] + 1
                store.save(Question(id=qid, text=question_text(qid, version)))
                questions[qid] = version
                tell(f"+ questions {qid} {version}")
            else:
                note = Note(text=note_text(n))
                store.save(note)
                notes.append(note.id)
                tell(f"+ notes {note.id} 0")
            while len(notes) > KEEP_NOTES:
                _forget(store, Note, "notes", notes.pop(0), tell)
            while len(questions) > KEEP_QUESTIONS:
                qid = next(iter(questions))
                del questions[qid]
                _forget(store, Question, "questions", qid, tell)


def _forget(store: Store, kind, table: str, item_id: str, tell) -> None:
    # Flushed, not fsynced: a kill (not a power cut) keeps what was flushed.
    tell(f"? {table} {item_id} 0", durable=False)
    store.delete(kind, item_id)
    tell(f"- {table} {item_id} 0")


def _run_child(data_file: str, ack_file: str, unsafe: bool, seed: int) -> None:
    try:
        write_forever(Path(data_file), Path(ack_file), unsafe, seed)
    except BaseException:
        traceback.print_exc()
        sys.stderr.flush()
        os._exit(3)


def fork_server() -> None:
    """Fork one writer per request; report its pid, then how it ended."""
    for line in sys.stdin:
        parts = line.split()
        if not parts or parts[0] != "run":
            continue
        _, data_file, ack_file, unsafe, seed = parts
        pid = os.fork()
        if pid == 0:
            _run_child(data_file, ack_file, unsafe == "1", int(seed))
        print(f"pid {pid}", flush=True)
        _, status = os.waitpid(pid, 0)
        if os.WIFSIGNALED(status):
            how = f"signal {os.WTERMSIG(status)}"
        else:
            how = f"code {os.WEXITSTATUS(status)}"
        print(f"exit {pid} {how}", flush=True)


def main(argv: list[str]) -> None:
    if argv == ["--fork-server"]:
        fork_server()
        return
    unsafe = "--unsafe" in argv
    seed = 0
    if "--seed" in argv:
        seed = int(argv[argv.index("--seed") + 1])
        argv = argv[: argv.index("--seed")] + argv[argv.index("--seed") + 2 :]
    paths = [a for a in argv if not a.startswith("--")]
    if len(paths) != 2:
        sys.exit(__doc__)
    write_forever(Path(paths[0]), Path(paths[1]), unsafe, seed)


if __name__ == "__main__":
    main(sys.argv[1:])
