"""Driving the built offline PWA (dist/) in Chromium: a static host, a phone's browser, timings.

Used by tools/bench_pwa.py and tests/e2e/test_pwa.py.
"""

from __future__ import annotations

import contextlib
import http.server
import io
import json
import mimetypes
import posixpath
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from chromium import CHROMIUM, FLAGS, PHONE
from polling import answer_within, poll

MIME = {
    ".wasm": "application/wasm",
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".json": "application/json",
    ".webmanifest": "application/manifest+json",
    ".gz": "application/gzip",
    ".otf": "font/otf",
    ".ttf": "font/ttf",
    ".woff2": "font/woff2",
    ".frag": "application/octet-stream",
    ".bin": "application/octet-stream",
    ".png": "image/png",
    ".html": "text/html",
    ".zip": "application/zip",
    "": "application/octet-stream",
}


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves one folder under a base path, like a plain static host.

    A missing file gets 404.html with status 404 (as GitHub Pages does), so a
    deep link still opens the app; nothing outside the base path exists.
    """

    root: Path
    base: str
    extensions_map = MIME
    requests: list[str]
    statuses: list[tuple[str, int]]
    fail_once: set[str]  # files (relative to root) that fail once: a dropped signal

    def log_message(self, format, *args):
        pass

    def send_response(self, code, message=None):
        self.statuses.append((self.path, code))
        super().send_response(code, message)

    def end_headers(self):
        # Let the service worker, not the HTTP cache, decide what is fresh.
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def translate_path(self, path):
        path = urllib.parse.unquote(urllib.parse.urlsplit(path).path)
        if not path.startswith(self.base):
            return str(self.root / "\0missing")
        rel = posixpath.normpath(path[len(self.base) :]).lstrip("/")
        if rel in (".", ""):
            rel = "index.html"
        if rel.startswith(".."):
            return str(self.root / "\0missing")
        return str(self.root / rel)

    def send_head(self):
        self.requests.append(self.path)
        target = Path(self.translate_path(self.path))
        rel = target.relative_to(self.root).as_posix() if target.is_relative_to(self.root) else ""
        if rel in self.fail_once:
            self.fail_once.discard(rel)
            self.send_error(503)
            return None
        if target.is_file():
            return super().send_head()
        page = self.root / "404.html"
        body = page.read_bytes() if page.exists() else b"not found"
        self.send_response(404)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@dataclass
class Server:
    url: str  # site URL, ending with the base path
    requests: list[str]
    statuses: list[tuple[str, int]]  # (path, status), 304 for "your copy is current"
    fail_once: set[str]  # files (relative to the root) whose next request fails
    httpd: http.server.ThreadingHTTPServer
    handler: type[_Handler]

    @property
    def origin(self) -> str:
        return self.url.split("/", 3)[0] + "//" + self.url.split("/", 3)[2]

    def set_root(self, root: Path) -> None:
        """Serve another folder from now on (a new version being deployed)."""
        self.handler.root = Path(root)

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class _Quiet(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A browser dropping a connection (page closed mid-download) is normal.
        if not isinstance(sys.exc_info()[1], (ConnectionError, BrokenPipeError)):
            super().handle_error(request, client_address)


def serve(root: Path, base: str = "/") -> Server:
    """Serve `root` at http://127.0.0.1:<free port><base> from a thread."""
    mimetypes.add_type("application/wasm", ".wasm")
    mimetypes.add_type("text/javascript", ".mjs")
    requests: list[str] = []
    statuses: list[tuple[str, int]] = []
    fail_once: set[str] = set()
    handler = type(
        "Handler",
        (_Handler,),
        {
            "root": Path(root),
            "base": base,
            "requests": requests,
            "statuses": statuses,
            "fail_once": fail_once,
        },
    )
    httpd = _Quiet(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}{base}"
    return Server(url, requests, statuses, fail_once, httpd, handler)


@contextlib.contextmanager
def served(root: Path, base: str = "/"):
    server = serve(root, base)
    try:
        yield server
    finally:
        server.stop()


def launch(playwright, profile_dir: Path, **kwargs):
    """A Chromium with a real profile (service workers, installability checks)."""
    return playwright.chromium.launch_persistent_context(
        str(profile_dir),
        executable_path=CHROMIUM,
        args=["--headless", *FLAGS],
        headless=True,
        viewport=PHONE,
        device_scale_factor=3,
        is_mobile=True,
        has_touch=True,
        **kwargs,
    )


# Runs in every page before its own scripts: switches on Flutter's semantics
# tree as soon as its placeholder appears, and notes the time (ms since
# navigation started) when an element labelled or reading `marker` shows up.
READY_SCRIPT = """
(() => {
  const markers = %s;
  window.__pwaUsableAt = null;  // when the first marker was on screen
  window.__pwaSeenAt = {};      // when each marker was
  const check = () => {
    const ph = document.querySelector('flt-semantics-placeholder');
    if (ph && !ph.__clicked) { ph.__clicked = true; ph.click(); }
    const waiting = markers.filter((m) => !(m in window.__pwaSeenAt));
    if (!waiting.length) return;
    for (const el of document.querySelectorAll('flt-semantics, [aria-label], span')) {
      const label = el.getAttribute('aria-label') || '';
      const text = el.childElementCount === 0 ? (el.textContent || '') : '';
      for (const marker of waiting) {
        if (!(marker in window.__pwaSeenAt) && (label.includes(marker) || text.includes(marker))) {
          window.__pwaSeenAt[marker] = performance.now();
        }
      }
    }
    if (window.__pwaUsableAt === null && markers[0] in window.__pwaSeenAt) {
      window.__pwaUsableAt = window.__pwaSeenAt[markers[0]];
    }
  };
  new MutationObserver(check).observe(document, {subtree: true, childList: true, attributes: true});
})();
"""


def ready_script(marker: str, *more: str) -> str:
    """Notes when `marker` (and each of `more`) first shows; see wait_usable and seen_at."""
    return READY_SCRIPT % json.dumps([marker, *more])


def seen_at(page, marker: str, timeout_s: float = 90.0) -> float:
    """Seconds from navigation start until `marker` (given to ready_script) was on screen."""
    at = poll(
        lambda: page.evaluate("(m) => (window.__pwaSeenAt || {})[m]", marker),
        lambda at: at is not None,
        timeout_ms=timeout_s * 1000,
        every_ms=50,
        failure=f"{marker!r} never showed",
    )
    return at / 1000.0


def wait_usable(page, timeout_s: float = 90.0) -> float:
    """Seconds from navigation start until the marker was on screen."""
    at = poll(
        lambda: page.evaluate("window.__pwaUsableAt"),
        lambda at: at is not None,
        timeout_ms=timeout_s * 1000,
        every_ms=50,
        failure="the app did not show its first screen in time",
    )
    return at / 1000.0


def wait_service_worker(page, timeout_s: float = 120.0) -> None:
    """Wait until a service worker controls the page and has precached everything."""
    # Polled with evaluate(): wait_for_function() evaluates strings with
    # eval(), which the app's Content-Security-Policy rightly refuses.
    deadline = time.monotonic() + timeout_s
    poll(
        lambda: page.evaluate(
            "() => !!(navigator.serviceWorker && navigator.serviceWorker.controller)"
        ),
        page=page,
        timeout_ms=timeout_s * 1000,
        every_ms=200,
        failure="no service worker took control of the page",
    )
    with answer_within():
        page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    # Controlling is not yet done activating (clients.claim() comes first).
    poll(
        lambda: page.evaluate(
            "() => navigator.serviceWorker.getRegistration()"
            ".then(r => !!(r && r.active && r.active.state === 'activated'))"
        ),
        page=page,
        timeout_ms=(deadline - time.monotonic()) * 1000,
        every_ms=200,
        failure="the service worker never finished activating",
    )


def service_worker_state(page) -> dict:
    """The registration's workers and the controller, for failure messages."""
    try:
        return page.evaluate("""async () => {
          const r = await navigator.serviceWorker.getRegistration();
          const w = (x) => x ? x.scriptURL.split('/').pop() + ':' + x.state : null;
          const c = navigator.serviceWorker.controller;
          return {installing: r && w(r.installing), waiting: r && w(r.waiting),
                  active: r && w(r.active), controller: c && w(c), url: location.href,
                  origin: performance.timeOrigin};
        }""")
    except Exception as error:
        return {"error": str(error)}


def precached_bytes(page) -> dict:
    """What Cache Storage holds for this site: files and bytes."""
    return page.evaluate("""async () => {
      let files = 0, bytes = 0;
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        for (const req of await cache.keys()) {
          const res = await cache.match(req);
          bytes += (await res.arrayBuffer()).byteLength;
          files += 1;
        }
      }
      return {files, bytes};
    }""")
