"""Step 2, Decide: my reasons, what worries me, a four-question check, and weighing it up."""

from __future__ import annotations

import flet as ft

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
from views.forms import Refused, Ticks, use_form
from views.sources import SourcesPanel
from views.state import AppState, go, use_app
from views.widgets import (
    Button,
    Buttons,
    Choice,
    Fold,
    GoButton,
    Heading,
    NavCard,
    Panel,
    Para,
    Screen,
)


def LinkButton(link: str) -> ft.Control:
    """Where a content link leads: "Read: <a topic>", or one of the app's own screens."""
    topic = topic_by_id(link)
    label = (
        t("decide.read_topic", title=topic.title)
        if topic
        else t(f"decide.link_{link.replace('-', '_')}")
    )
    return Buttons(GoButton(label, routes.link(link), icon=None))


def use_decision() -> tuple[AppState, dict, Decision]:
    """What every Decide screen reads: the app, Decide's words, the person's decision."""
    app = use_app()
    return app, load_data("decide"), app.store.load(Decision)


@ft.component
def Decide() -> ft.Control:
    _app, data, decision = use_decision()
    result = sure_result(decision.sure, [s["id"] for s in data["sure"]])
    cards = [
        NavCard(
            routes.REASONS,
            t("decide.reasons_status", count=len(decision.reasons) + bool(decision.own_reasons)),
            ft.Icons.FORMAT_LIST_BULLETED,
        ),
        NavCard(
            routes.WORRIES,
            t("decide.worries_status", count=len(decision.worries_seen)),
            ft.Icons.SENTIMENT_NEUTRAL,
        ),
        NavCard(
            routes.CHECK,
            t("decide.check_status", score=result.score, total=result.total)
            if result
            else t("decide.check_todo"),
            ft.Icons.FACT_CHECK_OUTLINED,
        ),
        NavCard(
            routes.WEIGH,
            t(f"decide.outcome_{decision.outcome}") if decision.outcome else t("decide.weigh_todo"),
            ft.Icons.BALANCE,
        ),
    ]
    saved: list[ft.Control] = []
    if decision.outcome:
        saved.append(DecisionSummary(decision))
    return Screen(
        t("decide.title"),
        t("decide.intro"),
        *saved,
        *cards,
        SourcesPanel(data.get("sources", []), data.get("reviewed_on")),
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
    app, data, decision = use_decision()
    # If a save fails, the words still wait in the app (use_form's `keep`).
    form = use_form({"own_reasons": decision.own_reasons}, keep="own-reasons")

    def keep_words(e):
        # Saved as they are typed, like the ticks: "Next" can never lose them.
        form.set("own_reasons", e.control.value or "")
        current = app.store.load(Decision).model_dump()
        form.submit(lambda typed: Decision.model_validate(current | typed), app.put)

    return Screen(
        t("decide.reasons_title"),
        t("decide.reasons_intro"),
        *Ticks(app, data["reason"], Decision, "reasons"),
        form.field(
            "own_reasons",
            t("decide.own_words"),
            multiline=True,
            max_length=NOTE_MAX,
            on_change=keep_words,
        ),
        Para(t("decide.words_kept"), muted=True),
        Buttons(GoButton(t("decide.to_worries"), routes.WORRIES)),
    )


@ft.component
def Worries() -> ft.Control:
    app, data, decision = use_decision()
    # Which answers are open: the redraw that marks one read keeps it open, so
    # the first tap opens it (it used to fold shut again, needing a second tap).
    opened, set_opened = ft.use_state(frozenset[str]())

    def open_close(worry_id: str, is_open: bool):
        set_opened(opened | {worry_id} if is_open else opened - {worry_id})
        current = app.store.load(Decision)
        if is_open and worry_id not in current.worries_seen:
            app.put(current.model_copy(update={"worries_seen": [*current.worries_seen, worry_id]}))

    tiles = [
        Fold(
            worry["title"],
            Para(worry["answer"]),
            ft.Text(t("decide.what_to_do"), theme_style=ft.TextThemeStyle.TITLE_SMALL),
            Para(worry["todo"]),
            *([LinkButton(worry["link"])] if worry.get("link") else []),
            subtitle=t("decide.worry_seen") if worry["id"] in decision.worries_seen else None,
            expanded=worry["id"] in opened,
            on_change=lambda e, wid=worry["id"]: open_close(wid, str(e.data).lower() == "true"),
        )
        for worry in data["worry"]
    ]
    return Screen(
        t("decide.worries_title"),
        t("decide.worries_intro"),
        *tiles,
        Buttons(GoButton(t("decide.to_check"), routes.CHECK)),
    )


@ft.component
def Check() -> ft.Control:
    app, data, decision = use_decision()
    items = data["sure"]
    result = sure_result(decision.sure, [s["id"] for s in items])

    def answer(item_id: str, value: bool):
        current = app.store.load(Decision)
        app.put(current.model_copy(update={"sure": current.sure | {item_id: value}}))

    rows = []
    for n, item in enumerate(items, start=1):
        chosen = decision.sure.get(item["id"])
        choices = (
            (True, t("common.yes"), t("decide.answer_yes", n=n)),
            (False, t("common.no"), t("decide.answer_no", n=n)),
        )
        rows.append(
            Panel(
                ft.Text(f"{n}. {item['question']}", theme_style=ft.TextThemeStyle.TITLE_SMALL),
                Buttons(
                    *[
                        Button(
                            label,
                            lambda _e, i=item["id"], v=value: answer(i, v),
                            kind="filled" if chosen is value else "outlined",
                            icon=ft.Icons.CHECK if chosen is value else None,
                            tooltip=tip,
                        )
                        for value, label, tip in choices
                    ]
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
                    reading.append(LinkButton(item["link"]))
        reading.append(Buttons(GoButton(t("decide.to_weigh"), routes.WEIGH, kind="filled")))
    return Screen(
        t("decide.check_title"),
        t("decide.check_intro"),
        *rows,
        Panel(*reading, tint=True) if reading else Para(t("decide.check_answer_all"), muted=True),
        Para(t("decide.check_source", citation=data["sure_citation"]), muted=True),
    )


@ft.component
def Weigh() -> ft.Control:
    app, data, decision = use_decision()
    options = {o["id"]: o["label"] for o in data["option"]}
    point = use_form({"label": "", "option": "now", "kind": "pro"}, keep="own-point")
    decided = use_form(
        {"outcome": decision.outcome or "", "next_step": decision.next_step}, keep="decision"
    )

    def rate(suggestion: dict, kind: ConsiderationKind, value: float):
        current = app.store.load(Decision)
        app.put(with_rating(current, suggestion, kind, int(value)))

    def with_point(typed: dict[str, str]) -> Decision:
        mine = Consideration.model_validate(typed | {"weight": 3})
        current = app.store.load(Decision)
        return current.model_copy(update={"considerations": [*current.considerations, mine]})

    def add_own():
        if point.submit(with_point, app.put):
            point.set("label", "")  # the choice and the side stay for the next point

    def with_outcome(typed: dict[str, str]) -> Decision:
        if typed["outcome"] not in OPTIONS:
            raise Refused("outcome", t("decide.choose_first"))
        current = app.store.load(Decision).model_dump()
        return Decision.model_validate(current | typed | {"decided_on": today()})

    def save_decision():
        decided.submit(with_outcome, app.put)

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
        t("decide.weigh_intro"),
        *sections,
        Panel(
            Heading(t("decide.add_own_title"), level=2),
            point.field("label", t("decide.own_point"), max_length=LINE_MAX),
            Choice("", point["option"], list(options.items()), point.change("option")),
            Choice(
                "",
                point["kind"],
                [(kind, t(f"decide.a_{kind}")) for kind in ("pro", "con")],
                point.change("kind"),
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
            Choice("", decided["outcome"], list(options.items()), decided.change("outcome")),
            decided.field(
                "next_step",
                t("decide.next_step"),
                max_length=LINE_MAX,
                hint=t("decide.next_step_hint"),
                error=decided.problem(),  # "choose one first" shows here too
            ),
            ft.Row([Button(t("decide.save_decision"), save_decision, icon=ft.Icons.SAVE)]),
            *([Para(t("decide.not_saved_yet"))] if decided.unsaved else []),
            tint=True,
        ),
        DecisionSummary(decision) if decision.outcome else ft.Container(),
        Para(t("decide.weigh_source", citation=data["opdg_citation"]), muted=True),
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
