"""Step 4, Prepare: records to gather and the letter to ask for them, concerns,
the appointment and what to bring."""

from __future__ import annotations

import flet as ft
from pydantic import ValidationError

from models.brief import letter_pdf
from models.content import load_data
from models.journey import (
    LINE_MAX,
    NOTE_MAX,
    QUESTION_MAX,
    Appointment,
    Concern,
    Profile,
    Question,
    RecordItem,
    today,
)
from models.progress import records_count
from models.records import record_state, request_letter, still_needed
from models.text import DEFAULT_LANG, LANGS, t
from models.words import count, short_date, typed_date, weekday_date
from views import routes
from views.dates import BirthDateField, DateField
from views.files import PdfButtons
from views.forms import AddBox, Ticks, day, use_form
from views.sources import SourcesPanel
from views.state import delete_with_undo, go, use_app
from views.widgets import (
    Button,
    Choice,
    Heading,
    IconAction,
    NavCard,
    Panel,
    Para,
    Progress,
    Screen,
)

RECORD_STATES = ("have", "requested", "not_needed")


@ft.component
def Prepare() -> ft.Control:
    app = use_app()
    data = load_data("prepare")
    counts = records_count(app.store.all(RecordItem), [r["id"] for r in data["record"]])
    appointment = app.store.load(Appointment)
    questions = app.store.all(Question)
    packed = len(set(appointment.bring) & {b["id"] for b in data["bring"]})
    when = weekday_date(appointment.date) if appointment.date else t("prepare.no_date")
    return Screen(
        t("prepare.title"),
        t("prepare.intro"),
        NavCard(
            routes.RECORDS,
            t(
                "records.status",
                have=counts["have"],
                requested=counts["requested"],
                total=len(data["record"]),
            ),
            ft.Icons.FOLDER_OPEN,
        ),
        NavCard(routes.LETTER, t("letter.about"), ft.Icons.MAIL_OUTLINE),
        NavCard(
            routes.QUESTIONS,
            t("prepare.questions_status", count=count(len(questions), "question")),
            ft.Icons.QUESTION_ANSWER,
        ),
        NavCard(routes.CONCERNS, t("concerns.about"), ft.Icons.FAVORITE_BORDER),
        NavCard(routes.APPOINTMENT, when, ft.Icons.EVENT),
        NavCard(
            routes.BRING,
            t("bring.status", packed=packed, total=len(data["bring"])),
            ft.Icons.WORK_OUTLINE,
        ),
        Heading(t("prepare.day_title"), level=2),
        NavCard(routes.BRIEF, t("brief.about"), ft.Icons.DESCRIPTION_OUTLINED),
        NavCard(routes.VISIT, t("visit.about"), ft.Icons.RECORD_VOICE_OVER_OUTLINED),
        NavCard(routes.COMPARE, t("compare.about"), ft.Icons.COMPARE_ARROWS),
        Heading(t("prepare.helper_title"), level=2),
        NavCard(routes.SHARE, t("share.about"), ft.Icons.SHARE),
        SourcesPanel(data.get("sources", []), data.get("reviewed_on")),
    )


@ft.component
def Records() -> ft.Control:
    app = use_app()
    data = load_data("prepare")
    records = app.store.all(RecordItem)
    counts = records_count(records, [r["id"] for r in data["record"]])

    def set_state(record_id: str, state: str):
        current = record_state(app.store.all(RecordItem), record_id)
        new_state = "todo" if current.state == state else state  # tap again to undo
        app.save(
            current.model_copy(
                update={
                    "state": new_state,
                    "requested_on": today() if new_state == "requested" else current.requested_on,
                }
            )
        )

    rows = []
    for entry in data["record"]:
        saved = record_state(records, entry["id"])
        status = t(f"records.state_{saved.state}")
        if saved.state == "requested" and saved.requested_on:
            status = t("records.requested_on", date=short_date(saved.requested_on))
        rows.append(
            Panel(
                ft.Row(
                    [
                        ft.Icon(
                            ft.Icons.CHECK_CIRCLE
                            if saved.state in ("have", "not_needed")
                            else ft.Icons.SCHEDULE
                            if saved.state == "requested"
                            else ft.Icons.RADIO_BUTTON_UNCHECKED,
                            color=ft.Colors.PRIMARY,
                        ),
                        ft.Text(
                            entry["name"], theme_style=ft.TextThemeStyle.TITLE_MEDIUM, expand=True
                        ),
                    ]
                ),
                Para(entry["why"]),
                Para(t("records.where_from", where=entry["where_from"]), muted=True),
                ft.Text(status, theme_style=ft.TextThemeStyle.LABEL_LARGE),
                ft.Row(
                    [
                        Button(
                            t(f"records.mark_{state}"),
                            lambda _e, rid=entry["id"], s=state: set_state(rid, s),
                            kind="filled" if saved.state == state else "outlined",
                            tooltip=t(f"records.mark_{state}_tip", name=entry["name"]),
                        )
                        for state in RECORD_STATES
                    ],
                    wrap=True,
                ),
            )
        )
    done = counts["have"] + counts["not_needed"]
    return Screen(
        t("records.title"),
        t("records.intro"),
        Progress(
            done,
            len(data["record"]),
            t(
                "records.progress",
                done=done,
                requested=counts["requested"],
                total=len(data["record"]),
            ),
        ),
        ft.Row(
            [
                Button(
                    t("letter.title"),
                    lambda: go(routes.LETTER),
                    kind="outlined",
                    icon=ft.Icons.MAIL_OUTLINE,
                )
            ]
        ),
        *rows,
    )


@ft.component
def Letter() -> ft.Control:
    app = use_app()
    # A records office in the US may read only English: in another language the
    # person chooses the letter's language, their own by default.
    language, set_language = ft.use_state(app.lang)
    data = load_data("prepare", language)
    profile = app.store.load(Profile)
    form = use_form(profile.model_dump(), keep="letter")  # every Profile field is text
    needed = still_needed(app.store.all(RecordItem), data["record"])
    try:
        shown = Profile.model_validate(form.values)
    except ValidationError:
        shown = profile
    letter = request_letter(data["letter_template"], shown, needed, today(), lang=language)

    def save() -> Profile | None:
        return form.submit(Profile.model_validate, app.put)

    async def copy():
        if save():
            await ft.Clipboard().set(letter)
            form.note = t("letter.copied")

    def pdf() -> bytes:
        save()
        return letter_pdf(t("letter.title"), letter)

    def say(words: str) -> None:
        form.note = words

    return Screen(
        t("letter.title"),
        t("letter.intro"),
        form.field("name", t("letter.name"), max_length=LINE_MAX),
        BirthDateField(form, "birth_date", t("letter.birth_date")),
        form.field("clinic", t("letter.clinic"), max_length=LINE_MAX),
        form.field("send_to", t("letter.send_to"), multiline=True, max_length=NOTE_MAX),
        Panel(
            Heading(t("letter.language_title"), level=2),
            Choice(
                "",
                language,
                [(lang, t(f"settings.language_{lang}")) for lang in LANGS],
                lambda e: set_language(e.control.value if e.control.value in LANGS else app.lang),
            ),
        )
        if app.lang != DEFAULT_LANG
        else ft.Container(height=0),
        Panel(Heading(t("letter.preview"), level=2), ft.Text(letter)),
        ft.Row(
            [
                Button(t("letter.copy"), copy, icon=ft.Icons.COPY),
                Button(t("common.save"), save, kind="outlined"),
                ft.Text(form.note),
            ],
            wrap=True,
        ),
        PdfButtons(app.mode, t("letter.title"), t("letter.pdf_name"), pdf, say),
        Para(t("letter.rights"), muted=True),
    )


@ft.component
def Concerns() -> ft.Control:
    app = use_app()
    concerns = sorted(app.store.all(Concern), key=lambda c: c.created)
    return Screen(
        t("concerns.title"),
        t("concerns.intro"),
        AddBox(t("concerns.new_label"), t("concerns.add"), Concern, max_length=QUESTION_MAX),
        *(
            [
                Panel(
                    ft.Row(
                        [
                            ft.Text(c.text, expand=True),
                            IconAction(
                                ft.Icons.DELETE_OUTLINE,
                                t("concerns.delete", name=c.text[:40]),
                                lambda _e, c=c: delete_with_undo(app, c, t("concerns.deleted")),
                            ),
                        ]
                    )
                )
                for c in concerns
            ]
            or [Para(t("concerns.empty"), muted=True)]
        ),
    )


@ft.component
def AppointmentScreen() -> ft.Control:
    app = use_app()
    saved = app.store.load(Appointment)
    # Each field's text as typed; what to bring is ticked on its own screen.
    fields = saved.model_dump(mode="json", exclude={"bring"})
    form = use_form(
        fields | {"date": typed_date(saved.date) if saved.date else ""}, keep="appointment"
    )

    def appointment(typed: dict[str, str]) -> Appointment:
        when = day(typed["date"], "date", "appointment.bad_date")
        current = app.store.load(Appointment).model_dump()
        return Appointment.model_validate(current | typed | {"date": when})

    def save():
        form.submit(appointment, app.put, note=t("common.saved"))

    return Screen(
        t("appointment.title"),
        t("appointment.intro"),
        DateField(
            form,
            "date",
            t("appointment.date"),
            help_text=t("appointment.pick_help"),
            hint=t("appointment.date_hint"),
        ),
        form.field("time", t("appointment.time"), max_length=LINE_MAX),
        form.field("doctor", t("appointment.doctor"), max_length=LINE_MAX),
        form.field("place", t("appointment.place"), max_length=LINE_MAX),
        form.field("video_link", t("appointment.video_link"), keyboard=ft.KeyboardType.URL),
        form.field("who_is_coming", t("appointment.who"), max_length=LINE_MAX),
        form.field(
            "treatment_history",
            t("appointment.history"),
            multiline=True,
            max_length=NOTE_MAX,
            hint=t("appointment.history_hint"),
        ),
        ft.Row(
            [Button(t("appointment.save"), save, icon=ft.Icons.SAVE), ft.Text(form.note)],
            wrap=True,
        ),
    )


@ft.component
def Bring() -> ft.Control:
    app = use_app()
    data = load_data("prepare")
    return Screen(
        t("bring.title"), t("bring.intro"), *Ticks(app, data["bring"], Appointment, "bring")
    )
