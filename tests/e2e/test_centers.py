"""The cancer-center list at phone size: closest first by ZIP code, and a phone
link that holds only digits, with nothing asked of any other site.

Flutter draws buttons, not <a href> links, so the tests record what the app
asks the browser to open when "Call" is tapped (url_launcher calls
window.open with the tel: address, within the tap). The first test's recorder
answers for the browser, so no dialer or popup opens; the second lets the
browser really open it, and the app must carry on as before.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from models.centers import by_distance, lookup_zip, patient_centers

from .pages import (
    fill,
    open_app,
    poll,
    tap,
    visible_text,
    wait_for_heading,
    wait_for_text,
    wait_until_drawn,
    wait_until_still,
)

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

ZIP = "84112"  # Salt Lake City: one center close by, the next one hundreds of miles away
SLOW_MS = 30_000  # a reply from the app on a loaded 2-core machine

RECORD_OPENED = """
(() => {
  window.__opened = [];
  window.open = (url) => { window.__opened.push(String(url)); return null; };
})();
"""


def test_closest_center_comes_first_and_its_phone_link_is_digits_only(app_server, phone_page):
    page = phone_page
    closest, _miles = by_distance(patient_centers(), lookup_zip(ZIP).where)[0]
    assert closest.phone, "the closest center to the test ZIP code needs a phone number"
    own = urlsplit(app_server.url)
    asked: list[str] = []
    failed: list[tuple[str, str]] = []
    page.context.on("request", lambda r: asked.append(r.url))
    page.context.on("requestfailed", lambda r: failed.append((r.url, r.failure or "")))
    page.context.add_init_script(RECORD_OPENED)

    open_app(page, app_server.url_for("/find/centers"))
    wait_for_heading(page, "Cancer center list")
    wait_for_text(page, "Based on the National Cancer Institute's list as of mid-2026")

    # A mistake first: a kind message, and the whole list still there in its usual order.
    fill(page, "Your ZIP code", "8411a")
    tap(page, "Show closest first")
    wait_for_text(page, "A ZIP code has only numbers", timeout=SLOW_MS)
    wait_for_text(page, "Showing 65 of 65 centers.")

    fill(page, "Your ZIP code", ZIP)
    tap(page, "Show closest first")
    wait_for_text(page, f"Closest to ZIP code {ZIP} first", timeout=SLOW_MS)
    names = page.locator("flt-semantics-host h3")
    names.first.wait_for(state="attached")
    assert names.first.inner_text().strip() == closest.name, visible_text(page)[:2000]
    wait_for_text(page, "Less than 10 miles away")

    wait_for_text(page, f"Phone: {closest.phone}")  # the number itself, on the card
    tap(page, "Call")  # the first card's: the closest center
    opened = poll(
        lambda: page.evaluate("() => window.__opened"),
        page=page,
        timeout_ms=SLOW_MS,
        failure="the Call button opened nothing",
    )
    assert len(opened) == 1 and re.fullmatch(r"tel:\d+", opened[0]), opened
    assert opened[0] == "tel:" + re.sub(r"\D", "", closest.phone)

    page.wait_for_load_state("networkidle")
    wait_until_still(page, lambda: len(asked), still_ms=1000, timeout_ms=SLOW_MS)

    def is_own(url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in ("data", "blob") or (
            parts.scheme in ("http", "ws") and parts.netloc == own.netloc
        )

    # Only a request the Content-Security-Policy refused may name another site
    # (Flet's client asks a CDN for rive_native.js; see test_privacy.py).
    assert any(urlsplit(u).path == "/flutter_bootstrap.js" for u in asked), (
        asked
    )  # the recorder saw the load
    blocked = {u for u, why in failed if "csp" in why.lower()}
    elsewhere = sorted({u for u in asked if not is_own(u)} - blocked)
    assert not elsewhere, f"requests to other sites: {elsewhere}"


PASS_OPENED_ON = """
(() => {
  window.__opened = [];
  const open = window.open.bind(window);
  window.open = (...args) => { window.__opened.push(args.map(String)); return open(...args); };
})();
"""


def test_calling_a_center_leaves_the_app_where_it_was(shared_app_server, phone_page):
    """Walk-through: tapping the phone icon froze the tab. The tel: link now goes
    to the browser within the tap, the app's page keeps its address, and the
    next thing the person does still works."""
    page = phone_page
    center = next(c for c in patient_centers() if c.phone and c.city == "Houston")
    page.context.add_init_script(PASS_OPENED_ON)
    open_app(page, shared_app_server.url_for("/find/centers"))
    wait_for_heading(page, "Cancer center list")
    fill(page, "Search by name or city", "Houston")
    wait_for_text(page, f"Phone: {center.phone}")
    address = page.url

    tap(page, "Call")
    opened = poll(
        lambda: page.evaluate("() => window.__opened"),
        page=page,
        timeout_ms=SLOW_MS,
        failure="the Call button opened nothing",
    )
    assert opened[0][0] == "tel:" + re.sub(r"\D", "", center.phone), opened
    assert opened[0][1] not in ("_self", "_top"), opened  # never the app's own page
    wait_until_drawn(page)
    assert page.url == address
    assert page.evaluate("() => document.visibilityState") == "visible"

    # Still answering: the next tap opens the next screen.
    tap(page, "Prepare")
    wait_for_heading(page, "Prepare", timeout=SLOW_MS)
