"""One way to wait for something that has no event to wait on: `poll`.

The e2e tests (tests/e2e/pages.py) and the PWA browser helpers use it, so no
file writes its own deadline loop.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def poll(
    read: Callable[[], T],
    until: Callable[[T], object] = bool,
    *,
    failure: str | Callable[[], str] | None,
    page: Any = None,
    timeout_ms: float,
    every_ms: float = 100,
) -> T:
    """`read()` again and again until `until(answer)` holds; return that answer.

    Between tries it waits on `page`, so Playwright keeps handling the page's
    events (a plain sleep would hold them up), or sleeps when there is no page.
    At the deadline it raises TimeoutError(`failure`), or, if `failure` is
    None, returns the last answer for the caller's own check to report.
    """
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        answer = read()
        if until(answer):
            return answer
        if time.monotonic() > deadline:
            if failure is None:
                return answer
            raise TimeoutError(failure() if callable(failure) else failure)
        if page is not None:
            page.wait_for_timeout(every_ms)
        else:
            time.sleep(every_ms / 1000)
