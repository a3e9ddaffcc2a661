"""About and settings: text size, light or dark, what the app is, where data lives."""

from __future__ import annotations

import flet as ft

from models.journey import TEXT_SCALES
from models.text import t
from views.state import use_app
from views.widgets import Heading, Panel, Para, Screen

SIZE_NAMES = ["settings.size_1", "settings.size_2", "settings.size_3", "settings.size_4", "settings.size_5"]


@ft.component
def SettingsScreen() -> ft.Control:
    app = use_app()
    prefs = app.settings()

    def set_scale(e):
        app.put(prefs.model_copy(update={"text_scale": float(e.control.value)}))

    def set_theme(e):
        app.put(prefs.model_copy(update={"theme": e.control.value}))

    where = {
        "desktop": t("settings.where_desktop", path=str(app.store.path)),
        "web": t("settings.where_web"),
        "browser": t("settings.where_browser"),
    }[app.mode]
    return Screen(
        t("settings.title"),
        Panel(
            Heading(t("settings.size_title"), level=2),
            Para(t("settings.size_intro")),
            ft.RadioGroup(
                value=str(prefs.text_scale),
                on_change=set_scale,
                content=ft.Column([
                    ft.Radio(value=str(scale), label=t(name))
                    for scale, name in zip(TEXT_SCALES, SIZE_NAMES)
                ]),
            ),
        ),
        Panel(
            Heading(t("settings.theme_title"), level=2),
            ft.RadioGroup(
                value=prefs.theme,
                on_change=set_theme,
                content=ft.Column([
                    ft.Radio(value=v, label=t(f"settings.theme_{v}")) for v in ("system", "light", "dark")
                ]),
            ),
        ),
        Panel(
            Heading(t("settings.about_title"), level=2),
            Para(t("settings.about_body")),
            Para(t("home.not_advice")),
        ),
        Panel(
            Heading(t("settings.data_title"), level=2),
            Para(where, selectable=True),
            Para(t("settings.private")),
        ),
    )


ROUTES = [ft.Route(path="settings", component=SettingsScreen)]
