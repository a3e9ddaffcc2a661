"""The offline app's first visit on a slow connection: a screen that tells the truth.

Someone opening the link for the first time downloads some 30 MB before the
app can show. From the first paint the page shows the app's name, one sentence
and the share of those bytes fetched so far (index.html, tools/pwa/first-visit.js).
These tests open the built PWA in Chromium with the network slowed by DevTools
(Network.emulateNetworkConditions, 30 Mbps: a first visit takes seconds, not a
minute; the CPU is not slowed):
- the screen is there when the page's HTML is parsed, its percentage grows; the
  network cut halfway, it says the connection stopped; back, the app starts,
  without sending again what had already arrived; and the next start, with the
  service worker in control, goes straight to the app;
- the screen passes axe, and reads on a phone, in dark mode, in Spanish, with
  text twice the size and zoomed to 200%.
Nothing here measures speed (tools/bench_pwa.py does).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

import pwa_browser as h  # noqa: E402

from .conftest import ARTIFACTS  # noqa: E402
from .pages import AXE_S, SEMANTICS_ON_SCRIPT, answer_within, poll, wait_for_heading  # noqa: E402

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.timeout(300)]

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ARTIFACTS / "first-visit"
FAST = 30e6 / 8  # bytes per second: 30 Mbps
SLOW = 8e6 / 8  # 8 Mbps: the screen stays up for half a minute
READY = "Getting the app ready. After this it works without internet."
STALLED = "The connection stopped. The app will carry on when it comes back."
HOME = "Your journey"

# Runs in every page before its scripts: what the first-visit screen showed
# when the HTML was parsed, and anything the Content-Security-Policy refused.
AT_FIRST_PAINT = """
window.__cspViolations = [];
addEventListener('securitypolicyviolation',
    (e) => __cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
document.addEventListener('DOMContentLoaded', () => {
  const screen = document.getElementById('first-visit');
  const bar = screen && screen.querySelector('[role=progressbar]');
  const box = screen && screen.getBoundingClientRect();
  window.__firstVisitAtDCL = {
    shown: !!screen && getComputedStyle(screen).display !== 'none' && box.height > 0,
    text: screen ? screen.innerText : '',
    progress: bar ? bar.getAttribute('aria-valuenow') : null,
  };
});
"""

PERCENT = """() => {
  const bar = document.querySelector('#first-visit [role=progressbar]');
  return bar ? Number(bar.getAttribute('aria-valuenow')) : null;
}"""


@pytest.fixture
def playwright():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw


@pytest.fixture
def server(pwa_server):
    return pwa_server  # conftest.py: the one build, served under /companion/


def open_browser(pw, profile: Path, **kwargs):
    ctx = h.launch(pw, profile, **kwargs)
    ctx.add_init_script(AT_FIRST_PAINT)
    ctx.add_init_script(SEMANTICS_ON_SCRIPT)
    return ctx


def network(page, throughput: float, offline: bool = False):
    """DevTools' network conditions for this page and its workers."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    set_network(cdp, throughput, offline)
    return cdp


def set_network(cdp, throughput: float, offline: bool = False) -> None:
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": offline,
            "latency": 20,
            "downloadThroughput": throughput,
            "uploadThroughput": throughput,
        },
    )


def statuses(server) -> list[tuple[str, int]]:
    """Every answer the site gives from now on: (path, HTTP status)."""
    sent: list[tuple[str, int]] = []
    send_response = server.handler.send_response

    def record(handler, code, message=None):
        sent.append((handler.path, int(code)))
        send_response(handler, code, message)

    server.handler.send_response = record
    return sent


def counted_files(dist: Path) -> dict[str, int]:
    """The files the screen counts (first-visit.js as built): path -> bytes."""
    script = (dist / "first-visit.js").read_text(encoding="utf-8")
    found = re.search(r"const FILES = (\{.*?\});", script)
    assert found, "the build did not write FILES into first-visit.js"
    return json.loads(found.group(1))


def at_first_paint(page) -> dict:
    return poll(
        lambda: page.evaluate("() => window.__firstVisitAtDCL || null"),
        timeout_ms=20_000,
        every_ms=50,
        failure="the page never finished parsing its HTML",
    )


def run_axe(page) -> list[dict]:
    """axe-core's serious or critical findings on the page as it is now."""
    with answer_within(AXE_S):
        return _run_axe(page)


def _run_axe(page) -> list[dict]:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated, not added as a <script>: the page's policy refuses inline scripts.
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;true")
    found = page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ['violations']});
        return result.violations.map(v => ({id: v.id, impact: v.impact,
            nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary)}));
    }""")
    return [v for v in found if v["impact"] in ("serious", "critical")]


def fits(page) -> dict:
    """What of the screen falls outside the phone's width, or is cut off."""
    return page.evaluate("""() => {
        const screen = document.getElementById('first-visit');
        const out = [];
        for (const el of screen.querySelectorAll('h1, p, [role=progressbar], img')) {
            const r = el.getBoundingClientRect();
            const name = el.className || el.tagName;
            if (r.width && (r.left < 0 || r.right > innerWidth + 0.5)) out.push(name);
            if (el.scrollWidth > el.clientWidth + 1) out.push('cut: ' + name);
        }
        const sideways = document.documentElement.scrollWidth > innerWidth;
        return {outside: out, pageScrollsSideways: sideways};
    }""")


def shoot(page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def test_first_visit_shows_progress_waits_out_a_cut_and_starts(
    pwa_dist, server, playwright, tmp_path
):
    answers = statuses(server)
    browser = open_browser(playwright, tmp_path / "profile")
    page = browser.pages[0]
    cdp = network(page, FAST)
    page.goto(server.url, wait_until="commit")

    # There from the first paint: name, sentence, a progress bar.
    first = at_first_paint(page)
    assert first["shown"], first
    assert "Second Opinion Companion" in first["text"] and READY in first["text"], first
    assert STALLED not in first["text"]
    assert first["progress"] is not None

    # The share fetched grows while the files arrive.
    seen: list[int] = []

    def percent_now() -> int:
        now = page.evaluate(PERCENT)
        if now is not None and (not seen or now != seen[-1]):
            seen.append(now)
        return now or 0

    poll(
        percent_now,
        lambda p: p >= 30,
        page=page,
        timeout_ms=60_000,
        every_ms=100,
        failure=lambda: f"the percentage stopped at {seen}",
    )
    assert seen == sorted(seen) and len(seen) >= 3, seen
    bar = page.get_by_role("progressbar", name=READY)
    assert bar.is_visible()

    # The network is cut halfway: one calm sentence says so.
    set_network(cdp, FAST, offline=True)
    page.get_by_text(STALLED).wait_for(state="visible", timeout=10_000)
    assert not page.get_by_text(READY).is_visible()
    assert page.get_by_role("progressbar", name=STALLED).is_visible()
    shoot(page, "stalled-phone")
    page.wait_for_timeout(1000)
    assert page.get_by_text(STALLED).is_visible(), "it gave up while offline"

    # Back online: the app carries on and starts.
    set_network(cdp, FAST)
    wait_for_heading(page, HOME, timeout=90_000)
    poll(
        lambda: page.locator("#first-visit").count(),
        lambda n: n == 0,
        page=page,
        timeout_ms=5_000,
        failure="the first-visit screen stayed over the app",
    )
    assert page.evaluate("() => __cspViolations") == []
    # Everything had arrived again (from the HTTP cache) before the app was up.
    assert page.evaluate("() => flet.firstVisit.percent") == 100

    # What had arrived came from the HTTP cache, not again over the network
    # (until the service worker, registered once the app is up, stores its copy).
    full: dict[str, int] = {}
    asked = set()
    for path, status in answers:
        if re.search(r"/sw[^/]*\.js$", path):
            break
        asked.add(path)
        if status == 200:
            full[path] = full.get(path, 0) + 1
    # (canvaskit/canvaskit.*: the other browsers' CanvasKit.)
    counted = [
        f"/companion/{f}"
        for f in counted_files(pwa_dist)
        if not f.startswith("canvaskit/canvaskit.")
    ]
    sent_twice = [f for f in counted if full.get(f, 0) > 1]
    assert sent_twice == [], f"sent again after the cut: {sent_twice}"
    # And the screen counted only files a start asks for: it can reach 100%.
    assert sorted(set(counted) - asked) == []

    # A later start, with the service worker in control: the usual quick start.
    set_network(cdp, FAST * 100)
    h.wait_service_worker(page)
    page.reload(wait_until="commit")
    again = at_first_paint(page)
    assert not again["shown"], again
    wait_for_heading(page, HOME, timeout=60_000)
    browser.close()


def test_first_visit_screen_reads_well_and_passes_axe(pwa_dist, server, playwright, tmp_path):
    browser = open_browser(playwright, tmp_path / "profile")
    page = browser.pages[0]
    cdp = network(page, SLOW)
    page.goto(server.url, wait_until="commit")
    assert at_first_paint(page)["shown"]
    page.get_by_role("progressbar", name=READY).wait_for()
    poll(
        lambda: page.evaluate(PERCENT) or 0,
        lambda p: p >= 5,
        page=page,
        timeout_ms=30_000,
        failure="no progress at 8 Mbps",
    )

    problems = run_axe(page)
    assert problems == [], problems
    assert fits(page) == {"outside": [], "pageScrollsSideways": False}
    shoot(page, "phone-light")

    page.emulate_media(color_scheme="dark")
    assert (
        page.evaluate(
            "() => getComputedStyle(document.getElementById('first-visit')).backgroundColor"
        )
        == "rgb(27, 37, 38)"
    )
    assert run_axe(page) == []
    shoot(page, "phone-dark")
    page.emulate_media(color_scheme="light")

    # Text twice the size (the browser's font size setting): still all there.
    cdp.send("Page.enable")
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
    page.wait_for_timeout(200)
    size = "() => getComputedStyle(document.querySelector('#first-visit .fv-message')).fontSize"
    assert page.evaluate(size) == "40px"
    assert fits(page) == {"outside": [], "pageScrollsSideways": False}
    shoot(page, "phone-text-200")
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 16, "fixed": 13}})

    # The page zoomed to 200%: half as many CSS pixels across.
    page.set_viewport_size({"width": 195, "height": 422})
    assert fits(page) == {"outside": [], "pageScrollsSideways": False}
    shoot(page, "phone-zoom-200")

    # The stalled sentence, also axe-clean.
    set_network(cdp, SLOW, offline=True)
    page.get_by_text(STALLED).wait_for(state="visible", timeout=10_000)
    assert run_axe(page) == []
    browser.close()

    # In Spanish, where the device prefers it.
    browser = open_browser(playwright, tmp_path / "profile-es", locale="es-MX")
    page = browser.pages[0]
    network(page, SLOW)
    page.goto(server.url, wait_until="commit")
    first = at_first_paint(page)
    assert first["shown"]
    assert "Preparando la aplicación" in first["text"], first
    assert "Getting the app ready" not in first["text"]
    assert run_axe(page) == []
    assert fits(page) == {"outside": [], "pageScrollsSideways": False}
    shoot(page, "phone-spanish")
    browser.close()
