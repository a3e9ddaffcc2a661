"""Hand the plan to someone who helps: pick what to share, show it as QR codes
or save it as a file; and, on the helper's phone, see what came and add it.

The rules (what a share holds, links, codes, merging) are in models/share.py.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt

import flet as ft

from models.journey import today
from models.share import (
    MergeSummary,
    Share,
    ShareError,
    ShareSummary,
    WhatToShare,
    add_share,
    forget_scanned,
    join_parts,
    make_share,
    missing_parts,
    qr_svg,
    read_share_file,
    scan,
    scanned_parts,
    share_file,
    share_file_name,
    share_links,
    summary_of,
)
from models.store import StoreWriteError
from models.text import t
from models.words import count
from views import routes
from views.files import open_json_file, save_json_file, share_or_save
from views.state import AppState, go, use_app, use_is_phone
from views.widgets import Button, Buttons, Heading, Panel, Para, Screen, Tick

KINDS = ("questions", "appointment", "records", "providers", "notes")
"""The fields of WhatToShare, in the order the screen lists them."""


def summary_lines(summary: ShareSummary) -> list[str]:
    """What a share holds, a line per kind, in words a person reads at a glance."""
    lines = []
    if summary.questions:
        details = [t("share.with_star", n=summary.starred)] if summary.starred else []
        if summary.answered:
            details.append(t("share.with_answer", n=summary.answered))
        questions = count(summary.questions, "question")
        lines.append(
            t("share.has_details", what=questions, details=", ".join(details))
            if details
            else questions
        )
    if summary.appointment:
        lines.append(t("share.has_appointment"))
    if summary.records:
        lines.append(t("share.has_records", records=count(summary.records, "record")))
    if summary.providers:
        lines.append(t("share.has_providers", places=count(summary.providers, "place")))
    if summary.notes:
        lines.append(t("share.has_notes", notes=count(summary.notes, "note")))
    return lines


def merged_line(merged: MergeSummary) -> str:
    added, updated = sum(merged.added.values()), sum(merged.updated.values())
    if not merged.changed:
        return t("share.added_nothing_new")
    said = [t("share.added_new", items=count(added, "item"))] if added else []
    if updated:
        said.append(t("share.added_updated", items=count(updated, "item")))
    return " ".join([*said, t("share.added_kept")])


def take_link(app: AppState, fragment: str) -> None:
    """The app was opened by a scanned code: keep that part, then show what came.

    Called once the store is open (main.py). A code that cannot be read is said
    kindly on the receive screen; nothing saved changes.
    """
    app.shared_problem = ""
    app.shared_restarted = False
    try:
        _parts, app.shared_restarted = scan(app.store, fragment)
    except ShareError as err:
        app.shared_problem = t(f"share.{err.key}")
    except StoreWriteError:
        app.shared_problem = t("problem.cannot_save")
    app.revision += 1


def Bullets(lines: list[str]) -> ft.Control:
    return ft.Column(
        [
            ft.Row(
                [
                    ft.Text("•", theme_style=ft.TextThemeStyle.BODY_LARGE),
                    ft.Container(Para(line), expand=True),  # so the words wrap
                ],
                vertical_alignment=ft.CrossAxisAlignment.START,
            )
            for line in lines
        ],
        spacing=6,
    )


# -- sharing -----------------------------------------------------------------------------


@ft.component
def ShareScreen() -> ft.Control:
    app = use_app()
    phone = use_is_phone()
    what, set_what = ft.use_state(WhatToShare())
    # The links being shown, and which one; none while choosing. Leaving the
    # screen drops this state, so the code is hidden again when the person leaves.
    links, set_links = ft.use_state(list[str]())
    shown, set_shown = ft.use_state(0)
    note, set_note = ft.use_state("")

    share = make_share(app.store, what, dt.datetime.now().astimezone())
    summary = summary_of(share)
    address = app.address if app.mode == "browser" else ""

    def pick(kind: str, on: bool):
        set_what(dataclasses.replace(what, **{kind: on}))
        set_note("")

    def show_codes():
        try:
            set_links(share_links(share, address))
            set_shown(0)
            set_note("")
        except ShareError:
            set_note(t("share.too_big_for_codes"))

    async def send_file():
        now = dt.datetime.now().astimezone()
        try:
            raw = share_file(make_share(app.store, what, now))
        except ShareError:
            set_note(t("share.too_big"))
            return
        name = share_file_name(today())
        if app.mode == "browser":
            # The phone's own share sheet where the browser can share files, else a download.
            await share_or_save(app.mode, t("share.file_subject"), name, raw, "application/json")
        else:
            await save_json_file(t("share.save_file"), name, raw)
        set_note(t("share.file_ready"))

    if links:
        return Codes(links, shown, set_shown, lambda: set_links([]), phone)

    lines = summary_lines(summary)
    ticks = [
        Tick(
            t(f"share.pick_{kind}"),
            getattr(what, kind),
            lambda e, kind=kind: pick(kind, bool(e.control.value)),
        )
        for kind in KINDS
    ]
    return Screen(
        t("share.title"),
        t("share.intro"),
        Panel(
            Heading(t("share.pick_title"), level=2),
            *ticks,
            Para(t("share.notes_hint"), muted=True),
        ),
        Panel(
            Heading(t("share.summary_title"), level=2),
            Bullets(lines) if lines else Para(t("share.summary_nothing")),
            tint=True,
        ),
        Para(t("share.privacy") if address else t("share.privacy_file")),
        Para(t("share.no_address")) if not address else ft.Container(height=0),
        Buttons(
            *(
                [Button(t("share.show_code"), show_codes, icon=ft.Icons.QR_CODE_2)]
                if address
                else []
            ),
            Button(
                t("share.send_file" if app.mode == "browser" else "share.save_file"),
                send_file,
                kind="outlined" if address else "filled",
                icon=ft.Icons.INSERT_DRIVE_FILE_OUTLINED,
                disabled=summary.empty,
            ),
        )
        if not summary.empty
        else ft.Container(height=0),
        ft.Text(note, theme_style=ft.TextThemeStyle.LABEL_LARGE),
    )


def Codes(links: list[str], shown: int, set_shown, hide, phone: bool) -> ft.Control:
    """The code(s) for a share, one at a time, black on white whatever the theme."""
    total = len(links)
    side = 320 if phone else 400
    code = ft.Container(
        content=ft.Image(
            src=qr_svg(links[shown]),
            width=side,
            height=side,
            fit=ft.BoxFit.CONTAIN,
            semantics_label=t("share.code_label", index=shown + 1, total=total),
        ),
        bgcolor="#ffffff",
        padding=8,
        border_radius=8,
        alignment=ft.Alignment.CENTER,
    )
    steps = []
    if total > 1:
        steps = [
            Buttons(
                *(
                    [Button(t("share.code_back"), lambda: set_shown(shown - 1), kind="outlined")]
                    if shown > 0
                    else []
                ),
                *(
                    [Button(t("share.code_next"), lambda: set_shown(shown + 1))]
                    if shown < total - 1
                    else []
                ),
            ),
        ]
    return Screen(
        t("share.code_title"),
        None,
        Panel(Para(t("share.privacy")), tint=True),
        Para(t("share.code_help") if total == 1 else t("share.codes_help", total=total)),
        *(
            [Heading(t("share.code_of", index=shown + 1, total=total), level=2)]
            if total > 1
            else []
        ),
        ft.Row([code], alignment=ft.MainAxisAlignment.CENTER),
        *steps,
        Buttons(Button(t("share.hide_code"), hide, kind="outlined", icon=ft.Icons.VISIBILITY_OFF)),
    )


# -- receiving -----------------------------------------------------------------------------


@ft.component
def ReceiveScreen() -> ft.Control:
    app = use_app()
    from_file, set_from_file = ft.use_state(None)  # a Share read from a file
    merged, set_merged = ft.use_state(None)  # a MergeSummary once added
    problem, set_problem = ft.use_state("")

    parts = scanned_parts(app.store)
    share: Share | None = from_file
    unreadable = ""
    if share is None and parts and not missing_parts(parts):
        try:
            share = join_parts(parts)
        except ShareError as err:
            unreadable = t(f"share.{err.key}")
    shown_problem = problem or unreadable or app.shared_problem

    def done_with_codes():
        # Only what was scanned: if it cannot be saved, the next scan starts over anyway.
        with contextlib.suppress(StoreWriteError):
            forget_scanned(app.store)
        app.shared_problem = ""
        app.shared_restarted = False

    def add():
        if share is None:
            return
        try:
            result = add_share(app.store, share)
        except StoreWriteError:
            set_problem(t("problem.cannot_save"))
            return
        done_with_codes()
        set_from_file(None)
        set_merged(result)
        app.revision += 1

    def not_now():
        done_with_codes()
        set_from_file(None)
        app.revision += 1
        go(routes.HOME)

    async def open_file():
        raw = await open_json_file(t("share.open_file"))
        if raw is None:
            return
        try:
            set_from_file(read_share_file(raw))
            set_problem("")
            set_merged(None)
        except ShareError as err:
            set_problem(t(f"share.{err.key}"))

    open_button = Button(
        t("share.open_file"), open_file, kind="outlined", icon=ft.Icons.FILE_OPEN_OUTLINED
    )
    notice = [Panel(Para(shown_problem), tint=True)] if shown_problem else []
    if app.shared_restarted:
        notice.append(Panel(Para(t("share.restarted")), tint=True))

    if merged is not None:
        return Screen(
            t("share.added_title"),
            None,
            Para(merged_line(merged)),
            Buttons(
                Button(t("share.see_questions"), lambda: go(routes.QUESTIONS)),
                Button(t("nav.home"), lambda: go(routes.HOME), kind="outlined"),
            ),
        )
    if share is not None:
        lines = summary_lines(summary_of(share))
        return Screen(
            t("share.receive_title"),
            t("share.receive_intro"),
            *notice,
            Panel(
                Heading(t("share.receive_holds"), level=2),
                Bullets(lines) if lines else Para(t("share.receive_empty")),
                tint=True,
            ),
            Buttons(
                Button(t("share.add"), add, icon=ft.Icons.DOWNLOAD_DONE),
                Button(t("share.not_now"), not_now, kind="outlined"),
            ),
        )
    if parts:
        missing = missing_parts(parts)
        return Screen(
            t("share.receive_title"),
            None,
            *notice,
            Panel(
                Para(t("share.scanned", have=len(parts), total=parts[0].total)),
                Para(t("share.scan_next", codes=", ".join(str(i) for i in missing))),
                tint=True,
            ),
            Buttons(Button(t("share.start_over"), not_now, kind="outlined"), open_button),
        )
    return Screen(
        t("share.receive_none_title"),
        t("share.receive_none"),
        *notice,
        Buttons(open_button),
    )
