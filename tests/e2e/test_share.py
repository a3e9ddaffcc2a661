"""Handing the plan to a helper by file, in two separate browsers (the local web
app, which has no public address for codes: it says so and offers the file).
The QR codes are tested on the built PWA, in test_pwa.py."""

from __future__ import annotations

import json
import time

import pytest

from .pages import (
    PHONE,
    add_question,
    open_app,
    poll,
    tap,
    wait_for_heading,
    wait_for_text,
)

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]


def test_a_plan_shared_by_file_is_added_on_the_helpers_app(app_server, new_page, tmp_path):
    patient = open_app(new_page(PHONE), app_server.url_for("/prepare/questions"))
    wait_for_heading(patient, "My questions")
    question = f"Can my daughter join the video visit? ({time.time_ns() % 100000})"
    add_question(patient, question)

    # From Prepare, as a person finds it.
    patient = open_app(patient, app_server.url_for("/prepare"))
    tap(patient, "Share with someone who helps you")
    wait_for_heading(patient, "Share with someone who helps you")
    wait_for_text(patient, "1 question", exact=True)
    notes = patient.get_by_role("checkbox", name="My notes", exact=True)
    assert notes.get_attribute("aria-checked") == "false", "notes are shared unless turned on"
    wait_for_text(patient, "Anyone who gets the file can read what it holds.")
    wait_for_text(patient, "Codes work in the app opened from its web address.")
    assert patient.get_by_role("button", name="Show the code").count() == 0

    with patient.expect_download(timeout=30_000) as download:
        tap(patient, "Save as a file")
    shared = tmp_path / "shared.json"
    download.value.save_as(shared)
    document = json.loads(shared.read_text(encoding="utf-8"))
    assert document["kind"] == "share"
    assert [q["text"] for q in document["data"]["questions"]] == [question]
    assert "notes" not in document["data"] or document["data"]["notes"] == []
    wait_for_text(patient, "The file is ready.")

    # The helper's own browser: nothing there yet, then the file.
    helper = open_app(new_page(PHONE), app_server.url_for("/settings"))
    wait_for_heading(helper, "About and settings")
    tap(helper, "Open a shared file")
    wait_for_heading(helper, "Open a shared plan")
    with helper.expect_file_chooser(timeout=30_000) as chooser:
        tap(helper, "Open a shared file", roles=("button",))
    chooser.value.set_files(str(shared))
    wait_for_heading(helper, "Someone shared their plan with you")
    wait_for_text(helper, "1 question", exact=True)
    tap(helper, "Add to my app")
    wait_for_heading(helper, "The plan is in your app")
    wait_for_text(helper, "Added: 1 item. Anything you wrote yourself is still here.")
    tap(helper, "See the questions")
    wait_for_heading(helper, "My questions")
    wait_for_text(helper, question)

    # The same file again changes nothing.
    helper = open_app(helper, app_server.url_for("/prepare/shared"))
    with helper.expect_file_chooser(timeout=30_000) as chooser:
        tap(helper, "Open a shared file", roles=("button",))
    chooser.value.set_files(str(shared))
    tap(helper, "Add to my app")
    wait_for_text(helper, "You already had all of this, so nothing changed.")


def test_a_file_that_is_not_a_shared_plan_is_refused_kindly(app_server, new_page, tmp_path):
    strange = tmp_path / "photo.json"
    strange.write_text('{"hello": "world"}', encoding="utf-8")
    helper = open_app(new_page(PHONE), app_server.url_for("/prepare/shared"))
    wait_for_heading(helper, "Open a shared plan")
    with helper.expect_file_chooser(timeout=30_000) as chooser:
        tap(helper, "Open a shared file", roles=("button",))
    chooser.value.set_files(str(strange))
    wait_for_text(helper, "That is not a shared plan from this app. Nothing was changed.")
    poll(
        lambda: helper.get_by_role("button", name="Add to my app").count(),
        lambda n: n == 0,
        page=helper,
        timeout_ms=2000,
        failure="a file that is not a share can be added",
    )
