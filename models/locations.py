"""The one place that knows where a person's data lives.

Desktop: one file in the operating system's user-data folder.
Web server: one file per browser, named by a hash of a long random key that
only that browser holds, so nobody can reach another browser's notes by
guessing a name.
Offline PWA: one file in the browser's IndexedDB (models/in_browser.py).
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TypeGuard

APP_DIR_NAME = "SecondOpinionCompanion"
DATA_DIR_ENV = "COMPANION_DATA_DIR"
STORE_FILE = "companion.json"
BROWSER_KEY_BYTES = 32

_BROWSER_KEY = re.compile(r"[A-Za-z0-9_-]{43,128}")


@dataclass
class Where:
    """Where this person's store lives, found without opening it."""

    path: Path
    mode: Literal["desktop", "web", "browser"]
    """"desktop", "web" (served by Python) or "browser" (the offline PWA)."""
    on_saved: Callable[[], None] | None = None
    """Called after each save (the PWA copies the file into IndexedDB)."""


def default_data_dir() -> Path:
    """The folder for saved data: the env override, else the OS user-data folder."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override).expanduser()
    # Imported here: Pyodide builds never need it.
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_DIR_NAME, appauthor=False))


def desktop_store_path(data_dir: Path) -> Path:
    return Path(data_dir) / STORE_FILE


def new_browser_key() -> str:
    return secrets.token_urlsafe(BROWSER_KEY_BYTES)


def is_browser_key(key: object) -> TypeGuard[str]:
    return isinstance(key, str) and bool(_BROWSER_KEY.fullmatch(key))


def browser_store_path(data_dir: Path, browser_key: str) -> Path:
    """Where one browser's store lives. The key itself is never written to disk."""
    if not is_browser_key(browser_key):
        raise ValueError("not a browser key")
    digest = hashlib.sha256(browser_key.encode()).hexdigest()
    return Path(data_dir) / "browsers" / f"{digest}.json"
