"""Second Opinion Companion: wires the store, the screens and the way the app runs.

python main.py                 desktop window
python main.py --web           local web app on http://127.0.0.1:8550
python main.py --web --port N --data-dir FOLDER
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import flet as ft

from models import in_browser, locations
from models.in_browser import mark
from models.locations import Where
from models.look import read_look
from models.text import DEFAULT_LANG, accept_language, assets_dir, computer_lang, language_of, t
from views import routes
from views.shell import App, apply_look
from views.state import AppState, bind

if TYPE_CHECKING:
    from models.store import Recovery, Store

BROWSER_KEY_PREF = "companion.browser_key"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
# How long a question to the browser may go unanswered before it is asked again.
BROWSER_ANSWER_S = 3.0
BROWSER_ASKS = 20
T = TypeVar("T")


@dataclass
class Config:
    web: bool = False
    host: str = "127.0.0.1"
    port: int = 8550
    data_dir: Path | None = None
    open_browser: bool = True


def parse_args(argv: list[str]) -> Config:
    import argparse  # not in the browser, which has no command line

    parser = argparse.ArgumentParser(description=t("app.name"))
    parser.add_argument("--web", action="store_true", help="serve the app to a browser")
    parser.add_argument("--port", type=int, default=8550)
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: this computer only)"
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help=f"folder for saved data (or set {locations.DATA_DIR_ENV})",
    )
    parser.add_argument("--no-browser", action="store_true", help="do not open a browser tab")
    args = parser.parse_args(argv)
    return Config(
        web=args.web,
        host=args.host,
        port=args.port,
        data_dir=args.data_dir,
        open_browser=not args.no_browser,
    )


def recovery_message(recovery: Recovery | None) -> str:
    if recovery is None:
        return ""
    where = recovery.kept_at.name if recovery.kept_at else ""
    return t(f"recovery.{recovery.reason}", path=where)


async def ask_browser(question: Callable[[], Awaitable[T]]) -> T:
    """Ask the browser something, and ask again if no answer comes.

    A tab reloaded just as the local server restarts can take over a session
    whose question went to the page before it: that answer never comes, and
    waiting for it would leave the screen blank for good.
    """
    for _ in range(BROWSER_ASKS - 1):
        try:
            return await asyncio.wait_for(question(), BROWSER_ANSWER_S)
        except TimeoutError:
            continue
    return await asyncio.wait_for(question(), BROWSER_ANSWER_S)


async def locate_store(page: ft.Page, config: Config) -> Where:
    """This computer's file, or (served to a browser) that browser's own file."""
    data_dir = config.data_dir or locations.default_data_dir()
    if page.web:
        prefs = ft.SharedPreferences()
        key = await ask_browser(lambda: prefs.get(BROWSER_KEY_PREF))
        if not locations.is_browser_key(key):
            key = locations.new_browser_key()
            await ask_browser(lambda: prefs.set(BROWSER_KEY_PREF, key))
        return Where(locations.browser_store_path(data_dir, key), "web")
    return Where(locations.desktop_store_path(data_dir), "desktop")


async def open_store(where: Where, unpack: Unpack | None = None) -> Store:
    """Open the store: this loads pydantic and the models, so it comes after the first frame."""
    if unpack is not None:
        await unpack()
    mark("packagesReady")
    from models.store import Store

    mark("modelsImported")
    return Store(where.path, on_saved=where.on_saved)


async def receive_shared_link(page: ft.Page, state: AppState, first_route: str) -> None:
    """Opened by a scanned share code (`#share=...`): keep it, show what came.

    Only the offline PWA has a public address to share from and be opened at;
    its page.url is the address it was opened at, with `first_route`. The part
    after `#` never reached any server; the receive screen's address replaces it.
    """
    from models.share import app_address, fragment_of

    state.address = app_address(page.url or "", first_route)
    fragment = fragment_of(page.url or "")
    if fragment is None:
        return
    from views.share import take_link

    take_link(state, fragment)
    page.navigate(routes.RECEIVE)


def device_language(page: ft.Page, mode: str) -> str:
    """Spanish if the device or browser prefers it, else English."""
    if mode == "desktop":
        return computer_lang()
    if mode == "browser":
        tags = in_browser.languages()
    else:
        # Flet keeps the browser's request to itself; its Accept-Language header says
        # which languages the browser prefers. (A private name: if Flet renames it,
        # the app speaks English, and tests/e2e/test_spanish.py says so.)
        socket = getattr(page.session.connection, "_FletApp__websocket", None)
        tags = accept_language(socket.headers.get("accept-language", "") if socket else "")
    return language_of(tags) or DEFAULT_LANG


Locate = Callable[[ft.Page], Awaitable[Where]]
Unpack = Callable[[], Awaitable[None]]


def make_main(locate: Locate, unpack: Unpack | None = None) -> Callable[[ft.Page], Awaitable[None]]:
    """The app for one page: `locate` finds the store, `unpack` readies its packages."""

    async def main(page: ft.Page) -> None:
        mark("mainStarted")
        first_route = page.route or "/"
        page.padding = 0
        page.spacing = 0
        where = await locate(page)
        state = AppState(
            mode=where.mode,
            look=read_look(where.path),
            device_lang=device_language(page, where.mode),
        )
        bind(page, state)
        page.title = t("app.name")
        mark("storeLocated")
        # The first frame already in our font, colours, size and language.
        apply_look(page, state.look, state.lang)
        mark("lookApplied")
        page.render(App, state)
        mark("firstFrameSent")
        store = await open_store(where, unpack)
        mark("storeOpened")
        state.open(store, notice=recovery_message(store.recovery))
        mark("homeSent")
        if where.mode == "browser":
            await receive_shared_link(page, state, first_route)

    return main


def run(argv: list[str]) -> None:
    if in_browser.IN_BROWSER:  # the offline PWA: Flet runs it in the page; no command line
        ft.run(make_main(lambda _page: in_browser.locate_store(), in_browser.load_later_packages))
        return
    serve(parse_args(argv))


def serve(config: Config) -> None:
    """A desktop window, or a local web app with --web."""
    main = make_main(lambda page: locate_store(page, config))
    assets = str(assets_dir())
    if config.web:
        if config.host not in LOOPBACK:
            say(t("cli.open_network_warning", host=config.host))
        if not config.open_browser:
            # Flet prints the address instead of opening a browser when this is set.
            os.environ.setdefault("FLET_DISPLAY_URL_PREFIX", t("cli.serving"))
        ft.run(
            main,
            view=ft.AppView.WEB_BROWSER,
            host=config.host,
            port=config.port,
            assets_dir=assets,
            no_cdn=True,
        )
        return
    from views.desktop import prepare_window  # the desktop window only; not in the browser

    why_not = prepare_window(lambda key: say(t(f"cli.desktop_{key}")))
    if why_not is None:
        try:
            ft.run(main, assets_dir=assets)
            return
        except Exception as err:  # the desktop client could not start
            say(t("cli.desktop_failed", error=err))
    else:
        say(t(f"cli.desktop_instead_{why_not}"))
    config.web = True
    serve(config)


def say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


if __name__ == "__main__":
    run(sys.argv[1:])
