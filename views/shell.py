"""The app shell: one Router, the navigation (bar on phones, rail when wider),
the theme and text size, and a place for kind messages."""

from __future__ import annotations

import importlib
from typing import cast

import flet as ft

from models.text import t
from views.home import Home
from views.state import AppContext, AppState, go, use_app
from views.theme import CONTENT_MAX_WIDTH, FONTS, PHONE_MAX_WIDTH, make_theme
from views.widgets import Button, IconAction, Para

# (route, label key, icon, selected icon); the first five fit a phone's bar.
NAV = [
    ("/", "nav.home", ft.Icons.HOME_OUTLINED, ft.Icons.HOME),
    ("/learn", "nav.learn", ft.Icons.MENU_BOOK_OUTLINED, ft.Icons.MENU_BOOK),
    ("/decide", "nav.decide", ft.Icons.BALANCE_OUTLINED, ft.Icons.BALANCE),
    ("/find", "nav.find", ft.Icons.TRAVEL_EXPLORE_OUTLINED, ft.Icons.TRAVEL_EXPLORE),
    ("/prepare", "nav.prepare", ft.Icons.CHECKLIST_OUTLINED, ft.Icons.CHECKLIST),
    ("/notes", "nav.notes", ft.Icons.EDIT_NOTE_OUTLINED, ft.Icons.EDIT_NOTE),
    ("/settings", "nav.settings", ft.Icons.SETTINGS_OUTLINED, ft.Icons.SETTINGS),
]
PHONE_NAV = 5

# Which navigation entry a screen belongs to, by the first part of its path.
SECTION_OF = {
    "": "/",
    "learn": "/learn",
    "glossary": "/learn",
    "decide": "/decide",
    "find": "/find",
    "prepare": "/prepare",
    "questions": "/prepare",
    "visit": "/prepare",
    "compare": "/prepare",
    "notes": "/notes",
    "settings": "/settings",
}


def section_of(location: str) -> str:
    first = location.strip("/").split("/", 1)[0]
    return SECTION_OF.get(first, "/")


def title_key(location: str) -> str:
    first = location.strip("/").split("/", 1)[0]
    return {
        "questions": "questions.title",
        "glossary": "glossary.title",
        "visit": "visit.title",
        "compare": "compare.title",
    }.get(first, next(key for route, key, *_ in NAV if route == section_of(location)))


def apply_look(page: ft.Page, look) -> None:
    """Font, colours and text size from the person's settings (a models.look.Look)."""
    page.fonts = FONTS
    # Our slim Theme is sent exactly as an ft.Theme would be (tests/unit/test_theme.py)
    # without importing Flet's theme module before the first frame (views/theme.py).
    page.theme = cast("ft.Theme", make_theme(look.text_scale))
    page.dark_theme = cast("ft.Theme", make_theme(look.text_scale))
    page.theme_mode = ft.ThemeMode(look.theme)


@ft.component
def Messages() -> ft.Control:
    app = use_app()
    message = app.problem or app.notice
    if not message:
        return ft.Container(height=0)
    return ft.Container(
        content=ft.Row(
            [
                ft.Icon(ft.Icons.INFO_OUTLINE, color=ft.Colors.ON_SECONDARY_CONTAINER),
                ft.Text(message, expand=True, color=ft.Colors.ON_SECONDARY_CONTAINER),
                Button(t("common.ok"), lambda: app.dismiss(), kind="text"),
            ],
            vertical_alignment=ft.CrossAxisAlignment.CENTER,
        ),
        bgcolor=ft.Colors.SECONDARY_CONTAINER,
        border_radius=12,
        padding=12,
        margin=ft.Margin.only(bottom=12),
    )


@ft.component
def Shell() -> ft.Control:
    app = use_app()
    page = ft.context.page
    outlet = ft.use_route_outlet()
    location = ft.use_route_location()
    width, set_width = ft.use_state(page.width or 1024)
    look = app.look
    first_look = ft.use_ref(look)  # main.py applied it before the first frame

    def listen_resize():
        page.on_resize = lambda e: set_width(e.width)

    ft.use_effect(listen_resize, dependencies=[])

    def apply_theme():
        if look != first_look.current:
            first_look.current = look
            apply_look(page, look)
            page.update()

    ft.use_effect(apply_theme, dependencies=[look.text_scale, look.theme])

    def set_title():
        page.title = f"{t(title_key(location))} · {t('app.name')}"
        page.update()

    ft.use_effect(set_title, dependencies=[location])

    phone = width < PHONE_MAX_WIDTH
    entries = NAV[:PHONE_NAV] if phone else NAV
    current = section_of(location)
    selected = next((i for i, (r, *_) in enumerate(entries) if r == current), None)

    def on_nav(e):
        go(entries[e.control.selected_index][0])

    body = ft.Container(
        content=ft.Column(
            [Messages(), outlet],
            width=CONTENT_MAX_WIDTH,
            spacing=0,
        ),
        padding=ft.Padding.symmetric(horizontal=16 if phone else 32, vertical=16),
        alignment=ft.Alignment.TOP_CENTER,
    )
    scroller = ft.Column(
        [body],
        scroll=ft.ScrollMode.AUTO,
        expand=True,
        horizontal_alignment=ft.CrossAxisAlignment.CENTER,
        # A new key per address makes a new scroll view: every screen opens at its
        # top, not at the last screen's scroll position.
        key=location,
    )

    if phone:
        top = ft.Container(
            content=ft.Row(
                [
                    ft.Text(
                        t("app.short"), theme_style=ft.TextThemeStyle.TITLE_MEDIUM, expand=True
                    ),
                    IconAction(
                        ft.Icons.EDIT_NOTE,
                        t("nav.notes"),
                        lambda: go("/notes"),
                        selected=current == "/notes",
                    ),
                    IconAction(
                        ft.Icons.SETTINGS_OUTLINED,
                        t("nav.settings"),
                        lambda: go("/settings"),
                        selected=current == "/settings",
                    ),
                ],
            ),
            padding=ft.Padding.only(left=16, right=4, top=4),
            bgcolor=ft.Colors.SURFACE_CONTAINER,
        )
        bar = ft.NavigationBar(
            destinations=[
                ft.NavigationBarDestination(
                    icon=icon, selected_icon=sel, label=t(key.replace("nav.", "nav_bar.", 1))
                )
                for _, key, icon, sel in entries
            ],
            selected_index=selected if selected is not None else 0,
            indicator_color=ft.Colors.PRIMARY_CONTAINER
            if selected is not None
            else ft.Colors.TRANSPARENT,
            on_change=on_nav,
        )
        return ft.Column([top, scroller, bar], spacing=0, expand=True)

    rail = ft.NavigationRail(
        destinations=[
            ft.NavigationRailDestination(icon=icon, selected_icon=sel, label=t(key))
            for _, key, icon, sel in entries
        ],
        selected_index=selected,
        label_type=ft.NavigationRailLabelType.ALL,
        min_width=96,
        group_alignment=-0.9,
        on_change=on_nav,
        leading=ft.Container(
            content=ft.Image(src="icon.png", width=48, height=48, semantics_label=t("app.name")),
            padding=ft.Padding.only(top=16, bottom=8),
        ),
    )
    return ft.Row([rail, ft.VerticalDivider(width=1), scroller], spacing=0, expand=True)


@ft.component
def NotFound() -> ft.Control:
    return ft.Column(
        [ft.Text(t("common.not_found")), Button(t("nav.home"), lambda: go("/"))],
        spacing=16,
    )


@ft.component
def Opening() -> ft.Control:
    return Para(t("common.opening"), muted=True)


# Every screen but Home: (path, module in views/, component). A screen's module
# is imported the first time it is shown, once the store is open, so the first
# frame waits for none of them (nor for pydantic, which they all use).
SCREENS = [
    ("learn", "learn", "Learn"),
    ("learn/:topic", "learn", "Topic"),
    ("learn/:topic/words/:term", "learn", "Glossary"),
    ("glossary", "learn", "Glossary"),
    ("glossary/:term", "learn", "Glossary"),
    ("decide", "decide", "Decide"),
    ("decide/reasons", "decide", "Reasons"),
    ("decide/worries", "decide", "Worries"),
    ("decide/check", "decide", "Check"),
    ("decide/weigh", "decide", "Weigh"),
    ("find", "find", "Find"),
    ("find/centers", "find", "Centers"),
    ("find/script", "find", "CallScript"),
    ("find/tracker", "find", "Tracker"),
    ("find/tracker/:provider", "find", "ProviderForm"),
    ("prepare", "prepare", "Prepare"),
    ("prepare/records", "prepare", "Records"),
    ("prepare/letter", "prepare", "Letter"),
    ("prepare/concerns", "prepare", "Concerns"),
    ("prepare/appointment", "prepare", "AppointmentScreen"),
    ("prepare/bring", "prepare", "Bring"),
    ("prepare/brief", "visit", "BriefScreen"),
    ("visit", "visit", "Visit"),
    ("compare", "visit", "Compare"),
    ("questions", "questions", "Questions"),
    ("questions/bank", "questions", "QuestionBank"),
    ("notes", "notes", "Notes"),
    ("settings", "settings", "SettingsScreen"),
]


def screen(module: str, name: str):
    """The component views.<module>.<name>, imported when first shown."""

    def Later() -> ft.Control:
        if not use_app().ready:
            return Opening()
        return getattr(importlib.import_module(f"views.{module}"), name)()

    Later.__name__ = Later.__qualname__ = name
    return ft.component(Later)


ROUTES = [
    ft.Route(
        component=Shell,
        children=[
            ft.Route(index=True, component=Home),
            *(
                ft.Route(path=path, component=screen(module, name))
                for path, module, name in SCREENS
            ),
            ft.Route(path=":rest*", component=NotFound),
        ],
    )
]


@ft.component
def App(state: AppState) -> ft.Control:
    return AppContext(state, lambda: ft.Router(ROUTES))
