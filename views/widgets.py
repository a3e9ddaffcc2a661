"""The few building blocks every screen uses, so each looks and reads the same."""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from models.text import t
from models.words import LONG_BOX, room_note
from views import routes
from views.state import go
from views.theme import MIN_TOUCH

Handler = Callable[..., object] | None


def Heading(text: str, level: int = 1) -> ft.Control:
    style = {1: ft.TextThemeStyle.HEADLINE_SMALL, 2: ft.TextThemeStyle.TITLE_LARGE}.get(
        level, ft.TextThemeStyle.TITLE_MEDIUM
    )
    return ft.Semantics(
        header=True,
        heading_level=level,
        content=ft.Text(text, theme_style=style),
    )


def Para(text: str, *, muted: bool = False) -> ft.Text:
    # Not selectable: Flutter's web engine shows selectable text as an unlabelled field.
    return ft.Text(
        text,
        theme_style=ft.TextThemeStyle.BODY_MEDIUM,
        color=ft.Colors.ON_SURFACE_VARIANT if muted else None,
    )


def Button(
    label: str,
    on_click: Handler,
    *,
    icon: ft.IconData | None = None,
    kind: str = "filled",
    tooltip: str | None = None,
    disabled: bool = False,
    action: ft.ClientAction | None = None,
) -> ft.Control:
    """The one labelled button: its text is also what a screen reader says.

    `action` is done by the browser within the tap itself (opening the phone's
    dialler, say): browsers refuse those once the tap has gone to Python and back."""
    cls = {
        "filled": ft.FilledButton,
        "tonal": ft.FilledTonalButton,
        "outlined": ft.OutlinedButton,
        "text": ft.TextButton,
    }[kind]
    return cls(
        content=label,
        icon=icon,
        on_click=on_click,
        action=action,
        tooltip=tooltip,
        disabled=disabled,
        # No fixed height: at the largest text a long label wraps onto a second
        # line, which a fixed height cut off ("Restore from a"). This padding
        # makes a one-line button 52 px tall at Standard (the theme's density
        # takes 4 px off).
        style=ft.ButtonStyle(
            padding=ft.Padding.symmetric(horizontal=20, vertical=19),
            shape=ft.RoundedRectangleBorder(radius=12),
        ),
    )


def GoButton(
    label: str,
    route: str,
    *,
    icon: ft.IconData | None = ft.Icons.ARROW_FORWARD,
    kind: str = "outlined",
) -> ft.Control:
    """A button that opens another screen (an address from views/routes.py)."""
    return Button(label, lambda: go(route), kind=kind, icon=icon)


def Buttons(*buttons: ft.Control) -> ft.Control:
    """A row of buttons that wraps on a narrow screen."""
    return ft.Row(list(buttons), wrap=True)


def IconAction(
    icon: ft.IconData, label: str, on_click: Handler, *, selected: bool = False
) -> ft.Control:
    """An icon button that still has a name a screen reader reads."""
    return ft.IconButton(
        # Flutter's web semantics do not read tooltips: the icon carries the name.
        icon=ft.Icon(icon, semantics_label=label),
        tooltip=label,
        on_click=on_click,
        selected=selected,
        icon_size=26,
        # 26 px icon + 11 px padding each side: a 48 px touch target.
        padding=11,
    )


def NavCard(
    route: str,
    subtitle: str,
    icon: ft.IconData,
    *,
    title: str | None = None,
    trailing: ft.Control | None = None,
) -> ft.Control:
    """A large tappable card that opens the screen at `route` (from views/routes.py),
    titled as that screen is unless `title` says otherwise."""
    return ft.Card(
        content=ft.ListTile(
            leading=ft.Icon(icon, size=30, color=ft.Colors.PRIMARY),
            title=ft.Text(
                title or t(routes.title_key(route)), theme_style=ft.TextThemeStyle.TITLE_MEDIUM
            ),
            subtitle=ft.Text(subtitle, theme_style=ft.TextThemeStyle.BODY_SMALL)
            if subtitle
            else None,
            trailing=trailing or ft.Icon(ft.Icons.CHEVRON_RIGHT),
            on_click=lambda: go(route),
            min_height=72,
            content_padding=ft.Padding.symmetric(horizontal=16, vertical=8),
        ),
        elevation=0,
        bgcolor=ft.Colors.SURFACE_CONTAINER_LOW,
        shape=ft.RoundedRectangleBorder(radius=16),
    )


def Panel(*controls: ft.Control, tint: bool = False) -> ft.Control:
    """A soft box grouping related things."""
    return ft.Container(
        # Stretched: a text box in a panel is as wide as the panel (Flet gives a
        # box with no width of its own 300 px, leaving a phone's last words unseen).
        content=ft.Column(
            list(controls), spacing=12, horizontal_alignment=ft.CrossAxisAlignment.STRETCH
        ),
        padding=16,
        border_radius=16,
        bgcolor=ft.Colors.PRIMARY_CONTAINER if tint else ft.Colors.SURFACE_CONTAINER_LOW,
    )


def Progress(done: int, total: int, label: str) -> ft.Control:
    value = done / total if total else 0
    return ft.Column(
        [
            # The bar says it to a screen reader, once; the words are for the eye.
            ft.Semantics(
                exclude_semantics=True,
                content=ft.Text(label, theme_style=ft.TextThemeStyle.BODY_SMALL),
            ),
            ft.ProgressBar(value=value, height=10, border_radius=5, semantics_label=label),
        ],
        spacing=4,
    )


def Field(
    label: str,
    value: str,
    on_change: Handler,
    *,
    error: str | None = None,
    multiline: bool = False,
    lines: int | None = None,
    max_length: int | None = None,
    hint: str | None = None,
    on_submit: Handler = None,
    keyboard: ft.KeyboardType = ft.KeyboardType.TEXT,
    icon: ft.IconData | None = None,
    width: int | None = None,
) -> ft.TextField:
    """A labelled text field; a problem shows kindly right below it.

    `multiline` is for text with line breaks (a note): Enter starts a new line.
    Otherwise Enter submits, and a box for long words (a limit of 100 or more)
    wraps onto more lines as it fills, so nothing typed hides at its left edge.
    `lines` is how many lines it shows empty (3 for multiline). Near its limit
    the box says how much room is left, and that it is full, before it cuts."""
    wraps = multiline or (max_length or 0) >= LONG_BOX
    shown = lines or (3 if multiline else 1)
    return ft.TextField(
        label=label,
        value=value,
        on_change=on_change,
        on_submit=on_submit,
        error=error or None,
        hint_text=hint,
        # Hints and messages wrap: at the largest text one line showed only
        # "Month/day/year, for ex…" (walkthrough review, item 9).
        hint_max_lines=3,
        error_max_lines=4,
        helper=room_note(len(value or ""), max_length),
        helper_max_lines=4,
        counter="",  # "0/5000" under every box said nothing a person needs
        multiline=wraps,
        shift_enter=wraps and not multiline,
        min_lines=shown,
        max_lines=max(shown, 8 if multiline else 5) if wraps else 1,
        max_length=max_length,
        keyboard_type=keyboard,
        prefix_icon=icon,
        width=width,
        border=ft.OutlineInputBorder(border_radius=12),
    )


def SearchField(label: str, value: str, on_change: Handler) -> ft.TextField:
    """A field that narrows a list as the person types."""
    return Field(label, value, on_change, icon=ft.Icons.SEARCH)


def Screen(title: str, intro: str | None, *controls: ft.Control) -> ft.Control:
    """The body of one screen: its title, a line of introduction (if any), its content."""
    head: list[ft.Control] = [Heading(title)]
    if intro:
        head.append(Para(intro, muted=True))
    return ft.Column(
        [*head, *controls], spacing=16, horizontal_alignment=ft.CrossAxisAlignment.STRETCH
    )


def _Labelled(box: ft.Control, label: str) -> ft.Control:
    # Flet's own label sits in a Row that never wraps, so long words ran off the
    # screen. A list tile wraps its title, taps the box from anywhere on the row,
    # and merged, a screen reader hears one checkbox or radio named by the words.
    return ft.MergeSemantics(
        content=ft.ListTile(
            leading=box,
            title=ft.Text(label, theme_style=ft.TextThemeStyle.BODY_MEDIUM),
            toggle_inputs=True,
            content_padding=ft.Padding.symmetric(horizontal=4),
            horizontal_spacing=8,
            min_height=MIN_TOUCH,
            shape=ft.RoundedRectangleBorder(radius=12),
        )
    )


def Tick(label: str, value: bool, on_change: Handler) -> ft.Control:
    """A checkbox whose words wrap, however long; `on_change` gets the Checkbox's event."""
    return _Labelled(ft.Checkbox(value=value, on_change=on_change), label)


def Option(value: str, label: str) -> ft.Control:
    """One radio button of an ft.RadioGroup, its words wrapping like Tick's."""
    return _Labelled(ft.Radio(value=value), label)


def Choice(
    label: str, value: str | None, options: list[tuple[str, str]], on_change: Handler
) -> ft.Control:
    """Pick one of a few: labelled radio buttons (Flutter's web dropdowns have no name).
    `label` "" when a heading just above already says what the choice is."""
    group = ft.RadioGroup(
        value=value,
        on_change=on_change,
        content=ft.Column([Option(key, text) for key, text in options], spacing=0),
    )
    if not label:
        return group
    return ft.Column(
        [ft.Text(label, theme_style=ft.TextThemeStyle.TITLE_SMALL), group],
        spacing=4,
    )


def Fold(
    title: str,
    *controls: ft.Control,
    subtitle: str | None = None,
    expanded: bool = False,
    on_change: Handler = None,
) -> ft.Control:
    """A titled panel that opens to show more (a worry's answer, a way to find a doctor).
    `on_change` hears it open or close; `expanded` keeps it open across redraws."""
    return ft.ExpansionTile(
        title=ft.Text(title, theme_style=ft.TextThemeStyle.TITLE_MEDIUM),
        subtitle=ft.Text(subtitle) if subtitle else None,
        expanded=expanded,
        maintain_state=True,
        on_change=on_change,
        controls=[
            ft.Container(
                content=ft.Column(list(controls), spacing=8),
                padding=ft.Padding.only(left=16, right=16, bottom=16),
            )
        ],
        shape=ft.RoundedRectangleBorder(radius=12),
        collapsed_shape=ft.RoundedRectangleBorder(radius=12),
        collapsed_bgcolor=ft.Colors.SURFACE_CONTAINER_LOW,
        bgcolor=ft.Colors.SURFACE_CONTAINER_LOW,
    )
