"""The appointment and after: the one-page brief, visit mode, and comparing opinions."""

from __future__ import annotations

import datetime as dt

import flet as ft
from pydantic import ValidationError

from models.brief import brief_pdf, brief_text, make_brief
from models.calendar import appointment_ics
from models.compare import FIELDS, Comparison, differences, questions_to_take_back
from models.content import load_data
from models.journey import LINE_MAX, NOTE_MAX, Appointment, Profile, Question
from models.questions import for_brief, next_order, shown_text
from models.text import t
from models.words import full_date
from views import routes
from views.dates import BirthDateField
from views.files import PdfButtons, save_file
from views.forms import use_form
from views.state import go, use_app, use_is_phone
from views.widgets import Button, Buttons, Field, Heading, Panel, Para, Screen, Tick


@ft.component
def BriefScreen() -> ft.Control:
    app = use_app()
    brief = make_brief(app.store, load_data("prepare"), load_data("decide"))
    text = brief_text(brief)
    appointment = app.store.load(Appointment)
    note, set_note = ft.use_state("")
    about = brief.person or brief.about_me

    async def copy():
        await ft.Clipboard().set(text)
        set_note(t("brief.copied"))

    async def calendar():
        ics = appointment_ics(appointment, dt.datetime.now())
        if ics is None or appointment.date is None:
            set_note(t("brief.need_date"))
            return
        await save_file(t("brief.calendar"), t("brief.ics_name"), ics.encode("utf-8"), "ics")
        when = full_date(appointment.date)
        set_note(
            t("brief.ics_done", when=f"{when}, {appointment.time}" if appointment.time else when)
        )

    return Screen(
        t("brief.title"),
        t("brief.intro"),
        Panel(
            Heading(t("brief.about_title"), level=2),
            *([Para(brief.person)] if brief.person else []),
            *([] if about else [Para(t("brief.about_empty"), muted=True)]),
            Buttons(
                Button(
                    t("brief.about_change" if about else "brief.about_add"),
                    lambda: go(routes.ABOUT_ME),
                    kind="outlined",
                    icon=ft.Icons.PERSON_OUTLINE,
                )
            ),
        ),
        PdfButtons(
            app.mode, t("brief.title"), t("brief.pdf_name"), lambda: brief_pdf(brief), set_note
        ),
        Buttons(
            Button(t("brief.copy"), copy, kind="outlined", icon=ft.Icons.COPY),
            Button(t("brief.calendar"), calendar, kind="outlined", icon=ft.Icons.EVENT),
        ),
        ft.Text(note, theme_style=ft.TextThemeStyle.LABEL_LARGE),
        Panel(ft.Text(text)),
    )


@ft.component
def AboutMe() -> ft.Control:
    """The "about me" part of the brief: every part may be left empty."""
    app = use_app()
    profile = app.store.load(Profile)
    history = app.store.load(Appointment).treatment_history
    form = use_form(profile.model_dump() | {"treatment_history": history}, keep="about-me")

    def save():
        # Profile ignores the treatment so far, which the appointment keeps.
        current = app.store.load(Profile).model_dump()
        if form.submit(lambda typed: Profile.model_validate(current | typed), app.put) is None:
            return
        visit = app.store.load(Appointment).model_dump()
        keep = {"treatment_history": form["treatment_history"]}
        if form.submit(lambda _typed: Appointment.model_validate(visit | keep), app.put):
            go(routes.BRIEF)

    return Screen(
        t("brief.about_title"),
        t("brief.about_intro"),
        form.field("name", t("brief.name"), max_length=LINE_MAX),
        BirthDateField(form, "birth_date", t("brief.birth_date")),
        Tick(
            t("brief.birth_on_brief"),
            bool(form["birth_date_on_brief"]),
            lambda e: form.set("birth_date_on_brief", bool(e.control.value)),
        ),
        form.field(
            "diagnosis",
            t("brief.diagnosis"),
            multiline=True,
            max_length=NOTE_MAX,
            hint=t("brief.diagnosis_hint"),
        ),
        form.field(
            "treatment_history",
            t("appointment.history"),
            multiline=True,
            max_length=NOTE_MAX,
            hint=t("appointment.history_hint"),
        ),
        form.field(
            "medicines",
            t("brief.medicines"),
            multiline=True,
            max_length=NOTE_MAX,
            hint=t("brief.medicines_hint"),
        ),
        form.field("oncologist", t("brief.oncologist"), max_length=LINE_MAX),
        Buttons(Button(t("brief.about_save"), save, icon=ft.Icons.SAVE)),
    )


@ft.component
def VisitQuestion(
    question: Question, number: int, total: int, *, key: str | None = None
) -> ft.Control:
    """One question in large type; keyed by question, so the answer box starts fresh.

    `key` is for Flet: @ft.component takes it, so it never reaches this body."""
    app = use_app()
    form = use_form({"answer": question.answer}, keep=f"answer-{question.id}")

    def answered(**marks: bool):
        saved = question.model_dump() | marks
        form.submit(lambda typed: Question.model_validate(saved | typed), app.save)

    return ft.Column(
        [
            ft.Text(
                t("visit.count", n=number, total=total), theme_style=ft.TextThemeStyle.LABEL_LARGE
            ),
            Panel(
                ft.Text(shown_text(question), theme_style=ft.TextThemeStyle.HEADLINE_MEDIUM),
                *(
                    [ft.Text(t("visit.was_later"), theme_style=ft.TextThemeStyle.BODY_SMALL)]
                    if question.ask_later
                    else []
                ),
                tint=True,
            ),
            form.field("answer", t("visit.answer"), multiline=True, max_length=NOTE_MAX),
            ft.Row(
                [
                    Button(
                        t("visit.asked"),
                        lambda: answered(asked=True, ask_later=False),
                        icon=ft.Icons.CHECK,
                    ),
                    Button(
                        t("visit.later"),
                        lambda: answered(ask_later=True),
                        kind="outlined",
                        icon=ft.Icons.SCHEDULE,
                    ),
                ],
                wrap=True,
            ),
        ],
        spacing=16,
    )


@ft.component
def Visit() -> ft.Control:
    app = use_app()
    questions = for_brief(app.store.all(Question))
    left = [q for q in questions if not q.asked]
    # Questions put off with "ask later" come after the rest.
    queue = [q for q in left if not q.ask_later] + [q for q in left if q.ask_later]

    def ask_again(q: Question):
        app.save(q.model_copy(update={"asked": False}))

    body: list[ft.Control] = []
    if not questions:
        body = [
            Para(t("visit.no_questions")),
            ft.Row([Button(t("questions.title"), lambda: go(routes.QUESTIONS))]),
        ]
    elif not queue:
        body.append(
            Panel(
                Heading(t("visit.all_asked"), level=2), Para(t("visit.all_asked_body")), tint=True
            )
        )
    else:
        current = queue[0]
        body.append(
            VisitQuestion(
                current,
                len(questions) - len(left) + 1,
                len(questions),
                key=f"{current.id}-{current.ask_later}",
            )
        )
    if len(queue) > 1:
        body.append(Heading(t("visit.left_title", count=len(queue) - 1), level=2))
        body += [
            Para(("• " + shown_text(q)) + (f" ({t('visit.later_mark')})" if q.ask_later else ""))
            for q in queue[1:]
        ]
    asked = [q for q in questions if q.asked]
    if asked:
        body.append(Heading(t("visit.asked_title", count=len(asked)), level=2))
        for q in asked:
            body.append(
                Panel(
                    ft.Text("✓ " + shown_text(q), theme_style=ft.TextThemeStyle.TITLE_SMALL),
                    Para(q.answer or t("visit.no_answer"), muted=not q.answer),
                    ft.Row(
                        [
                            Button(
                                t("visit.ask_again"),
                                lambda _e, q=q: ask_again(q),
                                kind="text",
                                tooltip=t("visit.ask_again_tip", name=shown_text(q)[:40]),
                            )
                        ]
                    ),
                )
            )
    return Screen(t("visit.title"), t("visit.intro"), *body)


@ft.component
def Compare() -> ft.Control:
    app = use_app()
    saved = app.store.load(Comparison)
    # One dict of text per doctor: "first", "second".
    form = use_form(saved.model_dump(), keep="comparison")
    try:
        current = Comparison.model_validate(form.values)
    except ValidationError:
        current = saved
    differ = set(differences(current))
    back = questions_to_take_back(current)
    phone = use_is_phone()

    def opinion(which: str, field: str, label: str, **options) -> ft.Control:
        """One doctor's answer: kept in that doctor's dict of the form."""

        def change(e):
            form.set(which, form[which] | {field: e.control.value or ""})

        return Field(label, form[which][field], change, **options)

    def save():
        form.submit(Comparison.model_validate, app.put, note=t("common.saved"))

    def add_questions():
        mine = app.store.all(Question)
        have = {q.text for q in mine}
        order = next_order(mine)
        for text in back:
            if text not in have:
                app.save(Question(text=text, topic="team", order=order))
                order += 1
        form.note = t("compare.added")

    rows: list[ft.Control] = [
        opinion("first", "doctor", t("compare.first_doctor")),
        opinion("second", "doctor", t("compare.second_doctor")),
    ]
    for field in FIELDS:
        highlighted = field in differ
        what = t(f"compare.{field}")
        pair: list[ft.Control] = [
            ft.Container(
                opinion(
                    which,
                    field,
                    t(f"compare.{which}", what=what),
                    multiline=True,
                    max_length=NOTE_MAX,
                ),
                expand=True,
            )
            for which in ("first", "second")
        ]
        rows.append(
            ft.Container(
                content=ft.Column(
                    [
                        ft.Row(
                            [
                                ft.Text(
                                    t(f"compare.{field}"),
                                    theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
                                    expand=True,
                                ),
                                ft.Container(
                                    content=ft.Text(
                                        t("compare.differs"),
                                        color=ft.Colors.ON_TERTIARY_CONTAINER,
                                        theme_style=ft.TextThemeStyle.LABEL_LARGE,
                                    ),
                                    bgcolor=ft.Colors.TERTIARY_CONTAINER,
                                    border_radius=16,
                                    padding=ft.Padding.symmetric(horizontal=10, vertical=4),
                                )
                                if highlighted
                                else ft.Container(),
                            ]
                        ),
                        ft.Column(pair)
                        if phone
                        else ft.Row(pair, vertical_alignment=ft.CrossAxisAlignment.START),
                    ],
                    spacing=8,
                ),
                padding=12,
                border_radius=16,
                border=ft.Border.all(3, ft.Colors.TERTIARY) if highlighted else None,
                bgcolor=ft.Colors.SURFACE_CONTAINER_LOW,
            )
        )
    take_back = [Para(f"• {q}") for q in back] or [Para(t("compare.none_yet"), muted=True)]
    # What was typed in visit mode, beside the form, to fill in the second opinion from.
    answered = [q for q in for_brief(app.store.all(Question)) if q.answer]
    from_visit = (
        [
            Panel(
                Heading(t("compare.visit_title"), level=2),
                Para(t("compare.visit_intro"), muted=True),
                *(
                    ft.Column(
                        [
                            ft.Text(shown_text(q), theme_style=ft.TextThemeStyle.TITLE_SMALL),
                            Para(q.answer),
                        ],
                        spacing=4,
                    )
                    for q in answered
                ),
            )
        ]
        if answered
        else []
    )
    return Screen(
        t("compare.title"),
        t("compare.intro"),
        *from_visit,
        *rows,
        ft.Row(
            [
                Button(t("common.save"), save, icon=ft.Icons.SAVE),
                ft.Text(form.note or form.problem() or ""),
            ],
            wrap=True,
        ),
        Panel(
            Heading(t("compare.take_back"), level=2),
            *take_back,
            ft.Row(
                [
                    Button(
                        t("compare.add_to_questions"),
                        add_questions,
                        kind="outlined",
                        icon=ft.Icons.ADD,
                    )
                ]
            )
            if back
            else ft.Container(),
            tint=True,
        ),
    )
