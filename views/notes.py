"""Notes: anything the person wants to remember, kept on the device."""

from __future__ import annotations

import flet as ft

from models.journey import NOTE_MAX, Note, now
from models.text import t
from models.words import long_date
from views.forms import AddBox, Editing, use_form
from views.state import delete_with_undo, use_app
from views.widgets import IconAction, Panel, Para, Screen


@ft.component
def NoteCard(note: Note, *, key: str | None = None) -> ft.Control:
    # `key` tells Flet which note this card is; @ft.component takes it, it never gets here.
    app = use_app()
    form = use_form({"text": note.text}, keep=f"note-{note.id}")
    name = note.text.splitlines()[0][:40]

    def save():
        changed = note.model_dump() | {"updated": now()}
        form.submit(lambda typed: Note.model_validate(changed | typed), app.save)

    if form.editing:
        field = form.field("text", t("notes.edit_label"), multiline=True, max_length=NOTE_MAX)
        return Editing(form, field, save)
    return Panel(
        ft.Text(note.text),
        ft.Row(
            [
                ft.Text(
                    t("notes.when", when=long_date(note.updated)),
                    theme_style=ft.TextThemeStyle.BODY_SMALL,
                    expand=True,
                ),
                IconAction(ft.Icons.EDIT_OUTLINED, t("notes.edit", name=name), form.edit),
                IconAction(
                    ft.Icons.DELETE_OUTLINE,
                    t("notes.delete", name=name),
                    lambda: delete_with_undo(app, note, t("notes.deleted")),
                ),
            ],
        ),
    )


@ft.component
def Notes() -> ft.Control:
    app = use_app()
    notes = sorted(app.store.all(Note), key=lambda n: n.updated, reverse=True)
    return Screen(
        t("nav.notes"),
        t("notes.intro"),
        AddBox(t("notes.new_label"), t("notes.add"), Note, multiline=True, max_length=NOTE_MAX),
        *([NoteCard(n, key=n.id) for n in notes] or [Para(t("notes.empty"), muted=True)]),
    )
