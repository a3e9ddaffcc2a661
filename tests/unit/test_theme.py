"""Our slim theme reaches Flutter exactly as Flet's own ft.Theme would, and every
ink it paints stands out from its paper (WCAG AA), light and dark."""

import dataclasses
import re
from pathlib import Path

import flet as ft
import msgpack
import pytest
from flet.controls.base_control import BaseControl
from flet.messaging.protocol import configure_encode_object_for_msgpack

from models.contrast import BODY, contrast, rgb
from models.look import TEXT_SCALES
from views import theme

VIEWS = Path(__file__).resolve().parents[2] / "views"


def wire(value) -> dict:
    """What Flet sends to Flutter for `value`."""
    encode = configure_encode_object_for_msgpack(BaseControl)
    return msgpack.unpackb(msgpack.packb(value, default=encode))


def flet_theme(scale: float, scheme: theme.ColorScheme) -> ft.Theme:
    def styles(color: str) -> ft.TextTheme:
        return ft.TextTheme(
            **{
                name: ft.TextStyle(
                    size=round(size * scale, 1),
                    font_family=theme.FONT_BOLD if name in theme._BOLD else theme.FONT,
                    height=1.4 if name.startswith("body") else 1.25,
                    color=color,
                )
                for name, size in theme._SIZES.items()
            }
        )

    bar = ft.NavigationBarTheme(
        label_text_style=ft.TextStyle(size=round(16 * min(scale, 1.15), 1), font_family=theme.FONT)
    )

    def calendar(name: str, size: float) -> ft.TextStyle:
        most = 1.0 if name == "header_headline_text_style" else min(scale, 1.15)
        return ft.TextStyle(
            size=round(size * most, 1), font_family=theme.FONT, color=scheme.on_surface
        )

    picker = ft.DatePickerTheme(
        day_text_style=calendar("day_text_style", 20),
        weekday_text_style=calendar("weekday_text_style", 20),
        year_text_style=calendar("year_text_style", 20),
        header_headline_text_style=calendar("header_headline_text_style", 34),
        header_help_text_style=calendar("header_help_text_style", 18),
    )
    words = {ft.ControlState.DISABLED: scheme.on_surface_variant}
    fill = {ft.ControlState.DISABLED: scheme.surface_container_highest}
    buttons = ft.ButtonStyle(color=words, icon_color=words)
    return ft.Theme(
        color_scheme_seed=theme.SEED,
        color_scheme=ft.ColorScheme(**dataclasses.asdict(scheme)),
        font_family=theme.FONT,
        text_theme=styles(scheme.on_surface),
        primary_text_theme=styles(scheme.on_primary),
        visual_density=ft.VisualDensity.COMFORTABLE,
        navigation_bar_theme=bar,
        date_picker_theme=picker,
        filled_button_theme=ft.FilledButtonTheme(
            style=ft.ButtonStyle(color=words, icon_color=words, bgcolor=fill)
        ),
        outlined_button_theme=ft.OutlinedButtonTheme(style=buttons),
        text_button_theme=ft.TextButtonTheme(style=buttons),
        use_material3=True,
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("scale", TEXT_SCALES)
def test_our_theme_is_sent_as_flets_theme(scale, scheme):
    colours = theme.SCHEMES[scheme]
    ours = wire(theme.make_theme(scale, colours))
    assert ours == wire(flet_theme(scale, colours))
    assert ours["font_family"] == "Atkinson"
    assert ours["text_theme"]["body_medium"]["size"] == round(18 * scale, 1)
    assert ours["navigation_bar_theme"]["label_text_style"]["size"] <= 18.4  # fits a phone
    assert ours["date_picker_theme"]["year_text_style"]["size"] <= 23  # "2014", not "201"
    assert ours["color_scheme"]["surface"] == colours.surface


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_text_style_carries_the_schemes_ink(scheme):
    # A style sent without a colour replaces Flutter's own and paints black text,
    # unreadable on the dark theme (walk-through 2026-11-30: 1.13:1).
    colours = theme.SCHEMES[scheme]
    sent = wire(theme.make_theme(1.0, colours))
    for name in theme._SIZES:
        assert sent["text_theme"][name]["color"] == colours.on_surface, name
        assert sent["primary_text_theme"][name]["color"] == colours.on_primary, name


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_ink_stands_out_from_its_paper(scheme):
    colours = theme.SCHEMES[scheme]
    weak = []
    for pair in theme.PAIRS:
        ratio = contrast(colours.colour(pair.ink), colours.colour(pair.paper))
        if ratio < pair.minimum:
            weak.append(f"{pair.ink} on {pair.paper} ({pair.where}): {ratio:.2f}:1")
    assert not weak, f"below WCAG AA in {scheme}:\n" + "\n".join(weak)


def test_a_disabled_button_can_still_be_read():
    # Flutter's own disabled words, on_surface at 38%, are about 2.3:1 on light.
    for colours in theme.SCHEMES.values():
        sent = wire(theme.make_theme(1.0, colours))
        for kind in ("filled", "outlined", "text"):
            style = sent[f"{kind}_button_theme"]["style"]
            assert style["color"] == {"disabled": colours.on_surface_variant}, kind
            assert set(style) <= {"color", "icon_color", "bgcolor"}, kind  # nothing else changes
        fill = sent["filled_button_theme"]["style"]["bgcolor"]["disabled"]
        assert contrast(colours.colour(theme.DISABLED_TEXT), rgb(fill)) >= BODY


def test_every_colour_a_screen_names_is_in_a_tested_pair():
    # A colour added to a screen without its pair here would go untested.
    tested = {pair.ink for pair in theme.PAIRS} | {pair.paper for pair in theme.PAIRS}
    named = {
        role.lower()
        for path in VIEWS.glob("*.py")
        for role in re.findall(r"ft\.Colors\.([A-Z_]+)", path.read_text(encoding="utf-8"))
    }
    assert named, "no colour roles found in views/"
    assert named - {"transparent"} <= tested, named - tested


def test_our_fields_are_flets_fields():
    # A field Flet renamed or dropped would be sent and silently ignored.
    for ours, flets in (
        (theme.Theme, ft.Theme),
        (theme.TextTheme, ft.TextTheme),
        (theme.NavigationBarTheme, ft.NavigationBarTheme),
        (theme.PageTransitions, ft.PageTransitionsTheme),
        (theme.ColorScheme, ft.ColorScheme),
        (theme.ButtonTheme, ft.FilledButtonTheme),
        (theme.ButtonTheme, ft.OutlinedButtonTheme),
        (theme.ButtonTheme, ft.TextButtonTheme),
    ):
        names = {f.name for f in dataclasses.fields(flets)}
        assert {f.name for f in dataclasses.fields(ours)} <= names, ours
