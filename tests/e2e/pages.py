"""What a test does on a page, the way a person would: open the app, tap what
is named, type into a labelled field, wait for words or a heading.

Flutter draws the page on a canvas; the DOM a test (or a screen reader) can
read exists only after Flutter's semantics tree is switched on by clicking
the hidden `flt-semantics-placeholder`. `open_app` does that.

Waiting is one helper, `poll` (tools/polling.py); `wait_until_still` and
`wait_until_drawn` wait for something to stop changing. (The app's strict
Content-Security-Policy rules out Playwright's `page.wait_for_function`, which
evaluates a string in the page.)
The fixtures that give a test its server and pages are in conftest.py.
"""

from __future__ import annotations

import functools
import re
import time
from collections.abc import Callable
from urllib.parse import urlsplit

import polling

# The page sizes, for tests to import from here with the rest.
from chromium import DESKTOP as DESKTOP
from chromium import PHONE as PHONE
from polling import PageNotAnswering as PageNotAnswering
from polling import answer_within as answer_within

APP_START_MS = 60_000  # Flutter + the first screen from Python; a loaded 2-core machine needs it
UI_MS = 15_000  # a screen reacting to a tap
AXE_S = 90.0  # one axe-core run takes 1-3 s; bounded, so a hung renderer fails fast

# --------------------------------------------------------------------------- waiting


# tools/polling.py's poll, given the time a screen has to react to a tap unless
# told otherwise: `read()` until `until(answer)`, waiting on `page`.
poll = functools.partial(polling.poll, timeout_ms=UI_MS)


def wait_until_still(page, read: Callable[[], object], still_ms: float, timeout_ms: float) -> None:
    """Wait until `read()` has given the same answer for `still_ms` (or `timeout_ms` passed):
    a screen that stopped redrawing, a page that stopped asking for files."""
    last, since = read(), time.monotonic()

    def still_long_enough() -> bool:
        nonlocal last, since
        now = read()
        if now != last:
            last, since = now, time.monotonic()
        return (time.monotonic() - since) * 1000 >= still_ms

    poll(still_long_enough, page=page, timeout_ms=timeout_ms, failure=None)


def wait_until_drawn(page, quiet_ms: float = 600, timeout_ms: float = 10_000) -> None:
    """Wait until Flutter has not changed the semantics tree for `quiet_ms`: the
    screen is drawn. For after a tap that leaves nothing named to wait for."""
    with answer_within():
        _watch_changes(page)
    poll(
        lambda: page.evaluate("() => performance.now() - window.__e2eChanged"),
        lambda quiet: quiet > quiet_ms,
        page=page,
        timeout_ms=timeout_ms,
        failure=None,
    )


def still_screenshot(page, clip: dict | None = None, timeout_ms: float = 5_000) -> bytes:
    """A screenshot once two taken 250 ms apart are the same: the semantics tree
    can be quiet while pixels still move (a screen fading in measured its link
    at half its colour once, 2.0:1 instead of 6:1)."""
    shot = page.screenshot(clip=clip)
    deadline = time.monotonic() + timeout_ms / 1000
    while time.monotonic() < deadline:
        page.wait_for_timeout(250)
        again = page.screenshot(clip=clip)
        if again == shot:
            return shot
        shot = again
    return shot


def _watch_changes(page) -> None:
    page.evaluate("""() => {
        const changed = () => { window.__e2eChanged = performance.now(); };
        changed();
        if (window.__e2eObserver) return;
        window.__e2eObserver = new MutationObserver(changed);
        window.__e2eObserver.observe(
            document.querySelector('flt-semantics-host') || document.body,
            {subtree: true, childList: true, attributes: true, characterData: true});
    }""")


# --------------------------------------------------------------------------- opening

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


# Flutter's CanvasKit (WebAssembly) now and then traps while it draws its first
# frames in headless Chromium: "RuntimeError: memory access out of bounds",
# then the page never draws again. An engine bug (flutter/flutter#80140, "random
# crash ... upon running app for first time"), not ours: we cannot change the
# CanvasKit Flet 1.0.5 ships, and a person would simply reload. Seen once in
# about 3,000 page opens (pwa-findings.md). So opening retries once, only for
# this trap, only while the page opens, and says so in the run's summary.
ENGINE_TRAP = "memory access out of bounds"
engine_traps: list[str] = []  # one line per reopened page, for pytest's summary


class EngineTrapped(Exception):
    pass


def trapped(page, since: int = 0) -> bool:
    """Whether the page's errors from number `since` on include the engine's trap."""
    return any(ENGINE_TRAP in e for e in getattr(page, "e2e_errors", [])[since:])


def enable_semantics(page, timeout: int = APP_START_MS, since: int = 0) -> None:
    """Switch on Flutter's accessibility tree and wait for its first labelled node."""
    page.wait_for_selector(
        "flt-glass-pane, flt-semantics-placeholder, flt-semantics-host",
        state="attached",
        timeout=timeout,
    )

    def readable() -> bool:
        if trapped(page, since):  # even if it drew once: a trapped engine draws no more
            raise EngineTrapped(f"CanvasKit trapped ({ENGINE_TRAP}) opening {page.url}")
        if page.locator(FIRST_LABELLED).count():
            return True
        # Hidden on purpose (1x1, off-screen): dispatch the click in the page.
        page.evaluate("""() => {
            const ph = document.querySelector('flt-semantics-placeholder');
            if (ph) ph.click();
        }""")
        return False

    poll(
        readable,
        page=page,
        timeout_ms=timeout,
        every_ms=200,
        failure=lambda: f"the app did not show anything readable at {page.url}",
    )


def _load(page, go: Callable[[], object], timeout: int) -> None:
    seen = len(getattr(page, "e2e_errors", []))
    go()
    try:
        enable_semantics(page, timeout, since=seen)
    except EngineTrapped:
        engine_traps.append(page.url)
        # A second trap fails the test (the trap stays in its error report).
        seen = len(getattr(page, "e2e_errors", []))
        page.goto(page.url)
        enable_semantics(page, timeout, since=seen)


def open_app(page, url: str, timeout: int = APP_START_MS):
    """Go to `url`, switch Flutter's semantics on, wait until something is readable."""
    _load(page, lambda: page.goto(url), timeout)
    return page


def reload_app(page, timeout: int = APP_START_MS):
    _load(page, page.reload, timeout)
    return page


# --------------------------------------------------------------------------- doing

CLICKABLE_ROLES = ("button", "tab", "link", "menuitem", "radio", "checkbox", "switch")


def find_control(page, name: str, *, roles=CLICKABLE_ROLES, timeout: int = UI_MS):
    """The control a person would call `name`: by role and accessible name
    (exact first, then as the start of a longer name such as a card's title
    and subtitle), then by its visible text, then by its label."""
    pattern = re.compile(r"^\s*" + re.escape(name) + r"(\s|$)")

    def first_found():
        candidates = [page.get_by_role(r, name=name, exact=True) for r in roles]
        candidates += [page.get_by_role(r, name=pattern) for r in roles]
        candidates += [page.get_by_text(name, exact=True), page.get_by_label(name, exact=True)]
        return next((locator.first for locator in candidates if locator.count()), None)

    return poll(
        first_found,
        page=page,
        timeout_ms=timeout,
        every_ms=150,
        failure=lambda: f"nothing called {name!r} on {page.url}",
    )


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
    if not poll(field.count, page=page, timeout_ms=timeout, every_ms=150, failure=None):
        field = page.get_by_label(label, exact=True)
    field = field.first
    field.click()
    type_text(page, text)


# Flutter resets its editing element when it takes the focus; keys typed in
# that moment are lost (seen on a busy machine: "Who" arrived as "o"). The
# reset can also come just after the keys arrived: CI once typed "84112" over
# "8411a", read "84112" back at once, and the field then showed "8411a" again.
# So the text must still be there a moment later too.
_FOCUSED_VALUE = (
    "() => { const e = document.activeElement; return e && 'value' in e ? e.value : null; }"
)
SETTLE_MS = 500


def type_text(page, text: str, *, attempts: int = 3) -> None:
    """Replace the focused field's text with `text`, and check it arrived whole and stayed."""

    def field_value() -> str | None:
        return page.evaluate(_FOCUSED_VALUE)

    poll(field_value, lambda v: v is not None, page=page, timeout_ms=UI_MS, failure=None)
    for _ in range(attempts):
        page.keyboard.press("Control+A")
        page.keyboard.type(text)
        if poll(field_value, lambda v: v == text, page=page, timeout_ms=2000, failure=None) != text:
            continue
        page.wait_for_timeout(SETTLE_MS)
        if field_value() == text:
            return
    raise AssertionError(f"typed {text!r} but the field holds {field_value()!r}")


def add_question(page, text: str) -> None:
    """On My questions: type a question, add it, and see it in the list."""
    fill(page, "New question", text)
    tap(page, "Add question")
    wait_for_text(page, text)


# --------------------------------------------------------------------------- reading


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
    poll(
        page.title,
        lambda now: now == title,
        page=page,
        timeout_ms=timeout,
        failure=lambda: f"tab title is {page.title()!r}, expected {title!r}",
    )


def wait_for_path(page, path: str, timeout: int = UI_MS) -> None:
    poll(
        lambda: urlpath(page.url),
        lambda now: now == path,
        page=page,
        timeout_ms=timeout,
        failure=lambda: f"address is {page.url}, expected path {path}",
    )


def urlpath(url: str) -> str:
    return urlsplit(url).path or "/"
