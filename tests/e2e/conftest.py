"""End-to-end fixtures: the real app (`main.py --web`) driven by Debian's Chromium.

A test gets a fresh server with its own data folder (`app_server`, and
`restart()` for "the app was closed and opened again"), a phone-sized or a
desktop-sized page, and helpers that find things the way a person does: by
the words on a button, a field's label, a heading.

Flutter draws the page on a canvas; the DOM a test (or a screen reader) can
read exists only after Flutter's semantics tree is switched on by clicking
the hidden `flt-semantics-placeholder`. `open_app` does that.

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

ROOT = Path(__file__).resolve().parents[2]
# The folder holding main.py; E2E_APP_DIR points the suite at another checkout.
APP_DIR = Path(os.environ.get("E2E_APP_DIR", ROOT)).resolve()
ARTIFACTS = ROOT / "test-artifacts" / "e2e"
DESKTOP = {"width": 1280, "height": 800}

SERVER_START_S = 60
APP_START_MS = 60_000  # Flutter + the first screen from Python; a loaded 2-core machine needs it
UI_MS = 15_000  # a screen reacting to a tap


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).parent == here:
            item.add_marker(pytest.mark.e2e)


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
        deadline = time.monotonic() + self.start_s
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"the app exited with code {self.proc.returncode} "
                    f"before answering:\n{self.log_tail()}"
                )
            try:
                with urllib.request.urlopen(self.url + "/", timeout=2) as res:
                    if res.status == 200:
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(
                    f"the app did not answer on {self.url} within "
                    f"{self.start_s:.0f} s:\n{self.log_tail()}"
                )
            time.sleep(0.2)

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
        deadline = time.monotonic() + 10
        while True:
            try:
                with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
                    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                    s.bind(("127.0.0.1", self.port))
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        return self.start()

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
    for i, page in enumerate(getattr(item, "_e2e_pages", []), start=1):
        try:
            if not page.is_closed():
                path = screenshot(page, f"{_slug(item.nodeid)}.failed.page{i}")
                rep.sections.append((f"screenshot page {i}", f"{path} ({page.url})"))
        except Exception as err:  # the browser may be what failed
            rep.sections.append((f"screenshot page {i}", f"not taken: {err}"))
        errors = getattr(page, "e2e_errors", [])
        if errors:
            rep.sections.append((f"page {i} errors", "\n".join(errors[-20:])))
    for i, server in enumerate(getattr(item, "_e2e_servers", []), start=1):
        rep.sections.append((f"app server log {i} ({server.log_path})", server.log_tail(120)))


# --------------------------------------------------------------------------- helpers

SEMANTICS_ON_SCRIPT = """
(() => {
  const on = () => {
    const ph = document.querySelector('flt-semantics-placeholder');
    if (ph && !ph.__e2eClicked) { ph.__e2eClicked = true; ph.click(); }
  };
  new MutationObserver(on).observe(document, {subtree: true, childList: true});
})();
"""

# Something a person can read: a heading, a labelled node, a text leaf.
FIRST_LABELLED = (
    "flt-semantics-host h1, flt-semantics-host h2, flt-semantics-host [aria-label], "
    "flt-semantics-host span"
)


def screenshot(page, name: str) -> Path:
    """Save a PNG of what the page shows now into test-artifacts/e2e/."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{_slug(name)}.png"
    page.screenshot(path=str(path))
    return path


def enable_semantics(page, timeout: int = APP_START_MS) -> None:
    """Switch on Flutter's accessibility tree and wait for its first labelled node."""
    page.wait_for_selector(
        "flt-glass-pane, flt-semantics-placeholder, flt-semantics-host",
        state="attached",
        timeout=timeout,
    )
    deadline = time.monotonic() + timeout / 1000
    while True:
        if page.locator(FIRST_LABELLED).count():
            return
        # Hidden on purpose (1x1, off-screen): dispatch the click in the page.
        page.evaluate("""() => {
            const ph = document.querySelector('flt-semantics-placeholder');
            if (ph) ph.click();
        }""")
        if time.monotonic() > deadline:
            raise AssertionError(f"the app did not show anything readable at {page.url}")
        page.wait_for_timeout(200)


def open_app(page, url: str, timeout: int = APP_START_MS):
    """Go to `url`, switch Flutter's semantics on, wait until something is readable."""
    page.goto(url)
    enable_semantics(page, timeout)
    return page


def reload_app(page, timeout: int = APP_START_MS):
    page.reload()
    enable_semantics(page, timeout)
    return page


CLICKABLE_ROLES = ("button", "tab", "link", "menuitem", "radio", "checkbox", "switch")


def find_control(page, name: str, *, roles=CLICKABLE_ROLES, timeout: int = UI_MS):
    """The control a person would call `name`: by role and accessible name
    (exact first, then as the start of a longer name such as a card's title
    and subtitle), then by its visible text, then by its label."""
    pattern = re.compile(r"^\s*" + re.escape(name) + r"(\s|$)")
    deadline = time.monotonic() + timeout / 1000
    while True:
        candidates = [page.get_by_role(r, name=name, exact=True) for r in roles]
        candidates += [page.get_by_role(r, name=pattern) for r in roles]
        candidates += [page.get_by_text(name, exact=True), page.get_by_label(name, exact=True)]
        for locator in candidates:
            if locator.count():
                return locator.first
        if time.monotonic() > deadline:
            raise AssertionError(f"nothing called {name!r} on {page.url}")
        page.wait_for_timeout(150)


def tap(page, name: str, *, roles=CLICKABLE_ROLES, timeout: int = UI_MS) -> None:
    """Tap the button, tab, card or link a person would call `name`."""
    control = find_control(page, name, roles=roles, timeout=timeout)
    box = control.bounding_box()
    viewport = page.viewport_size
    inside = (
        box and viewport and box["y"] >= 0 and box["y"] + box["height"] / 2 < viewport["height"]
    )
    if inside:
        control.click()
    else:
        # Below the fold: Flutter's semantics node is placed where the widget
        # is, outside the viewport, and a pointer cannot reach it. The tap a
        # screen reader sends is a click event on the node: do the same.
        control.dispatch_event("click")


def fill(page, label: str, text: str, *, timeout: int = UI_MS) -> None:
    """Type into the text field labelled `label`, as a person would."""
    field = page.locator(f'input[aria-label="{label}"], textarea[aria-label="{label}"]')
    deadline = time.monotonic() + timeout / 1000
    while not field.count():
        if time.monotonic() > deadline:
            field = page.get_by_label(label, exact=True)
            break
        page.wait_for_timeout(150)
    field = field.first
    field.click()
    type_text(page, text)


# Flutter resets its editing element when it takes the focus; keys typed in
# that moment are lost (seen on a busy machine: "Who" arrived as "o").
_FOCUSED_VALUE = (
    "() => { const e = document.activeElement; return e && 'value' in e ? e.value : null; }"
)


def type_text(page, text: str, *, attempts: int = 3) -> None:
    """Replace the focused field's text with `text`, and check it arrived whole."""
    for _ in range(attempts):
        page.keyboard.press("Control+A")
        page.keyboard.type(text)
        deadline = time.monotonic() + 2
        while time.monotonic() < deadline:
            if page.evaluate(_FOCUSED_VALUE) == text:
                return
            page.wait_for_timeout(100)
    raise AssertionError(f"typed {text!r} but the field holds {page.evaluate(_FOCUSED_VALUE)!r}")


def text_locator(page, text: str, *, exact: bool = False):
    """Words on screen, whether Flutter put them in a text node or an aria-label."""
    return page.get_by_text(text, exact=exact).or_(page.get_by_label(text, exact=exact))


def wait_for_text(page, text: str, *, exact: bool = False, timeout: int = UI_MS):
    locator = text_locator(page, text, exact=exact).first
    try:
        locator.wait_for(state="attached", timeout=timeout)
    except Exception:
        raise AssertionError(
            f"{text!r} never showed on {page.url}. On screen:\n{visible_text(page)[:3000]}"
        ) from None
    return locator


def wait_for_heading(page, text: str, *, level: int = 1, timeout: int = UI_MS):
    """The screen's own title, as a screen reader announces it."""
    locator = page.get_by_role("heading", name=text, exact=True, level=level)
    try:
        locator.first.wait_for(state="attached", timeout=timeout)
    except Exception:
        raise AssertionError(
            f"no level-{level} heading {text!r} on {page.url}; headings: {headings(page)}"
        ) from None
    return locator.first


def headings(page, level: int = 1) -> list[str]:
    return [h.strip() for h in page.locator(f"flt-semantics-host h{level}").all_inner_texts()]


def visible_text(page) -> str:
    """Every label and text leaf in the semantics tree, one per line."""
    return page.evaluate("""() => {
        const out = [];
        for (const el of document.querySelectorAll('flt-semantics-host *')) {
            const label = el.getAttribute('aria-label');
            if (label) out.push(label);
            else if (el.childElementCount === 0 && el.textContent.trim())
                out.push(el.textContent.trim());
        }
        return out.join('\\n');
    }""")


def wait_for_title(page, title: str, timeout: int = UI_MS) -> None:
    deadline = time.monotonic() + timeout / 1000
    while page.title() != title:
        if time.monotonic() > deadline:
            raise AssertionError(f"tab title is {page.title()!r}, expected {title!r}")
        page.wait_for_timeout(100)


def wait_for_path(page, path: str, timeout: int = UI_MS) -> None:
    deadline = time.monotonic() + timeout / 1000
    while urlpath(page.url) != path:
        if time.monotonic() > deadline:
            raise AssertionError(f"address is {page.url}, expected path {path}")
        page.wait_for_timeout(100)


def urlpath(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).path or "/"
