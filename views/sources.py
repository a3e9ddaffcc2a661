"""Where a screen's words come from: each source, opened in the browser, and when
the words were last reviewed. Learn topics, Decide, Find, Prepare and the glossary use it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

import flet as ft

from models.content import Source
from models.text import t
from models.words import long_date
from views.state import open_link
from views.widgets import Heading, Panel


def _source(entry: Source | Mapping) -> Source:
    return entry if isinstance(entry, Source) else Source.model_validate(entry)


def SourcesPanel(
    sources: Iterable[Source | Mapping], reviewed_on: dt.date | None = None
) -> ft.Control:
    """'Where this comes from': publisher, title and date of each source, each with a
    button that opens it. `reviewed_on` adds the review date (a topic shows its own at the top)."""
    rows: list[ft.Control] = [Heading(t("common.sources"), level=2)]
    if isinstance(reviewed_on, dt.date):
        rows.append(
            ft.Text(
                t("common.reviewed_on", date=long_date(reviewed_on)),
                theme_style=ft.TextThemeStyle.BODY_SMALL,
                color=ft.Colors.ON_SURFACE_VARIANT,
            )
        )
    for s in map(_source, sources):
        rows.append(
            ft.Column(
                [
                    ft.Text(
                        f"{s.publisher}. {s.title}" + (f" ({s.date})" if s.date else ""),
                        theme_style=ft.TextThemeStyle.BODY_SMALL,
                    ),
                    ft.TextButton(
                        content=t("learn.open_source"),
                        icon=ft.Icons.OPEN_IN_NEW,
                        tooltip=t("learn.open_source_tip", title=s.title),
                        on_click=lambda _e, s=s: ft.context.page.run_task(open_link, s.url),
                    ),
                ],
                spacing=0,
            )
        )
    return Panel(*rows)
