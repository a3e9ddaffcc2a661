"""How well words stand out from what is behind them: WCAG 2's contrast ratio.

The theme's colour pairs (views/theme.py) and the colours read from screenshots
(tests/e2e/test_readability.py) are held to the same AA figures.
"""

from __future__ import annotations

BODY = 4.5
"""AA for body text: at least 4.5:1."""
LARGE = 3.0
"""AA for large text (24 px, or 18.7 px bold) and for icons and borders: 3:1."""

Colour = tuple[int, int, int]


def rgb(colour: str) -> Colour:
    """ "#2F6F73" as (47, 111, 115)."""
    value = colour.removeprefix("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def luminance(colour: Colour) -> float:
    """WCAG 2 relative luminance: 0 for black, 1 for white."""

    def channel(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = colour
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: Colour, b: Colour) -> float:
    """From 1 (the same) to 21 (black on white)."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
