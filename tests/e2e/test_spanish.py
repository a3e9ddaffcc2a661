"""The app in Spanish, in a real browser at phone size (issue 15): a browser
that prefers Spanish starts in Spanish; switching in About and settings walks
every step in Spanish, makes a Spanish brief, and switching back finds every
saved word as it was. The Spanish screens pass axe with the page's lang "es"."""

from __future__ import annotations

import time

import pytest

from models.content import load_topics
from models.text import t

from .pages import (
    PHONE,
    UI_MS,
    add_question,
    open_app,
    poll,
    tap,
    wait_for_heading,
    wait_for_text,
    wait_for_title,
)
from .test_accessibility import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]


def es(key: str, **values: object) -> str:
    return t(key, "es", **values)


def page_lang(page) -> str:
    return page.evaluate("() => document.documentElement.lang")


def wait_for_lang(page, lang: str) -> None:
    """<html lang> follows a switch a frame after the words do (Flutter sets it)."""
    poll(
        lambda: page_lang(page),
        lambda now: now.startswith(lang),
        page=page,
        timeout_ms=UI_MS,
        failure=lambda: f"<html lang> is {page_lang(page)!r}, not {lang!r}",
    )


def test_a_browser_that_prefers_spanish_starts_in_spanish(app_server, new_page):
    page = open_app(new_page(PHONE, locale="es-US"), app_server.url)
    wait_for_heading(page, es("home.title"))
    wait_for_title(page, f"{es('nav.home')} · {es('app.name')}")
    wait_for_lang(page, "es")
    # An English browser on the same server still gets English.
    other = open_app(new_page(PHONE, locale="en-US"), app_server.url)
    wait_for_heading(other, "Your journey")
    wait_for_lang(other, "en")


def test_switching_to_spanish_walks_every_step_and_keeps_what_was_saved(
    app_server, new_page, tmp_path
):
    page = open_app(new_page(PHONE, locale="en-US"), app_server.url_for("/prepare/questions"))
    wait_for_heading(page, "My questions")
    mine = f"Can my daughter sit in on the visit? ({time.time_ns() % 100000})"
    add_question(page, mine)

    page = open_app(page, app_server.url_for("/settings"))
    tap(page, "Español", roles=("radio",))
    wait_for_heading(page, es("settings.title"))
    wait_for_lang(page, "es")

    tap(page, es("nav_bar.learn"), roles=("tab",))
    wait_for_heading(page, es("learn.title"))
    first = load_topics("es")[0]
    tap(page, first.title)
    wait_for_heading(page, first.title)

    tap(page, es("nav_bar.decide"), roles=("tab",))
    wait_for_heading(page, es("decide.title"))
    tap(page, es("nav_bar.find"), roles=("tab",))
    wait_for_heading(page, es("find.title"))
    tap(page, es("nav_bar.prepare"), roles=("tab",))
    wait_for_heading(page, es("prepare.title"))

    # The person's own question is in their words, whatever the language.
    tap(page, es("questions.title"))
    wait_for_heading(page, es("questions.title"))
    wait_for_text(page, mine)

    page = open_app(page, app_server.url_for("/prepare/brief"))
    wait_for_heading(page, es("brief.title"))
    with page.expect_download(timeout=30_000) as download:
        tap(page, es("files.print"))
    assert download.value.suggested_filename == es("brief.pdf_name")
    pdf = tmp_path / "resumen.pdf"
    download.value.save_as(pdf)
    from pypdf import PdfReader

    text = " ".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert mine in text
    assert "Mis preguntas" in text or "preguntas" in text.lower()
    assert any(ch in text for ch in "áéíóúñ"), "the PDF lost its accents"
    assert "Compañero" in text, "the PDF lost its ñ"

    # The records letter: in Spanish, or in English for a records office that reads only English.
    page = open_app(page, app_server.url_for("/prepare/letter"))
    wait_for_heading(page, es("letter.title"))
    wait_for_text(page, "45 CFR 164.524")
    wait_for_text(page, "expedientes médicos")
    with page.expect_download(timeout=30_000) as download:
        tap(page, es("files.print"))
    assert download.value.suggested_filename == es("letter.pdf_name")
    download.value.save_as(tmp_path / "carta.pdf")
    letter = " ".join(p.extract_text() for p in PdfReader(tmp_path / "carta.pdf").pages)
    assert "expedientes médicos" in " ".join(letter.split())
    assert "mis medicamentos" in letter, "the letter speaks as the person"
    tap(page, "English", roles=("radio",))
    wait_for_text(page, "Request for copies of my health records")

    page = open_app(page, app_server.url_for("/settings"))
    tap(page, "English", roles=("radio",))
    wait_for_heading(page, "About and settings")
    page = open_app(page, app_server.url_for("/prepare/questions"))
    wait_for_heading(page, "My questions")
    wait_for_text(page, mine)
    wait_for_lang(page, "en")


@pytest.mark.parametrize(
    ("path", "key"),
    [
        ("/", "home.title"),
        ("/learn", "learn.title"),
        ("/decide", "decide.title"),
        ("/find", "find.title"),
        ("/prepare", "prepare.title"),
        ("/settings", "settings.title"),
    ],
)
def test_spanish_screens_pass_axe(shared_app_server, _report_shared, new_page, path, key):
    page = open_app(new_page(PHONE, locale="es-US"), shared_app_server.url_for(path))
    wait_for_heading(page, es(key))
    wait_for_lang(page, "es")
    assert_accessible(page, f"{path} (phone, Spanish)")
