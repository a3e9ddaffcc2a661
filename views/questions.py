"""My questions: write your own or pick from the bank, star, order, my top 3."""

from __future__ import annotations

import flet as ft
from pydantic import ValidationError

from models.journey import QUESTION_MAX, Question
from models.questions import moved, next_order, ordered, top_three
from models.text import t
from models.words import count
from views import routes
from views.state import go, kind_message, show_undo, use_app
from views.widgets import Button, Field, Heading, IconAction, Panel, Para, Screen, Tick


def short(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


@ft.component
def QuestionRow(
    question: Question, first: bool, last: bool, *, key: str | None = None
) -> ft.Control:
    # `key` tells Flet which question this row is; @ft.component takes it, it never gets here.
    app = use_app()
    editing, set_editing = ft.use_state(False)
    draft, set_draft = ft.use_state(question.text)
    error, set_error = ft.use_state("")
    name = short(question.text)

    def toggle_star():
        app.save(question.model_copy(update={"starred": not question.starred}))

    def move(delta: int):
        for q in moved(app.store.all(Question), question.id, delta):
            app.save(q)

    def save_edit():
        try:
            changed = Question.model_validate(question.model_dump() | {"text": draft})
        except ValidationError as err:
            set_error(kind_message(err))
            return
        if app.save(changed):
            set_error("")
            set_editing(False)

    def delete():
        if app.delete(Question, question.id):
            show_undo(t("questions.deleted"), lambda: app.save(question))

    if editing:
        return Panel(
            Field(
                t("questions.edit_label"),
                draft,
                lambda e: set_draft(e.control.value),
                error=error,
                max_length=QUESTION_MAX,
                on_submit=lambda: save_edit(),
            ),
            ft.Row(
                [
                    Button(t("common.save"), save_edit),
                    Button(
                        t("common.cancel"),
                        lambda: (set_editing(False), set_draft(question.text), set_error("")),
                        kind="text",
                    ),
                ],
                wrap=True,
            ),
        )
    star_label = t("questions.unstar" if question.starred else "questions.star", name=name)
    return Panel(
        ft.Row(
            [
                IconAction(
                    ft.Icons.STAR if question.starred else ft.Icons.STAR_BORDER,
                    star_label,
                    toggle_star,
                    selected=question.starred,
                ),
                ft.Text(question.text, expand=True, theme_style=ft.TextThemeStyle.BODY_LARGE),
            ],
            vertical_alignment=ft.CrossAxisAlignment.START,
        ),
        ft.Row(
            [
                IconAction(
                    ft.Icons.ARROW_UPWARD, t("questions.move_up", name=name), lambda: move(-1)
                )
                if not first
                else ft.Container(width=48),
                IconAction(
                    ft.Icons.ARROW_DOWNWARD, t("questions.move_down", name=name), lambda: move(1)
                )
                if not last
                else ft.Container(width=48),
                IconAction(
                    ft.Icons.EDIT_OUTLINED,
                    t("questions.edit", name=name),
                    lambda: set_editing(True),
                ),
                IconAction(ft.Icons.DELETE_OUTLINE, t("questions.delete", name=name), delete),
            ],
            alignment=ft.MainAxisAlignment.END,
            wrap=True,
        ),
    )


@ft.component
def Questions() -> ft.Control:
    app = use_app()
    questions = ordered(app.store.all(Question))
    draft, set_draft = ft.use_state("")
    error, set_error = ft.use_state("")

    def add():
        try:
            question = Question(text=draft, order=next_order(questions))
        except ValidationError as err:
            set_error(kind_message(err))
            return
        if app.save(question):
            set_draft("")
            set_error("")

    top = top_three(questions)
    top_panel = Panel(
        Heading(t("questions.top_title"), level=2),
        *(
            [ft.Text(f"{i}. {q.text}") for i, q in enumerate(top, start=1)]
            or [Para(t("questions.top_empty"), muted=True)]
        ),
        tint=True,
    )
    rows = [
        QuestionRow(q, i == 0, i == len(questions) - 1, key=q.id) for i, q in enumerate(questions)
    ]
    return Screen(
        t("questions.title"),
        top_panel,
        Field(
            t("questions.new_label"),
            draft,
            lambda e: set_draft(e.control.value),
            error=error,
            max_length=QUESTION_MAX,
            on_submit=lambda: add(),
        ),
        ft.Row(
            [
                Button(t("questions.add"), add, icon=ft.Icons.ADD),
                Button(
                    t("questions.open_bank"),
                    lambda: go(routes.QUESTION_BANK),
                    kind="outlined",
                    icon=ft.Icons.LIBRARY_BOOKS_OUTLINED,
                ),
            ],
            wrap=True,
        ),
        Heading(t("questions.list_title", count=len(questions)), level=2),
        *(rows or [Para(t("questions.empty"), muted=True)]),
        intro=t("questions.intro"),
    )


@ft.component
def QuestionBank() -> ft.Control:
    """Pick questions from the bank, topic by topic."""
    from models.content import load_data

    app = use_app()
    bank = load_data("prepare")
    mine = app.store.all(Question)
    picked = {q.bank_id: q for q in mine if q.bank_id}
    # Topics the person opened stay open while they tick questions.
    opened, set_opened = ft.use_state(frozenset[str]())

    def open_close(topic_id: str, is_open: bool):
        set_opened(opened | {topic_id} if is_open else opened - {topic_id})

    def toggle(entry: dict, on: bool):
        if on and entry["id"] not in picked:
            app.save(
                Question(
                    text=entry["text"],
                    topic=entry["topic"],
                    bank_id=entry["id"],
                    order=next_order(app.store.all(Question)),
                )
            )
        elif not on and entry["id"] in picked:
            app.delete(Question, picked[entry["id"]].id)

    sections: list[ft.Control] = []
    for topic in bank["topic"]:
        entries = [q for q in bank["question"] if q["topic"] == topic["id"]]
        chosen = sum(1 for q in entries if q["id"] in picked)
        sections.append(
            ft.ExpansionTile(
                title=ft.Text(topic["title"], theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
                subtitle=ft.Text(t("bank.picked", count=chosen, total=len(entries))),
                expanded=topic["id"] in opened,
                maintain_state=True,
                on_change=lambda e, tid=topic["id"]: open_close(tid, str(e.data).lower() == "true"),
                controls=[
                    Tick(
                        entry["text"],
                        entry["id"] in picked,
                        lambda e, entry=entry: toggle(entry, e.control.value),
                    )
                    for entry in entries
                ],
                controls_padding=ft.Padding.only(left=8, bottom=8),
                shape=ft.RoundedRectangleBorder(radius=12),
                collapsed_shape=ft.RoundedRectangleBorder(radius=12),
                collapsed_bgcolor=ft.Colors.SURFACE_CONTAINER_LOW,
            )
        )
    return Screen(
        t("bank.title"),
        Para(t("bank.count", count=count(len(picked), "question"))),
        *sections,
        ft.Row([Button(t("bank.done"), lambda: go(routes.QUESTIONS), icon=ft.Icons.CHECK)]),
        intro=t("bank.intro"),
    )
