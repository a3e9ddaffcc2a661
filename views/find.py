"""Step 3, Find a provider: where to look, the cancer-center list, what to ask
when calling, and a tracker of the places contacted."""

from __future__ import annotations

import flet as ft
from pydantic import ValidationError

from models.centers import (
    Center,
    by_distance,
    campus_counts,
    center_by_id,
    count_centers,
    patient_centers,
    read_zip,
    search,
)
from models.content import load_data
from models.journey import LINE_MAX, NAME_MAX, NOTE_MAX, Provider, ProviderStatus, parse_day
from models.providers import by_what_needs_doing, is_overdue, next_status
from models.text import t
from models.words import distance, short_date, typed_date
from views import routes
from views.sources import SourcesPanel
from views.state import call_number, go, kind_message, open_link, phone_link, show_undo, use_app
from views.widgets import Button, Choice, Field, Heading, IconAction, NavCard, Panel, Para, Screen


def status_text(status: ProviderStatus) -> str:
    return t(f"status.{status.value}")


@ft.component
def Find() -> ft.Control:
    app = use_app()
    data = load_data("find")
    providers = app.store.all(Provider)
    ways = [
        ft.ExpansionTile(
            title=ft.Text(way["title"], theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
            controls=[
                ft.Container(
                    content=Para(way["how"]), padding=ft.Padding.only(left=16, right=16, bottom=12)
                )
            ],
            shape=ft.RoundedRectangleBorder(radius=12),
            collapsed_shape=ft.RoundedRectangleBorder(radius=12),
            collapsed_bgcolor=ft.Colors.SURFACE_CONTAINER_LOW,
            bgcolor=ft.Colors.SURFACE_CONTAINER_LOW,
        )
        for way in data["way"]
    ]
    return Screen(
        t("find.title"),
        NavCard(
            t("tracker.title"),
            t("tracker.count", count=len(providers)),
            lambda: go(routes.TRACKER),
            icon=ft.Icons.CONTACT_PHONE_OUTLINED,
        ),
        NavCard(
            t("centers.title"),
            t("centers.about"),
            lambda: go(routes.CENTERS),
            icon=ft.Icons.LOCAL_HOSPITAL_OUTLINED,
        ),
        NavCard(
            t("script.title"),
            t("script.about"),
            lambda: go(routes.CALL_SCRIPT),
            icon=ft.Icons.PHONE_IN_TALK_OUTLINED,
        ),
        Heading(t("find.ways_title"), level=2),
        *ways,
        SourcesPanel(data.get("sources", []), data.get("reviewed_on")),
        intro=t("find.intro"),
    )


@ft.component
def Centers() -> ft.Control:
    app = use_app()
    query, set_query = ft.use_state("")
    state, set_state = ft.use_state("")
    zip_text, set_zip_text = ft.use_state("")
    asked, set_asked = ft.use_state(False)
    near = read_zip(zip_text, asked)
    everyone = patient_centers()
    found = search(everyone, query, state)
    # Closest first only when the ZIP code was found; otherwise the usual order stays.
    ordered = by_distance(found, near.where) if near.where else [(c, None) for c in found]
    campuses = campus_counts(everyone)
    mine = {p.center_id: p for p in app.store.all(Provider) if p.center_id}

    def add(center_id: str):
        center = center_by_id(center_id)
        if center is None or center_id in mine:
            return
        place = ", ".join(x for x in (center.parent, f"{center.city}, {center.state}") if x)
        app.save(
            Provider(
                name=center.name,
                place=place[:LINE_MAX],
                phone=center.phone,
                website=center.website,
                center_id=center.id,
                next_step=t("tracker.default_next"),
            )
        )

    def closest(_e=None):
        set_asked(True)

    def usual_order(_e=None):
        set_zip_text("")
        set_asked(False)

    zip_field = Field(
        t("centers.zip"),
        zip_text,
        lambda e: set_zip_text(e.control.value or ""),
        error=t(f"centers.zip_{near.problem.value}", zip=near.zip) if near.problem else None,
        hint=t("centers.zip_hint"),
        on_submit=closest,
        keyboard=ft.KeyboardType.NUMBER,
    )
    zip_field.error_max_lines = 4  # the kind message is a sentence or two, never cut off
    rows = [
        CenterCard(c, miles, c.id in mine, campuses.get(c.group, 0), add, key=c.id)
        for c, miles in ordered
    ]
    return Screen(
        t("centers.title"),
        Para(t("centers.source"), muted=True),
        zip_field,
        ft.Row(
            [
                Button(t("centers.zip_go"), closest, icon=ft.Icons.NEAR_ME),
                *(
                    [Button(t("centers.usual_order"), usual_order, kind="text")]
                    if near.where or near.problem
                    else []
                ),
            ],
            wrap=True,
        ),
        *([Para(t("centers.sorted", zip=near.zip))] if near.where else []),
        ft.TextField(
            label=t("centers.search"),
            value=query,
            on_change=lambda e: set_query(e.control.value),
            prefix_icon=ft.Icons.SEARCH,
            border=ft.OutlineInputBorder(border_radius=12),
        ),
        ft.TextField(
            label=t("centers.state"),
            value=state,
            hint_text=t("centers.state_hint"),
            on_change=lambda e: set_state((e.control.value or "").strip().upper()[:2]),
            max_length=2,
            capitalization=ft.TextCapitalization.CHARACTERS,
            width=260,
            border=ft.OutlineInputBorder(border_radius=12),
        ),
        Para(t("centers.showing", count=count_centers(found), total=count_centers(everyone))),
        *(rows or [Para(t("centers.none"), muted=True)]),
        Para(t("centers.contacts"), muted=True),
        intro=t("centers.intro"),
    )


@ft.component
def CenterCard(
    c: Center, miles: float | None, added: bool, campus_count: int, add, *, key: str | None = None
) -> ft.Control:
    """One center: where it is, how far, and how to reach it (call, website, keep on my list)."""
    # `key` tells Flet which center this card is; @ft.component takes it, it never gets here.
    lines: list[ft.Control] = [
        Heading(c.name, level=3),
        Para(", ".join(x for x in (c.parent, f"{c.city}, {c.state}") if x)),
        ft.Text(t(f"centers.kind_{c.designation}"), theme_style=ft.TextThemeStyle.BODY_SMALL),
    ]
    if miles is not None:
        lines.append(ft.Text(distance(miles), theme_style=ft.TextThemeStyle.TITLE_SMALL))
    if campus_count:
        lines.append(Para(t("centers.campus", count=campus_count, name=c.group), muted=True))
    if c.note:
        lines.append(Para(t(f"centers.note_{c.note}")))
    actions: list[ft.Control] = []
    if phone_link(c.phone):
        actions.append(
            Button(
                t("centers.call", phone=c.phone),
                lambda _e, number=c.phone: ft.context.page.run_task(call_number, number),
                icon=ft.Icons.PHONE,
                tooltip=t("centers.call_tip", name=c.name, phone=c.phone),
            )
        )
    else:
        lines.append(Para(t("centers.no_phone" if c.website else "centers.no_contact"), muted=True))
    if c.website:
        actions.append(
            Button(
                t("centers.website"),
                lambda _e, url=c.website: ft.context.page.run_task(open_link, url),
                kind="outlined",
                icon=ft.Icons.OPEN_IN_NEW,
                tooltip=t("centers.website_tip", name=c.name),
            )
        )
    actions.append(
        Button(
            t("centers.added") if added else t("centers.add"),
            lambda _e, cid=c.id: add(cid),
            kind="tonal",
            icon=ft.Icons.CHECK if added else ft.Icons.ADD,
            disabled=added,
            tooltip=t("centers.add_tip", name=c.name),
        )
    )
    return Panel(*lines, ft.Row(actions, wrap=True))


@ft.component
def Tracker() -> ft.Control:
    app = use_app()
    providers = by_what_needs_doing(app.store.all(Provider))
    return Screen(
        t("tracker.title"),
        ft.Row(
            [
                Button(
                    t("tracker.add_by_hand"),
                    lambda: go(routes.PROVIDER, provider=routes.NEW),
                    icon=ft.Icons.ADD,
                ),
                Button(
                    t("centers.title"),
                    lambda: go(routes.CENTERS),
                    kind="outlined",
                    icon=ft.Icons.LOCAL_HOSPITAL_OUTLINED,
                ),
            ],
            wrap=True,
        ),
        *([ProviderCard(p, key=p.id) for p in providers] or [Para(t("tracker.empty"), muted=True)]),
        intro=t("tracker.intro"),
    )


@ft.component
def ProviderCard(provider: Provider, *, key: str | None = None) -> ft.Control:
    # `key` tells Flet which provider this card is; @ft.component takes it, it never gets here.
    app = use_app()
    following = next_status(provider.status)

    def advance():
        if following:
            app.save(provider.model_copy(update={"status": following}))

    def delete():
        if app.delete(Provider, provider.id):
            show_undo(t("tracker.deleted", name=provider.name), lambda: app.save(provider))

    steps = [s for s in ProviderStatus]
    here = steps.index(provider.status)
    when = ""
    if provider.next_date:
        when = t(
            "tracker.overdue" if is_overdue(provider) else "tracker.by_date",
            date=short_date(provider.next_date),
        )
    actions: list[ft.Control] = []
    if following:
        actions.append(
            Button(
                t("tracker.advance", status=status_text(following)),
                advance,
                icon=ft.Icons.ARROW_FORWARD,
                tooltip=t("tracker.advance_tip", name=provider.name, status=status_text(following)),
            )
        )
    actions.append(
        IconAction(
            ft.Icons.EDIT_OUTLINED,
            t("tracker.edit", name=provider.name),
            lambda: go(routes.PROVIDER, provider=provider.id),
        )
    )
    if phone_link(provider.phone):
        actions.append(
            IconAction(
                ft.Icons.PHONE,
                t("tracker.call", name=provider.name),
                lambda: ft.context.page.run_task(call_number, provider.phone),
            )
        )
    if provider.website:
        actions.append(
            IconAction(
                ft.Icons.OPEN_IN_NEW,
                t("centers.website_tip", name=provider.name),
                lambda: ft.context.page.run_task(open_link, provider.website),
            )
        )
    actions.append(
        IconAction(ft.Icons.DELETE_OUTLINE, t("tracker.delete", name=provider.name), delete)
    )
    return Panel(
        ft.Text(provider.name, theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
        *([Para(provider.place, muted=True)] if provider.place else []),
        ft.Row(
            [
                ft.Container(
                    content=ft.Text(
                        t(
                            "tracker.stage",
                            n=here + 1,
                            total=len(steps),
                            status=status_text(provider.status),
                        ),
                        theme_style=ft.TextThemeStyle.LABEL_LARGE,
                        color=ft.Colors.ON_PRIMARY_CONTAINER,
                    ),
                    bgcolor=ft.Colors.PRIMARY_CONTAINER,
                    border_radius=20,
                    padding=ft.Padding.symmetric(horizontal=12, vertical=6),
                )
            ],
            wrap=True,
        ),
        ft.ProgressBar(value=(here + 1) / len(steps), height=8, border_radius=4),
        *(
            [Para(t("tracker.next_is", step=provider.next_step) + (f" {when}" if when else ""))]
            if provider.next_step
            else ([Para(when)] if when else [])
        ),
        ft.Row(actions, wrap=True),
    )


@ft.component
def ProviderForm() -> ft.Control:
    app = use_app()
    provider_id = ft.use_route_params().get("provider", "new")
    existing = app.store.get(Provider, provider_id) if provider_id != "new" else None
    start = existing or Provider.model_construct(
        name="",
        place="",
        phone="",
        website="",
        in_network="unknown",
        status=ProviderStatus.TO_CONTACT,
        next_step="",
        next_date=None,
        notes="",
    )
    initial: dict[str, str] = {
        "name": start.name,
        "place": start.place,
        "phone": start.phone,
        "website": start.website,
        "in_network": start.in_network,
        "status": start.status.value,
        "next_step": start.next_step,
        "next_date": typed_date(start.next_date) if start.next_date else "",
        "notes": start.notes,
    }
    form, set_form = ft.use_state(initial)
    errors, set_errors = ft.use_state(dict[str, str]())  # field -> kind message

    def change(field: str):
        return lambda e: set_form(form | {field: e.control.value or ""})

    def save():
        values = dict(form)
        try:
            values["next_date"] = parse_day(values["next_date"])
        except ValueError:
            set_errors({"next_date": t("tracker.bad_date")})
            return
        try:
            base = existing.model_dump() if existing else {}
            provider = Provider.model_validate(base | values)
        except ValidationError as err:
            field = str(err.errors()[0]["loc"][0])
            set_errors({field: kind_message(err)})
            return
        if app.save(provider):
            go(routes.TRACKER)

    return Screen(
        t("tracker.edit_title") if existing else t("tracker.new_title"),
        Field(
            t("tracker.name"),
            form["name"],
            change("name"),
            error=errors.get("name"),
            max_length=NAME_MAX,
        ),
        Field(
            t("tracker.place"),
            form["place"],
            change("place"),
            error=errors.get("place"),
            max_length=LINE_MAX,
        ),
        Field(
            t("tracker.phone"),
            form["phone"],
            change("phone"),
            error=errors.get("phone"),
            keyboard=ft.KeyboardType.PHONE,
        ),
        Field(
            t("tracker.website"),
            form["website"],
            change("website"),
            error=errors.get("website"),
            keyboard=ft.KeyboardType.URL,
        ),
        Choice(
            t("tracker.in_network"),
            form["in_network"],
            [(k, t(f"tracker.network_{k}")) for k in ("unknown", "yes", "no")],
            change("in_network"),
        ),
        Choice(
            t("tracker.status"),
            form["status"],
            [(s.value, status_text(s)) for s in ProviderStatus],
            change("status"),
        ),
        Field(
            t("tracker.next_step"),
            form["next_step"],
            change("next_step"),
            error=errors.get("next_step"),
            max_length=LINE_MAX,
        ),
        Field(
            t("tracker.next_date"),
            form["next_date"],
            change("next_date"),
            error=errors.get("next_date"),
            hint=t("tracker.date_hint"),
            keyboard=ft.KeyboardType.DATETIME,
        ),
        Field(
            t("tracker.notes"),
            form["notes"],
            change("notes"),
            error=errors.get("notes"),
            multiline=True,
            max_length=NOTE_MAX,
        ),
        ft.Row(
            [
                Button(t("common.save"), save, icon=ft.Icons.SAVE),
                Button(t("common.cancel"), lambda: go(routes.TRACKER), kind="text"),
            ],
            wrap=True,
        ),
    )


@ft.component
def CallScript() -> ft.Control:
    app = use_app()
    data = load_data("find")
    providers = by_what_needs_doing(app.store.all(Provider))
    chosen_id, set_chosen = ft.use_state(providers[0].id if providers else "")
    chosen = next((p for p in providers if p.id == chosen_id), None)
    answers, set_answers = ft.use_state(dict(chosen.call_answers) if chosen else {})
    saved, set_saved = ft.use_state("")

    def pick(e):
        set_chosen(e.control.value)
        picked = next((p for p in providers if p.id == e.control.value), None)
        set_answers(dict(picked.call_answers) if picked else {})
        set_saved("")

    def save():
        if chosen is None:
            return
        try:
            changed = Provider.model_validate(chosen.model_dump() | {"call_answers": answers})
        except ValidationError as err:
            set_saved(kind_message(err))
            return
        if app.save(changed):
            set_saved(t("common.saved"))

    questions = [
        ft.Column(
            [
                ft.Text(f"{n}. {q['text']}", theme_style=ft.TextThemeStyle.TITLE_SMALL),
                Field(
                    t("script.answer_label", n=n),
                    answers.get(q["id"], ""),
                    lambda e, qid=q["id"]: (
                        set_answers(answers | {qid: e.control.value}),
                        set_saved(""),
                    ),
                    multiline=True,
                    max_length=NOTE_MAX,
                )
                if chosen
                else ft.Container(),
            ],
            spacing=6,
        )
        for n, q in enumerate(data["call_question"], start=1)
    ]
    picker: list[ft.Control] = []
    if providers:
        picker.append(
            Choice(t("script.for_whom"), chosen_id, [(p.id, p.name) for p in providers], pick)
        )
    else:
        picker.append(Para(t("script.no_providers"), muted=True))
        picker.append(
            ft.Row(
                [
                    Button(
                        t("centers.title"),
                        lambda: go(routes.CENTERS),
                        icon=ft.Icons.LOCAL_HOSPITAL_OUTLINED,
                    )
                ]
            )
        )
    return Screen(
        t("script.title"),
        *picker,
        *questions,
        ft.Row(
            [
                Button(t("script.save"), save, icon=ft.Icons.SAVE, disabled=chosen is None),
                ft.Text(saved),
            ],
            wrap=True,
        )
        if chosen
        else ft.Container(),
        intro=t("script.intro"),
    )
