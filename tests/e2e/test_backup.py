"""Backup in About and settings, the way a person uses it: save a backup file,
delete everything, bring the file back; a file that is not a backup changes
nothing."""

from __future__ import annotations

import json
import time

import pytest

from .pages import PHONE, add_question, open_app, tap, wait_for_heading, wait_for_text

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]


def test_a_backup_saved_then_restored_brings_everything_back(app_server, new_page, tmp_path):
    page = open_app(new_page(PHONE), app_server.url_for("/prepare/questions"))
    wait_for_heading(page, "My questions")
    question = f"Could I see the scan images myself? ({time.time_ns() % 100000})"
    add_question(page, question)

    page = open_app(page, app_server.url_for("/settings"))
    wait_for_heading(page, "Backup", level=2)
    with page.expect_download(timeout=30_000) as download:
        tap(page, "Save a backup file")
    saved = tmp_path / "backup.json"
    download.value.save_as(saved)
    assert question in json.dumps(json.loads(saved.read_text(encoding="utf-8")))
    wait_for_text(page, "Backup saved.")

    tap(page, "Delete all my data")
    tap(page, "Yes, delete everything")
    wait_for_text(page, "All your data is deleted.")
    page = open_app(page, app_server.url_for("/prepare/questions"))
    wait_for_text(page, "No questions yet.")

    # A file that is not a backup is refused, and nothing changes.
    strange = tmp_path / "photo.json"
    strange.write_text('{"hello": "world"}', encoding="utf-8")
    page = open_app(page, app_server.url_for("/settings"))
    with page.expect_file_chooser(timeout=30_000) as chooser:
        tap(page, "Restore from a backup file")
    chooser.value.set_files(str(strange))
    wait_for_text(page, "Nothing was changed.")

    with page.expect_file_chooser(timeout=30_000) as chooser:
        tap(page, "Restore from a backup file")
    chooser.value.set_files(str(saved))
    wait_for_text(page, "Your backup is back in place.")
    page = open_app(page, app_server.url_for("/prepare/questions"))
    wait_for_text(page, question)
