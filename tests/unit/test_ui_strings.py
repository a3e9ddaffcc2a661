"""Every string a screen asks for exists, so a person never sees a raw key."""

import re
from pathlib import Path

from models.journey import ProviderStatus
from models.text import strings, t
from views.desktop import WHY_NOT

ROOT = Path(__file__).resolve().parents[2]
LITERAL_KEY = re.compile(r"""\bt\(\s*["']([a-z_]+\.[a-z0-9_]+)["']""")

# Keys built at run time from a known set of values.
BUILT = (
    [f"status.{s.value}" for s in ProviderStatus]
    + [f"nav.{step}" for step in ("learn", "decide", "find", "prepare")]
    + [f"nav_bar.{step}" for step in ("home", "learn", "decide", "find", "prepare")]
    + [f"home.{step}_about" for step in ("learn", "decide", "find", "prepare")]
    + [f"decide.outcome_{o}" for o in ("now", "later", "not")]
    + [f"decide.a_{k}" for k in ("pro", "con")]
    + [f"records.state_{s}" for s in ("todo", "have", "requested", "not_needed")]
    + [f"records.mark_{s}" for s in ("have", "requested", "not_needed")]
    + [f"records.mark_{s}_tip" for s in ("have", "requested", "not_needed")]
    + [f"problem.{k}" for k in ("empty", "too_long", "bad_link", "out_of_range", "invalid")]
    + [f"recovery.{r}" for r in ("damaged", "newer", "migrated", "unwritable")]
    + [f"backup.{k}" for k in ("not_json", "not_ours", "newer", "bad_shape", "too_big")]
    + [f"centers.kind_{k}" for k in ("comprehensive", "clinical")]
    + [f"tracker.network_{k}" for k in ("unknown", "yes", "no")]
    + [f"settings.theme_{k}" for k in ("system", "light", "dark")]
    + [f"compare.{f}" for f in ("diagnosis", "treatment", "trials", "reasons", "next_steps")]
    + [f"cli.desktop_instead_{why}" for why in WHY_NOT]
    + [
        f"decide.link_{k}"
        for k in ("find", "call_script", "nurse", "questions", "records", "weigh")
    ]
)


def used_keys() -> set[str]:
    keys = set(BUILT)
    for path in [ROOT / "main.py", *(ROOT / "views").glob("*.py"), *(ROOT / "models").glob("*.py")]:
        keys |= set(LITERAL_KEY.findall(path.read_text(encoding="utf-8")))
    return keys


def test_every_key_the_code_uses_has_a_sentence():
    missing = sorted(k for k in used_keys() if k not in strings("en"))
    assert missing == []


def test_values_are_filled_in_and_missing_keys_show_themselves():
    assert t("common.reviewed_on", date="May 1, 2026") == "Reviewed on May 1, 2026"
    assert t("no.such_key") == "no.such_key"


def test_no_string_is_empty():
    assert [k for k, v in strings("en").items() if not str(v).strip()] == []


def test_the_pwa_reads_the_same_strings_as_json(tmp_path, monkeypatch):
    # The PWA build (tools/pwa_build/archive.py) writes ui.toml.json beside each ui.toml.
    import shutil

    from models import text
    from pwa_build.archive import write_ui_strings

    app = tmp_path / "app"
    shutil.copytree(ROOT / "assets" / "content", app / "assets" / "content")
    write_ui_strings(app)
    toml = app / "assets" / "content" / "en" / "ui.toml"
    assert toml.with_name("ui.toml.json").exists()

    monkeypatch.setenv(text.ASSETS_ENV, str(app / "assets"))
    text.strings.cache_clear()
    try:
        toml.unlink()  # so only the JSON can answer
        assert strings("en") == text.ui_strings(ROOT / "assets" / "content" / "en" / "ui.toml")
        assert t("app.name") == "Second Opinion Companion"
    finally:
        text.strings.cache_clear()
