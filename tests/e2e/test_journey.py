"""The journey in a real browser at phone size (issues #4, #5 and #7).

A person reads a topic and looks up a word, works through Decide, adds a
center and moves it along, picks and stars questions, asks for records,
uses visit mode, saves the brief and compares two opinions; after a reload
everything is still there.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from models.content import load_data, load_glossary, load_topics
from models.words import full_date, weekday_date

from .pages import (
    fill,
    open_app,
    poll,
    reload_app,
    tap,
    type_text,
    wait_for_heading,
    wait_for_text,
    wait_until_drawn,
)

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]


def nth_button(page, name: str, n: int):
    """The n-th button whose name starts with `name` (several "Yes" buttons, say)."""
    locator = page.get_by_role("button", name=re.compile(r"^\s*" + re.escape(name)))
    locator.nth(n).wait_for(state="attached", timeout=15000)
    return locator.nth(n)


def by_position(page, name: str) -> list:
    """Buttons named `name`, top to bottom as a person sees them."""
    locator = page.get_by_role("button", name=re.compile(r"^\s*" + re.escape(name) + r"\s*$"))
    locator.first.wait_for(state="attached", timeout=15000)
    buttons = locator.all()
    found = [(b.bounding_box() or {"y": 0})["y"] for b in buttons]
    return [b for _, b in sorted(zip(found, buttons, strict=True), key=lambda pair: pair[0])]


def type_into(page, label: str, text: str) -> None:
    """Type into a field wherever it is on the page (a screen reader's tap focuses it)."""
    field = page.locator(f'input[aria-label="{label}"], textarea[aria-label="{label}"]').first
    field.wait_for(state="attached", timeout=15000)
    field.dispatch_event("click")
    type_text(page, text)


def click(page, locator) -> None:
    # Below the fold a pointer cannot reach Flutter's node; a screen reader's tap can.
    locator.dispatch_event("click")


def is_checked(page, label: str) -> bool:
    box = page.get_by_role("checkbox", name=label).first
    box.wait_for(state="attached", timeout=15000)
    return box.get_attribute("aria-checked") == "true"


def wait_for_star(page, question: str) -> None:
    """A starred question's button now offers to remove the star."""
    unstar = page.get_by_role("button", name=re.compile(r"^Remove star: " + re.escape(question)))
    unstar.first.wait_for(state="attached", timeout=15000)


def test_learn_and_decide_are_kept_after_reload(shared_app_server, phone_page):
    first, second = load_topics()[:2]
    word = next(t for t in load_glossary() if t.id == first.glossary[0])
    page = open_app(phone_page, shared_app_server.url_for(f"/learn/{first.id}"))
    wait_for_heading(page, first.title)
    wait_for_text(page, "Reviewed on")

    # A word from the topic opens its plain meaning, with a way back.
    tap(page, word.term)
    wait_for_text(page, word.meaning)
    tap(page, "Back to the topic")
    wait_for_heading(page, first.title)
    tap(page, "I've read this. Next topic")
    wait_for_heading(page, second.title)

    decide = load_data("decide")
    reason = decide["reason"][0]["label"]
    page = open_app(page, shared_app_server.url_for("/decide/reasons"))
    wait_for_heading(page, "My reasons")
    tap(page, reason, roles=("checkbox",))
    assert poll(lambda: is_checked(page, reason), page=page, failure=None)
    wait_until_drawn(page)  # the save's answer too

    page = open_app(page, shared_app_server.url_for("/decide/worries"))
    tap(page, decide["worry"][0]["title"])
    wait_for_text(page, "What you can do")

    page = open_app(page, shared_app_server.url_for("/decide/check"))
    wait_for_heading(page, "A short check")
    for n in range(4):
        click(page, by_position(page, "No" if n == 1 else "Yes")[n])
        wait_until_drawn(page)
    wait_for_heading(page, "You said yes to 3 of 4", level=2)

    page = open_app(page, shared_app_server.url_for("/decide/weigh"))
    wait_for_heading(page, "Weigh it up")
    option = decide["option"][0]["label"]
    radio = page.get_by_role("radio", name=option).last
    radio.wait_for(state="attached", timeout=15000)
    click(page, radio)
    type_into(page, "My next step", "Call the nurse on Monday")
    tap(page, "Save my decision")
    wait_for_heading(page, "Your decision", level=2)

    reload_app(page)
    wait_for_heading(page, "Your decision", level=2)
    wait_for_text(page, "Next step: Call the nurse on Monday")
    page = open_app(page, shared_app_server.url_for("/decide/reasons"))
    assert is_checked(page, reason)
    page = open_app(page, shared_app_server.url_for("/decide"))
    wait_for_text(page, "3 of 4 yes")
    page = open_app(page, shared_app_server.url_for("/learn"))
    wait_for_text(page, f"You have read 1 of {len(load_topics())} topics.")


def test_provider_questions_and_records_are_kept_after_reload(app_server, phone_page):
    page = open_app(phone_page, app_server.url_for("/find/centers"))
    wait_for_heading(page, "Cancer center list")
    fill(page, "Search by name or city", "Houston")
    wait_for_text(page, "MD Anderson Cancer Center")
    click(page, nth_button(page, "Add to my list", 1))  # MD Anderson: the one with a phone
    wait_for_text(page, "On my list")

    page = open_app(page, app_server.url_for("/find/tracker"))
    wait_for_text(page, "Step 1 of 5: To contact")
    wait_for_text(page, "Phone: 877-632-6789")  # the number itself, on the card
    tap(page, "Mark as: Called")
    wait_for_text(page, "Step 2 of 5: Called")
    wait_for_text(page, "Next: Send them your records")  # no longer "Call and ask..."
    tap(page, "Mark as: Records sent")
    wait_for_text(page, "Step 3 of 5: Records sent")

    bank = load_data("prepare")
    topic = bank["topic"][0]
    picks = [q["text"] for q in bank["question"] if q["topic"] == topic["id"]][:5]
    page = open_app(page, app_server.url_for("/prepare/questions/bank"))
    wait_for_heading(page, "Choose questions")
    tap(page, topic["title"])
    for text in picks:
        box = page.get_by_role("checkbox", name=text).first
        box.wait_for(state="attached", timeout=15000)
        click(page, box)
        poll(lambda q=text: is_checked(page, q), page=page, failure=f"{text!r} was not ticked")
    wait_for_text(page, "You have chosen 5 questions from this list.")

    page = open_app(page, app_server.url_for("/prepare/questions"))
    wait_for_heading(page, "All my questions (5)", level=2)
    for text in picks[:3]:
        star = page.get_by_role(
            "button", name=re.compile(r"^Star question: " + re.escape(text[:20]))
        )
        star.first.wait_for(state="attached", timeout=15000)
        click(page, star.first)
        wait_for_star(page, text[:20])

    checklist = bank["record"]
    page = open_app(page, app_server.url_for("/prepare/records"))
    wait_for_heading(page, "Records to gather")
    for n in range(2):
        click(page, by_position(page, "Requested")[n])
        wait_for_text(page, f"0 of {len(checklist)} ready or not needed. {n + 1} asked for.")
    wait_for_text(page, f"0 of {len(checklist)} ready or not needed. 2 asked for.")

    reload_app(page)
    wait_for_text(page, f"0 of {len(checklist)} ready or not needed. 2 asked for.")
    page = open_app(page, app_server.url_for("/find/tracker"))
    wait_for_text(page, "Step 3 of 5: Records sent")
    page = open_app(page, app_server.url_for("/prepare/questions"))
    wait_for_heading(page, "All my questions (5)", level=2)
    for n, text in enumerate(picks[:3], start=1):
        wait_for_text(page, f"{n}. {text}")  # my top 3, in order
    assert page.get_by_role("button", name=re.compile(r"^Remove star: ")).count() == 3


def test_visit_mode_brief_and_comparison(app_server, phone_page, tmp_path):
    page = open_app(phone_page, app_server.url_for("/prepare/questions"))
    wait_for_heading(page, "My questions")
    for text in ("Is surgery an option for me?", "Which trial fits me best?"):
        fill(page, "New question", text)
        tap(page, "Add question")
        wait_for_text(page, text)
    star = page.get_by_role("button", name=re.compile(r"^Star question: Which trial"))
    star.first.wait_for(state="attached", timeout=15000)
    click(page, star.first)
    wait_for_star(page, "Which trial")

    page = open_app(page, app_server.url_for("/prepare/visit"))
    wait_for_heading(page, "Visit mode")
    wait_for_text(page, "Which trial fits me best?")  # starred first
    type_into(page, "The answer", "Ask the trial nurse about the FGFR3 study.")
    tap(page, "Asked. Next question")
    wait_for_text(page, "Question 2 of 2")
    type_into(page, "The answer", "Not at this time.")
    tap(page, "Asked. Next question")
    wait_for_heading(page, "Asked (2)", level=2)
    wait_for_text(page, "Ask the trial nurse about the FGFR3 study.")

    page = open_app(page, app_server.url_for("/prepare/brief"))
    wait_for_heading(page, "My one-page brief")
    with page.expect_download(timeout=30000) as download:
        tap(page, "Print")
    pdf = tmp_path / "brief.pdf"
    download.value.save_as(pdf)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    from pypdf import PdfReader

    text = " ".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "Which trial fits me best?" in text

    page = open_app(page, app_server.url_for("/prepare/compare"))
    wait_for_heading(page, "Compare the two opinions")
    type_into(page, "First opinion: Diagnosis and stage", "Stage 4B, spread to bone")
    type_into(page, "Second opinion: Diagnosis and stage", "Stage 4A, lymph nodes only")
    tap(page, "Save")
    wait_for_text(page, "Different", exact=True)
    wait_for_text(page, "Questions to take back to your team")


def test_forms_say_kindly_what_to_fix_and_keep_the_rest(app_server, phone_page):
    """A place added by hand, and the appointment: what cannot be saved is said
    under its field, what was typed stays, and once it is right it is saved."""
    page = open_app(phone_page, app_server.url_for("/find/tracker/new"))
    wait_for_heading(page, "Add a doctor or center")
    tap(page, "Save")
    wait_for_text(page, "Please type something first.")  # no name yet
    type_into(page, "Name of doctor or center", "Dr. Rivera, GU oncology")
    type_into(page, "Do the next step by", "sometime soon")
    wait_until_drawn(page)  # focus scrolled the field into view; a tap mid-scroll is lost
    tap(page, "Save")
    wait_for_text(page, "Please write the date as month/day/year, for example 12/03/2026.")
    type_into(page, "Do the next step by", "12/03/2026")
    wait_until_drawn(page)
    tap(page, "Save")
    wait_for_heading(page, "My places to contact")
    wait_for_text(page, "Dr. Rivera, GU oncology")

    # The appointment's date is picked on the calendar (typing works as above).
    first = dt.date.today().replace(day=1)
    day = (first + dt.timedelta(days=32)).replace(day=15)  # the 15th of next month
    page = open_app(page, app_server.url_for("/prepare/appointment"))
    wait_for_heading(page, "The appointment")
    tap(page, "Pick a date")
    wait_for_text(page, "Pick the day of your appointment")
    tap(page, "Next month")
    tap(page, f"15, {day:%A}, {day:%B} 15, {day.year}")
    tap(page, "OK")
    wait_for_text(page, f"That is {full_date(day)}.")
    tap(page, "Save the appointment")
    wait_for_text(page, "Saved.", exact=True)
    page = open_app(page, app_server.url_for("/prepare"))
    wait_for_text(page, weekday_date(day))
