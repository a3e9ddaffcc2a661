"""The harness's two retries, each for one rare event that is not the app's: a page
whose engine traps while it opens is reopened once (pages.ENGINE_TRAP), and a
second trap still fails the test; a test whose page stopped answering runs once more."""

from __future__ import annotations

import time

import pytest

from . import pages
from .pages import PHONE, open_app, wait_for_heading

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

# Throws CanvasKit's trap before Flutter starts, on the first `times` loads of
# this browser context (counted in sessionStorage, which a reload keeps).
TRAP_SCRIPT = """(() => {
  const n = Number(sessionStorage.getItem('traps') || 0);
  if (n < %d) {
    sessionStorage.setItem('traps', String(n + 1));
    setTimeout(() => { throw new Error('RuntimeError: memory access out of bounds'); }, 0);
  }
})();"""


def trapping_page(new_page, times: int):
    page = new_page(PHONE)
    page.context.add_init_script(TRAP_SCRIPT % times)
    return page


def test_a_page_that_traps_once_is_reopened_and_said_so(shared_app_server, new_page):
    before = len(pages.engine_traps)
    page = open_app(trapping_page(new_page, 1), shared_app_server.url_for("/learn"))
    wait_for_heading(page, "Learn")
    assert page.evaluate("() => sessionStorage.getItem('traps')") == "1"
    assert len(pages.engine_traps) == before + 1, "the reopen was not recorded"
    pages.engine_traps.pop()  # this test's own: the summary lists real ones


def test_a_page_that_traps_twice_fails(shared_app_server, new_page):
    page = trapping_page(new_page, 2)
    with pytest.raises(pages.EngineTrapped, match="memory access out of bounds"):
        open_app(page, shared_app_server.url_for("/learn"))
    pages.engine_traps.pop()  # this test's own, not a real one


# The other rare harness event: the page's renderer stops answering while it
# loads (polling.PageNotAnswering). Here a page made busy forever stands in for it.
def test_a_page_that_stops_answering_fails_fast_and_a_new_page_works(
    shared_app_server, new_page, monkeypatch
):
    monkeypatch.setattr(pages.polling, "ANSWER_S", 3.0)
    page = open_app(new_page(PHONE), shared_app_server.url_for("/learn"))
    page.evaluate("() => { setTimeout(() => { for (;;) {} }, 50); }")
    started = time.monotonic()
    with pytest.raises(pages.PageNotAnswering, match="did not answer within 3 s"):
        pages.poll(lambda: page.locator("h1").count(), lambda n: n > 99, page=page, failure="")
    assert time.monotonic() - started < 10, "a hung page held the test up"
    page.context.close()  # what the fixture does before the test runs again
    fresh = open_app(new_page(PHONE), shared_app_server.url_for("/learn"))
    wait_for_heading(fresh, "Learn")


def test_a_browser_test_runs_again_only_when_its_page_stopped_answering(request):
    flaky = request.node.get_closest_marker("flaky")
    assert flaky is not None and flaky.kwargs == {
        "reruns": 1,
        "only_rerun": [pages.PageNotAnswering],
    }
    # Not an Exception: a test's own `except Exception` must not swallow it.
    assert not issubclass(pages.PageNotAnswering, Exception)
