"""Saving a file the person keeps, and opening one they chose: a backup or a
shared plan, both small JSON files."""

from __future__ import annotations

from pathlib import Path

import flet as ft


async def save_json_file(title: str, name: str, raw: bytes) -> None:
    """Offer `raw` as a file called `name`: a save dialog, or a download in a browser."""
    await ft.FilePicker().save_file(
        dialog_title=title,
        file_name=name,
        src_bytes=raw,
        file_type=ft.FilePickerFileType.CUSTOM,
        allowed_extensions=["json"],
    )


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
