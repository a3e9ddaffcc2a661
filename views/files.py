"""Files the person keeps or hands on: saving one (a backup, a brief), opening
one they chose, sharing one, and a PDF to print."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import flet as ft

from models.in_browser import load_pdf_packages
from models.text import t
from views.widgets import Button, Buttons, Para


async def save_file(title: str, name: str, raw: bytes, extension: str) -> str | None:
    """Offer `raw` as a file called `name`: a save dialog on the desktop (its path
    is returned), a download in a browser."""
    return await ft.FilePicker().save_file(
        dialog_title=title,
        file_name=name,
        src_bytes=raw,
        file_type=ft.FilePickerFileType.CUSTOM,
        allowed_extensions=[extension],
    )


async def save_json_file(title: str, name: str, raw: bytes) -> None:
    """Offer `raw` as a JSON file called `name` (a backup, a shared plan)."""
    await save_file(title, name, raw, "json")


async def share_or_save(mode: str, title: str, name: str, raw: bytes, mime: str) -> None:
    """Hand a file on: in a browser the phone's own share sheet where the browser
    can share files, else a download; on the desktop a save dialog.

    `mode` is AppState.mode; `title` names the dialog and the message's subject."""
    extension = Path(name).suffix.lstrip(".")
    if mode == "desktop":
        await save_file(title, name, raw, extension)
        return
    try:
        await ft.Share().share_files(
            [ft.ShareFile.from_bytes(raw, mime_type=mime, name=name)], subject=title
        )
    except RuntimeError:
        # Flet's share sheet calls navigator.canShare, which browsers that cannot
        # share files (Chromium on Linux, Firefox on a computer) lack: a download then.
        await save_file(title, name, raw, extension)


async def print_pdf(mode: str, title: str, name: str, raw: bytes) -> None:
    """A PDF to print: downloaded in a browser (the person opens it and prints);
    on the desktop saved where they choose, then opened in their PDF viewer."""
    path = await save_file(title, name, raw, "pdf")
    if mode == "desktop" and path:
        await ft.UrlLauncher().launch_url(Path(path).as_uri())


async def open_json_file(title: str) -> bytes | None:
    """The bytes of the file the person picks, or None if they picked none."""
    files = await ft.FilePicker().pick_files(
        dialog_title=title,
        file_type=ft.FilePickerFileType.CUSTOM,
        allowed_extensions=["json"],
        with_data=True,
    )
    if not files:
        return None
    chosen = files[0]
    if chosen.bytes is not None:  # a browser hands over the bytes themselves
        return chosen.bytes
    return Path(chosen.path).read_bytes() if chosen.path else None


PDF = "application/pdf"


def PdfButtons(
    mode: str, title: str, name: str, make: Callable[[], bytes], say: Callable[[str], object]
) -> ft.Control:
    """Print and Share (Save as PDF on the desktop) for a PDF made on demand,
    with one calm line about what the file holds. `say` shows a short note."""

    async def pdf() -> bytes:
        await load_pdf_packages()  # the offline PWA unpacks fpdf only now
        return make()

    async def print_it():
        await print_pdf(mode, title, name, await pdf())
        say(t("files.print_open" if mode == "desktop" else "files.print_done"))

    async def share():
        await share_or_save(mode, title, name, await pdf(), PDF)
        say(t("files.saved" if mode == "desktop" else "files.shared"))

    return ft.Column(
        [
            Buttons(
                Button(t("files.print"), print_it, icon=ft.Icons.PRINT),
                Button(
                    t("files.save_pdf" if mode == "desktop" else "files.share"),
                    share,
                    kind="outlined",
                    icon=ft.Icons.SAVE_ALT if mode == "desktop" else ft.Icons.SHARE,
                ),
            ),
            Para(t("files.private"), muted=True),
        ],
        spacing=8,
    )
