"""No typed word is lost (issue 18, item 4), in a real browser at phone size.

Reasons typed in the person's own words are there after "Next" and Back; a
worry's answer opens on the first tap; a question typed and not yet added
waits while another screen is open; a fourth star says that only three can be
on top; a box near its limit says how much room is left.
"""

from __future__ import annotations

import re

import pytest

from models.content import load_data
from models.text import t

from .pages import (
    add_question,
    fill,
    open_app,
    poll,
    tap,
    text_locator,
    wait_for_heading,
    wait_for_text,
    wait_until_drawn,
)

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(240)]

_FOCUSED_VALUE = "() => document.activeElement && document.activeElement.value"


def field_value(page, label: str, expected: str) -> str:
    """What the field labelled `label` holds (Flutter puts it in the page only
    while the field has the focus), once it is `expected` or time is up."""
    field = page.locator(f'input[aria-label="{label}"], textarea[aria-label="{label}"]').first
    field.wait_for(state="attached", timeout=15000)
    field.dispatch_event("click")
    return str(
        poll(
            lambda: page.evaluate(_FOCUSED_VALUE),
            lambda value: value == expected,
            page=page,
            timeout_ms=5000,
            failure=None,
        )
    )


def put_in(page, text: str, *, select_all: bool = False) -> int:
    """Paste `text` into the focused field (after what it holds, or over it) and
    return how long its value is once the paste has arrived and stayed."""

    def length() -> int:
        return len(str(page.evaluate(_FOCUSED_VALUE) or ""))

    before = 0 if select_all else length()
    for _ in range(3):  # Flutter can reset its editing element just as keys arrive
        page.keyboard.press("Control+A" if select_all else "End")
        page.keyboard.insert_text(text)
        arrived = poll(length, lambda n: n > before, page=page, timeout_ms=3000, failure=None)
        page.wait_for_timeout(500)
        if arrived > before and length() == arrived:
            return arrived
    return length()


def star(page, question: str, *, now: str = "Star question") -> None:
    button = page.get_by_role("button", name=re.compile(rf"^{now}: " + re.escape(question)))
    button.first.wait_for(state="attached", timeout=15000)
    button.first.dispatch_event("click")  # below the fold too, as a screen reader taps


def starred(page) -> int:
    return page.get_by_role("button", name=re.compile(r"^Remove star: ")).count()


def test_reasons_typed_stay_after_next_and_a_worry_opens_on_the_first_tap(app_server, phone_page):
    words = "I want a team that sees this cancer often."
    worry = load_data("decide")["worry"][1]
    page = open_app(phone_page, app_server.url_for("/decide/reasons"))
    wait_for_heading(page, "My reasons")
    fill(page, "My reasons in my own words", words)
    wait_for_text(page, t("decide.words_kept"))

    tap(page, "Next: what worries me")  # no Save tapped: the words saved as they came
    wait_for_heading(page, "What worries me")
    tap(page, worry["title"])
    wait_until_drawn(page)
    # Open after one tap, and still open once the "read" mark is drawn.
    wait_for_text(page, worry["todo"])
    assert text_locator(page, t("decide.worry_seen")).count() == 1

    page.go_back()
    wait_for_heading(page, "My reasons")
    assert field_value(page, "My reasons in my own words", words) == words


def test_a_question_waits_unadded_a_fourth_star_is_explained_and_a_full_box_says_so(
    app_server, phone_page
):
    page = open_app(phone_page, app_server.url_for("/prepare/questions"))
    wait_for_heading(page, "My questions")
    questions = ["Can I wait a month?", "Is a trial right for me?", "Who reads my scans?", "Why?"]
    for text in questions:
        add_question(page, text)
    for text in questions[:3]:
        star(page, text)
        want = questions.index(text) + 1
        poll(
            lambda: starred(page),
            lambda n, want=want: n == want,
            page=page,
            timeout_ms=15000,
            failure=f"{text!r} took no star",
        )

    # A fourth star is not taken, and the person reads why and what to do.
    star(page, questions[3])
    wait_for_text(page, t("questions.top_full"))
    wait_until_drawn(page)
    assert starred(page) == 3
    star(page, questions[0], now="Remove star")
    star(page, questions[3])
    poll(
        lambda: page.get_by_role("button", name=re.compile(r"^Remove star: Why\?")).count(),
        lambda n: n == 1,
        page=page,
        timeout_ms=15000,
        failure="the fourth question took no star once there was room",
    )
    assert starred(page) == 3

    # Typed, not added, another screen opened: the words wait in the box.
    draft = "Should I see a nurse navigator?"
    fill(page, "New question", draft)
    tap(page, "Notes")
    wait_for_heading(page, "Notes")
    page.go_back()
    wait_for_heading(page, "My questions")
    assert field_value(page, "New question", draft) == draft

    # Near the limit the box counts down, and says when it is full.
    assert put_in(page, "x" * 460, select_all=True) == 460
    wait_for_text(page, "40 characters left.")
    wait_until_drawn(page)
    assert put_in(page, "y" * 60) == 500  # the end is cut, and the box says so
    wait_for_text(page, "This box is full: it holds 500 characters.")
