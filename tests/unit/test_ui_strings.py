"""Every string a screen asks for exists, so a person never sees a raw key."""

import re
from pathlib import Path
from typing import Literal, get_args, get_origin, get_type_hints

from models import words
from models.backup import PROBLEMS as BACKUP_PROBLEMS
from models.centers import ZipProblem, patient_centers
from models.compare import FIELDS as COMPARED
from models.journey import (
    Comparison,
    ConsiderationKind,
    Decision,
    Opinion,
    Problem,
    Provider,
    ProviderStatus,
    RecordState,
)
from models.look import THEMES
from models.share import ShareProblem
from models.store import Recovery
from models.text import strings, t
from views.desktop import WHY_NOT
from views.home import STEP_ICONS
from views.prepare import RECORD_STATES
from views.routes import HOME, LINKS, SCREENS, title_key
from views.shell import NAV, PHONE_NAV

ROOT = Path(__file__).resolve().parents[2]
LITERAL_KEY = re.compile(r"""\bt\(\s*["']([a-z_]+\.[a-z0-9_]+)["']""")


def allowed(annotation) -> list[str]:
    """The strings a Literal type allows, also inside `X | None`."""
    if get_origin(annotation) is Literal:
        return list(get_args(annotation))
    return [value for arg in get_args(annotation) for value in allowed(arg)]


def field_values(model: type, field: str) -> list[str]:
    return allowed(get_type_hints(model)[field])


def built_keys() -> list[str]:
    """Keys the code builds at run time, each from the values it is built from."""
    sides = [name for name, hint in get_type_hints(Comparison).items() if hint is Opinion]
    return [
        *(f"status.{s.value}" for s in ProviderStatus),
        *(entry.label_key for entry in NAV),
        *(entry.label_key.replace("nav.", "nav_bar.", 1) for entry in NAV[:PHONE_NAV]),
        *(f"nav.{step}" for step in STEP_ICONS),
        *(f"home.{step}_about" for step in STEP_ICONS),
        *(title_key(path) for path in [HOME, *(screen.path for screen in SCREENS)]),
        *(f"decide.outcome_{o}" for o in field_values(Decision, "outcome")),
        *(f"decide.a_{kind}" for kind in get_args(ConsiderationKind)),
        *(f"decide.link_{name.replace('-', '_')}" for name in LINKS),
        *(f"records.state_{s}" for s in get_args(RecordState)),
        *(f"records.mark_{s}" for s in RECORD_STATES),
        *(f"records.mark_{s}_tip" for s in RECORD_STATES),
        *(f"problem.{p}" for p in get_args(Problem)),
        *(f"recovery.{r}" for r in field_values(Recovery, "reason")),
        *(f"backup.{p}" for p in BACKUP_PROBLEMS),
        *(f"share.{p}" for p in get_args(ShareProblem)),
        *(f"centers.kind_{c.designation}" for c in patient_centers()),
        *(f"centers.note_{c.note}" for c in patient_centers() if c.note),
        *(f"centers.zip_{p.value}" for p in ZipProblem),
        *(f"tracker.network_{k}" for k in field_values(Provider, "in_network")),
        *(f"settings.theme_{theme}" for theme in THEMES),
        *(f"compare.{field}" for field in COMPARED),
        *(f"compare.{side}" for side in sides),
        *(f"cli.desktop_instead_{why}" for why in WHY_NOT),
        *words.keys(),
    ]


def used_keys() -> set[str]:
    keys = set(built_keys())
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
