"""Step 1, Learn: short topics in plain words, each dated and sourced, and a glossary."""

from __future__ import annotations

import datetime as dt

import flet as ft

from models.content import is_stale, load_data, load_glossary, load_topics, topic_by_id
from models.journey import TopicRead
from models.text import folded, t
from models.words import long_date
from views import routes
from views.sources import SourcesPanel
from views.state import go, open_link, use_app
from views.theme import topic_style
from views.widgets import Button, Heading, NavCard, Panel, Para, Progress, Screen, SearchField


@ft.component
def Learn() -> ft.Control:
    app = use_app()
    topics = load_topics()
    read = {r.id for r in app.store.all(TopicRead)}
    cards = [
        NavCard(
            routes.path(routes.TOPIC, topic=topic.id),
            topic.summary,
            ft.Icons.CHECK_CIRCLE if topic.id in read else ft.Icons.ARTICLE_OUTLINED,
            title=topic.title,
            trailing=ft.Text(t("learn.read_mark")) if topic.id in read else None,
        )
        for topic in topics
    ]
    done = sum(1 for topic in topics if topic.id in read)
    return Screen(
        t("learn.title"),
        t("learn.intro"),
        Progress(done, len(topics), t("learn.progress", done=done, total=len(topics))),
        *cards,
        NavCard(routes.WORDS, t("glossary.about"), ft.Icons.ABC),
    )


@ft.component
def Topic() -> ft.Control:
    app = use_app()
    topic_id = ft.use_route_params().get("topic", "")
    topic = topic_by_id(topic_id)
    if topic is None:
        return Screen(t("learn.missing"), None, Button(t("learn.title"), lambda: go(routes.LEARN)))
    topics = load_topics()
    index = [x.id for x in topics].index(topic.id)
    following = topics[index + 1] if index + 1 < len(topics) else None
    already = app.store.get(TopicRead, topic.id) is not None
    terms = {term.id: term for term in load_glossary()}
    stale = is_stale(topic.reviewed_on, dt.date.today())

    def mark_read_and_go():
        if not already:
            app.save(TopicRead(id=topic.id))
        if following:
            go(routes.TOPIC, topic=following.id)
        else:
            go(routes.LEARN)

    def tap_link(e):
        target = str(e.data or "")
        if target.startswith("glossary:"):
            go(routes.TOPIC_WORD, topic=topic.id, term=target.split(":", 1)[1])
        else:
            ft.context.page.run_task(open_link, target)

    words: list[ft.Control] = [
        ft.OutlinedButton(
            content=terms[g].term,
            on_click=lambda _e, g=g: go(routes.TOPIC_WORD, topic=topic.id, term=g),
            tooltip=t("learn.word_tip", term=terms[g].term),
        )
        for g in topic.glossary
        if g in terms
    ]
    return ft.Column(
        [
            ft.TextButton(
                content=t("learn.all_topics"),
                icon=ft.Icons.ARROW_BACK,
                on_click=lambda: go(routes.LEARN),
            ),
            Heading(topic.title),
            ft.Text(
                t("common.reviewed_on", date=long_date(topic.reviewed_on)),
                theme_style=ft.TextThemeStyle.BODY_SMALL,
                color=ft.Colors.ON_SURFACE_VARIANT,
            ),
            *([Para(t("learn.may_be_old"), muted=True)] if stale else []),
            ft.Markdown(
                topic.body,
                on_tap_link=tap_link,
                selectable=False,
                extension_set=ft.MarkdownExtensionSet.GITHUB_FLAVORED,
                md_style_sheet=topic_style(),
            ),
            Para(t("learn.not_advice"), muted=True),
            Panel(Heading(t("learn.words_title"), level=2), ft.Row(words, wrap=True))
            if words
            else ft.Container(),
            ft.Row(
                [
                    Button(
                        t("learn.done_next") if following else t("learn.done_last"),
                        mark_read_and_go,
                        icon=ft.Icons.ARROW_FORWARD,
                    ),
                ],
                wrap=True,
            ),
            SourcesPanel(topic.sources),
        ],
        spacing=16,
    )


@ft.component
def Glossary() -> ft.Control:
    params = ft.use_route_params()
    term_id, from_topic = params.get("term", ""), params.get("topic", "")
    query, set_query = ft.use_state("")
    terms = load_glossary()
    chosen = next((x for x in terms if x.id == term_id), None)
    q = folded(query.strip())
    shown = [x for x in terms if not q or q in folded(x.term) or q in folded(x.meaning)]
    rows: list[ft.Control] = []
    if chosen:
        rows.append(Panel(Heading(chosen.term, level=2), Para(chosen.meaning), tint=True))
    rows.append(SearchField(t("glossary.search"), query, lambda e: set_query(e.control.value)))
    for term in shown:
        rows.append(
            ft.Column(
                [
                    ft.Text(term.term, theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
                    Para(term.meaning),
                ],
                spacing=2,
            )
        )
    if not shown:
        rows.append(Para(t("glossary.none"), muted=True))
    back = (
        [
            ft.Row(
                [
                    Button(
                        t("learn.back_to_reading"),
                        lambda: go(routes.TOPIC, topic=from_topic),
                        icon=ft.Icons.ARROW_BACK,
                    )
                ]
            )
        ]
        if from_topic
        else []
    )
    data = load_data("glossary")
    rows.append(SourcesPanel(data.get("sources", []), data.get("reviewed_on")))
    return Screen(t("glossary.title"), t("glossary.intro"), *back, *rows)
