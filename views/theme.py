"""One theme: calm colours, our own legible font, and the person's text size."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

import flet as ft

from models.contrast import BODY, LARGE, Colour, rgb

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
class DatePickerTheme:
    """The calendar (Flet's DatePickerTheme fields we set)."""

    day_text_style: ft.TextStyle | None = None
    weekday_text_style: ft.TextStyle | None = None
    year_text_style: ft.TextStyle | None = None
    header_headline_text_style: ft.TextStyle | None = None
    header_help_text_style: ft.TextStyle | None = None


@dataclass
class PageTransitions:
    """Flet's default PageTransitionsTheme(): every platform's own."""


# Flet sends a field named on_* as "has an event handler" unless told it is not one.
INK = {"event": False}


@dataclass
class ColorScheme:
    """Colours by role (Flet's ColorScheme fields): the paper and the ink on it."""

    primary: str
    on_primary: str = field(metadata=INK)
    primary_container: str
    on_primary_container: str = field(metadata=INK)
    secondary: str
    on_secondary: str = field(metadata=INK)
    secondary_container: str
    on_secondary_container: str = field(metadata=INK)
    tertiary: str
    on_tertiary: str = field(metadata=INK)
    tertiary_container: str
    on_tertiary_container: str = field(metadata=INK)
    error: str
    on_error: str = field(metadata=INK)
    error_container: str
    on_error_container: str = field(metadata=INK)
    surface: str
    on_surface: str = field(metadata=INK)
    on_surface_variant: str = field(metadata=INK)
    outline: str
    outline_variant: str
    shadow: str
    scrim: str
    inverse_surface: str
    on_inverse_surface: str = field(metadata=INK)
    inverse_primary: str
    surface_tint: str
    surface_dim: str
    surface_bright: str
    surface_container_lowest: str
    surface_container_low: str
    surface_container: str
    surface_container_high: str
    surface_container_highest: str

    def colour(self, role: str) -> Colour:
        return rgb(getattr(self, role))


# Material 3's colours for SEED, as Flutter's ColorScheme.fromSeed makes them
# (tonal spot), written out: every pair below is tested against WCAG AA
# (tests/unit/test_theme.py), and a Flutter upgrade cannot change them unseen.
LIGHT = ColorScheme(
    primary="#00696E",
    on_primary="#FFFFFF",
    primary_container="#9CF0F6",
    on_primary_container="#004F53",
    secondary="#4A6364",
    on_secondary="#FFFFFF",
    secondary_container="#CCE8E9",
    on_secondary_container="#324B4D",
    tertiary="#4E5F7D",
    on_tertiary="#FFFFFF",
    tertiary_container="#D6E3FF",
    on_tertiary_container="#364764",
    error="#BA1A1A",
    on_error="#FFFFFF",
    error_container="#FFDAD6",
    on_error_container="#93000A",
    surface="#F4FAFA",
    on_surface="#161D1D",
    on_surface_variant="#3F4949",
    outline="#6F7979",
    outline_variant="#BEC8C9",
    shadow="#000000",
    scrim="#000000",
    inverse_surface="#2B3232",
    on_inverse_surface="#ECF2F2",
    inverse_primary="#80D4D9",
    surface_tint="#00696E",
    surface_dim="#D5DBDB",
    surface_bright="#F4FAFA",
    surface_container_lowest="#FFFFFF",
    surface_container_low="#EFF5F5",
    surface_container="#E9EFEF",
    surface_container_high="#E3E9E9",
    surface_container_highest="#DDE4E4",
)
DARK = ColorScheme(
    primary="#80D4D9",
    on_primary="#003739",
    primary_container="#004F53",
    on_primary_container="#9CF0F6",
    secondary="#B1CCCD",
    on_secondary="#1B3436",
    secondary_container="#324B4D",
    on_secondary_container="#CCE8E9",
    tertiary="#B6C7E9",
    on_tertiary="#20314C",
    tertiary_container="#364764",
    on_tertiary_container="#D6E3FF",
    error="#FFB4AB",
    on_error="#690005",
    error_container="#93000A",
    on_error_container="#FFDAD6",
    surface="#0E1415",
    on_surface="#DDE4E4",
    on_surface_variant="#BEC8C9",
    outline="#899393",
    outline_variant="#3F4949",
    shadow="#000000",
    scrim="#000000",
    inverse_surface="#DDE4E4",
    on_inverse_surface="#2B3232",
    inverse_primary="#00696E",
    surface_tint="#80D4D9",
    surface_dim="#0E1415",
    surface_bright="#343A3B",
    surface_container_lowest="#090F10",
    surface_container_low="#161D1D",
    surface_container="#1A2121",
    surface_container_high="#252B2B",
    surface_container_highest="#303636",
)
SCHEMES = {"light": LIGHT, "dark": DARK}

# A disabled button's words and fill. Flutter's own words (on_surface at 38%)
# reach about 2.3:1, and words a person cannot read do not say what the button
# would do. Ours stay readable; the grey fill and the missing colour say "not now".
DISABLED_TEXT = "on_surface_variant"
DISABLED_FILL = "surface_container_highest"


class Pair(NamedTuple):
    """Ink on paper somewhere in the app, and the contrast it must reach."""

    ink: str
    """A ColorScheme role."""
    paper: str
    """A ColorScheme role."""
    minimum: float
    where: str


PAIRS = [
    # Words
    Pair("on_surface", "surface", BODY, "headings and words on the page; typed text"),
    Pair("on_surface_variant", "surface", BODY, "a line under a title; field labels, hints"),
    Pair("on_surface", "surface_container_low", BODY, "words in panels, cards and ticked lists"),
    Pair("on_surface_variant", "surface_container_low", BODY, "hints and muted lines in panels"),
    Pair("on_surface", "surface_container", BODY, "the top bar's name; the open step's label"),
    Pair("on_surface_variant", "surface_container", BODY, "the bottom bar's other labels"),
    Pair("on_surface", "surface_container_high", BODY, "dialogs; a 0-5 number not chosen"),
    Pair("on_surface_variant", "surface_container_high", BODY, "a dialog's message"),
    Pair("on_surface", "primary_container", BODY, "words in a tinted panel (Your next step)"),
    Pair("on_surface_variant", "primary_container", BODY, "muted words in a tinted panel"),
    Pair("primary", "surface", BODY, "word links, text and outlined buttons, a field in use"),
    Pair("primary", "surface_container_low", BODY, "links and text buttons in panels"),
    Pair("primary", "surface_container_high", BODY, "a dialog's buttons"),
    Pair("primary", "primary_container", BODY, "text buttons in a tinted panel"),
    Pair("primary", "secondary_container", BODY, "the OK of a message"),
    Pair("on_primary", "primary", BODY, "filled buttons; the 0-5 number chosen"),
    Pair("on_primary_container", "primary_container", BODY, "a place's step on its card"),
    Pair("on_secondary_container", "secondary_container", BODY, "a message at the top"),
    Pair("on_tertiary_container", "tertiary_container", BODY, "what differs, in Compare"),
    Pair("error", "surface", BODY, "a field's error message"),
    Pair("error", "surface_container_low", BODY, "a field's error message in a panel"),
    Pair("on_error", "error", BODY, "the button that deletes everything"),
    Pair("on_error_container", "error_container", BODY, "a warning box"),
    Pair(DISABLED_TEXT, "surface", BODY, "a disabled outlined or text button"),
    Pair(DISABLED_TEXT, "surface_container_low", BODY, "a disabled button in a panel"),
    Pair(DISABLED_TEXT, "primary_container", BODY, "a disabled button in a tinted panel"),
    Pair(DISABLED_TEXT, DISABLED_FILL, BODY, "a disabled filled button"),
    # Icons, borders and bars: WCAG's 3:1 for things that are not words
    Pair("primary", "surface_container_low", LARGE, "a card's icon; a record's state"),
    Pair("primary", "surface_container", LARGE, "the top bar's icon for the screen open"),
    Pair("tertiary", "surface_container_low", LARGE, "a point against; what differs, in Compare"),
    Pair("on_surface_variant", "surface", LARGE, "unticked boxes and circles; icons"),
    Pair("outline", "surface", LARGE, "a text field's border"),
    Pair("outline", "surface_container_low", LARGE, "a text field's border in a panel"),
    Pair("on_secondary_container", "primary_container", LARGE, "the open step's icon"),
    Pair("primary", "secondary_container", LARGE, "a progress bar's filled part"),
]
"""Every ink the app paints and the paper under it, light and dark alike."""


@dataclass
class ButtonTheme:
    """A kind of button's style in the theme (Flet's Filled/Outlined/TextButtonTheme)."""

    style: ft.ButtonStyle


@dataclass
class Theme:
    """The fields of Flet's Theme that we set."""

    color_scheme_seed: str
    color_scheme: ColorScheme
    font_family: str
    text_theme: TextTheme
    primary_text_theme: TextTheme
    visual_density: ft.VisualDensity
    navigation_bar_theme: NavigationBarTheme
    filled_button_theme: ButtonTheme
    outlined_button_theme: ButtonTheme
    text_button_theme: ButtonTheme
    use_material3: bool = True
    page_transitions: PageTransitions = field(default_factory=PageTransitions)
    date_picker_theme: DatePickerTheme = field(default_factory=DatePickerTheme)


def text_theme(scale: float, color: str) -> TextTheme:
    # Each style carries its colour: Flet sends a style whole, so one without a
    # colour would replace Flutter's and paint black, even on the dark theme. The
    # colour itself, not a role's name: Flet reads a role named here from the
    # seed's colours, before our ColorScheme is laid over them.
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


# A calendar is a fixed grid in a dialog: past "Large" its years were cut to
# "201" and its heading to "Mon, Nov…", so its words stop growing there.
PICKER_MAX_SCALE = 1.15


def date_picker_theme(scale: float, color: str) -> DatePickerTheme:
    capped = min(scale, PICKER_MAX_SCALE)

    # Each style carries its colour, as in text_theme (else black on the dark theme).
    def style(name: str, most: float = capped) -> ft.TextStyle:
        return ft.TextStyle(size=round(_SIZES[name] * most, 1), font_family=FONT, color=color)

    return DatePickerTheme(
        day_text_style=style("body_large"),
        weekday_text_style=style("body_large"),
        year_text_style=style("body_large"),
        header_headline_text_style=style("headline_large", 1.0),
        header_help_text_style=style("label_large"),
    )


def button_theme(scheme: ColorScheme, *, filled: bool = False) -> ButtonTheme:
    # Only the disabled state: every other state keeps each kind's own colours.
    words = {ft.ControlState.DISABLED: getattr(scheme, DISABLED_TEXT)}
    fill = {ft.ControlState.DISABLED: getattr(scheme, DISABLED_FILL)} if filled else None
    return ButtonTheme(style=ft.ButtonStyle(color=words, icon_color=words, bgcolor=fill))


def make_theme(scale: float, scheme: ColorScheme = LIGHT) -> Theme:
    """The theme at a text size, in LIGHT or DARK colours."""
    return Theme(
        color_scheme_seed=SEED,
        color_scheme=scheme,
        font_family=FONT,
        text_theme=text_theme(scale, scheme.on_surface),
        # Flutter's primary text theme is for words on the primary colour.
        primary_text_theme=text_theme(scale, scheme.on_primary),
        visual_density=ft.VisualDensity.COMFORTABLE,
        navigation_bar_theme=NavigationBarTheme(label_text_style=bar_label_style(scale)),
        filled_button_theme=button_theme(scheme, filled=True),
        outlined_button_theme=button_theme(scheme),
        text_button_theme=button_theme(scheme),
        use_material3=True,
        date_picker_theme=date_picker_theme(scale, scheme.on_surface),
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
