"""The state every screen shares: the person's store, and what went wrong kindly."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import flet as ft

from models import text
from models.look import SETTINGS_TABLE, Look, look_of
from models.text import t
from views import routes

if TYPE_CHECKING:  # the models load after the first screen is drawn (main.py)
    from models.journey import Item, Settings, Single
    from models.store import Store


class Drafts:
    """Words typed in a form and not yet saved, by what the form is about, so
    leaving a screen never loses them. Not a dict: an observable wraps (and
    copies) a dict, and keeping a draft must redraw nothing."""

    def __init__(self) -> None:
        self._waiting: dict[str, dict] = {}

    def get(self, key: str) -> dict | None:
        return self._waiting.get(key)

    def keep(self, key: str, draft: dict) -> None:
        self._waiting[key] = draft

    def drop(self, key: str) -> None:
        self._waiting.pop(key, None)


@ft.observable
@dataclass
class AppState:
    opened: Store | None = None
    """The person's store; None until it is open: the first screen is drawn before that."""
    mode: str = "desktop"
    """"desktop", "web" (served by Python) or "browser" (the offline PWA)."""
    revision: int = 0
    """Bumped after every change so screens that read the store draw again."""
    problem: str = ""
    """A kind message after a save that failed; nothing saved before is lost."""
    notice: str = ""
    """A one-time message about the saved file (moved aside, migrated)."""
    look: Look = field(default_factory=Look)
    """Text size and colours, known before the store is open."""
    address: str = ""
    """The app's own public address, for share links: the offline PWA's only."""
    shared_problem: str = ""
    """Why a scanned share code could not be read (views/share.py)."""
    shared_restarted: bool = False
    """A scanned code was from another shared plan, so the earlier codes were set aside."""
    device_lang: str = text.DEFAULT_LANG
    """The device's or browser's language, if it is one of ours (main.py)."""
    drafts: Drafts = field(default_factory=lambda: Drafts())
    """Words typed in forms and not yet saved (views/forms.py, use_form's `keep`)."""

    @property
    def lang(self) -> str:
        """The language every screen speaks: the one chosen in settings, else the device's."""
        return self.look.language or self.device_lang

    def __post_init__(self) -> None:
        if self.opened is not None:
            self._refresh_look()

    @property
    def ready(self) -> bool:
        return self.opened is not None

    @property
    def store(self) -> Store:
        """The open store. Only Home is drawn before it opens, and Home asks `ready`
        first; every other screen is drawn once it is open (views/shell.py, screen())."""
        if self.opened is None:
            raise RuntimeError("The store is not open yet: ask AppState.ready first.")
        return self.opened

    def open(self, store: Store, notice: str = "") -> None:
        """The store is open: every screen can now read and save."""
        self.opened = store
        self.notice = notice
        self._refresh_look()
        self.revision += 1

    def _refresh_look(self) -> None:
        from models.journey import Settings

        self.look = look_of(self.store.load(Settings).model_dump())

    def save(self, item: Item) -> bool:
        return self._write(lambda: self.store.save(item))

    def put(self, single: Single) -> bool:
        return self._write(
            lambda: self.store.put(single), look_changes=single.table == SETTINGS_TABLE
        )

    def delete(self, kind: type[Item], item_id: str) -> bool:
        return self._write(lambda: self.store.delete(kind, item_id))

    def replace_all(self, tables: dict) -> bool:
        return self._write(lambda: self.store.replace_all(tables), look_changes=True)

    def settings(self) -> Settings:
        from models.journey import Settings

        return self.store.load(Settings)

    def _write(self, action, look_changes: bool = False) -> bool:
        from models.store import StoreWriteError

        try:
            action()
        except StoreWriteError:
            self.problem = t("problem.cannot_save")
            return False
        self.problem = ""
        if look_changes:  # a saved setting or a restored backup
            self._refresh_look()
        self.revision += 1
        return True

    def dismiss(self) -> None:
        if self.notice and not self.problem and self.opened is not None:
            self.opened.acknowledge()  # read: other pages stop saying it too
        self.problem = ""
        self.notice = ""


def bind(page: ft.Page, state: AppState) -> None:
    """`state` is this page's: models.text.t() speaks its language while drawing it.
    (Kept in `page.data`, which Flet never sends to the browser.)"""
    page.data = state


def _session_lang() -> str | None:
    try:
        page = ft.context.page
    except RuntimeError:  # not drawing any page: the command line
        return None
    state = page.data
    return state.lang if isinstance(state, AppState) else None


text.follow_sessions(_session_lang)


AppContext: ft.ContextProvider[AppState | None] = ft.create_context(None)
"""Provided by views.shell.App around the whole app; None only outside it."""


def use_app() -> AppState:
    """The shared state; the calling screen redraws whenever it changes."""
    app = ft.use_context(AppContext)
    if app is None:
        raise RuntimeError("use_app() is for screens drawn inside views.shell.App.")
    return app


PhoneContext: ft.ContextProvider[bool] = ft.create_context(False)
"""Provided by views.shell.App: whether the window is as narrow as a phone."""


def use_is_phone() -> bool:
    """True while the window is phone-narrow; the calling screen redraws when that changes."""
    return ft.use_context(PhoneContext)


def use_title(key: str) -> None:
    """The browser tab (or window) names the screen: "My questions · Second Opinion Companion"."""
    page = ft.context.page

    def set_title():
        page.title = f"{t(key)} · {t('app.name')}"
        page.update()

    ft.use_effect(set_title, dependencies=[key, text.current_lang()])


def go(route: str, **params: str) -> None:
    """Open a screen by its name in views/routes.py: go(routes.TOPIC, topic="cost")."""
    ft.context.page.navigate(routes.path(route, **params))


def delete_with_undo(app: AppState, item: Item, message: str) -> None:
    """Delete `item`; a short message with an Undo button brings it back."""
    if not app.delete(type(item), item.id):
        return
    ft.context.page.show_dialog(
        ft.SnackBar(
            content=ft.Text(message),
            action=t("common.undo"),
            on_action=lambda e: app.save(item),
            duration=ft.Duration(seconds=8),
            show_close_icon=True,
        )
    )


def is_web_link(url: str) -> bool:
    return url.lower().startswith(("https://", "http://"))


async def open_link(url: str) -> None:
    """Open a web page in the browser; anything but http(s) is refused."""
    if is_web_link(url):
        await ft.UrlLauncher().launch_url(url)


def phone_link(number: str) -> str | None:
    """A tel: link built only from the digits of a phone number (letters as on a keypad)."""
    keypad = {
        c: d
        for d, letters in {
            "2": "abc",
            "3": "def",
            "4": "ghi",
            "5": "jkl",
            "6": "mno",
            "7": "pqrs",
            "8": "tuv",
            "9": "wxyz",
        }.items()
        for c in letters
    }
    digits = "".join(keypad.get(c, c) for c in number.lower() if c.isdigit() or c in keypad)
    return f"tel:{digits}" if len(digits) >= 7 else None


def dial(number: str) -> ft.OpenUrl | None:
    """Calling `number`, for a button's `action` (None without a number).

    The browser opens the tel: link within the tap itself and hands it to the
    phone's dialler. Sent through Python instead, it arrives after the tap is
    over: iOS Safari then ignores it, and Chromium may block it. No target is
    given, so url_launcher picks the browser's own way (Safari keeps the page
    and shows its call prompt; others hand a new window to the dialler), and
    the app's page keeps its address."""
    link = phone_link(number)
    return ft.OpenUrl(link) if link else None
