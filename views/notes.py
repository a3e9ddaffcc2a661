"""Notes: anything the person wants to remember, kept on the device."""

from __future__ import annotations

import flet as ft
from pydantic import ValidationError

from models.journey import NOTE_MAX, Note, now
from models.text import t
from models.words import long_date
from views.state import kind_message, show_undo, use_app
from views.widgets import Button, Field, IconAction, Panel, Para, Screen


@ft.component
def NoteCard(note: Note, *, key: str | None = None) -> ft.Control:
    # `key` tells Flet which note this card is; @ft.component takes it, it never gets here.
    app = use_app()
    editing, set_editing = ft.use_state(False)
    draft, set_draft = ft.use_state(note.text)
    error, set_error = ft.use_state("")
    name = note.text.splitlines()[0][:40]

    def save():
        try:
            changed = Note.model_validate(note.model_dump() | {"text": draft, "updated": now()})
        except ValidationError as err:
            set_error(kind_message(err))
            return
        if app.save(changed):
            set_editing(False)
            set_error("")

    def delete():
        if app.delete(Note, note.id):
            show_undo(t("notes.deleted"), lambda: app.save(note))

    if editing:
        return Panel(
            Field(
                t("notes.edit_label"),
                draft,
                lambda e: set_draft(e.control.value),
                error=error,
                multiline=True,
                max_length=NOTE_MAX,
            ),
            ft.Row(
                [
                    Button(t("common.save"), save),
                    Button(
                        t("common.cancel"),
                        lambda: (set_editing(False), set_draft(note.text)),
                        kind="text",
                    ),
                ],
                wrap=True,
            ),
        )
    return Panel(
        ft.Text(note.text),
        ft.Row(
            [
                ft.Text(
                    t("notes.when", when=long_date(note.updated)),
                    theme_style=ft.TextThemeStyle.BODY_SMALL,
                    expand=True,
                ),
                IconAction(
                    ft.Icons.EDIT_OUTLINED, t("notes.edit", name=name), lambda: set_editing(True)
                ),
                IconAction(ft.Icons.DELETE_OUTLINE, t("notes.delete", name=name), delete),
            ],
        ),
    )


@ft.component
def Notes() -> ft.Control:
    app = use_app()
    notes = sorted(app.store.all(Note), key=lambda n: n.updated, reverse=True)
    draft, set_draft = ft.use_state("")
    error, set_error = ft.use_state("")

    def add():
        try:
            note = Note(text=draft)
        except ValidationError as err:
            set_error(kind_message(err))
            return
        if app.save(note):
            set_draft("")
            set_error("")

    return Screen(
        t("nav.notes"),
        Field(
            t("notes.new_label"),
            draft,
            lambda e: set_draft(e.control.value),
            error=error,
            multiline=True,
            max_length=NOTE_MAX,
        ),
        ft.Row([Button(t("notes.add"), add, icon=ft.Icons.ADD)]),
        *([NoteCard(n, key=n.id) for n in notes] or [Para(t("notes.empty"), muted=True)]),
        intro=t("notes.intro"),
    )
