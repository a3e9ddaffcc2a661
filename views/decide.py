"""Step 2, Decide: my reasons, what worries me, a four-question check, and weighing it up."""

from __future__ import annotations

import flet as ft
from pydantic import ValidationError

from models.content import load_data, topic_by_id
from models.decision import OPTIONS, balances, sure_result, weight_of, with_rating
from models.journey import (
    LINE_MAX,
    NOTE_MAX,
    Consideration,
    ConsiderationKind,
    Decision,
    today,
)
from models.text import t
from models.words import long_date
from views import routes
from views.sources import SourcesPanel
from views.state import go, kind_message, use_app
from views.widgets import Button, Field, Heading, NavCard, Option, Panel, Para, Screen, Tick


def link_label(link: str) -> str:
    topic = topic_by_id(link)
    return (
        t("decide.read_topic", title=topic.title)
        if topic
        else t(f"decide.link_{link.replace('-', '_')}")
    )


@ft.component
def Decide() -> ft.Control:
    app = use_app()
    data = load_data("decide")
    decision = app.store.load(Decision)
    result = sure_result(decision.sure, [s["id"] for s in data["sure"]])
    cards = [
        NavCard(
            t("decide.reasons_title"),
            t("decide.reasons_status", count=len(decision.reasons) + bool(decision.own_reasons)),
            lambda: go(routes.REASONS),
            icon=ft.Icons.FORMAT_LIST_BULLETED,
        ),
        NavCard(
            t("decide.worries_title"),
            t("decide.worries_status", count=len(decision.worries_seen)),
            lambda: go(routes.WORRIES),
            icon=ft.Icons.SENTIMENT_NEUTRAL,
        ),
        NavCard(
            t("decide.check_title"),
            t("decide.check_status", score=result.score, total=result.total)
            if result
            else t("decide.check_todo"),
            lambda: go(routes.CHECK),
            icon=ft.Icons.FACT_CHECK_OUTLINED,
        ),
        NavCard(
            t("decide.weigh_title"),
            t(f"decide.outcome_{decision.outcome}") if decision.outcome else t("decide.weigh_todo"),
            lambda: go(routes.WEIGH),
            icon=ft.Icons.BALANCE,
        ),
    ]
    saved: list[ft.Control] = []
    if decision.outcome:
        saved.append(DecisionSummary(decision))
    return Screen(
        t("decide.title"),
        *saved,
        *cards,
        SourcesPanel(data.get("sources", []), data.get("reviewed_on")),
        intro=t("decide.intro"),
    )


def DecisionSummary(decision: Decision) -> ft.Control:
    when = long_date(decision.decided_on) if decision.decided_on else ""
    return Panel(
        Heading(t("decide.saved_title"), level=2),
        ft.Text(
            t(f"decide.outcome_{decision.outcome}"), theme_style=ft.TextThemeStyle.TITLE_MEDIUM
        ),
        Para(t("decide.saved_on", date=when)),
        *([Para(t("decide.next_step_is", step=decision.next_step))] if decision.next_step else []),
        ft.Row([Button(t("decide.go_find"), lambda: go(routes.FIND), icon=ft.Icons.ARROW_FORWARD)])
        if decision.outcome != "not"
        else ft.Container(),
        tint=True,
    )


@ft.component
def Reasons() -> ft.Control:
    app = use_app()
    data = load_data("decide")
    decision = app.store.load(Decision)
    words, set_words = ft.use_state(decision.own_reasons)
    error, set_error = ft.use_state("")
    saved_note, set_saved_note = ft.use_state("")

    def toggle(reason_id: str, on: bool):
        current = app.store.load(Decision)
        reasons = [r for r in current.reasons if r != reason_id] + ([reason_id] if on else [])
        app.put(current.model_copy(update={"reasons": reasons}))

    def save_words():
        try:
            current = app.store.load(Decision)
            changed = Decision.model_validate(current.model_dump() | {"own_reasons": words})
        except ValidationError as err:
            set_error(kind_message(err))
            return
        if app.put(changed):
            set_error("")
            set_saved_note(t("common.saved"))

    return Screen(
        t("decide.reasons_title"),
        *[
            Tick(
                r["label"],
                r["id"] in decision.reasons,
                lambda e, rid=r["id"]: toggle(rid, bool(e.control.value)),
            )
            for r in data["reason"]
        ],
        Field(
            t("decide.own_words"),
            words,
            lambda e: (set_words(e.control.value), set_saved_note("")),
            error=error,
            multiline=True,
            max_length=NOTE_MAX,
        ),
        ft.Row([Button(t("decide.save_words"), save_words), ft.Text(saved_note)], wrap=True),
        ft.Row(
            [
                Button(
                    t("decide.to_worries"),
                    lambda: go(routes.WORRIES),
                    kind="outlined",
                    icon=ft.Icons.ARROW_FORWARD,
                )
            ]
        ),
        intro=t("decide.reasons_intro"),
    )


@ft.component
def Worries() -> ft.Control:
    app = use_app()
    data = load_data("decide")
    decision = app.store.load(Decision)

    def seen(worry_id: str):
        current = app.store.load(Decision)
        if worry_id not in current.worries_seen:
            app.put(current.model_copy(update={"worries_seen": [*current.worries_seen, worry_id]}))

    tiles = []
    for worry in data["worry"]:
        extra = []
        if worry.get("link"):
            extra.append(
                ft.Row(
                    [
                        Button(
                            link_label(worry["link"]),
                            lambda _e, w=worry: go(routes.link(w["link"])),
                            kind="outlined",
                        )
                    ],
                    wrap=True,
                )
            )
        tiles.append(
            ft.ExpansionTile(
                title=ft.Text(worry["title"], theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
                subtitle=ft.Text(t("decide.worry_seen"))
                if worry["id"] in decision.worries_seen
                else None,
                on_change=lambda e, wid=worry["id"]: seen(wid),
                controls=[
                    ft.Container(
                        content=ft.Column(
                            [
                                Para(worry["answer"]),
                                ft.Text(
                                    t("decide.what_to_do"),
                                    theme_style=ft.TextThemeStyle.TITLE_SMALL,
                                ),
                                Para(worry["todo"]),
                                *extra,
                            ],
                            spacing=8,
                        ),
                        padding=ft.Padding.only(left=16, right=16, bottom=16),
                    )
                ],
                shape=ft.RoundedRectangleBorder(radius=12),
                collapsed_shape=ft.RoundedRectangleBorder(radius=12),
                collapsed_bgcolor=ft.Colors.SURFACE_CONTAINER_LOW,
                bgcolor=ft.Colors.SURFACE_CONTAINER_LOW,
            )
        )
    return Screen(
        t("decide.worries_title"),
        *tiles,
        ft.Row(
            [
                Button(
                    t("decide.to_check"),
                    lambda: go(routes.CHECK),
                    kind="outlined",
                    icon=ft.Icons.ARROW_FORWARD,
                )
            ]
        ),
        intro=t("decide.worries_intro"),
    )


@ft.component
def Check() -> ft.Control:
    app = use_app()
    data = load_data("decide")
    decision = app.store.load(Decision)
    items = data["sure"]
    result = sure_result(decision.sure, [s["id"] for s in items])

    def answer(item_id: str, value: bool):
        current = app.store.load(Decision)
        app.put(current.model_copy(update={"sure": current.sure | {item_id: value}}))

    rows = []
    for n, item in enumerate(items, start=1):
        chosen = decision.sure.get(item["id"])
        rows.append(
            Panel(
                ft.Text(f"{n}. {item['question']}", theme_style=ft.TextThemeStyle.TITLE_SMALL),
                ft.Row(
                    [
                        Button(
                            t("common.yes"),
                            lambda _e, i=item["id"]: answer(i, True),
                            kind="filled" if chosen is True else "outlined",
                            icon=ft.Icons.CHECK if chosen is True else None,
                            tooltip=t("decide.answer_yes", n=n),
                        ),
                        Button(
                            t("common.no"),
                            lambda _e, i=item["id"]: answer(i, False),
                            kind="filled" if chosen is False else "outlined",
                            icon=ft.Icons.CHECK if chosen is False else None,
                            tooltip=t("decide.answer_no", n=n),
                        ),
                    ],
                    wrap=True,
                ),
            )
        )
    reading: list[ft.Control] = []
    if result is not None:
        by_id = {s["id"]: s for s in items}
        reading.append(
            Heading(t("decide.check_result", score=result.score, total=result.total), level=2)
        )
        if result.sure:
            reading.append(Para(t("decide.check_sure")))
        else:
            reading.append(Para(t("decide.check_unsure")))
            for item_id in result.unsure_ids:
                item = by_id[item_id]
                reading.append(Para(item["if_no"]))
                if item.get("link"):
                    reading.append(
                        ft.Row(
                            [
                                Button(
                                    link_label(item["link"]),
                                    lambda _e, i=item: go(routes.link(i["link"])),
                                    kind="outlined",
                                )
                            ],
                            wrap=True,
                        )
                    )
        reading.append(
            ft.Row(
                [
                    Button(
                        t("decide.to_weigh"),
                        lambda: go(routes.WEIGH),
                        icon=ft.Icons.ARROW_FORWARD,
                    )
                ]
            )
        )
    return Screen(
        t("decide.check_title"),
        *rows,
        Panel(*reading, tint=True) if reading else Para(t("decide.check_answer_all"), muted=True),
        Para(t("decide.check_source", citation=data["sure_citation"]), muted=True),
        intro=t("decide.check_intro"),
    )


@ft.component
def Weigh() -> ft.Control:
    app = use_app()
    data = load_data("decide")
    decision = app.store.load(Decision)
    choice, set_choice = ft.use_state(decision.outcome or "")
    step, set_step = ft.use_state(decision.next_step)
    own, set_own = ft.use_state("")
    own_option, set_own_option = ft.use_state("now")
    own_kind, set_own_kind = ft.use_state("pro")
    error, set_error = ft.use_state("")
    options = {o["id"]: o["label"] for o in data["option"]}

    def rate(suggestion: dict, kind: ConsiderationKind, value: float):
        current = app.store.load(Decision)
        app.put(with_rating(current, suggestion, kind, int(value)))

    def add_own():
        try:
            mine = Consideration(option=own_option, kind=own_kind, label=own, weight=3)
        except ValidationError as err:
            set_error(kind_message(err))
            return
        current = app.store.load(Decision)
        if app.put(current.model_copy(update={"considerations": [*current.considerations, mine]})):
            set_own("")
            set_error("")

    def save_decision():
        if choice not in OPTIONS:
            set_error(t("decide.choose_first"))
            return
        try:
            current = app.store.load(Decision)
            changed = Decision.model_validate(
                current.model_dump() | {"outcome": choice, "next_step": step, "decided_on": today()}
            )
        except ValidationError as err:
            set_error(kind_message(err))
            return
        if app.put(changed):
            set_error("")

    sides: tuple[ConsiderationKind, ...] = ("pro", "con")
    suggestions = [(s, kind) for kind in sides for s in data[kind]]  # the pros, then the cons
    own_items = [
        c for c in decision.considerations if c.id not in {s["id"] for s, _ in suggestions}
    ]
    sections = []
    for option_id, label in options.items():
        lines = []
        for s, kind in suggestions:
            if s["option"] != option_id:
                continue
            lines.append(
                Rating(
                    s["label"],
                    kind,
                    weight_of(decision, s["id"]),
                    lambda v, s=s, kind=kind: rate(s, kind, v),
                )
            )
        for c in own_items:
            if c.option == option_id:
                lines.append(
                    Rating(
                        c.label,
                        c.kind,
                        c.weight,
                        lambda v, c=c: rate(
                            {"id": c.id, "option": c.option, "label": c.label}, c.kind, v
                        ),
                    )
                )
        sections.append(Panel(Heading(label, level=2), *lines))

    totals = [
        ft.Text(
            t(
                "decide.balance_line",
                option=options.get(b.option, b.option),
                pros=b.pros,
                cons=b.cons,
            )
        )
        for b in balances(decision.considerations)
    ]
    return Screen(
        t("decide.weigh_title"),
        *sections,
        Panel(
            Heading(t("decide.add_own_title"), level=2),
            Field(
                t("decide.own_point"), own, lambda e: set_own(e.control.value), max_length=LINE_MAX
            ),
            ft.RadioGroup(
                value=own_option,
                on_change=lambda e: set_own_option(e.control.value),
                content=ft.Column([Option(k, v) for k, v in options.items()], spacing=0),
            ),
            ft.RadioGroup(
                value=own_kind,
                on_change=lambda e: set_own_kind(e.control.value),
                content=ft.Row(
                    [
                        ft.Radio(value="pro", label=t("decide.a_pro")),
                        ft.Radio(value="con", label=t("decide.a_con")),
                    ],
                    wrap=True,
                ),
            ),
            ft.Row([Button(t("decide.add_point"), add_own, kind="outlined", icon=ft.Icons.ADD)]),
        ),
        Panel(
            Heading(t("decide.balance_title"), level=2),
            Para(t("decide.balance_intro"), muted=True),
            *totals,
        ),
        Panel(
            Heading(t("decide.my_decision"), level=2),
            ft.RadioGroup(
                value=choice,
                on_change=lambda e: set_choice(e.control.value),
                content=ft.Column([Option(k, v) for k, v in options.items()], spacing=0),
            ),
            Field(
                t("decide.next_step"),
                step,
                lambda e: set_step(e.control.value),
                max_length=LINE_MAX,
                hint=t("decide.next_step_hint"),
                error=error,
            ),
            ft.Row([Button(t("decide.save_decision"), save_decision, icon=ft.Icons.SAVE)]),
            tint=True,
        ),
        DecisionSummary(decision) if decision.outcome else ft.Container(),
        Para(t("decide.weigh_source", citation=data["opdg_citation"]), muted=True),
        intro=t("decide.weigh_intro"),
    )


def Rating(label: str, kind: str, weight: int, on_rate) -> ft.Control:
    """One pro or con, with a 0-5 slider for how much it matters."""
    return ft.Column(
        [
            ft.Row(
                [
                    ft.Icon(
                        ft.Icons.ADD_CIRCLE_OUTLINE
                        if kind == "pro"
                        else ft.Icons.REMOVE_CIRCLE_OUTLINE,
                        color=ft.Colors.PRIMARY if kind == "pro" else ft.Colors.TERTIARY,
                    ),
                    ft.Text(label, expand=True),
                ],
                vertical_alignment=ft.CrossAxisAlignment.START,
            ),
            ft.Row(
                [
                    ft.Container(
                        content=ft.TextButton(
                            content=str(n),
                            on_click=lambda _e, n=n: on_rate(n),
                            style=ft.ButtonStyle(
                                bgcolor=ft.Colors.PRIMARY
                                if n == weight
                                else ft.Colors.SURFACE_CONTAINER_HIGH,
                                color=ft.Colors.ON_PRIMARY if n == weight else ft.Colors.ON_SURFACE,
                                shape=ft.CircleBorder(),
                            ),
                            tooltip=t("decide.rate_label", kind=t(f"decide.a_{kind}"), label=label),
                        ),
                        width=48,
                        height=48,
                    )
                    for n in range(6)
                ],
                wrap=True,
                spacing=4,
            ),
            ft.Text(t("decide.matters", weight=weight), theme_style=ft.TextThemeStyle.BODY_SMALL),
        ],
        spacing=0,
    )
