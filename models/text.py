"""Every UI string, looked up by key from assets/content/<lang>/ui.toml.

Adding a language is adding a folder of files; views never hold sentences.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

ASSETS_ENV = "COMPANION_ASSETS"
DEFAULT_LANG = "en"
LANGS = ("en", "es")
"""The languages the app speaks: a folder of content each, in assets/content/."""

_session_lang: Callable[[], str | None] | None = None


def follow_sessions(source: Callable[[], str | None]) -> None:
    """Where the language of the screen being drawn comes from (views/state.py).

    In the local web app one process serves several browsers, each in its own
    language, so the language is the session's, not the process's. Outside any
    session (the command line) `source` gives None and the computer's is used.
    """
    global _session_lang
    _session_lang = source


def language_of(tags: list[str] | tuple[str, ...]) -> str | None:
    """The first of our languages among language tags in order of preference
    ("es-US", "es_MX.UTF-8", "en"), or None if none is ours."""
    for tag in tags:
        code = tag.strip().replace("_", "-").split("-", 1)[0].split(".", 1)[0].lower()
        if code in LANGS:
            return code
    return None


def accept_language(header: str) -> list[str]:
    """The tags of an HTTP Accept-Language header, most wanted first."""
    weighted = []
    for n, item in enumerate(header.split(",")):
        tag, _, params = item.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if tag and q > 0:
            weighted.append((-q, n, tag))
    return [tag for _q, _n, tag in sorted(weighted)]


@lru_cache(maxsize=1)
def computer_lang() -> str:
    """The computer's language (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), if it is ours."""
    tags = []
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        tags += [tag for tag in os.environ.get(name, "").split(":") if tag]
    return language_of(tags) or DEFAULT_LANG


def folded(text: str) -> str:
    """Text as a search compares it: no case, no accents ("Metástasis" → "metastasis"),
    so a person finds a word however they type it, in either language."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def current_lang() -> str:
    """The language to speak now: the session's, else the computer's."""
    lang = _session_lang() if _session_lang is not None else None
    return lang if lang in LANGS else computer_lang()


def assets_dir() -> Path:
    """The assets folder: beside the code, or where COMPANION_ASSETS points."""
    override = os.environ.get(ASSETS_ENV)
    if override:
        return Path(override)
    return Path(__file__).resolve().parent.parent / "assets"


def _flatten(table: dict, prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, name + "."))
        else:
            flat[name] = value
    return flat


# The offline PWA's build writes ui.toml's strings, flattened, beside it as
# JSON (tools/build_pwa.py): in the browser JSON reads 20 times faster than
# TOML, and the first frame waits for these. ui.toml stays the only source.
BUILT_SUFFIX = ".json"


@lru_cache(maxsize=4)
def strings(lang: str = DEFAULT_LANG) -> dict[str, str]:
    path = assets_dir() / "content" / lang / "ui.toml"
    built = path.with_name(path.name + BUILT_SUFFIX)
    if built.exists():
        return json.loads(built.read_text(encoding="utf-8"))
    return ui_strings(path)


def ui_strings(path: Path) -> dict[str, str]:
    """A ui.toml file's strings, keyed "section.key"."""
    import tomllib

    with open(path, "rb") as f:
        return _flatten(tomllib.load(f))


def t(key: str, lang: str | None = None, **values: object) -> str:
    """The UI string for `key`, filled in with `values`, in `lang` (by default
    the language being spoken now, current_lang()).

    A missing key shows the key itself, so a gap is visible, never a crash.
    """
    return fill(strings, key, lang or current_lang(), values)


def fill(table: Callable[[str], dict[str, str]], key: str, lang: str, values: dict) -> str:
    """`key` looked up in `table(lang)`, then in the default language's; the
    key itself if neither has it."""
    text = table(lang).get(key)
    if text is None and lang != DEFAULT_LANG:
        text = table(DEFAULT_LANG).get(key)
    if text is None:
        return key
    return text.format(**values) if values else text
