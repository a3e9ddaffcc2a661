"""One way to fill in a form and save it: what a person typed, what the models
refused (said kindly, right under the field), and saving through the app.

After Flet's declarative edit_form example: an @ft.observable Form holds the
behaviour, and a screen only lays out its fields with `form.field(...)`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import flet as ft
from pydantic import ValidationError

from models.journey import Item, Single, parse_day, problem_of
from models.text import t
from views.state import AppState, Drafts, use_app
from views.widgets import Button, Buttons, Field, Handler, Panel, Tick

T = TypeVar("T")


class Refused(ValueError):
    """Something typed that a screen refuses before the models see it."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name
        """The field it shows under."""
        self.message = message
        """The kind sentence shown there."""


def day(text: str, name: str, message_key: str) -> dt.date | None:
    """A date as people type it (None if blank), or Refused with a kind message."""
    try:
        return parse_day(text)
    except ValueError:
        raise Refused(name, t(message_key)) from None


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    """A copy made of plain dicts (a form's own are its observable's, tied to it)."""
    return {k: _plain(v) if isinstance(v, dict) else v for k, v in values.items()}


@ft.observable
@dataclass
class Form:
    values: dict[str, Any]
    """What is typed, by the model's field name (Compare keeps one dict per doctor)."""
    start: dict[str, Any] = field(default_factory=dict)
    """What the fields hold when the form starts again (`reset`)."""
    problems: dict[str, str] = field(default_factory=dict)
    """A kind message by field name: what was refused, and why."""
    note: str = ""
    """A short word after saving ("Saved."); gone as soon as something changes."""
    editing: bool = False
    """For something changed in place (a note, a question): its field is open."""
    kept: Drafts | None = None
    """Where unsaved words wait while their screen is closed (AppState.drafts)."""
    key: str = ""
    """This form's place in `kept`: what it is about ("note-<id>", "add-questions")."""

    def __getitem__(self, name: str) -> Any:
        return self.values.get(name, "")

    def set(self, name: str, value: Any) -> None:
        self.values = self.values | {name: value}
        self.note = ""
        self._keep()

    @property
    def unsaved(self) -> bool:
        """Something typed (or chosen) differs from what the form started from."""
        return self.values != self.start

    def _keep(self) -> None:
        # Words typed and not yet saved wait in the app, so a person who leaves
        # the screen (Next, a tab, Back) finds them there on coming back.
        if self.kept is None:
            return
        if self.unsaved or self.editing:
            self.kept.keep(self.key, {"values": _plain(self.values), "editing": self.editing})
        else:
            self.kept.drop(self.key)

    def change(self, name: str) -> Callable[[Any], None]:
        """An on_change handler that keeps what is typed into `name`."""
        return lambda e: self.set(name, e.control.value or "")

    def problem(self, name: str | None = None) -> str | None:
        """The kind message for `name`, or for whichever field was refused."""
        if name is None:
            return next(iter(self.problems.values()), None)
        return self.problems.get(name)

    def reset(self, values: dict[str, Any] | None = None) -> None:
        """Start again from `values` (or from the start): no problem, no note."""
        if values is not None:
            self.start = dict(values)
        self.values = dict(self.start)
        self.problems = {}
        self.note = ""
        self._keep()

    def edit(self) -> None:
        self.editing = True
        self._keep()

    def cancel(self) -> None:
        """Close the field and forget what was typed in it."""
        self.editing = False
        self.reset()

    def submit(
        self,
        make: Callable[[dict[str, Any]], T],
        save: Callable[[T], bool],
        *,
        note: str = "",
        clear: bool = False,
    ) -> T | None:
        """Make the item from what is typed and save it (app.save or app.put).

        A refusal shows kindly under its field and nothing is saved. After a save,
        `note` shows, and `clear` empties the form for the next one (an "add" box).
        Returns what was saved, or None.
        """
        try:
            item = make(self.values)
        except ValidationError as err:
            name, key, details = problem_of(err)
            self.problems = {name: t(f"problem.{key}", **details)}
            return None
        except Refused as refused:
            self.problems = {refused.name: refused.message}
            return None
        if not save(item):
            return None  # the app says why (AppState.problem), and keeps what is typed
        self.editing = False
        if clear:
            self.reset()
        else:
            self.start = dict(self.values)  # saved: nothing is waiting any more
            self._keep()
        self.problems = {}
        self.note = note
        return item

    def field(self, name: str, label: str, **options: Any) -> ft.TextField:
        """The Field for `name`: what is typed, and its problem right below it.
        An `on_change` given does more than keep what is typed (it saves it)."""
        options.setdefault("error", self.problem(name))
        on_change = options.pop("on_change", None) or self.change(name)
        return Field(label, self[name], on_change, **options)


def use_form(values: dict[str, Any], keep: str = "") -> Form:
    """A form that keeps what is typed while its screen redraws, starting from `values`.

    With `keep` (what the form is about, unique in the app), words typed and not
    yet saved also wait while the screen is closed, and are back when it opens."""
    kept = use_app().drafts if keep else None
    waiting = kept.get(keep) if kept is not None else None

    def start() -> Form:
        form = Form(dict(values), dict(values), kept=kept, key=keep)
        if waiting:
            form.values = dict(values) | waiting["values"]
            form.editing = waiting["editing"]
        return form

    # Only the first render's Form is kept; later ones are dropped unused.
    form, _ = ft.use_state(start())
    return form


def Editing(form: Form, field: ft.Control, save: Handler) -> ft.Control:
    """Something being changed in place: its field, then Save and Cancel."""
    return Panel(
        field,
        ft.Row(
            [
                Button(t("common.save"), save),
                Button(t("common.cancel"), form.cancel, kind="text"),
            ],
            wrap=True,
        ),
    )


@ft.component
def AddBox(
    label: str,
    button: str,
    kind: type[Item],
    *more: ft.Control,
    also: dict[str, Any] | None = None,
    **options: Any,
) -> ft.Control:
    """A field for a new note, question or concern with its Add button (and any `more`
    buttons): what is typed is saved as a new `kind` (with `also`), and the field empties."""
    app = use_app()
    form = use_form({"text": ""}, keep=f"add-{kind.table}")

    def add():
        form.submit(lambda typed: kind(**typed, **(also or {})), app.save, clear=True)

    if not options.get("multiline"):
        options["on_submit"] = add  # Enter adds; in a note, Enter starts a new line
    return ft.Column(
        [
            form.field("text", label, **options),
            Buttons(Button(button, add, icon=ft.Icons.ADD), *more),
        ],
        spacing=16,
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,  # the box as wide as the screen
    )


def Ticks(app: AppState, entries: list[dict], kind: type[Single], field: str) -> list[ft.Control]:
    """A tick box for each content entry (its "id" and "label"). The ids ticked are
    kept in `field` of the person's one `kind` (a Decision's reasons, say)."""
    ticked: list[str] = getattr(app.store.load(kind), field)

    def tick(entry_id: str, on: bool):
        current = app.store.load(kind)
        ids = [i for i in getattr(current, field) if i != entry_id] + ([entry_id] if on else [])
        app.put(current.model_copy(update={field: ids}))

    return [
        Tick(
            entry["label"],
            entry["id"] in ticked,
            lambda e, entry_id=entry["id"]: tick(entry_id, bool(e.control.value)),
        )
        for entry in entries
    ]
