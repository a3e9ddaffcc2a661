"""My questions: write your own or pick from the bank, star, order, my top 3."""

from __future__ import annotations

import flet as ft

from models.content import load_data
from models.journey import QUESTION_MAX, Question
from models.questions import moved, next_order, ordered, shown_text, top_is_full, top_three
from models.text import t
from models.words import count
from views import routes
from views.forms import AddBox, Editing, use_form
from views.state import delete_with_undo, go, use_app
from views.widgets import Button, Fold, GoButton, Heading, IconAction, Panel, Para, Screen, Tick


def short(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


@ft.component
def QuestionRow(
    question: Question, first: bool, last: bool, *, key: str | None = None
) -> ft.Control:
    # `key` tells Flet which question this row is; @ft.component takes it, it never gets here.
    app = use_app()
    words = shown_text(question)
    form = use_form({"text": words}, keep=f"question-{question.id}")
    name = short(words)
    # A fourth star is not taken: this says why, and what to do, under the row.
    too_many, set_too_many = ft.use_state(False)

    def toggle_star():
        if not question.starred and top_is_full(app.store.all(Question)):
            set_too_many(True)
            return
        set_too_many(False)
        app.save(question.model_copy(update={"starred": not question.starred}))

    def move(delta: int):
        for q in moved(app.store.all(Question), question.id, delta):
            app.save(q)

    def save_edit():
        saved = question.model_dump()
        form.submit(lambda typed: Question.model_validate(saved | typed), app.save)

    if form.editing:
        field = form.field(
            "text",
            t("questions.edit_label"),
            max_length=QUESTION_MAX,
            lines=3,
            on_submit=save_edit,
        )
        return Editing(form, field, save_edit)
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
                ft.Text(words, expand=True, theme_style=ft.TextThemeStyle.BODY_LARGE),
            ],
            vertical_alignment=ft.CrossAxisAlignment.START,
        ),
        *([TopFull()] if too_many else []),
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
                    form.edit,
                ),
                IconAction(
                    ft.Icons.DELETE_OUTLINE,
                    t("questions.delete", name=name),
                    lambda: delete_with_undo(app, question, t("questions.deleted")),
                ),
            ],
            alignment=ft.MainAxisAlignment.END,
            wrap=True,
        ),
    )


def TopFull() -> ft.Control:
    """Why a fourth star was not taken, read out as soon as it shows."""
    return ft.Semantics(
        live_region=True,
        content=ft.Container(
            content=ft.Row(
                [
                    ft.Icon(ft.Icons.INFO_OUTLINE, color=ft.Colors.ON_SECONDARY_CONTAINER),
                    ft.Text(
                        t("questions.top_full"),
                        expand=True,
                        color=ft.Colors.ON_SECONDARY_CONTAINER,
                    ),
                ],
                vertical_alignment=ft.CrossAxisAlignment.START,
            ),
            bgcolor=ft.Colors.SECONDARY_CONTAINER,
            border_radius=12,
            padding=12,
        ),
    )


@ft.component
def Questions() -> ft.Control:
    app = use_app()
    questions = ordered(app.store.all(Question))
    top = top_three(questions)
    top_panel = Panel(
        Heading(t("questions.top_title"), level=2),
        *(
            [ft.Text(f"{i}. {shown_text(q)}") for i, q in enumerate(top, start=1)]
            or [Para(t("questions.top_empty"), muted=True)]
        ),
        tint=True,
    )
    rows = [
        QuestionRow(q, i == 0, i == len(questions) - 1, key=q.id) for i, q in enumerate(questions)
    ]
    return Screen(
        t("questions.title"),
        t("questions.intro"),
        top_panel,
        AddBox(
            t("questions.new_label"),
            t("questions.add"),
            Question,
            GoButton(
                t("questions.open_bank"), routes.QUESTION_BANK, icon=ft.Icons.LIBRARY_BOOKS_OUTLINED
            ),
            also={"order": next_order(questions)},
            max_length=QUESTION_MAX,
            lines=3,
        ),
        Heading(t("questions.list_title", count=len(questions)), level=2),
        *(rows or [Para(t("questions.empty"), muted=True)]),
    )


@ft.component
def QuestionBank() -> ft.Control:
    """Pick questions from the bank, topic by topic."""
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
            Fold(
                topic["title"],
                *[
                    Tick(
                        entry["text"],
                        entry["id"] in picked,
                        lambda e, entry=entry: toggle(entry, e.control.value),
                    )
                    for entry in entries
                ],
                subtitle=t("bank.picked", count=chosen, total=len(entries)),
                expanded=topic["id"] in opened,
                on_change=lambda e, tid=topic["id"]: open_close(tid, str(e.data).lower() == "true"),
            )
        )
    return Screen(
        t("bank.title"),
        t("bank.intro"),
        Para(t("bank.count", count=count(len(picked), "question"))),
        *sections,
        ft.Row([Button(t("bank.done"), lambda: go(routes.QUESTIONS), icon=ft.Icons.CHECK)]),
    )
