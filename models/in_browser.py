"""The offline PWA's glue: the app running inside the browser on Pyodide.

Three things differ there, and all of them live here: the person's data is
kept in IndexedDB (models/browser_storage.py), the app's own packages come in
a second archive unpacked after the first frame (and what only a PDF needs in
a third, unpacked when one is made), and start-up phases are marked for
tools/bench_pwa.py. The worker that sets this up is
tools/pwa/python-worker.js. Outside the browser IN_BROWSER is False and
nothing here is called but `mark` and `load_pdf_packages`, which then do
nothing.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from models import locations

IN_BROWSER = sys.platform == "emscripten"

# Pyodide's home is /home/pyodide. The worker mounts this folder and starts
# loading it while the app imports (tools/build_pwa.py's PERSISTENT_DIR).
DATA_DIR = Path("/home/pyodide/data")


async def locate_store() -> locations.Where:
    """This browser's own file, in IndexedDB, loaded and ready to open."""
    from models import browser_storage  # imports Pyodide's `js`: only here

    await browser_storage.mount_persistent(str(DATA_DIR))
    return locations.Where(
        locations.desktop_store_path(DATA_DIR), "browser", browser_storage.schedule_sync
    )


async def load_later_packages() -> None:
    """Unpack the second archive (pydantic, tinydb...), sent while Flutter draws."""
    import js

    load = getattr(js, "companionLoadPackages", None)
    if load is not None:
        await load()
        importlib.invalidate_caches()  # Python's import must look at the new files


async def load_pdf_packages() -> None:
    """Unpack what only a PDF needs (fpdf, fontTools, our fonts): the offline PWA
    leaves it out of every start. Does nothing outside the browser."""
    if not IN_BROWSER:
        return
    import js

    load = getattr(js, "companionLoadPdfPackages", None)
    if load is not None:
        await load()
        importlib.invalidate_caches()


def mark(phase: str) -> None:
    """Note a start-up phase for tools/bench_pwa.py (the offline PWA only)."""
    if not IN_BROWSER:
        return
    import flet_js  # Pyodide's module of the worker's functions

    note = getattr(flet_js, "mark", None)
    if note is not None:
        note(phase)


def languages() -> list[str]:
    """The browser's languages, most wanted first (a worker's navigator has them)."""
    import js

    navigator = getattr(js, "navigator", None)
    tags = list(getattr(navigator, "languages", None) or [])
    language = getattr(navigator, "language", None)
    return [str(tag) for tag in tags] or ([str(language)] if language else [])
