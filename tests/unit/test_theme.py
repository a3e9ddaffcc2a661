"""Our slim theme reaches Flutter exactly as Flet's own ft.Theme would."""

import dataclasses

import flet as ft
import msgpack
import pytest
from flet.controls.base_control import BaseControl
from flet.messaging.protocol import configure_encode_object_for_msgpack

from models.look import TEXT_SCALES
from views import theme


def wire(value) -> dict:
    """What Flet sends to Flutter for `value`."""
    encode = configure_encode_object_for_msgpack(BaseControl)
    return msgpack.unpackb(msgpack.packb(value, default=encode))


def flet_theme(scale: float) -> ft.Theme:
    def styles(color: ft.Colors) -> ft.TextTheme:
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
    return ft.Theme(
        color_scheme_seed=theme.SEED,
        font_family=theme.FONT,
        text_theme=styles(ft.Colors.ON_SURFACE),
        primary_text_theme=styles(ft.Colors.ON_PRIMARY),
        visual_density=ft.VisualDensity.COMFORTABLE,
        navigation_bar_theme=bar,
        use_material3=True,
    )


@pytest.mark.parametrize("scale", TEXT_SCALES)
def test_our_theme_is_sent_as_flets_theme(scale):
    ours = wire(theme.make_theme(scale))
    assert ours == wire(flet_theme(scale))
    assert ours["font_family"] == "Atkinson"
    assert ours["text_theme"]["body_medium"]["size"] == round(18 * scale, 1)
    assert ours["navigation_bar_theme"]["label_text_style"]["size"] <= 18.4  # fits a phone


def test_every_text_style_names_its_colour_by_role():
    # A style sent without a colour replaces Flutter's own and paints black text,
    # unreadable on the dark theme (walk-through 2026-11-30: 1.13:1).
    sent = wire(theme.make_theme(1.0))
    for name in theme._SIZES:
        assert sent["text_theme"][name]["color"] == "onsurface", name
        assert sent["primary_text_theme"][name]["color"] == "onprimary", name


def test_our_fields_are_flets_fields():
    # A field Flet renamed or dropped would be sent and silently ignored.
    for ours, flets in (
        (theme.Theme, ft.Theme),
        (theme.TextTheme, ft.TextTheme),
        (theme.NavigationBarTheme, ft.NavigationBarTheme),
        (theme.PageTransitions, ft.PageTransitionsTheme),
    ):
        names = {f.name for f in dataclasses.fields(flets)}
        assert {f.name for f in dataclasses.fields(ours)} <= names, ours
