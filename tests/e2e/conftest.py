"""End-to-end fixtures: the real app (`main.py --web`) driven by Debian's Chromium.

A test gets a fresh server with its own data folder (`app_server`, and
`restart()` for "the app was closed and opened again") and a phone-sized or a
desktop-sized page. What a test then does on the page, the way a person
would (open the app, tap, fill, wait for words), is in pages.py.

When a test fails, the server's log and a screenshot of every open page go to
test-artifacts/e2e/ and the log is printed in the report.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from chromium import CHROMIUM, PHONE
from chromium import FLAGS as CHROMIUM_ARGS

from . import pages
from .pages import SEMANTICS_ON_SCRIPT, UI_MS, poll

ROOT = Path(__file__).resolve().parents[2]
# The folder holding main.py; E2E_APP_DIR points the suite at another checkout.
APP_DIR = Path(os.environ.get("E2E_APP_DIR", ROOT)).resolve()
ARTIFACTS = ROOT / "test-artifacts" / "e2e"
DESKTOP = {"width": 1280, "height": 800}

SERVER_START_S = 60


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).parent == here:
            item.add_marker(pytest.mark.e2e)
            # A renderer that stopped answering (polling.PageNotAnswering: a
            # headless Chromium + CanvasKit hang, not the app) gets one more
            # run in fresh pages; any other failure fails at once. The summary
            # lists every such rerun.
            item.add_marker(pytest.mark.flaky(reruns=1, only_rerun=[pages.PageNotAnswering]))


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text).strip("_")[:120] or "x"


# --------------------------------------------------------------------------- server


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class AppServer:
    """`python main.py --web` in its own process, on one data folder.

    `restart()` stops the process and starts a new one on the same folder and
    port, so an open page can simply reload: the app was closed and opened again.
    `command`, `env` and `start_s` run it another way (e.g. `tools/run` in a
    fresh virtual environment); the command is given the port and data folder.
    """

    def __init__(
        self,
        data_dir: Path,
        log_path: Path,
        port: int | None = None,
        *,
        command: list[str] | None = None,
        env: dict[str, str] | None = None,
        start_s: float = SERVER_START_S,
    ):
        self.data_dir = Path(data_dir)
        self.log_path = Path(log_path)
        self.port = port or free_port()
        self.command = command or [sys.executable, "main.py", "--web"]
        self.env = env
        self.start_s = start_s
        self.proc: subprocess.Popen | None = None
        self.starts = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url_for(self, path: str = "/") -> str:
        return self.url + "/" + path.lstrip("/")

    def start(self) -> AppServer:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self.starts += 1
        env = dict(self.env or os.environ, PYTHONUNBUFFERED="1")
        with open(self.log_path, "a", encoding="utf-8") as log:
            log.write(f"\n===== start {self.starts}: port {self.port}, data {self.data_dir}\n")
            log.flush()
            self.proc = subprocess.Popen(
                [
                    *self.command,
                    "--port",
                    str(self.port),
                    "--no-browser",
                    "--data-dir",
                    str(self.data_dir),
                ],
                cwd=APP_DIR,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env=env,
                start_new_session=True,
            )
        if not poll(self._answering, timeout_ms=self.start_s * 1000, every_ms=200, failure=None):
            self.stop()
            raise RuntimeError(
                f"the app did not answer on {self.url} within "
                f"{self.start_s:.0f} s:\n{self.log_tail()}"
            )
        return self

    def _answering(self) -> bool:
        assert self.proc is not None
        if self.proc.poll() is not None:
            raise RuntimeError(
                f"the app exited with code {self.proc.returncode} "
                f"before answering:\n{self.log_tail()}"
            )
        try:
            with urllib.request.urlopen(self.url + "/", timeout=2) as res:
                return res.status == 200
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            return False

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        # Its own session, so this reaches only the server and anything it started.
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)

    def restart(self) -> AppServer:
        self.stop()
        # The port is ours again once the old process is gone; wait until it can be bound.
        poll(
            self._port_free,
            timeout_ms=10_000,
            every_ms=200,
            failure=f"port {self.port} was still taken 10 s after the app stopped",
        )
        return self.start()

    def _port_free(self) -> bool:
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                s.bind(("127.0.0.1", self.port))
            return True
        except OSError:
            return False

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    def log_tail(self, lines: int = 80) -> str:
        return "\n".join(self.log_text().splitlines()[-lines:])


def _register(request, key: str, thing) -> None:
    """Remember servers and pages on the test item, for the failure report."""
    getattr(request.node, "_e2e_" + key, None) or setattr(request.node, "_e2e_" + key, [])
    getattr(request.node, "_e2e_" + key).append(thing)


@pytest.fixture
def app_server_factory(request, tmp_path):
    """Start more servers: `app_server_factory()`, `app_server_factory(data_dir=...)`,
    or run another way: `app_server_factory(command=[...], env={...}, start_s=...)`."""
    servers: list[AppServer] = []

    def start(data_dir: Path | None = None, **how) -> AppServer:
        n = len(servers) + 1
        server = AppServer(
            data_dir or tmp_path / f"data{n}",
            ARTIFACTS / f"{_slug(request.node.nodeid)}.server{n}.log",
            **how,
        )
        if server.log_path.exists():
            server.log_path.unlink()
        servers.append(server)
        _register(request, "servers", server)
        return server.start()

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def app_server(app_server_factory) -> AppServer:
    """A fresh app with an empty data folder of its own."""
    return app_server_factory()


@pytest.fixture(scope="module")
def shared_app_server(tmp_path_factory, request):
    """One app for a whole module of tests that only look (e.g. accessibility)."""
    name = _slug(request.module.__name__)
    server = AppServer(tmp_path_factory.mktemp("shared-data"), ARTIFACTS / f"{name}.server.log")
    if server.log_path.exists():
        server.log_path.unlink()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def _report_shared(request, shared_app_server):
    _register(request, "servers", shared_app_server)
    return shared_app_server


# --------------------------------------------------------------------------- browser


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium (Debian's), one per test module.

    Not one per session: Playwright's sync API cannot run twice at once, and
    test_pwa.py starts its own Playwright for a persistent profile.
    """
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (tools/test does)")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


def _new_page(request, browser, viewport: dict, **kwargs):
    context = browser.new_context(viewport=viewport, **kwargs)
    context.set_default_timeout(UI_MS)
    # Switch Flutter's semantics on as soon as its placeholder appears, at every
    # load (reloads too); open_app still clicks it if this ran too early.
    context.add_init_script(SEMANTICS_ON_SCRIPT)
    page = context.new_page()
    # What the page said went wrong, with when, for the failure report.
    errors: list[str] = []
    started = time.monotonic()

    def note(what: str) -> None:
        errors.append(f"{time.monotonic() - started:7.2f} s  {what}")

    page.on("pageerror", lambda e: note(f"page error: {e}"))
    page.on("console", lambda m: m.type in ("error", "warning") and note(f"console: {m.text}"))
    page.on("crash", lambda _page: note("the page crashed"))
    page.e2e_errors = errors  # type: ignore[attr-defined]
    _register(request, "pages", page)
    return context, page


@pytest.fixture
def new_page(request, browser):
    """Make more pages, each in its own browser context (its own storage):
    `new_page(PHONE)` or `new_page(DESKTOP)`."""
    contexts = []

    def make(viewport: dict = PHONE, **kwargs):
        context, page = _new_page(request, browser, viewport, **kwargs)
        contexts.append(context)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def phone_page(new_page):
    """A phone-sized page (390x844) in a fresh browser context."""
    return new_page(PHONE)


@pytest.fixture
def desktop_page(new_page):
    """A desktop-sized page (1280x800) in a fresh browser context."""
    return new_page(DESKTOP)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    if not rep.failed or rep.when == "teardown":
        return
    hung = bool(call.excinfo and call.excinfo.errisinstance(pages.PageNotAnswering))
    if hung:
        page_hangs.append(f"{item.nodeid} ({rep.when})")
    for i, page in enumerate(getattr(item, "_e2e_pages", []), start=1):
        try:
            if hung:  # a screenshot would wait its 30 s for the same renderer
                rep.sections.append((f"screenshot page {i}", "not taken: page not answering"))
            elif not page.is_closed():
                path = screenshot(page, f"{_slug(item.nodeid)}.failed.page{i}")
                rep.sections.append((f"screenshot page {i}", f"{path} ({page.url})"))
        except Exception as err:  # the browser may be what failed
            rep.sections.append((f"screenshot page {i}", f"not taken: {err}"))
        errors = getattr(page, "e2e_errors", [])
        if errors:
            rep.sections.append((f"page {i} errors", "\n".join(errors[-20:])))
    for i, server in enumerate(getattr(item, "_e2e_servers", []), start=1):
        rep.sections.append((f"app server log {i} ({server.log_path})", server.log_tail(120)))


page_hangs: list[str] = []  # tests whose page stopped answering (run once more)


def pytest_terminal_summary(terminalreporter):
    """Say when a page was reopened after CanvasKit trapped (pages.ENGINE_TRAP)
    or a test ran again because its page stopped answering: rare and not
    ours, but never silent."""
    if pages.engine_traps:
        terminalreporter.write_sep("-", "CanvasKit trapped; page reopened once")
        for url in pages.engine_traps:
            terminalreporter.write_line(url)
    if page_hangs:
        terminalreporter.write_sep("-", "page stopped answering; test ran once more")
        for test in page_hangs:
            terminalreporter.write_line(test)


# --------------------------------------------------------------------------- offline web app


PWA_BASE = "/companion/"
"""Where the PWA tests serve the app: under a sub-path, as a static host might."""


@pytest.fixture(scope="session")
def pwa_dist() -> Path:
    """The offline web app (tools/build_pwa.py), built once per test session under
    /companion/ as a static host would serve it. PWA_TEST_APP builds another app
    folder; PWA_TEST_DIST uses a folder already built so, without building."""
    if os.environ.get("PWA_TEST_DIST"):
        return Path(os.environ["PWA_TEST_DIST"]).resolve()
    import build_pwa

    app = Path(os.environ.get("PWA_TEST_APP", ROOT))
    out = ROOT / "build" / "pwa-test" / "dist"
    build_pwa.build(
        build_pwa.Options(app=app, out=out, base_url=PWA_BASE, name="pwa-test", quiet=True)
    )
    return out


@pytest.fixture
def pwa_server(pwa_dist):
    """pwa_dist served under /companion/ by a static host (tools/pwa_browser.py)."""
    import pwa_browser

    srv = pwa_browser.serve(pwa_dist, PWA_BASE)
    yield srv
    srv.stop()


# --------------------------------------------------------------------------- failure report


def screenshot(page, name: str) -> Path:
    """Save a PNG of what the page shows now into test-artifacts/e2e/."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{_slug(name)}.png"
    page.screenshot(path=str(path))
    return path
