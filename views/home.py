"""Home, "Your journey": the four steps, what is done in each, and the one next thing."""

from __future__ import annotations

import flet as ft

from models.text import t
from views import routes
from views.state import go, use_app, use_title
from views.widgets import Button, Heading, NavCard, Panel, Para, Progress

STEP_ICONS = {
    "learn": ft.Icons.MENU_BOOK,
    "decide": ft.Icons.BALANCE,
    "find": ft.Icons.TRAVEL_EXPLORE,
    "prepare": ft.Icons.CHECKLIST,
}


@ft.component
def Welcome() -> ft.Control:
    """Said once, kindly: what the app is and is not."""
    app = use_app()

    def understood():
        if app.ready:
            prefs = app.settings()
            prefs.welcomed = True
            app.put(prefs)

    return Panel(
        Heading(t("home.welcome_title"), level=2),
        Para(t("home.welcome_body")),
        Para(t("home.not_advice")),
        ft.Row([Button(t("home.welcome_ok"), understood)]),
        tint=True,
    )


def StepCard(number: int, step: str, complete: bool = False) -> ft.Control:
    # What is done shows once, under the card, beside its bar (walk-through item 16).
    return NavCard(
        routes.part(step),
        t(f"home.{step}_about"),
        ft.Icons.CHECK_CIRCLE if complete else STEP_ICONS[step],
        title=t("home.step_title", number=number, name=t(f"nav.{step}")),
    )


def next_words(key: str, topic_id: str) -> str:
    """The next thing in words; a topic to read is named."""
    from models.content import topic_by_id  # with pydantic: not before the first frame

    topic = topic_by_id(topic_id) if topic_id else None
    return t("next.learn_topic", title=topic.title) if topic else t(key)


def NextStep(words: str, route: str | None) -> ft.Control:
    """The one next thing; blank (same size) while the store is still opening."""
    return Panel(
        ft.Text(t("home.next_label"), theme_style=ft.TextThemeStyle.LABEL_LARGE),
        ft.Text(words, theme_style=ft.TextThemeStyle.TITLE_LARGE),
        ft.Row(
            [
                Button(
                    t("home.next_button"),
                    (lambda: go(route)) if route else None,
                    icon=ft.Icons.ARROW_FORWARD,
                    disabled=route is None,
                )
            ]
        ),
        tint=True,
    )


@ft.component
def Home() -> ft.Control:
    app = use_app()
    use_title("nav.home")
    controls: list[ft.Control] = []
    if not app.look.welcomed:
        controls.append(Welcome())
    controls.append(Heading(t("home.title")))
    controls.append(Para(t("home.intro"), muted=True))

    if not app.ready:
        # The first frame, drawn while the store opens: the four steps, not yet what is done.
        controls.append(NextStep("", None))
        for number, name in enumerate(STEP_ICONS, start=1):
            controls.append(StepCard(number, name))
    else:
        from models.progress import journey, next_step

        steps = journey(app.store)
        upcoming = next_step(steps)
        if upcoming is None:
            controls.append(
                Panel(
                    Heading(t("home.all_done_title"), level=2), Para(t("home.all_done")), tint=True
                )
            )
        else:
            controls.append(
                NextStep(
                    next_words(upcoming.next_key, upcoming.next_topic),
                    routes.part(upcoming.next_part, upcoming.next_topic),
                )
            )
        for number, step in enumerate(steps, start=1):
            status = (
                t("home.step_done")
                if step.complete
                else t("home.step_progress", done=step.done, total=step.total)
            )
            controls.append(StepCard(number, step.step, step.complete))
            controls.append(Progress(step.done, step.total, status))

    controls.append(ft.Divider())
    controls.append(NavCard(routes.QUESTIONS, t("home.questions_about"), ft.Icons.QUESTION_ANSWER))
    controls.append(NavCard(routes.NOTES, t("home.notes_about"), ft.Icons.EDIT_NOTE))
    return ft.Column(controls, spacing=12)
