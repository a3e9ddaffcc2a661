"""Can Robert read it? Contrast, wrapping and where a screen opens, in a real browser
(walk-through of 2026-11-30: black text on the dark theme, ticked lists cut at the
screen's edge, topics opening mid-article).

Flutter paints words on a canvas, so colours are read from a screenshot: inside a
piece of text's box, the most common colour is the background and the colour
furthest from it in brightness is the ink.
"""

from __future__ import annotations

import io
import re
from collections import Counter

import pytest
from PIL import Image

from models.content import load_data, load_topics
from models.text import t

from .pages import PHONE, open_app, poll, tap, wait_for_heading, wait_until_drawn

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

Colour = tuple[int, int, int]


def luminance(colour: Colour) -> float:
    """WCAG 2 relative luminance."""

    def channel(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = colour
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: Colour, b: Colour) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def colours_in(page, locator) -> Counter[Colour]:
    """How often each colour is painted inside what `locator` names on screen."""
    box = locator.bounding_box()
    assert box, "not on screen"
    viewport = page.viewport_size
    assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"], f"off screen: {box}"
    png = page.screenshot(clip=box)
    return Counter(Image.open(io.BytesIO(png)).convert("RGB").get_flattened_data())


def ink_and_paper(colours: Counter[Colour]) -> tuple[Colour, Colour]:
    paper = colours.most_common(1)[0][0]
    ink = max(colours, key=lambda c: abs(luminance(c) - luminance(paper)))
    return ink, paper


def first_words(markdown: str, n: int = 4) -> str:
    """The start of a topic's first paragraph, as it reads on screen."""
    line = next(x for x in markdown.splitlines() if x.strip() and x[0] not in "#-*>|")
    plain = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line)  # [word](glossary:x) reads "word"
    return " ".join(plain.split()[:n])


@pytest.mark.parametrize("scheme", ["dark", "light"])
def test_a_topic_reads_clearly_on_a_dark_or_light_phone(shared_app_server, new_page, scheme):
    # The app follows the device ("Same as my device" is the default).
    topic = load_topics()[1]
    page = new_page(PHONE, color_scheme=scheme)
    open_app(page, shared_app_server.url_for(f"/learn/{topic.id}"))
    heading = wait_for_heading(page, topic.title)
    wait_until_drawn(page)

    ink, paper = ink_and_paper(colours_in(page, heading))
    if scheme == "dark":
        assert luminance(paper) < 0.05, f"the page is not dark: {paper}"
    else:
        assert luminance(paper) > 0.8, f"the page is not light: {paper}"
    assert contrast(ink, paper) >= 7, f"heading {ink} on {paper}: {contrast(ink, paper):.2f}:1"

    paragraph = page.get_by_text(first_words(topic.body)).first
    colours = colours_in(page, paragraph)
    ink, paper = ink_and_paper(colours)
    assert contrast(ink, paper) >= 7, f"body text {ink} on {paper}: {contrast(ink, paper):.2f}:1"

    # The paragraph's word link: its most common coloured (not grey) pixel.
    tinted = [c for c, _ in colours.most_common() if max(c) - min(c) > 40]
    assert tinted, "no coloured link in the first paragraph"
    link = tinted[0]
    assert contrast(link, paper) >= 4.5, f"link {link} on {paper}: {contrast(link, paper):.2f}:1"


def test_a_long_reason_is_shown_in_full_at_the_largest_text(app_server, phone_page):
    page = open_app(phone_page, app_server.url_for("/settings"))
    tap(page, "Largest", roles=("radio",))
    wait_until_checked(page, page.get_by_role("radio", name="Largest", exact=True))
    reason = max((r["label"] for r in load_data("decide")["reason"]), key=len)
    tap(page, "Decide", roles=("tab",))
    tap(page, t("decide.reasons_title"))
    wait_for_heading(page, t("decide.reasons_title"))

    box = page.get_by_role("checkbox", name=reason, exact=True)
    box.wait_for(state="attached")
    scroll_into_view(page, box)
    area = box.bounding_box()
    assert area["x"] >= 0 and area["x"] + area["width"] <= PHONE["width"], area
    # At this size the words need several lines; a row cut at the edge is one line high.
    assert area["height"] > 100, f"the reason is not wrapped: {area}"

    # Tapping the words ticks the box.
    page.mouse.click(area["x"] + area["width"] - 40, area["y"] + area["height"] / 2)
    wait_until_checked(page, box)


def test_a_new_screen_opens_at_its_top(app_server, phone_page):
    first, second = load_topics()[1:3]
    page = open_app(phone_page, app_server.url_for(f"/learn/{first.id}"))
    heading = wait_for_heading(page, first.title)
    page.mouse.move(PHONE["width"] / 2, PHONE["height"] / 2)
    page.mouse.wheel(0, 2500)
    poll(
        heading.bounding_box,
        lambda box: box and box["y"] + box["height"] < 0,
        page=page,
        failure="the wheel did not scroll the topic",
    )

    # "Next topic" sits at the bottom of the article; the next one opens at its title.
    tap(page, t("learn.done_next"))
    assert_in_view(page, wait_for_heading(page, second.title))

    page.mouse.wheel(0, 2500)
    tap(page, t("nav.settings"))
    assert_in_view(page, wait_for_heading(page, t("settings.size_title"), level=2))


def wait_until_checked(page, locator) -> None:
    poll(
        lambda: locator.get_attribute("aria-checked"),
        lambda checked: checked == "true",
        page=page,
        failure="it was not ticked",
    )


def scroll_into_view(page, locator) -> None:
    """Scroll with the mouse wheel, as a person would, until `locator` is on screen."""
    page.mouse.move(PHONE["width"] / 2, PHONE["height"] / 2)
    bottom = page.viewport_size["height"] - 100  # above the bottom bar

    def wheel_unless_shown():
        box = locator.bounding_box()
        if box and box["y"] + box["height"] < bottom:
            return box
        page.mouse.wheel(0, 200)
        return None

    poll(wheel_unless_shown, page=page, every_ms=150, failure="could not scroll to it")


def assert_in_view(page, locator) -> None:
    """`locator` shows in the top half of the screen: the screen opened at its top."""
    poll(
        locator.bounding_box,
        lambda box: box and 0 <= box["y"] < page.viewport_size["height"] / 2,
        page=page,
        failure=lambda: f"not at the top: {locator.bounding_box()}",
    )
