"""Getting the desktop window ready, or saying plainly why it cannot open.

Flet's desktop window is a separate program that `flet-desktop` downloads
from GitHub the first time it runs (then keeps under ~/.flet/client/). Left
to itself, Flet waits on that download with no word and, where GitHub cannot
be reached, with no end. Here a person is told what is happening, and gets
the same app in the web browser when the window cannot open.
"""

from __future__ import annotations

import os
import socket
import sys
import threading
from collections.abc import Callable, Mapping
from urllib.parse import urlsplit

DEFAULT_CLIENT_URL = "https://github.com/flet-dev/flet/releases/"
# A cached client answers at once; longer than this means a download.
CACHED_S = 1.0
REACH_S = 5.0
DOWNLOAD_S = 300.0
WAIT_ENV = "COMPANION_DESKTOP_WAIT_S"
# Why the window cannot open; each has a sentence in ui.toml, cli.desktop_instead_<why>.
WHY_NOT = ("no_screen", "no_desktop_part", "offline", "slow", "failed")


def why_no_window(env: Mapping[str, str], platform: str) -> str | None:
    """Why no window can open on this computer at all, or None."""
    if platform.startswith("linux") and not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        return "no_screen"
    return None


def client_address(env: Mapping[str, str]) -> tuple[str, int]:
    """The host and port the desktop client is downloaded from."""
    url = urlsplit(env.get("FLET_CLIENT_URL") or DEFAULT_CLIENT_URL)
    return url.hostname or "github.com", url.port or (443 if url.scheme == "https" else 80)


def reachable(address: tuple[str, int], timeout: float = REACH_S) -> bool:
    try:
        with socket.create_connection(address, timeout=timeout):
            return True
    except OSError:
        return False


def prepare_window(say: Callable[[str], None], env: Mapping[str, str] = os.environ) -> str | None:
    """Make sure the desktop client is on this computer.

    Returns None when the window can open, else why not (one of WHY_NOT).
    `say` gets the one line shown while a first-run download goes on.
    """
    reason = why_no_window(env, sys.platform)
    if reason:
        return reason
    try:
        import flet_desktop
        from flet.version import flet_version
        from flet_desktop.version import version as desktop_version
    except ImportError:
        return "no_desktop_part"
    if desktop_version and desktop_version != flet_version:
        return "no_desktop_part"  # Flet would pip-install another one, silently

    failed: list[BaseException] = []
    done = threading.Event()

    def fetch() -> None:
        try:
            flet_desktop.ensure_client_cached()
        except Exception as err:  # any failure means: use the browser instead
            failed.append(err)
        finally:
            done.set()

    # A daemon thread: a download that never ends must not keep the app from closing.
    threading.Thread(target=fetch, name="desktop-client", daemon=True).start()
    if not done.wait(CACHED_S):
        say("getting_ready")
        if not done.is_set() and not reachable(client_address(env)):
            return "offline"
        if not done.wait(float(env.get(WAIT_ENV) or DOWNLOAD_S)):
            return "slow"
    return "failed" if failed else None
