"""Step 3, Find a provider: where to look, the cancer-center list, what to ask
when calling, and a tracker of the places contacted."""

from __future__ import annotations

import flet as ft

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
from models.journey import LINE_MAX, NAME_MAX, NOTE_MAX, Provider, ProviderStatus
from models.providers import (
    by_what_needs_doing,
    is_overdue,
    moved_to,
    next_status,
    step_for,
    suggested_step,
)
from models.text import t
from models.words import distance, short_date, typed_date
from views import routes
from views.dates import DateField
from views.forms import day, use_form
from views.sources import SourcesPanel
from views.state import delete_with_undo, dial, go, open_link, use_app
from views.widgets import (
    Button,
    Buttons,
    Choice,
    Field,
    Fold,
    GoButton,
    Heading,
    NavCard,
    Panel,
    Para,
    Screen,
    SearchField,
)


def status_text(status: ProviderStatus) -> str:
    return t(f"status.{status.value}")


@ft.component
def Find() -> ft.Control:
    app = use_app()
    data = load_data("find")
    providers = app.store.all(Provider)
    ways = [Fold(way["title"], Para(way["how"])) for way in data["way"]]
    return Screen(
        t("find.title"),
        t("find.intro"),
        NavCard(
            routes.TRACKER,
            t("tracker.count", count=len(providers)),
            ft.Icons.CONTACT_PHONE_OUTLINED,
        ),
        NavCard(routes.CENTERS, t("centers.about"), ft.Icons.LOCAL_HOSPITAL_OUTLINED),
        NavCard(routes.CALL_SCRIPT, t("script.about"), ft.Icons.PHONE_IN_TALK_OUTLINED),
        Heading(t("find.ways_title"), level=2),
        *ways,
        SourcesPanel(data.get("sources", []), data.get("reviewed_on")),
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
                next_step=suggested_step(ProviderStatus.TO_CONTACT),
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
    state_field = Field(
        t("centers.state"),
        state,
        lambda e: set_state((e.control.value or "").strip().upper()[:2]),
        hint=t("centers.state_hint"),
        max_length=2,
        width=260,
    )
    state_field.capitalization = ft.TextCapitalization.CHARACTERS
    rows = [
        CenterCard(c, miles, c.id in mine, campuses.get(c.group, 0), add, key=c.id)
        for c, miles in ordered
    ]
    return Screen(
        t("centers.title"),
        t("centers.intro"),
        Para(t("centers.source"), muted=True),
        Para(t("centers.kinds")),
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
        SearchField(t("centers.search"), query, lambda e: set_query(e.control.value)),
        state_field,
        Para(t("centers.showing", count=count_centers(found), total=count_centers(everyone))),
        *(rows or [Para(t("centers.none"), muted=True)]),
        Para(t("centers.contacts"), muted=True),
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
    call = CallButton(c.phone, t("centers.call_tip", name=c.name, phone=c.phone))
    if call:
        lines.append(PhoneLine(c.phone))
        actions.append(call)
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
    if added:
        # Said as a fact with a way to the list: a greyed button looked broken.
        actions.append(Button(t("centers.open_list"), lambda: go(routes.TRACKER), kind="text"))
    else:
        actions.append(
            Button(
                t("centers.add"),
                lambda _e, cid=c.id: add(cid),
                kind="tonal",
                icon=ft.Icons.ADD,
                tooltip=t("centers.add_tip", name=c.name),
            )
        )
    on_list = [OnMyList()] if added else []
    return Panel(*lines, *on_list, ft.Row(actions, wrap=True))


def CallButton(number: str, tooltip: str, kind: str = "filled") -> ft.Control | None:
    """Call `number` (the browser dials within the tap: views/state.dial), or None
    when it holds no number to dial."""
    calling = dial(number)
    if calling is None:
        return None
    return Button(
        t("centers.call"), None, action=calling, icon=ft.Icons.PHONE, kind=kind, tooltip=tooltip
    )


def PhoneLine(number: str) -> ft.Control:
    """The number itself, to read out or dial from another phone."""
    return ft.Text(t("centers.phone_line", phone=number), theme_style=ft.TextThemeStyle.TITLE_SMALL)


def OnMyList() -> ft.Control:
    return ft.Row(
        [
            ft.Icon(ft.Icons.CHECK_CIRCLE, color=ft.Colors.PRIMARY),
            ft.Text(t("centers.added"), theme_style=ft.TextThemeStyle.TITLE_SMALL),
        ],
        spacing=8,
    )


@ft.component
def Tracker() -> ft.Control:
    app = use_app()
    providers = by_what_needs_doing(app.store.all(Provider))
    return Screen(
        t("tracker.title"),
        t("tracker.intro"),
        Buttons(
            GoButton(
                t("tracker.add_by_hand"),
                routes.path(routes.PROVIDER, provider=routes.NEW),
                kind="filled",
                icon=ft.Icons.ADD,
            ),
            GoButton(t("centers.title"), routes.CENTERS, icon=ft.Icons.LOCAL_HOSPITAL_OUTLINED),
        ),
        *([ProviderCard(p, key=p.id) for p in providers] or [Para(t("tracker.empty"), muted=True)]),
    )


@ft.component
def ProviderCard(provider: Provider, *, key: str | None = None) -> ft.Control:
    # `key` tells Flet which provider this card is; @ft.component takes it, it never gets here.
    app = use_app()
    following = next_status(provider.status)

    def advance():
        if following:
            app.save(moved_to(provider, following))

    steps = [s for s in ProviderStatus]
    here = steps.index(provider.status)
    when = ""
    if provider.next_date:
        when = t(
            "tracker.overdue" if is_overdue(provider) else "tracker.by_date",
            date=short_date(provider.next_date),
        )
    reach: list[ft.Control] = []
    if following:
        reach.append(
            Button(
                t("tracker.advance", status=status_text(following)),
                advance,
                icon=ft.Icons.ARROW_FORWARD,
                tooltip=t("tracker.advance_tip", name=provider.name, status=status_text(following)),
            )
        )
    call = CallButton(provider.phone, t("tracker.call", name=provider.name), kind="outlined")
    if call:
        reach.append(call)
    if provider.website:
        reach.append(
            Button(
                t("centers.website"),
                lambda: ft.context.page.run_task(open_link, provider.website),
                icon=ft.Icons.OPEN_IN_NEW,
                kind="outlined",
                tooltip=t("centers.website_tip", name=provider.name),
            )
        )
    # Changing and removing sit on a row of their own, away from Call.
    change = [
        Button(
            t("common.edit"),
            lambda: go(routes.PROVIDER, provider=provider.id),
            icon=ft.Icons.EDIT_OUTLINED,
            kind="text",
            tooltip=t("tracker.edit", name=provider.name),
        ),
        Button(
            t("common.delete"),
            lambda: delete_with_undo(app, provider, t("tracker.deleted", name=provider.name)),
            icon=ft.Icons.DELETE_OUTLINE,
            kind="text",
            tooltip=t("tracker.delete", name=provider.name),
        ),
    ]
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
        *([PhoneLine(provider.phone)] if call else []),
        *([Para(provider.notes, muted=True)] if provider.notes else []),
        ft.Row(reach, wrap=True),
        ft.Row(change, wrap=True),
    )


@ft.component
def ProviderForm() -> ft.Control:
    app = use_app()
    provider_id = ft.use_route_params().get("provider", routes.NEW)
    existing = app.store.get(Provider, provider_id) if provider_id != routes.NEW else None
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
    form = use_form(initial, keep=f"provider-{provider_id}")

    def provider(typed: dict[str, str]) -> Provider:
        when = day(typed["next_date"], "next_date", "tracker.bad_date")
        saved = existing.model_dump() if existing else {}
        return Provider.model_validate(saved | typed | {"next_date": when})

    def save():
        if form.submit(provider, app.save):
            go(routes.TRACKER)

    def cancel():
        form.cancel()  # what was typed is forgotten, not kept for next time
        go(routes.TRACKER)

    def new_status(e):
        # "Called" chosen: a suggested next step moves on with it ("Send them your records").
        status = ProviderStatus(e.control.value)
        was = ProviderStatus(form["status"])
        form.set("next_step", step_for(status, was, form["next_step"]))
        form.set("status", status.value)

    return Screen(
        t("tracker.edit_title") if existing else t("tracker.new_title"),
        None,
        form.field("name", t("tracker.name"), max_length=NAME_MAX),
        form.field("place", t("tracker.place"), max_length=LINE_MAX),
        form.field("phone", t("tracker.phone"), keyboard=ft.KeyboardType.PHONE),
        form.field("website", t("tracker.website"), keyboard=ft.KeyboardType.URL),
        Choice(
            t("tracker.in_network"),
            form["in_network"],
            [(k, t(f"tracker.network_{k}")) for k in ("unknown", "yes", "no")],
            form.change("in_network"),
        ),
        Choice(
            t("tracker.status"),
            form["status"],
            [(s.value, status_text(s)) for s in ProviderStatus],
            new_status,
        ),
        form.field("next_step", t("tracker.next_step"), max_length=LINE_MAX),
        DateField(
            form,
            "next_date",
            t("tracker.next_date"),
            help_text=t("tracker.pick_help"),
            hint=t("tracker.date_hint"),
        ),
        form.field("notes", t("tracker.notes"), multiline=True, max_length=NOTE_MAX),
        ft.Row(
            [
                Button(t("common.save"), save, icon=ft.Icons.SAVE),
                Button(t("common.cancel"), cancel, kind="text"),
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
    form = use_form(dict(chosen.call_answers) if chosen else {})

    def pick(e):
        set_chosen(e.control.value)
        picked = next((p for p in providers if p.id == e.control.value), None)
        form.reset(dict(picked.call_answers) if picked else {})

    def save():
        if chosen is not None:
            saved = chosen.model_dump()
            form.submit(
                lambda typed: Provider.model_validate(saved | {"call_answers": typed}),
                app.save,
                note=t("common.saved"),
            )

    questions = [
        ft.Column(
            [
                ft.Text(f"{n}. {q['text']}", theme_style=ft.TextThemeStyle.TITLE_SMALL),
                form.field(
                    q["id"], t("script.answer_label", n=n), multiline=True, max_length=NOTE_MAX
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
        t("script.intro"),
        *picker,
        *questions,
        ft.Row(
            [
                Button(t("script.save"), save, icon=ft.Icons.SAVE, disabled=chosen is None),
                ft.Text(form.problem() or form.note),
            ],
            wrap=True,
        )
        if chosen
        else ft.Container(),
    )
