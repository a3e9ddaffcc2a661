"""The app shell: one Router, the navigation (bar on phones, rail when wider),
the theme and text size, and a place for kind messages."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import NamedTuple, cast

import flet as ft

from models.text import t
from views import routes
from views.home import Home
from views.state import (
    AppContext,
    AppState,
    PhoneContext,
    go,
    use_app,
    use_is_phone,
    use_title,
)
from views.theme import (
    BAR_MAX_SCALE,
    CONTENT_MAX_WIDTH,
    DARK,
    FONT_BOLD,
    FONTS,
    LIGHT,
    PHONE_MAX_WIDTH,
    bar_label_style,
    make_theme,
    size,
)
from views.widgets import Button, Para


class NavEntry(NamedTuple):
    route: str
    label_key: str
    icon: ft.IconData
    selected_icon: ft.IconData


# The first five fit a phone's bar; notes and settings sit in its top bar.
NAV = [
    NavEntry(routes.HOME, "nav.home", ft.Icons.HOME_OUTLINED, ft.Icons.HOME),
    NavEntry(routes.LEARN, "nav.learn", ft.Icons.MENU_BOOK_OUTLINED, ft.Icons.MENU_BOOK),
    NavEntry(routes.DECIDE, "nav.decide", ft.Icons.BALANCE_OUTLINED, ft.Icons.BALANCE),
    NavEntry(routes.FIND, "nav.find", ft.Icons.TRAVEL_EXPLORE_OUTLINED, ft.Icons.TRAVEL_EXPLORE),
    NavEntry(routes.PREPARE, "nav.prepare", ft.Icons.CHECKLIST_OUTLINED, ft.Icons.CHECKLIST),
    NavEntry(routes.NOTES, "nav.notes", ft.Icons.EDIT_NOTE_OUTLINED, ft.Icons.EDIT_NOTE),
    NavEntry(routes.SETTINGS, "nav.settings", ft.Icons.SETTINGS_OUTLINED, ft.Icons.SETTINGS),
]
PHONE_NAV = 5


def apply_look(page: ft.Page, look, lang: str) -> None:
    """Font, colours, text size and language from the person's settings (a
    models.look.Look), and the language the app speaks (AppState.lang)."""
    page.fonts = FONTS
    # Flutter's own words (a field's menu, a date picker) follow the app's language.
    page.locale_configuration = ft.LocaleConfiguration(
        supported_locales=[ft.Locale("en", "US"), ft.Locale("es", "US")],
        current_locale=ft.Locale(lang, "US"),
    )
    # Our slim Theme is sent exactly as an ft.Theme would be (tests/unit/test_theme.py)
    # without importing Flet's theme module before the first frame (views/theme.py).
    page.theme = cast("ft.Theme", make_theme(look.text_scale, LIGHT))
    page.dark_theme = cast("ft.Theme", make_theme(look.text_scale, DARK))
    page.theme_mode = ft.ThemeMode(look.theme)


def TopAction(
    icon: ft.IconData,
    word: str,
    on_click: Callable[[], object],
    scale: float,
    *,
    name: str = "",
    selected: bool = False,
) -> ft.Control:
    """A top-bar button with its word under the icon, as in the bottom bar. A
    screen reader says `name` (if any), then the word: "About and settings, Text size"."""
    return ft.TextButton(
        content=ft.Column(
            [
                ft.Icon(
                    icon,
                    size=26,
                    color=ft.Colors.PRIMARY if selected else ft.Colors.ON_SURFACE_VARIANT,
                    semantics_label=name or None,
                ),
                ft.Text(word, style=bar_label_style(scale), color=ft.Colors.ON_SURFACE),
            ],
            spacing=2,
            tight=True,
            horizontal_alignment=ft.CrossAxisAlignment.CENTER,
        ),
        on_click=on_click,
        style=ft.ButtonStyle(
            padding=ft.Padding.symmetric(horizontal=8, vertical=4),
            shape=ft.RoundedRectangleBorder(radius=12),
        ),
    )


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
    phone = use_is_phone()
    # Each step's screens sit under its address, so the Router knows which is open.
    # Asked for every entry, phone or not: each question is a hook, in a fixed order.
    active = {entry.route: ft.is_route_active(entry.route) for entry in NAV}
    look = app.look
    first_look = ft.use_ref(look)  # main.py applied it before the first frame

    def apply_theme():
        if look != first_look.current:
            first_look.current = look
            apply_look(page, look, app.lang)
            page.update()

    ft.use_effect(apply_theme, dependencies=[look.text_scale, look.theme, app.lang])

    entries = NAV[:PHONE_NAV] if phone else NAV
    selected = next((i for i, entry in enumerate(entries) if active[entry.route]), None)

    def on_nav(e):
        go(entries[e.control.selected_index].route)

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
        # Like the bottom bar, the top bar stops growing at "Large": its words fit.
        bar_scale = min(look.text_scale, BAR_MAX_SCALE)
        top = ft.Container(
            content=ft.Row(
                [
                    ft.Text(
                        t("app.short"),
                        style=ft.TextStyle(size=size("title_medium", bar_scale)),
                        font_family=FONT_BOLD,
                        expand=True,
                    ),
                    TopAction(
                        ft.Icons.EDIT_NOTE,
                        t("nav_bar.notes"),
                        lambda: go(routes.NOTES),
                        bar_scale,
                        selected=active[routes.NOTES],
                    ),
                    # The gear's word is "Text size": what most people open it for.
                    TopAction(
                        ft.Icons.SETTINGS_OUTLINED,
                        t("nav_bar.settings"),
                        lambda: go(routes.SETTINGS),
                        bar_scale,
                        name=t("nav.settings"),
                        selected=active[routes.SETTINGS],
                    ),
                ],
                spacing=4,
            ),
            padding=ft.Padding.only(left=16, right=4, top=4, bottom=4),
            bgcolor=ft.Colors.SURFACE_CONTAINER,
        )
        bar = ft.NavigationBar(
            destinations=[
                ft.NavigationBarDestination(
                    icon=entry.icon,
                    selected_icon=entry.selected_icon,
                    label=t(entry.label_key.replace("nav.", "nav_bar.", 1)),
                )
                for entry in entries
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
            ft.NavigationRailDestination(
                icon=entry.icon, selected_icon=entry.selected_icon, label=t(entry.label_key)
            )
            for entry in entries
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
    use_title("nav.home")
    return ft.Column(
        [ft.Text(t("common.not_found")), Button(t("nav.home"), lambda: go(routes.HOME))],
        spacing=16,
    )


@ft.component
def Opening() -> ft.Control:
    return Para(t("common.opening"), muted=True)


def screen(entry: routes.ScreenRoute) -> Callable[[], ft.Control]:
    """The component views.<module>.<component>, imported when first shown."""

    def Later() -> ft.Control:
        use_title(entry.title_key)
        if not use_app().ready:
            return Opening()
        return getattr(importlib.import_module(f"views.{entry.module}"), entry.component)()

    Later.__name__ = Later.__qualname__ = entry.component
    return ft.component(Later)


Forwarded: ft.ContextProvider[set[str]] = ft.create_context(set())
"""The old addresses this session has already sent on to their new ones."""


def moved(new: str) -> Callable[[], ft.Control]:
    """An old address (routes.MOVED): its screen, and the address bar is set to the
    new one. Only once: the browser's Back then shows the screen, and Back again
    leaves, rather than being sent forward again and again."""
    target = screen(next(entry for entry in routes.SCREENS if entry.path == new))

    def Moved() -> ft.Control:
        forwarded = ft.use_context(Forwarded)
        location = ft.use_route_location()
        params = ft.use_route_params()

        def forward():
            if location not in forwarded:
                forwarded.add(location)
                go(new, **params)

        ft.use_effect(forward, dependencies=[location])
        return target()

    return ft.component(Moved)


ROUTES = [
    ft.Route(
        component=Shell,
        children=[
            ft.Route(index=True, component=Home),
            *(ft.Route(path=entry.path, component=screen(entry)) for entry in routes.SCREENS),
            *(ft.Route(path=old, component=moved(new)) for old, new in routes.MOVED.items()),
            ft.Route(path=":rest*", component=NotFound),
        ],
    )
]


@ft.component
def App(state: AppState) -> ft.Control:
    page = ft.context.page
    forwarded, _ = ft.use_state(set[str]())  # one set for the session, never replaced
    phone, set_phone = ft.use_state((page.width or 1024) < PHONE_MAX_WIDTH)

    def listen_resize():
        page.on_resize = lambda e: set_phone(e.width < PHONE_MAX_WIDTH)

    ft.use_effect(listen_resize, dependencies=[])
    return AppContext(
        state,
        lambda: PhoneContext(phone, lambda: Forwarded(forwarded, lambda: ft.Router(ROUTES))),
    )
