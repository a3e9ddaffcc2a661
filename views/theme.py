"""One theme: calm colours, our own legible font, and the person's text size."""

from __future__ import annotations

from dataclasses import dataclass, field

import flet as ft

FONT = "Atkinson"
FONT_BOLD = "Atkinson Bold"
FONTS = {
    FONT: "fonts/AtkinsonHyperlegible-Regular.ttf",
    FONT_BOLD: "fonts/AtkinsonHyperlegible-Bold.ttf",
}
SEED = "#2F6F73"  # deep teal: calm, not clinical, good contrast
PHONE_MAX_WIDTH = 600
MIN_TOUCH = 48
CONTENT_MAX_WIDTH = 720

# Sizes at text scale 1.0; body text is 18 px, never under 16.
_SIZES = {
    "display_large": 52,
    "display_medium": 44,
    "display_small": 38,
    "headline_large": 34,
    "headline_medium": 30,
    "headline_small": 27,
    "title_large": 24,
    "title_medium": 20,
    "title_small": 18,
    "body_large": 20,
    "body_medium": 18,
    "body_small": 16,
    "label_large": 18,
    "label_medium": 16,
    "label_small": 16,
}
_BOLD = {
    "display_large",
    "display_medium",
    "display_small",
    "headline_large",
    "headline_medium",
    "headline_small",
    "title_large",
    "title_medium",
}


# What we set of Flet's Theme and TextTheme, with their field names. Flet sends
# a theme as a map of the fields that are set, so these reach Flutter exactly
# as ft.Theme(...) would (tests/unit/test_theme.py compares the two). Why not
# ft.Theme itself: its module defines some 100 classes, and importing it was
# the largest single cost of the offline web app's first screen (~0.3 s on
# this project's 2-core test machine, tools/bench_pwa.py).
@dataclass
class TextTheme:
    """Text styles by role (Flet's TextTheme fields)."""

    display_large: ft.TextStyle | None = None
    display_medium: ft.TextStyle | None = None
    display_small: ft.TextStyle | None = None
    headline_large: ft.TextStyle | None = None
    headline_medium: ft.TextStyle | None = None
    headline_small: ft.TextStyle | None = None
    title_large: ft.TextStyle | None = None
    title_medium: ft.TextStyle | None = None
    title_small: ft.TextStyle | None = None
    label_large: ft.TextStyle | None = None
    label_medium: ft.TextStyle | None = None
    label_small: ft.TextStyle | None = None
    body_large: ft.TextStyle | None = None
    body_medium: ft.TextStyle | None = None
    body_small: ft.TextStyle | None = None


@dataclass
class NavigationBarTheme:
    """The phone's bottom bar (Flet's NavigationBarTheme field we set)."""

    label_text_style: ft.TextStyle | None = None


@dataclass
class PageTransitions:
    """Flet's default PageTransitionsTheme(): every platform's own."""


@dataclass
class Theme:
    """The fields of Flet's Theme that we set."""

    color_scheme_seed: str
    font_family: str
    text_theme: TextTheme
    primary_text_theme: TextTheme
    visual_density: ft.VisualDensity
    navigation_bar_theme: NavigationBarTheme
    use_material3: bool = True
    page_transitions: PageTransitions = field(default_factory=PageTransitions)


def text_theme(scale: float, color: ft.Colors = ft.Colors.ON_SURFACE) -> TextTheme:
    # Each style names its colour by role: Flet sends a style whole, so one without
    # a colour would replace Flutter's and paint black, even on the dark theme.
    # Flutter reads the role from the theme being built, light or dark.
    styles = {
        name: ft.TextStyle(
            size=round(size * scale, 1),
            font_family=FONT_BOLD if name in _BOLD else FONT,
            height=1.4 if name.startswith("body") else 1.25,
            color=color,
        )
        for name, size in _SIZES.items()
    }
    return TextTheme(**styles)


# Five words must fit across a phone: the bottom bar's labels stop growing at
# "Large" (18 px), while every screen's own text grows to the size chosen.
BAR_MAX_SCALE = 1.15


def bar_label_style(scale: float) -> ft.TextStyle:
    return ft.TextStyle(
        size=round(_SIZES["label_medium"] * min(scale, BAR_MAX_SCALE), 1), font_family=FONT
    )


def make_theme(scale: float) -> Theme:
    # Flet derives the dark colours from the same seed when this is the dark_theme.
    return Theme(
        color_scheme_seed=SEED,
        font_family=FONT,
        text_theme=text_theme(scale),
        # Flutter's primary text theme is for words on the primary colour.
        primary_text_theme=text_theme(scale, ft.Colors.ON_PRIMARY),
        visual_density=ft.VisualDensity.COMFORTABLE,
        navigation_bar_theme=NavigationBarTheme(label_text_style=bar_label_style(scale)),
        use_material3=True,
    )


def topic_style() -> ft.MarkdownStyleSheet:
    """A topic's words: links in the theme's primary colour, underlined. Flutter's
    default link blue is 2.96:1 on our light background, too faint to read."""
    return ft.MarkdownStyleSheet(
        a_text_style=ft.TextStyle(color=ft.Colors.PRIMARY, decoration=ft.TextDecoration.UNDERLINE)
    )


def size(name: str, scale: float) -> float:
    """A text size by theme name, for the few places that set one directly."""
    return round(_SIZES[name] * scale, 1)
