"""Can Robert read it? Contrast, wrapping and where a screen opens, in a real browser
(walk-through of 2026-11-30: black text on the dark theme, ticked lists cut at the
screen's edge, topics opening mid-article).

Flutter paints words on a canvas, so colours are read from a screenshot: inside a
piece of text's box, the most common colour is the background and the colour
furthest from it in brightness is the ink. The theme's own colour pairs are
held to the same figures in tests/unit/test_theme.py.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from typing import NamedTuple

import pytest
from PIL import Image

from models.content import load_data, load_topics
from models.contrast import BODY, LARGE, Colour, contrast, luminance, rgb
from models.look import TEXT_SCALES
from models.text import t
from views import routes
from views.theme import SCHEMES, ColorScheme, size

from .pages import (
    PHONE,
    PageNotAnswering,
    open_app,
    poll,
    still_screenshot,
    tap,
    wait_for_heading,
    wait_until_drawn,
)

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]


def ink_and_paper(colours: Counter[Colour]) -> tuple[Colour, Colour]:
    paper = colours.most_common(1)[0][0]
    ink = max(colours, key=lambda c: abs(luminance(c) - luminance(paper)))
    return ink, paper


def first_words(markdown: str, n: int = 4) -> str:
    """The start of a topic's first paragraph, as it reads on screen."""
    line = next(x for x in markdown.splitlines() if x.strip() and x[0] not in "#-*>|")
    plain = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line)  # [word](glossary:x) reads "word"
    return " ".join(plain.split()[:n])


# Everything on screen that has a name, with its box: Flutter's semantics tree
# places a node over each piece of text, button, tab and field it draws.
NAMED_NODES = """() => {
  const host = document.querySelector('flt-semantics-host');
  const scroller = host && host.querySelector('[style*="overflow-y: scroll"]');
  const view = scroller ? scroller.getBoundingClientRect() : null;
  const nodes = [];
  const all = host ? host.querySelectorAll('flt-semantics, h1, h2, h3, input, textarea') : [];
  for (const el of all) {
    const own = [...el.childNodes]
      .filter(n => n.nodeType === 3 || n.tagName === 'SPAN')
      .map(n => n.textContent).join(' ');
    const name = (el.getAttribute('aria-label') || own).trim();
    const r = el.getBoundingClientRect();
    if (name && r.width > 0 && r.height > 0) {
      nodes.push({name, role: el.getAttribute('role') || el.tagName.toLowerCase(),
                  x: r.x, y: r.y, w: r.width, h: r.height});
    }
  }
  return {nodes, view: view && {top: view.top, bottom: view.bottom}};
}"""


class Reading(NamedTuple):
    name: str
    ink: Colour
    paper: Colour
    ratio: float
    minimum: float


def read_screen(page, colours: ColorScheme) -> tuple[list[Reading], list[str], bytes]:
    """Every named thing fully on screen, its ink against its paper; what
    reaches past the screen's right edge; and the screenshot read."""
    found = page.evaluate(NAMED_NODES)
    png = page.screenshot()
    shot = Image.open(io.BytesIO(png)).convert("RGB")
    width, height = shot.size
    view = found["view"] or {"top": 0, "bottom": height}
    readings: dict[tuple, Reading] = {}
    cut = []
    for node in found["nodes"]:
        left, top = node["x"], node["y"]
        right, bottom = left + node["w"], top + node["h"]
        if left < -0.5 or right > width + 0.5:
            cut.append(f"{node['name'][:60]!r} at x {left:.0f}-{right:.0f}")
        # Only what is wholly in sight: not under the top or bottom bar, not scrolled
        # off. A node the scrolling area cuts is cut to its edge: leave those out.
        in_bars = bottom <= view["top"] or top >= view["bottom"]
        in_view = top > view["top"] + 1 and bottom < view["bottom"] - 1
        if top < 0 or bottom > height or not (in_bars or in_view) or node["role"] == "progressbar":
            continue
        box = (round(left), round(top), round(right), round(bottom))
        if box in readings or node["w"] < 16 or node["h"] < 16:
            continue
        # 6 px in from the edges: outside a button's rounded corners is the page,
        # which must not pass for its ink.
        inner = (box[0] + 6, box[1] + 6, box[2] - 6, box[3] - 6)
        ink, paper = ink_and_paper(Counter(shot.crop(inner).get_flattened_data()))
        # An icon without words (a square 48 px button) needs WCAG's 3:1 for graphics.
        icon = node["w"] <= 56 and abs(node["w"] - node["h"]) < 2
        minimum = LARGE if icon else BODY
        readings[box] = Reading(node["name"], ink, paper, contrast(ink, paper), minimum)
    # Words cut at the edge leave ink in the right margin: there, only the page
    # and the top and bottom bars.
    plain = {rgb(colours.surface), rgb(colours.surface_container)}
    margin = {shot.getpixel((x, y)) for x in range(width - 6, width) for y in range(height)}
    if margin - plain:
        cut.append(f"ink in the right margin: {sorted(margin - plain)[:6]}")
    return list(readings.values()), cut, png


class Screen(NamedTuple):
    path: str
    title: str


def six_screens() -> list[Screen]:
    topic = load_topics()[1]
    return [
        Screen(routes.HOME, t("home.title")),
        Screen(routes.path(routes.TOPIC, topic=topic.id), topic.title),
        Screen(routes.REASONS, t("decide.reasons_title")),
        Screen(routes.QUESTION_BANK, t("bank.title")),
        Screen(routes.CENTERS, t("centers.title")),
        Screen(routes.SETTINGS, t("settings.title")),
    ]


def visit(page, path: str) -> None:
    """Open `path` in the running app, as when an address is typed while it is
    open: Flutter's router hears the browser's history change (no reload)."""
    page.evaluate(
        "(path) => { history.pushState(null, '', path);"
        " dispatchEvent(new PopStateEvent('popstate', {state: null})); }",
        path,
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_six_screens_read_clearly_in_light_and_dark_at_standard_and_largest(
    app_server, new_page, scheme
):
    # The app follows the device ("Same as my device" is the default).
    colours = SCHEMES[scheme]
    page = new_page(PHONE, color_scheme=scheme)
    open_app(page, app_server.url_for(routes.HOME))
    topic = load_topics()[1]
    weak, cut, lowest = [], [], {}
    last_png = b""
    for text_size in (t("settings.size_1"), t("settings.size_5")):
        if text_size != t("settings.size_1"):
            visit(page, routes.SETTINGS)
            tap(page, text_size, roles=("radio",))
            wait_until_checked(page, page.get_by_role("radio", name=text_size, exact=True))
        for screen in six_screens():
            visit(page, screen.path)
            wait_for_heading(page, screen.title)
            page.mouse.move(0, 0)  # no hover tint where the last tap was
            wait_until_drawn(page)
            readings, past_edge, png = read_screen(page, colours)
            where = f"{text_size} {screen.path}"
            if png == last_png:
                # Headless Chromium's canvas now and then stops painting while the
                # page still answers (a failure once showed Settings under the
                # question bank's address): not the app. The test runs again.
                raise PageNotAnswering(f"{where}: the same pixels as the screen before")
            last_png = png
            assert len(readings) >= 5, f"{where}: only {len(readings)} things to read"
            # What is drawn is the theme the unit test holds to AA.
            assert any(r.paper == rgb(colours.surface) for r in readings), where
            weak += [
                f"{where}: {r.name[:50]!r} {r.ratio:.2f}:1" for r in readings if r.ratio < r.minimum
            ]
            cut += [f"{where}: {c}" for c in past_edge]
            words = [r for r in readings if r.minimum == BODY]
            lowest[where] = min(words, key=lambda r: r.ratio)
            if screen.path.startswith("/learn/") and text_size == t("settings.size_1"):
                assert_link_is_clear(page, topic)
            if screen.path == routes.SETTINGS and text_size == t("settings.size_5"):
                assert_button_shows_two_lines(page, t("backup.restore"))

    print(f"\nLowest contrast of words per screen ({scheme}):")
    for where, r in lowest.items():
        print(f"  {where:40} {r.ratio:5.2f}:1  {r.name[:40]!r}")
    assert not weak, "below WCAG AA:\n" + "\n".join(weak)
    assert not cut, "past the right edge:\n" + "\n".join(cut)


def assert_button_shows_two_lines(page, label: str) -> None:
    """At the largest text a long label wraps, and its button grows to show both
    lines (a fixed height once showed "Restore from a" and cut the rest off)."""
    box = page.get_by_role("button", name=label, exact=True).bounding_box()
    line = size("label_large", TEXT_SCALES[-1]) * 1.25
    assert box and box["height"] >= 2 * line, f"{label!r} is cut to one line: {box}"


def assert_link_is_clear(page, topic) -> None:
    """A topic's first paragraph has a word link: its most common coloured pixel."""
    paragraph = page.get_by_text(first_words(topic.body)).first
    box = paragraph.bounding_box()
    assert box and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], box
    colours = Counter(
        Image.open(io.BytesIO(still_screenshot(page, clip=box))).convert("RGB").get_flattened_data()
    )
    _, paper = ink_and_paper(colours)
    tinted = [c for c, _ in colours.most_common() if max(c) - min(c) > 40]
    assert tinted, "no coloured link in the first paragraph"
    link = tinted[0]
    assert contrast(link, paper) >= BODY, f"link {link} on {paper}: {contrast(link, paper):.2f}:1"


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
