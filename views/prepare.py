"""Step 4, Prepare: records to gather and the letter to ask for them, concerns,
the appointment and what to bring."""

from __future__ import annotations

from typing import Any

import flet as ft
from pydantic import ValidationError

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
    parse_day,
    today,
)
from models.progress import records_count
from models.records import record_state, request_letter, still_needed
from models.text import t
from models.words import count, short_date, typed_date, weekday_date
from views import routes
from views.sources import SourcesPanel
from views.state import go, kind_message, show_undo, use_app
from views.widgets import (
    Button,
    Field,
    Heading,
    IconAction,
    NavCard,
    Panel,
    Para,
    Progress,
    Screen,
    Tick,
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
        NavCard(
            t("records.title"),
            t(
                "records.status",
                have=counts["have"],
                requested=counts["requested"],
                total=len(data["record"]),
            ),
            lambda: go(routes.RECORDS),
            icon=ft.Icons.FOLDER_OPEN,
        ),
        NavCard(
            t("letter.title"),
            t("letter.about"),
            lambda: go(routes.LETTER),
            icon=ft.Icons.MAIL_OUTLINE,
        ),
        NavCard(
            t("questions.title"),
            t("prepare.questions_status", count=count(len(questions), "question")),
            lambda: go(routes.QUESTIONS),
            icon=ft.Icons.QUESTION_ANSWER,
        ),
        NavCard(
            t("concerns.title"),
            t("concerns.about"),
            lambda: go(routes.CONCERNS),
            icon=ft.Icons.FAVORITE_BORDER,
        ),
        NavCard(t("appointment.title"), when, lambda: go(routes.APPOINTMENT), icon=ft.Icons.EVENT),
        NavCard(
            t("bring.title"),
            t("bring.status", packed=packed, total=len(data["bring"])),
            lambda: go(routes.BRING),
            icon=ft.Icons.WORK_OUTLINE,
        ),
        Heading(t("prepare.day_title"), level=2),
        NavCard(
            t("brief.title"),
            t("brief.about"),
            lambda: go(routes.BRIEF),
            icon=ft.Icons.DESCRIPTION_OUTLINED,
        ),
        NavCard(
            t("visit.title"),
            t("visit.about"),
            lambda: go(routes.VISIT),
            icon=ft.Icons.RECORD_VOICE_OVER_OUTLINED,
        ),
        NavCard(
            t("compare.title"),
            t("compare.about"),
            lambda: go(routes.COMPARE),
            icon=ft.Icons.COMPARE_ARROWS,
        ),
        SourcesPanel(data.get("sources", []), data.get("reviewed_on")),
        intro=t("prepare.intro"),
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
        intro=t("records.intro"),
    )


@ft.component
def Letter() -> ft.Control:
    app = use_app()
    data = load_data("prepare")
    profile = app.store.load(Profile)
    initial: dict[str, str] = profile.model_dump()  # every Profile field is text
    form, set_form = ft.use_state(initial)
    copied, set_copied = ft.use_state("")
    error, set_error = ft.use_state("")
    needed = still_needed(app.store.all(RecordItem), data["record"])
    try:
        shown = Profile.model_validate(form)
    except ValidationError:
        shown = profile
    letter = request_letter(data["letter_template"], shown, needed, today())

    def change(field: str):
        return lambda e: (set_form(form | {field: e.control.value}), set_copied(""))

    def save():
        try:
            changed = Profile.model_validate(form)
        except ValidationError as err:
            set_error(kind_message(err))
            return False
        set_error("")
        return app.put(changed)

    async def copy():
        if save():
            await ft.Clipboard().set(letter)
            set_copied(t("letter.copied"))

    return Screen(
        t("letter.title"),
        Field(t("letter.name"), form["name"], change("name"), max_length=LINE_MAX),
        Field(
            t("letter.birth_date"), form["birth_date"], change("birth_date"), max_length=LINE_MAX
        ),
        Field(t("letter.clinic"), form["clinic"], change("clinic"), max_length=LINE_MAX),
        Field(
            t("letter.send_to"),
            form["send_to"],
            change("send_to"),
            multiline=True,
            max_length=NOTE_MAX,
            error=error,
        ),
        Panel(Heading(t("letter.preview"), level=2), ft.Text(letter)),
        ft.Row(
            [
                Button(t("letter.copy"), copy, icon=ft.Icons.COPY),
                Button(t("common.save"), save, kind="outlined"),
                ft.Text(copied),
            ],
            wrap=True,
        ),
        Para(t("letter.rights"), muted=True),
        intro=t("letter.intro"),
    )


@ft.component
def Concerns() -> ft.Control:
    app = use_app()
    concerns = sorted(app.store.all(Concern), key=lambda c: c.created)
    draft, set_draft = ft.use_state("")
    error, set_error = ft.use_state("")

    def add():
        try:
            concern = Concern(text=draft)
        except ValidationError as err:
            set_error(kind_message(err))
            return
        if app.save(concern):
            set_draft("")
            set_error("")

    def remove(concern: Concern):
        if app.delete(Concern, concern.id):
            show_undo(t("concerns.deleted"), lambda: app.save(concern))

    return Screen(
        t("concerns.title"),
        Field(
            t("concerns.new_label"),
            draft,
            lambda e: set_draft(e.control.value),
            error=error,
            max_length=QUESTION_MAX,
            on_submit=lambda: add(),
        ),
        ft.Row([Button(t("concerns.add"), add, icon=ft.Icons.ADD)]),
        *(
            [
                Panel(
                    ft.Row(
                        [
                            ft.Text(c.text, expand=True),
                            IconAction(
                                ft.Icons.DELETE_OUTLINE,
                                t("concerns.delete", name=c.text[:40]),
                                lambda _e, c=c: remove(c),
                            ),
                        ]
                    )
                )
                for c in concerns
            ]
            or [Para(t("concerns.empty"), muted=True)]
        ),
        intro=t("concerns.intro"),
    )


@ft.component
def AppointmentScreen() -> ft.Control:
    app = use_app()
    saved = app.store.load(Appointment)
    # Each field's text as typed; `bring` (a list) comes along unchanged.
    initial: dict[str, Any] = saved.model_dump(mode="json") | {
        "date": typed_date(saved.date) if saved.date else ""
    }
    form, set_form = ft.use_state(initial)
    errors, set_errors = ft.use_state(dict[str, str]())  # field -> kind message
    note, set_note = ft.use_state("")

    def change(field: str):
        return lambda e: (set_form(form | {field: e.control.value}), set_note(""))

    def save():
        values = dict(form)
        try:
            values["date"] = parse_day(values["date"] or "")
        except ValueError:
            set_errors({"date": t("appointment.bad_date")})
            return
        try:
            changed = Appointment.model_validate(app.store.load(Appointment).model_dump() | values)
        except ValidationError as err:
            set_errors({str(err.errors()[0]["loc"][0]): kind_message(err)})
            return
        if app.put(changed):
            set_errors({})
            set_note(t("common.saved"))

    return Screen(
        t("appointment.title"),
        Field(
            t("appointment.date"),
            form["date"],
            change("date"),
            error=errors.get("date"),
            hint=t("appointment.date_hint"),
        ),
        Field(
            t("appointment.time"),
            form["time"],
            change("time"),
            error=errors.get("time"),
            max_length=LINE_MAX,
        ),
        Field(
            t("appointment.doctor"),
            form["doctor"],
            change("doctor"),
            error=errors.get("doctor"),
            max_length=LINE_MAX,
        ),
        Field(
            t("appointment.place"),
            form["place"],
            change("place"),
            error=errors.get("place"),
            max_length=LINE_MAX,
        ),
        Field(
            t("appointment.video_link"),
            form["video_link"],
            change("video_link"),
            error=errors.get("video_link"),
            keyboard=ft.KeyboardType.URL,
        ),
        Field(
            t("appointment.who"),
            form["who_is_coming"],
            change("who_is_coming"),
            error=errors.get("who_is_coming"),
            max_length=LINE_MAX,
        ),
        Field(
            t("appointment.history"),
            form["treatment_history"],
            change("treatment_history"),
            error=errors.get("treatment_history"),
            multiline=True,
            max_length=NOTE_MAX,
            hint=t("appointment.history_hint"),
        ),
        ft.Row([Button(t("appointment.save"), save, icon=ft.Icons.SAVE), ft.Text(note)], wrap=True),
        intro=t("appointment.intro"),
    )


@ft.component
def Bring() -> ft.Control:
    app = use_app()
    data = load_data("prepare")
    appointment = app.store.load(Appointment)

    def toggle(item_id: str, on: bool):
        current = app.store.load(Appointment)
        packed = [b for b in current.bring if b != item_id] + ([item_id] if on else [])
        app.put(current.model_copy(update={"bring": packed}))

    return Screen(
        t("bring.title"),
        *[
            Tick(
                b["label"],
                b["id"] in appointment.bring,
                lambda e, bid=b["id"]: toggle(bid, bool(e.control.value)),
            )
            for b in data["bring"]
        ],
        intro=t("bring.intro"),
    )
