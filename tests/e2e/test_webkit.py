"""iPhones, on the built offline app (PWA): every iPhone browser is WebKit.

- In a real WebKit (Debian's WebKitGTK, driven by Selenium through
  WebKitWebDriver on a virtual X display), saying it is an iPhone: the app
  starts, tells once how to add it to the Home Screen, and a question added
  is still there after a reload.
- In Chromium: a computer is never told; an iPhone is, once, in the app's
  language, and the note passes axe.

The note's logic is unit-tested in tests/unit/test_pwa_ios_note.py.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

import polling
import pwa_browser as h
from models.text import t

from .conftest import _register
from .test_pwa import ROOT

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.slow,
    pytest.mark.timeout(300),
    # Selenium's own WebKitGTK driver class still uses what it deprecated.
    pytest.mark.filterwarnings("ignore:setting remote_server_addr:DeprecationWarning"),
]

ROUTE = "prepare/questions"
APP_START_S = 120  # WebKitGTK draws in software: slow on a loaded 2-core machine
UI_S = 30
NOTE = "#pwa-ios-note"
SEEN_KEY = "companion.ios-note-seen"
IPHONE_SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def server(pwa_server):
    return pwa_server  # conftest.py: the one build, served under /companion/


# --------------------------------------------------------------------------- WebKit

WEBKIT_DRIVER = "/usr/bin/WebKitWebDriver"


def minibrowser() -> str:
    """WebKitGTK's MiniBrowser, the browser WebKitWebDriver starts (libwebkit2gtk)."""
    found = sorted(glob.glob("/usr/lib/*/webkit2gtk-4.*/MiniBrowser"), reverse=True)
    if not (found and Path(WEBKIT_DRIVER).exists()):
        pytest.fail("WebKitGTK is missing: install webkit2gtk-driver and xvfb (tools/test does)")
    return found[0]


@pytest.fixture
def display():
    """A virtual X display (Xvfb) that picks a free number itself and says which."""
    if not shutil.which("Xvfb"):
        pytest.fail("Xvfb is missing: install xvfb (tools/test does)")
    read, write = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x900x24", "-nolisten", "tcp"],
        pass_fds=[write],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as said:
        number = said.readline().strip()
    if not number:
        xvfb.kill()
        pytest.fail("Xvfb did not start")
    yield f":{number}"
    xvfb.terminate()
    xvfb.wait(10)


class WebKitPage:
    """A Selenium session, seen by conftest's failure report as a page (a screenshot)."""

    def __init__(self, driver):
        self.driver = driver
        self.e2e_errors: list[str] = []  # WebKit's WebDriver gives no console log

    @property
    def url(self) -> str:
        return self.driver.current_url

    def is_closed(self) -> bool:
        return self.driver.session_id is None

    def screenshot(self, path: str) -> None:
        self.driver.save_screenshot(path)

    def js(self, script: str, *args):
        """Run `script` (a function body) in the page, with Flutter's semantics switched on."""
        return self.driver.execute_script(SEMANTICS_ON + script, *args)

    def wait(self, what: str, script: str, *args, timeout_s: float = UI_S):
        """Poll `script` until it answers something true; return that."""
        return polling.poll(
            lambda: self.js(script, *args),
            timeout_ms=timeout_s * 1000,
            every_ms=200,
            failure=f"{what} never showed at {self.url}",
        )

    def type_text(self, text: str, attempts: int = 3) -> None:
        """Replace the focused field's text with `text`, and check it arrived whole and stayed.

        As in pages.type_text: Flutter resets its editing element as it takes the
        focus, and keys typed in that moment are lost (seen here in WebKit too)."""
        from selenium.webdriver.common.keys import Keys

        def value():
            return self.js("const e = document.activeElement; return e && e.value;")

        for _ in range(attempts):
            field = self.driver.switch_to.active_element
            field.send_keys(Keys.CONTROL, "a")
            field.send_keys(text)
            arrived = polling.poll(value, lambda v: v == text, timeout_ms=2000, failure=None)
            # Still there half a second later: not reset under the keys.
            if (
                arrived == text
                and polling.poll(value, lambda v: v != text, timeout_ms=500, failure=None) == text
            ):
                return
        raise AssertionError(f"typed {text!r} but the field holds {value()!r}")


# Flutter's accessibility tree, the DOM a screen reader (and a test) reads,
# exists once its hidden placeholder has been clicked (tests/e2e/pages.py).
SEMANTICS_ON = """
const ph = document.querySelector('flt-semantics-placeholder');
if (ph && !ph.__e2eClicked) { ph.__e2eClicked = true; ph.click(); }
"""
FIELD = """return document.querySelector(
    'flt-semantics-host input[aria-label="' + arguments[0] + '"], ' +
    'flt-semantics-host textarea[aria-label="' + arguments[0] + '"]');"""
BUTTON = """return [...document.querySelectorAll('flt-semantics-host [role=button]')]
    .find(e => (e.getAttribute('aria-label') || e.textContent).trim() === arguments[0]);"""
SHOWN = """return [...document.querySelectorAll('flt-semantics-host *')].some(e =>
    (e.getAttribute('aria-label') || '').includes(arguments[0]) ||
    (e.childElementCount === 0 && e.textContent.includes(arguments[0])));"""
NOTE_STATE = """const note = document.querySelector('#pwa-ios-note');
return note && {
    role: note.getAttribute('role'),
    name: document.getElementById(note.getAttribute('aria-labelledby')).textContent,
    text: note.textContent,
    button: note.querySelector('button').getBoundingClientRect().toJSON(),
};"""


@pytest.fixture
def webkit(request, display, tmp_path):
    """WebKitGTK saying it is Safari on an iPhone, phone-sized."""
    from selenium import webdriver
    from selenium.webdriver.webkitgtk.options import Options
    from selenium.webdriver.webkitgtk.service import Service

    options = Options()
    options.binary_location = minibrowser()
    options.add_argument("--automation")
    options.add_argument(f"--user-agent={IPHONE_SAFARI}")
    # Without LANG/LC_*, WebKitGTK says "en-US". Under LANG=C.UTF-8 it says
    # "C", and Flutter stops at start with "invalid language tag".
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("LANG", "LANGUAGE") and not k.startswith("LC_")
    }
    env["DISPLAY"] = display
    log = tmp_path / "webkit.log"
    service = Service(executable_path=WEBKIT_DRIVER, env=env, log_output=str(log))
    driver = webdriver.WebKitGTK(options=options, service=service)
    page = WebKitPage(driver)
    _register(request, "pages", page)
    driver.set_window_size(390, 844)
    yield page
    driver.quit()


def test_the_app_starts_in_webkit_tells_an_iphone_once_and_keeps_a_question(server, webkit):
    label, add = t("questions.new_label", "en"), t("questions.add", "en")
    started = time.monotonic()
    laps: list[str] = []

    def lap(what: str) -> None:
        laps.append(f"{what} {time.monotonic() - started:.1f} s")

    webkit.driver.get(server.url + ROUTE)
    webkit.wait("the New question field", FIELD, label, timeout_s=APP_START_S)
    lap("first screen")
    assert webkit.js("return navigator.language;") == "en-US"

    # The note, over the first screen: named, with a close button big enough to tap.
    note = webkit.wait("the Home Screen note", NOTE_STATE)
    assert note["role"] == "dialog"
    assert note["name"] == "Keep this app on your Home Screen"
    assert "Add to Home Screen" in note["text"]
    persisted = webkit.driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "navigator.storage && navigator.storage.persisted"
        "  ? navigator.storage.persisted().then(done, () => done(null)) : done(null);"
    )
    assert ("Save a backup file" in note["text"]) == (persisted is False), (persisted, note)
    assert note["button"]["width"] >= 48 and note["button"]["height"] >= 48
    webkit.driver.find_element("css selector", f"{NOTE} button").click()
    webkit.wait("the note closing", f"return !document.querySelector('{NOTE}');")
    lap("note read and closed")

    # A question added through the real UI, then the page reloaded.
    question = f"Can my scans be sent ahead? {time.time_ns()}"
    webkit.wait("the New question field", FIELD, label).click()
    webkit.type_text(question)
    webkit.js("arguments[0].click();", webkit.wait("Add question", BUTTON, add))
    webkit.wait("the question in the list", SHOWN, question)
    lap("question added")
    assert webkit.driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "flet.flushPythonStorage(10000).then(done, (e) => done(String(e)));"
    )

    webkit.driver.refresh()
    webkit.wait("the question after a reload", SHOWN, question, timeout_s=APP_START_S)
    lap("reloaded, question there")
    assert webkit.js(f"return !document.querySelector('{NOTE}');"), "the note came again"
    assert webkit.js(f"return localStorage.getItem('{SEEN_KEY}');")
    print("WebKit: " + ", ".join(laps))


# --------------------------------------------------------------------------- Chromium


@pytest.fixture
def chromium(request, tmp_path):
    """Chromium with a real profile (service worker, storage), speaking Spanish."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        ctx = h.launch(pw, tmp_path / "profile", locale="es-US")
        ctx.add_init_script(h.ready_script(t("questions.new_label", "es")))
        page = ctx.pages[0] if ctx.pages else ctx.new_page()
        _register(request, "pages", page)
        yield page
        ctx.close()


def note_shown(page) -> bool:
    return page.evaluate(f"() => !!document.querySelector('{NOTE}')")


def test_in_chromium_a_computer_is_never_told_an_iphone_once_in_its_language(server, chromium):
    page = chromium
    page.goto(server.url + ROUTE)
    h.wait_usable(page, APP_START_S)
    # Python connected before the first screen showed: the note was decided by now.
    assert not note_shown(page)
    assert page.evaluate(f"() => localStorage.getItem('{SEEN_KEY}')") is None

    # The same browser saying it is an iPhone.
    cdp = page.context.new_cdp_session(page)
    cdp.send(
        "Emulation.setUserAgentOverride", {"userAgent": IPHONE_SAFARI, "acceptLanguage": "es-US"}
    )
    page.reload()
    note = page.get_by_role("dialog", name="Guarde esta app en su pantalla de inicio")
    note.wait_for(timeout=APP_START_S * 1000)
    assert "Agregar a pantalla de inicio" in note.inner_text()
    persisted = page.evaluate("() => navigator.storage.persisted()")
    assert ("Guardar una copia de seguridad" in note.inner_text()) == (persisted is False)
    # axe, loaded as DevTools would load it: the page's CSP stays as it is.
    cdp.send("Runtime.evaluate", {"expression": AXE.read_text(encoding="utf-8")})
    serious = page.evaluate("""async () => {
        const r = await axe.run({include: ['#pwa-ios-note']}, {resultTypes: ['violations']});
        return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
            .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '));
    }""")
    assert serious == []
    close = note.get_by_role("button", name="Cerrar")
    box = close.bounding_box()
    assert box and box["width"] >= 48 and box["height"] >= 48
    close.click()
    note.wait_for(state="detached", timeout=UI_S * 1000)

    page.reload()
    h.wait_usable(page, APP_START_S)
    assert not note_shown(page), "the note came again"
