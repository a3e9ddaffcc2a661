"""Keeps a folder of the in-browser file system in IndexedDB (offline PWA only).

In the PWA, Python runs on Pyodide, whose files live in memory and vanish when
the page closes. `mount_persistent` puts IndexedDB (Emscripten's IDBFS) under a
folder and loads what was saved there before; `schedule_sync` writes the folder
back after each save. Syncs run one at a time: a write that lands while one is
running triggers exactly one more, so no change is lost and no two syncs race.

Only importable under Pyodide (`sys.platform == "emscripten"`).
"""

from __future__ import annotations

import asyncio
import logging
import os

import js  # Pyodide's bridge to JavaScript
import pyodide_js
from pyodide.ffi import create_once_callable, create_proxy

logger = logging.getLogger(__name__)

_mounted: set[str] = set()
_dirty = False
_task: asyncio.Task | None = None
_flush_proxy = None


def _syncfs(populate: bool) -> asyncio.Future:
    """FS.syncfs as an awaitable: True loads from IndexedDB, False stores into it."""
    loop = asyncio.get_running_loop()
    future = loop.create_future()

    def done(err=None):
        if future.done():
            return
        if err:
            future.set_exception(OSError(f"IndexedDB sync failed: {err}"))
        else:
            future.set_result(None)

    pyodide_js.FS.syncfs(populate, create_once_callable(done))
    return future


async def mount_persistent(path: str) -> None:
    """Mount IndexedDB at `path` (created if needed) and load what it holds."""
    global _flush_proxy
    path = os.path.abspath(path)
    if path in _mounted:
        return
    premounted = getattr(js, "companionPremounted", None)
    if premounted is not None and premounted.has(path):
        # The PWA's worker mounted it at start-up and is loading it already.
        error = await premounted.get(path)
        if error:
            raise OSError(f"IndexedDB sync failed: {error}")
    else:
        os.makedirs(path, exist_ok=True)
        fs = pyodide_js.FS
        fs.mount(fs.filesystems.IDBFS, js.Object.new(), path)
        # If loading fails this raises, and nothing is ever stored back: storing
        # an empty folder over the saved one would lose the person's data.
        await _syncfs(True)
    _mounted.add(path)
    if _flush_proxy is None:
        # The worker calls this before the page reloads into a new version.
        _flush_proxy = create_proxy(flush)
        js.companionFlushStorage = _flush_proxy


def schedule_sync() -> None:
    """Queue a store of the mounted folders into IndexedDB; call after every write."""
    global _dirty, _task
    if not _mounted:
        return
    _dirty = True
    if _task is None or _task.done():
        _task = asyncio.ensure_future(_drain())


async def _drain() -> None:
    global _dirty
    while _dirty:
        _dirty = False
        try:
            await _syncfs(False)
        except Exception:  # keep going: the next write tries again
            logger.exception("could not save to IndexedDB")


async def flush() -> None:
    """Wait until every write so far has reached IndexedDB."""
    while _task is not None and not _task.done():
        await asyncio.shield(_task)
    if _dirty:
        schedule_sync()
        await flush()
