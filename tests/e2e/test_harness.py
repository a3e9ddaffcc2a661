"""The harness's one retry: a page whose engine traps while it opens is
reopened once (pages.ENGINE_TRAP), and a second trap still fails the test."""

from __future__ import annotations

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
