"""Step placeholder: replaced by the full screen."""

from __future__ import annotations

import flet as ft

from models.text import t
from views.widgets import Screen


@ft.component
def Hub() -> ft.Control:
    return Screen(t("nav.prepare"))


ROUTES = [ft.Route(path="prepare", component=Hub)]
