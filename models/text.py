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


def t(key: str, lang: str = DEFAULT_LANG, **values: object) -> str:
    """The UI string for `key`, filled in with `values`.

    A missing key shows the key itself, so a gap is visible, never a crash.
    """
    return fill(strings, key, lang, values)


def fill(table: Callable[[str], dict[str, str]], key: str, lang: str, values: dict) -> str:
    """`key` looked up in `table(lang)`, then in the default language's; the
    key itself if neither has it."""
    text = table(lang).get(key)
    if text is None and lang != DEFAULT_LANG:
        text = table(DEFAULT_LANG).get(key)
    if text is None:
        return key
    return text.format(**values) if values else text
