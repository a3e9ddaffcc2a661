"""One way to wait for something that has no event to wait on: `poll`.

The e2e tests (tests/e2e/pages.py) and the PWA browser helpers use it, so no
file writes its own deadline loop.

`answer_within` bounds one call into a page. Playwright's `evaluate()` and
`locator.count()` take no timeout, and now and then headless Chromium's
renderer stops answering while Flutter's CanvasKit loads (0 % CPU, no error;
also seen in Flutter's own CI, flutter/flutter#192014 and #189521). Such a call
would then wait until pytest-timeout, minutes later. Bounded, it raises
PageNotAnswering at once, and the e2e suite runs that test again once, in a
fresh browser context, and says so in its summary (tests/e2e/conftest.py).
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")

ANSWER_S = 30.0
"""The longest one call into a page may take: they take milliseconds, and a
page busy drawing its first frame on a loaded machine a few seconds."""


class PageNotAnswering(BaseException):
    """The page stopped answering. A BaseException, like KeyboardInterrupt, so
    that a test's own `except Exception` (say, "the page is navigating") does
    not swallow it."""


# The limit of the block now running under answer_within, or None. The SIGUSR1
# handler stays installed once set: a signal that arrives just after its block
# ended finds None and is ignored (restoring the default action could let a
# late one end the whole process).
_running: list[float] = []


def _on_timer_signal(signum, frame):
    if _running:
        raise PageNotAnswering(f"the page did not answer within {_running[-1]:g} s (renderer hung)")


@contextmanager
def answer_within(seconds: float | None = None) -> Iterator[None]:
    """Raise PageNotAnswering if the block takes longer than `seconds` (ANSWER_S).

    A timer thread sends SIGUSR1 to the main thread, whose handler raises
    there, the way pytest-timeout interrupts a test (it uses SIGALRM, so the
    two do not meet). Off the main thread it only runs the block.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    limit = ANSWER_S if seconds is None else seconds
    if signal.getsignal(signal.SIGUSR1) is not _on_timer_signal:
        signal.signal(signal.SIGUSR1, _on_timer_signal)
    main = threading.main_thread().ident
    assert main is not None
    timer = threading.Timer(limit, signal.pthread_kill, (main, signal.SIGUSR1))
    timer.daemon = True
    _running.append(limit)
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        _running.pop()


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
    With a page, each `read()` is bounded by `answer_within`.
    At the deadline it raises TimeoutError(`failure`), or, if `failure` is
    None, returns the last answer for the caller's own check to report.
    """
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        if page is not None:
            with answer_within():
                answer = read()
        else:
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
