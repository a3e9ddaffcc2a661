"""The brief is about the person (issue 18, item 7): what they write in "About me"
and the decision they saved are on the brief, on screen and in the PDF to print
or share."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from models.content import load_data
from models.text import t

from .pages import fill, open_app, tap, wait_for_heading, wait_for_text

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(240)]


def pdf_text(download, path) -> str:
    download.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
    return " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())


def test_about_me_and_the_decision_are_on_the_brief_to_print_and_share(
    app_server, phone_page, tmp_path
):
    option = load_data("decide")["option"][0]["label"]  # "Get a second opinion now"
    page = open_app(phone_page, app_server.url_for("/decide/weigh"))
    wait_for_heading(page, t("decide.weigh_title"))
    radio = page.get_by_role("radio", name=option).last
    radio.wait_for(state="attached", timeout=15_000)
    radio.dispatch_event("click")  # below the fold: a screen reader's tap
    tap(page, t("decide.save_decision"))
    wait_for_heading(page, t("decide.saved_title"), level=2)

    page = open_app(page, app_server.url_for("/prepare/brief"))
    wait_for_heading(page, t("brief.title"))
    wait_for_text(page, t("brief.about_empty"))
    tap(page, t("brief.about_add"))
    wait_for_heading(page, t("brief.about_title"))
    fill(page, t("brief.name"), "Robert Díaz")
    fill(page, t("brief.diagnosis"), "Bladder cancer that has spread to my lungs")
    tap(page, t("brief.about_save"))

    wait_for_heading(page, t("brief.title"))
    wait_for_text(page, "Robert Díaz")
    wait_for_text(page, "Bladder cancer that has spread to my lungs")
    wait_for_text(page, "I decided to get a second opinion now")
    wait_for_text(page, t("files.private"))

    with page.expect_download(timeout=30_000) as printed:
        tap(page, t("files.print"))
    assert printed.value.suggested_filename == t("brief.pdf_name")
    text = pdf_text(printed.value, tmp_path / "printed.pdf")
    assert "Robert Díaz" in text and "I decided to get a second opinion now" in text
    wait_for_text(page, t("files.print_done"))

    # Chromium on Linux cannot share files, so the share sheet's fallback: a download.
    with page.expect_download(timeout=30_000) as shared:
        tap(page, t("files.share"))
    assert "Robert Díaz" in pdf_text(shared.value, tmp_path / "shared.pdf")
    wait_for_text(page, t("files.shared"))
