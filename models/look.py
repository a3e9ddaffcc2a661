"""How the app looks for this person: text size, light or dark, and whether
the one-time welcome was seen. No pydantic here, on purpose.

The first screen is drawn before the store and its models load: in the
offline PWA, pydantic and the models take about half a second to import.
So the look is read straight from the saved file, within the same limits
as models.journey.Settings, and anything odd falls back to the defaults.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from models.text import LANGS

TEXT_SCALES: tuple[float, ...] = (1.0, 1.15, 1.3, 1.45, 1.6)
THEMES: tuple[str, ...] = ("system", "light", "dark")
SETTINGS_TABLE = "settings"


@dataclass(frozen=True)
class Look:
    text_scale: float = 1.0
    theme: str = "system"
    welcomed: bool = False
    language: str = ""
    """"en" or "es" as chosen in settings; "" follows the device."""


def look_of(saved: Mapping[str, Any]) -> Look:
    """A Look from saved settings; each field that is out of range keeps its default."""
    scale = saved.get("text_scale")
    theme = saved.get("theme")
    welcomed = saved.get("welcomed")
    language = saved.get("language")
    text_scale = Look.text_scale
    if (
        isinstance(scale, (int, float))
        and not isinstance(scale, bool)
        and math.isfinite(scale)
        and TEXT_SCALES[0] <= scale <= TEXT_SCALES[-1]
    ):
        text_scale = float(scale)
    return Look(
        text_scale=text_scale,
        theme=theme if theme in THEMES else Look.theme,
        welcomed=welcomed if isinstance(welcomed, bool) else Look.welcomed,
        language=language if language in LANGS else Look.language,
    )


def read_look(path: Path | None) -> Look:
    """The look saved in a store file (models/store.py's format), or the defaults."""
    if path is None:
        return Look()
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
        docs = data.get(SETTINGS_TABLE) or {}
        saved: object = next(iter(docs.values()), {}) if isinstance(docs, dict) else {}
        return look_of(saved) if isinstance(saved, dict) else Look()
    except (OSError, ValueError, AttributeError, RecursionError):
        # Missing or damaged: the store itself says so when it opens.
        return Look()
