"""A date to type or to pick on a calendar: one field for every date a screen asks for."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import flet as ft

from models.journey import parse_day, today
from models.text import t
from models.words import full_date, long_date, typed_date
from views.forms import Form
from views.widgets import Button, Buttons, Para


def DateField(
    form: Form,
    name: str,
    label: str,
    *,
    help_text: str,
    hint: str | None = None,
    first: dt.date | None = None,
    last: dt.date | None = None,
    written: Callable[[dt.date], str] = typed_date,
    birthday: bool = False,
) -> ft.Control:
    """A date to type, or to pick on a calendar in the app's language.

    The picked day is written into the field as `written` writes it (12/03/2026,
    as the hint asks, by default), so typing and picking end the same way. Under
    the field the date reads in words ("That is Thursday, December 3, 2026."), or,
    while there is none yet, how to write one. A `birthday` calendar opens on the
    years, so nobody pages back through seventy years of months. Without `first`
    and `last` the calendar spans what a plan needs: a year back, two years on."""
    first = first or today() - dt.timedelta(days=366)
    last = last or today() + dt.timedelta(days=2 * 366)
    try:
        chosen = parse_day(form[name])
    except ValueError:
        chosen = None

    def picked(e: ft.Event[ft.DatePicker]) -> None:
        value = e.control.value
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            form.set(name, written(value))
            form.problems = {k: v for k, v in form.problems.items() if k != name}

    def pick() -> None:
        ft.context.page.show_dialog(
            ft.DatePicker(
                value=chosen if chosen and first <= chosen <= last else None,
                first_date=first,
                last_date=last,
                help_text=help_text,
                date_picker_mode=ft.DatePickerMode.YEAR if birthday else ft.DatePickerMode.DAY,
                on_change=picked,
            )
        )

    below = None
    if chosen and written is typed_date:
        below = t("common.date_in_words", date=full_date(chosen))
    elif not form[name].strip() and hint:
        below = hint
    return ft.Column(
        [
            form.field(name, label, hint=hint, keyboard=ft.KeyboardType.DATETIME),
            *([Para(below, muted=not chosen)] if below else []),
            Buttons(
                Button(t("common.pick_date"), pick, icon=ft.Icons.CALENDAR_MONTH, kind="outlined")
            ),
        ],
        spacing=8,
        # As wide as the screen's other boxes (Flet gives a box 300 px of its own).
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
    )


def BirthDateField(form: Form, name: str, label: str) -> ft.Control:
    """A date of birth (the records letter's, About me's): written in words, and
    the calendar opens on the years."""
    return DateField(
        form,
        name,
        label,
        help_text=t("letter.pick_help"),
        first=dt.date(1900, 1, 1),
        last=today(),
        written=long_date,
        birthday=True,
    )
