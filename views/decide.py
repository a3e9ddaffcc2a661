"""Step placeholder: replaced by the full screen."""

from __future__ import annotations

import flet as ft

from models.text import t
from views.widgets import Screen


@ft.component
def Hub() -> ft.Control:
    return Screen(t("nav.decide"))


ROUTES = [ft.Route(path="decide", component=Hub)]
