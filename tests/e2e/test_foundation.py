"""The app's foundation in a real browser (issue #3, part 8).

On a phone: home shows the journey and its four steps; every step opens by
tapping and by its address; the browser's back, forward and reload land on
the right screen; the tab says where you are; a question survives the app
being closed and opened again. On a computer the navigation is a rail. Text
size is bigger when you ask for it, and stays so. Two browsers never see each
other's questions (issue #8).
"""

from __future__ import annotations

import re
import time

import pytest

from models.content import load_glossary

from .pages import (
    PHONE,
    add_question,
    find_control,
    open_app,
    poll,
    reload_app,
    tap,
    text_locator,
    urlpath,
    visible_text,
    wait_for_heading,
    wait_for_path,
    wait_for_text,
    wait_for_title,
    wait_until_still,
)

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

APP = "Second Opinion Companion"
STEPS = [  # card on home, bottom-bar destination, address, heading, tab title
    ("Step 1: Learn", "Learn", "/learn", "Learn", "Learn"),
    ("Step 2: Decide", "Decide", "/decide", "Decide", "Decide"),
    ("Step 3: Find a provider", "Find", "/find", "Find a provider", "Find a provider"),
    ("Step 4: Prepare", "Prepare", "/prepare", "Prepare", "Prepare"),
]
SCREENS = [  # address, heading, tab title
    ("/", "Your journey", "Home"),
    ("/learn", "Learn", "Learn"),
    ("/decide", "Decide", "Decide"),
    ("/find", "Find a provider", "Find a provider"),
    ("/prepare", "Prepare", "Prepare"),
    ("/notes", "Notes", "Notes"),
    ("/settings", "About and settings", "About and settings"),
    ("/prepare/questions", "My questions", "My questions"),
]


def title(screen: str) -> str:
    return f"{screen} · {APP}"


def expect_screen(page, path: str, heading: str, tab_title: str) -> None:
    wait_for_heading(page, heading)
    wait_for_path(page, path)
    wait_for_title(page, title(tab_title))


def test_home_shows_your_journey_and_the_four_steps(app_server, phone_page):
    page = open_app(phone_page, app_server.url)
    wait_for_heading(page, "Your journey")
    wait_for_title(page, title("Home"))
    for card, *_ in STEPS:
        find_control(page, card, roles=("button",))
    # On a phone the steps are also the bottom bar, at the bottom of the screen.
    for _card, destination, *_ in STEPS:
        tab = page.get_by_role("tab", name=destination, exact=True)
        assert tab.count() == 1, f"no bottom-bar destination {destination!r}"
        box = tab.bounding_box()
        assert box["y"] > PHONE["height"] * 0.8, f"{destination!r} is not at the bottom: {box}"


def test_each_step_opens_from_the_bottom_bar(app_server, phone_page):
    page = open_app(phone_page, app_server.url)
    wait_for_heading(page, "Your journey")
    for _card, destination, path, heading, tab_title in STEPS:
        tap(page, destination, roles=("tab",))
        expect_screen(page, path, heading, tab_title)
        selected = page.get_by_role("tab", name=destination, exact=True, selected=True)
        assert selected.count() == 1, f"{destination!r} is not shown as the current tab"
    tap(page, "Home", roles=("tab",))
    expect_screen(page, "/", "Your journey", "Home")


def test_each_step_opens_from_its_card_on_home(app_server, phone_page):
    page = open_app(phone_page, app_server.url)
    for card, _destination, path, heading, tab_title in STEPS:
        wait_for_heading(page, "Your journey")
        tap(page, card, roles=("button",))
        expect_screen(page, path, heading, tab_title)
        tap(page, "Home", roles=("tab",))


def test_notes_and_settings_open_from_the_top_bar_on_a_phone(app_server, phone_page):
    page = open_app(phone_page, app_server.url)
    wait_for_heading(page, "Your journey")
    tap(page, "Notes")
    expect_screen(page, "/notes", "Notes", "Notes")
    tap(page, "About and settings")
    expect_screen(page, "/settings", "About and settings", "About and settings")


@pytest.mark.parametrize("path,heading,tab_title", SCREENS, ids=[s[0] for s in SCREENS])
def test_screen_opens_by_its_address(
    shared_app_server, _report_shared, phone_page, path, heading, tab_title
):
    page = open_app(phone_page, shared_app_server.url_for(path))
    expect_screen(page, path, heading, tab_title)


def test_old_addresses_land_on_the_screen_at_its_new_address(shared_app_server, phone_page):
    """A bookmark from before the screens sat under their step still opens the
    screen, and the address bar shows the new address. Back then shows the same
    screen at the old address, rather than being sent forward again."""
    term = load_glossary()[0]
    old = [  # old address, new address, heading, tab title
        ("/questions", "/prepare/questions", "My questions", "My questions"),
        (f"/glossary/{term.id}", f"/learn/words/{term.id}", "Words to know", "Words to know"),
        ("/compare", "/prepare/compare", "Compare the two opinions", "Compare the two opinions"),
    ]
    page = phone_page
    for before, now, heading, tab_title in old:
        page = open_app(page, shared_app_server.url_for(before))
        expect_screen(page, now, heading, tab_title)
    page.go_back()
    expect_screen(page, "/compare", "Compare the two opinions", "Compare the two opinions")
    # Long enough for a second forward to show, if one came.
    wait_until_still(page, lambda: urlpath(page.url), still_ms=1500, timeout_ms=10_000)
    assert urlpath(page.url) == "/compare"


def test_back_forward_and_reload_land_on_the_right_screen(app_server, phone_page):
    page = open_app(phone_page, app_server.url)
    wait_for_heading(page, "Your journey")
    tap(page, "Learn", roles=("tab",))
    expect_screen(page, "/learn", "Learn", "Learn")
    tap(page, "Decide", roles=("tab",))
    expect_screen(page, "/decide", "Decide", "Decide")

    page.go_back()
    expect_screen(page, "/learn", "Learn", "Learn")
    page.go_back()
    expect_screen(page, "/", "Your journey", "Home")
    page.go_forward()
    expect_screen(page, "/learn", "Learn", "Learn")

    reload_app(page)
    expect_screen(page, "/learn", "Learn", "Learn")
    tap(page, "Prepare", roles=("tab",))
    expect_screen(page, "/prepare", "Prepare", "Prepare")
    reload_app(page)
    expect_screen(page, "/prepare", "Prepare", "Prepare")
    page.go_back()
    expect_screen(page, "/learn", "Learn", "Learn")


def test_a_question_survives_the_app_being_restarted(app_server, phone_page):
    page = open_app(phone_page, app_server.url_for("/prepare/questions"))
    wait_for_heading(page, "My questions")
    question = f"Can you explain my scan results? ({time.time_ns() % 100000})"
    add_question(page, question)
    wait_for_heading(page, "All my questions (1)", level=2)

    app_server.restart()
    reload_app(page)
    wait_for_heading(page, "My questions")
    wait_for_text(page, question)
    wait_for_heading(page, "All my questions (1)", level=2)


class MuteAfterRegister:
    """Between the page and the server: after `mute()`, each new connection
    passes the page's first message (it says who it is) and drops the rest,
    so a question the server asks that page is never answered."""

    def __init__(self, page):
        self.muted = False
        self.asked = 0  # messages the server sent to a muted page
        page.route_web_socket(re.compile(r"/ws$"), self.handle)

    def mute(self) -> None:
        self.muted = True

    def handle(self, ws) -> None:
        server = ws.connect_to_server()
        muted, sent = self.muted, 0

        def from_page(message) -> None:
            nonlocal sent
            sent += 1
            if not muted or sent == 1:
                server.send(message)

        def from_server(message) -> None:
            if muted:
                self.asked += 1
            ws.send(message)

        ws.on_message(from_page)
        server.on_message(from_server)


def test_a_tab_reloaded_while_the_server_restarts_still_opens(app_server, phone_page):
    # The tab reconnects to the restarted server on its own, which starts the
    # app for it and asks it for this browser's key; the person reloads before
    # that answer is sent. The reloaded tab takes over that session: the app
    # must ask again, not wait forever on a blank page.
    page = phone_page
    link = MuteAfterRegister(page)
    open_app(page, app_server.url_for("/prepare/questions"))
    wait_for_heading(page, "My questions")
    add_question(page, "What does my scan show?")

    link.mute()
    app_server.restart()
    poll(
        lambda: link.asked >= 2,  # the register answer, then the question for the key
        page=page,
        timeout_ms=30_000,
        failure="the tab did not reconnect to the restarted app",
    )
    link.muted = False
    reload_app(page)
    wait_for_heading(page, "My questions")
    wait_for_text(page, "What does my scan show?")


def rail_destination(page, name: str):
    """The destination `name` in a rail: a button at the left edge of the window."""
    pattern = re.compile(r"^\s*" + re.escape(name) + r"(\s|$)")

    def at_left_edge():
        for button in page.get_by_role("button", name=pattern).all():
            box = button.bounding_box()
            if box and box["x"] + box["width"] / 2 < 200:
                return button, box
        return None

    return poll(
        at_left_edge,
        page=page,
        every_ms=150,
        failure=lambda: (
            f"no {name!r} in a navigation rail at the left edge:\n{visible_text(page)[:2000]}"
        ),
    )


def test_a_computer_gets_a_navigation_rail(app_server, desktop_page):
    page = open_app(desktop_page, app_server.url)
    wait_for_heading(page, "Your journey")
    # Every destination sits in one narrow column at the left edge, one above the other.
    names = ["Home", "Learn", "Decide", "Find a provider", "Prepare", "Notes", "About and settings"]
    found = [rail_destination(page, name) for name in names]
    ys = [box["y"] for _button, box in found]
    assert ys == sorted(ys), f"rail destinations are not one above the other: {ys}"
    assert page.get_by_role("tab").count() == 0, "a bottom bar is shown on a wide screen"

    found[-1][0].click()
    expect_screen(page, "/settings", "About and settings", "About and settings")
    rail_destination(page, "Notes")[0].click()
    expect_screen(page, "/notes", "Notes", "Notes")
    assert page.get_by_role("tab").count() == 0


def heading_height(page, name: str, level: int = 2) -> float:
    return wait_for_heading(page, name, level=level).bounding_box()["height"]


def wait_for_height(page, name: str, predicate, timeout_s: float = 15) -> float:
    """The heading's height once `predicate` holds and the height has settled, or
    the last one seen. Flutter animates a theme change over 200 ms, so a reading
    taken mid-way can already pass `predicate` (CI once read 42 px on the way to
    48); two equal readings 300 ms apart mean the animation is over."""
    last: list[float] = []

    def settled(height: float) -> bool:
        steady = bool(last) and last[-1] == height
        last.append(height)
        return steady and bool(predicate(height))

    return poll(
        lambda: heading_height(page, name),
        settled,
        page=page,
        timeout_ms=timeout_s * 1000,
        every_ms=300,
        failure=None,
    )


def test_largest_text_makes_words_bigger_and_is_remembered(app_server, new_page):
    page = open_app(new_page(PHONE), app_server.url_for("/settings"))
    wait_for_heading(page, "About and settings")
    before = heading_height(page, "Text size")
    standard = page.get_by_role("radio", name="Standard", exact=True)
    assert standard.get_attribute("aria-checked") == "true", "Standard is not the starting size"

    tap(page, "Largest", roles=("radio",))
    after = wait_for_height(page, "Text size", lambda h: h > before * 1.3)
    assert after > before * 1.3, f"'Text size' was {before}px high, after Largest {after}px"
    largest = page.get_by_role("radio", name="Largest", exact=True)
    assert largest.get_attribute("aria-checked") == "true"

    reload_app(page)
    again = wait_for_height(page, "Text size", lambda h: abs(h - after) < 2)
    assert abs(again - after) < 2, f"after reload 'Text size' is {again}px high, was {after}px"
    assert (
        page.get_by_role("radio", name="Largest", exact=True).get_attribute("aria-checked")
        == "true"
    )

    # Every screen uses it: home is bigger here than in a browser still at Standard.
    tap(page, "Home", roles=("tab",))
    big = wait_for_heading(page, "Your journey").bounding_box()["height"]
    other = open_app(new_page(PHONE), app_server.url)
    normal = wait_for_heading(other, "Your journey").bounding_box()["height"]
    assert big > normal * 1.3, f"'Your journey' is {big}px high at Largest, {normal}px at Standard"


def test_two_browsers_never_see_each_others_questions(app_server, new_page):
    first = open_app(new_page(PHONE), app_server.url_for("/prepare/questions"))
    wait_for_heading(first, "My questions")
    question = f"Is a clinical trial an option for me? ({time.time_ns() % 100000})"
    add_question(first, question)

    second = open_app(new_page(PHONE), app_server.url_for("/prepare/questions"))
    wait_for_heading(second, "My questions")
    wait_for_text(second, "No questions yet.")
    wait_for_heading(second, "All my questions (0)", level=2)
    assert text_locator(second, question).count() == 0, visible_text(second)

    # The second browser's own question stays its own, too.
    other = f"Who will see my records? ({time.time_ns() % 100000})"
    add_question(second, other)
    reload_app(first)
    wait_for_text(first, question)
    assert text_locator(first, other).count() == 0, visible_text(first)
