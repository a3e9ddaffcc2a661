"""The look (text size, colours) is read before the store opens, and the first
frame needs neither pydantic nor any screen but Home."""

from __future__ import annotations

import subprocess
import sys
import typing
from pathlib import Path

from models.journey import Settings
from models.look import SETTINGS_TABLE, TEXT_SCALES, THEMES, Look, look_of, read_look
from models.store import Store
from views.routes import SCREENS

ROOT = Path(__file__).resolve().parents[2]


def test_no_file_or_a_damaged_one_gives_the_defaults(tmp_path):
    assert read_look(None) == Look()
    assert read_look(tmp_path / "missing.json") == Look()
    for bad in (
        b"",
        b"{not json",
        b"[]",
        b'{"settings": []}',
        b'{"settings": {"2": 5}}',
        b"\xff\xfe",
        b"[" * 100_000,
    ):
        path = tmp_path / "bad.json"
        path.write_bytes(bad)
        assert read_look(path) == Look(), bad


def test_it_reads_what_the_store_saved(tmp_path):
    path = tmp_path / "store.json"
    store = Store(path)
    store.put(Settings(text_scale=1.45, theme="dark", welcomed=True))
    assert read_look(path) == Look(1.45, "dark", True)
    assert read_look(path) == look_of(store.load(Settings).model_dump())


def test_out_of_range_values_keep_their_defaults():
    assert look_of({"text_scale": 9, "theme": "neon", "welcomed": "yes"}) == Look()
    assert look_of({"text_scale": float("nan")}) == Look()
    assert look_of({"text_scale": True}) == Look()
    assert look_of({"text_scale": 1.3, "theme": "purple"}) == Look(1.3, "system", False)


def test_the_limits_agree_with_the_settings_model():
    assert Settings.table == SETTINGS_TABLE
    assert set(typing.get_args(Settings.model_fields["theme"].annotation)) == set(THEMES)
    for scale in TEXT_SCALES:
        assert Settings(text_scale=scale).text_scale == look_of({"text_scale": scale}).text_scale


def test_the_first_frame_loads_no_pydantic_and_no_other_screen():
    """main.py draws Home before it opens the store: keep pydantic off that path,
    and Flet's theme module too (views/theme.py says why)."""
    later = ("flet.controls.theme", "models.journey", "models.store")
    later += tuple(sorted({f"views.{screen.module}" for screen in SCREENS}))
    code = (
        "import sys; import main, views.shell, views.home; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] == 'pydantic' "
        f"or m in {later!r}); "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_first_frame_words_need_no_fallback_font():
    """The first frame can come before our font has loaded; Flutter's built-in
    Roboto is a Latin subset, and a missing glyph makes Flutter fetch a
    fallback font, which fails offline. So those words stay plain ASCII."""
    import tomllib

    from models.text import assets_dir

    with open(assets_dir() / "content" / "en" / "ui.toml", "rb") as f:
        ui = tomllib.load(f)
    first = {
        f"{section}.{key}": text
        for section in ("app", "nav", "home")
        for key, text in ui[section].items()
    }
    first["common.opening"] = ui["common"]["opening"]
    odd = {key: text for key, text in first.items() if not text.isascii()}
    assert odd == {}


def test_the_shared_state_follows_a_saved_setting(tmp_path):
    from views.state import AppState

    state = AppState(mode="desktop")
    assert not state.ready and state.look == Look()
    state.open(Store(tmp_path / "store.json"))
    assert state.ready
    assert state.put(Settings(text_scale=1.3, theme="light"))
    assert state.look == Look(1.3, "light", False)
    snapshot = state.store.snapshot()
    snapshot["settings"] = [{"text_scale": 1.6, "theme": "dark", "welcomed": True}]
    assert state.replace_all(snapshot)
    assert state.look == Look(1.6, "dark", True)
