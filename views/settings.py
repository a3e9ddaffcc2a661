"""About and settings: text size, light or dark, what the app is, where data lives."""

from __future__ import annotations

import datetime as dt

import flet as ft

from models.backup import BackupError, backup_file_name, export_backup, read_backup
from models.look import TEXT_SCALES
from models.text import LANGS, t
from views import routes
from views.files import open_json_file, save_json_file
from views.state import use_app
from views.widgets import Button, Buttons, Choice, GoButton, Heading, Panel, Para, Screen

SIZE_NAMES = [
    "settings.size_1",
    "settings.size_2",
    "settings.size_3",
    "settings.size_4",
    "settings.size_5",
]


@ft.component
def SettingsScreen() -> ft.Control:
    app = use_app()
    prefs = app.settings()

    def set_scale(e):
        app.put(prefs.model_copy(update={"text_scale": float(e.control.value)}))

    def set_theme(e):
        app.put(prefs.model_copy(update={"theme": e.control.value}))

    def set_language(e):
        choice = e.control.value if e.control.value in LANGS else ""
        app.put(prefs.model_copy(update={"language": choice}))

    where = {
        "desktop": t("settings.where_desktop", path=str(app.store.path)),
        "web": t("settings.where_web"),
        "browser": t("settings.where_browser"),
    }[app.mode]
    return Screen(
        t("settings.title"),
        None,
        Panel(
            Heading(t("settings.size_title"), level=2),
            Para(t("settings.size_intro")),
            Choice(
                "",
                str(prefs.text_scale),
                [
                    (str(scale), t(name))
                    for scale, name in zip(TEXT_SCALES, SIZE_NAMES, strict=True)
                ],
                set_scale,
            ),
        ),
        Panel(
            Heading(t("settings.language_title"), level=2),
            Choice(
                "",
                prefs.language or "device",
                [("device", t("settings.language_device"))]
                + [(lang, t(f"settings.language_{lang}")) for lang in LANGS],
                set_language,
            ),
        ),
        Panel(
            Heading(t("settings.theme_title"), level=2),
            Choice(
                "",
                prefs.theme,
                [(v, t(f"settings.theme_{v}")) for v in ("system", "light", "dark")],
                set_theme,
            ),
        ),
        Panel(
            Heading(t("settings.about_title"), level=2),
            Para(t("settings.about_body")),
            Para(t("home.not_advice")),
        ),
        Panel(
            Heading(t("settings.data_title"), level=2),
            Para(where),
            Para(t("settings.private")),
        ),
        Panel(
            Heading(t("share.title"), level=2),
            Para(t("share.about")),
            Buttons(
                GoButton(t("share.title"), routes.SHARE, kind="filled", icon=ft.Icons.SHARE),
                GoButton(t("share.open_file"), routes.RECEIVE, icon=ft.Icons.FILE_OPEN_OUTLINED),
            ),
        ),
        Backup(),
    )


@ft.component
def Backup() -> ft.Control:
    """Export everything to one file, bring it back (all or nothing), or delete it all."""
    app = use_app()
    note, set_note = ft.use_state("")

    async def export():
        now = dt.datetime.now()
        await save_json_file(
            t("backup.export"), backup_file_name(now), export_backup(app.store, now)
        )
        set_note(t("backup.exported"))

    async def restore():
        raw = await open_json_file(t("backup.restore"))
        if raw is None:
            return
        try:
            tables = read_backup(raw)
        except BackupError as err:
            set_note(t(f"backup.{err.key}"))
            return
        if app.replace_all(tables):
            set_note(t("backup.restored"))

    def confirm_delete():
        def really(e):
            ft.context.page.pop_dialog()
            if app.replace_all({}):
                set_note(t("backup.deleted"))

        ft.context.page.show_dialog(
            ft.AlertDialog(
                modal=True,
                title=ft.Text(t("backup.delete_title")),
                content=ft.Text(t("backup.delete_body")),
                # Keeping everything is the big, safe button; deleting is the plain one.
                actions=[
                    Button(t("common.cancel"), lambda _e: ft.context.page.pop_dialog()),
                    Button(
                        t("backup.delete_confirm"),
                        really,
                        kind="outlined",
                        icon=ft.Icons.DELETE_FOREVER,
                    ),
                ],
            )
        )

    return Panel(
        Heading(t("backup.title"), level=2),
        Para(t("backup.intro")),
        ft.Row(
            [
                Button(t("backup.export"), export, icon=ft.Icons.DOWNLOAD),
                Button(t("backup.restore"), restore, kind="outlined", icon=ft.Icons.UPLOAD),
            ],
            wrap=True,
        ),
        ft.Row(
            [Button(t("backup.delete"), confirm_delete, kind="text", icon=ft.Icons.DELETE_FOREVER)]
        ),
        ft.Text(note, theme_style=ft.TextThemeStyle.LABEL_LARGE),
    )
