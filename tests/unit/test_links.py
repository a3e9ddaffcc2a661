"""Links the app opens: web pages only, never scripts or files; phone numbers as digits only."""

import asyncio
from typing import ClassVar

import pytest

from views import state


class FakeLauncher:
    opened: ClassVar[list[str]] = []

    async def launch_url(self, url: str) -> None:
        FakeLauncher.opened.append(url)


@pytest.fixture
def opened(monkeypatch) -> list[str]:
    FakeLauncher.opened = []
    monkeypatch.setattr(state.ft, "UrlLauncher", FakeLauncher)
    return FakeLauncher.opened


@pytest.mark.parametrize(
    "url", ["https://www.cancer.gov/types/bladder", "HTTP://example.org/a?b=c"]
)
def test_web_pages_open(opened, url):
    asyncio.run(state.open_link(url))
    assert opened == [url]


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "file:///etc/passwd",
        "data:text/html,<b>x</b>",
        "intent://scan/#Intent;end",
        "ftp://example.org",
        " https://example.org",
        "glossary:stage",
        "",
        "//example.org",
        "https:/example.org".replace("https:/", "https:"),
    ],
)
def test_anything_else_is_never_opened(opened, url):
    asyncio.run(state.open_link(url))
    assert opened == []


@pytest.mark.parametrize(
    "number, link",
    [
        ("(555) 123-4567", "tel:5551234567"),
        ("1-800-4-CANCER", "tel:18004226237"),
        ("+1 (555) 123-4567", "tel:15551234567"),
        ("ext", None),
        ("12", None),
    ],
)
def test_phone_links_hold_only_digits(number, link):
    assert state.phone_link(number) == link


def test_whatever_is_typed_the_phone_link_is_digits_only():
    link = state.phone_link("555-123-4567 <script>alert('x')</script> ; // ?a=b")
    assert link.startswith("tel:") and link[4:].isdigit()
