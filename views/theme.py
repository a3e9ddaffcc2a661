"""One theme: calm colours, our own legible font, and the person's text size."""

from __future__ import annotations

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
    "display_large": 52, "display_medium": 44, "display_small": 38,
    "headline_large": 34, "headline_medium": 30, "headline_small": 27,
    "title_large": 24, "title_medium": 20, "title_small": 18,
    "body_large": 20, "body_medium": 18, "body_small": 16,
    "label_large": 18, "label_medium": 16, "label_small": 16,
}
_BOLD = {"display_large", "display_medium", "display_small", "headline_large",
         "headline_medium", "headline_small", "title_large", "title_medium"}


def text_theme(scale: float) -> ft.TextTheme:
    styles = {
        name: ft.TextStyle(
            size=round(size * scale, 1),
            font_family=FONT_BOLD if name in _BOLD else FONT,
            height=1.4 if name.startswith("body") else 1.25,
        )
        for name, size in _SIZES.items()
    }
    return ft.TextTheme(**styles)


def make_theme(scale: float) -> ft.Theme:
    # Flet derives the dark colours from the same seed when this is the dark_theme.
    return ft.Theme(
        color_scheme_seed=SEED,
        font_family=FONT,
        text_theme=text_theme(scale),
        primary_text_theme=text_theme(scale),
        visual_density=ft.VisualDensity.COMFORTABLE,
        use_material3=True,
    )


def size(name: str, scale: float) -> float:
    """A text size by theme name, for the few places that set one directly."""
    return round(_SIZES[name] * scale, 1)
