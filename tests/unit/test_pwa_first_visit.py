"""The first-visit screen's build side (tools/pwa_build/flet_site.py): which files
it counts, its words from each ui.toml, and its script and style in the page.
The screen itself is tested in a browser (tests/e2e/test_pwa_first_visit.py)."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

from pwa_build.flet_site import fill_ui_texts, first_visit_files, install_first_visit

ROOT = Path(__file__).resolve().parents[2]


def write(path: Path, size: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x" * size)


def test_it_counts_the_big_files_a_start_downloads(tmp_path):
    big = 200_000
    for rel in [
        "main.dart.js",
        "app.tar.zst",
        "pyodide/python_stdlib.zip.gz",
        "main.dart.js.gz",  # a host's compressed copy of main.dart.js
        "main.dart.js.br",
        "assets/NOTICES",  # only a licence page reads it
        "app-pdf.tar.zst",  # only fetched to make a PDF
    ]:
        write(tmp_path / rel, big)
    write(tmp_path / "python.js", 7_000)
    assert first_visit_files(tmp_path) == {
        "app.tar.zst": big,
        "main.dart.js": big,
        "pyodide/python_stdlib.zip.gz": big,
    }


def test_each_language_gets_its_own_words(tmp_path):
    for lang, ready in [("en", "Getting ready & more"), ("es", "Preparando")]:
        ui = tmp_path / "assets" / "content" / lang / "ui.toml"
        ui.parent.mkdir(parents=True)
        ui.write_text(f'[pwa]\nfirst_visit = "{ready}"\n', encoding="utf-8")
    page = (
        '<span class="a" lang="en" data-ui="pwa.first_visit">old</span>'
        '<span lang="es" data-ui="pwa.first_visit">viejo</span>'
        '<span lang="es" data-ui="pwa.missing">kept</span>'
    )
    assert fill_ui_texts(page, tmp_path) == (
        '<span class="a" lang="en" data-ui="pwa.first_visit">Getting ready &amp; more</span>'
        '<span lang="es" data-ui="pwa.first_visit">Preparando</span>'
        '<span lang="es" data-ui="pwa.missing">kept</span>'
    )


def test_every_text_of_the_screen_is_in_each_ui_toml():
    page = (ROOT / "assets" / "index.html").read_text(encoding="utf-8")
    keys = re.findall(r'<span\b[^>]*\blang="(\w+)"[^>]*\bdata-ui="(\w+)\.(\w+)"', page)
    assert {lang for lang, _, _ in keys} == {"en", "es"}
    for lang, section, key in keys:
        ui = ROOT / "assets" / "content" / lang / "ui.toml"
        assert key in tomllib.loads(ui.read_text(encoding="utf-8"))[section], (lang, key)


def test_the_page_loads_the_screen_before_python(tmp_path):
    dist = tmp_path / "dist"
    write(dist / "main.dart.js", 150_000)
    (dist / "index.html").write_text(
        '<head><link rel="manifest" href="manifest.json">'
        '<script src="python.js"></script></head>'
        '<body><span lang="en" data-ui="app.name">x</span></body>',
        encoding="utf-8",
    )
    install_first_visit(dist, ROOT)
    index = (dist / "index.html").read_text(encoding="utf-8")
    # first-visit.js adds the one manifest link, in the browser's language.
    assert 'rel="manifest"' not in index
    assert index.index('href="first-visit.css"') < index.index('src="first-visit.js"')
    assert index.index('src="first-visit.js"') < index.index('src="python.js"')
    assert "Second Opinion Companion</span>" in index
    assert (dist / "first-visit.css").is_file()
    script = (dist / "first-visit.js").read_text(encoding="utf-8")
    files = re.search(r"const FILES = (\{.*?\});", script)
    assert files and json.loads(files.group(1)) == {"main.dart.js": 150_000}
