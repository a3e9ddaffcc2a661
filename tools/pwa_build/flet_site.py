"""Flet's published site: `flet publish`, then our patches to what it wrote.

Changes when Flet (flet-web) changes.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from .archive import FIRST_ARCHIVE, LATER_ARCHIVE, PDF_ARCHIVE
from .base import PWA, BuildError, Options, sha256
from .runtime import STDLIB_FILE

# Flet files our tools/pwa/ versions were written against (flet-web 1.0.5).
# A different Flet fails the build here instead of misbehaving in a browser.
FLET_WEB_FILES = {
    "python.js": "067edcca8116732076fb2962067d3b5e739658ccf103cef7932f62904d32fbd5",
    "python-worker.js": "5c2f0c4ac3a7c2a8376226124942cfd29515a4abd95e97267fa4db371b94b947",
    "flutter_bootstrap.js": "fbddf77eab302c4c1b991e21445d53a9132eb292143530a441afecb69f19d895",
}


# The folder main.py keeps in IndexedDB (its PYODIDE_DATA_DIR). The worker
# mounts and loads it while the app's modules import; browser_storage then
# finds it ready. Another folder still works, only without that head start.
PERSISTENT_DIR = "/home/pyodide/data"


# main.dart.js would fetch the Rive runtime from a CDN; a same-site stand-in answers.
RIVE_CDN = "https://cdn.jsdelivr.net/npm/@rive-app/flutter-native-wasm@44.0.0/"
RIVE_LOCAL = "rive/"


# The update notice's words (pwa.js), unless ui.toml has them under [pwa].
DEFAULT_STRINGS = {
    "update_ready": (
        "A new version of Second Opinion Companion is ready. Your notes stay as they are."
    ),
    "update_now": "Update now",
    "later": "Later",
}


def flet_web_dir() -> Path:
    import flet_web

    return Path(flet_web.get_package_web_dir())


def check_flet_web(web: Path) -> None:
    for name, digest in FLET_WEB_FILES.items():
        if sha256(web / name) != digest:
            raise BuildError(
                f"flet-web's {name} is not the one tools/pwa/ was written against "
                "(flet-web 1.0.5). Compare it with tools/pwa/, update our copy, then "
                "FLET_WEB_FILES in tools/pwa_build/flet_site.py."
            )


def read_manifest(web_assets: Path, web: Path) -> dict:
    path = web_assets / "manifest.json"
    if not path.exists():
        path = web / "manifest.json"
    return json.loads(path.read_text(encoding="utf-8"))


def flet_publish(opts: Options, stage: Path, web_assets: Path, manifest: dict, env: dict) -> None:
    # Flet packs the script's whole folder; we write the archive ourselves, so
    # give it only main.py (its name decides the module Flet runs).
    stub = stage / "publish"
    stub.mkdir()
    shutil.copy2(stage / "app" / "main.py", stub / "main.py")
    (stub / "requirements.txt").write_text("\n", encoding="utf-8")
    rel_assets = os.path.relpath(web_assets, stub)
    cmd = [
        "flet",
        "publish",
        str(stub / "main.py"),
        "--no-cdn",
        "--distpath",
        str(opts.out),
        "--assets",
        rel_assets,
        "--base-url",
        opts.base_url,
        "--web-renderer",
        "canvaskit",
        "--route-url-strategy",
        "path",
        "--app-name",
        manifest.get("name", "App"),
        "--app-short-name",
        manifest.get("short_name", manifest.get("name", "App")),
        "--app-description",
        manifest.get("description", ""),
    ]
    if manifest.get("background_color"):
        cmd += ["--pwa-background-color", manifest["background_color"]]
    if manifest.get("theme_color"):
        cmd += ["--pwa-theme-color", manifest["theme_color"]]
    flet_cli = shutil.which("flet")
    if flet_cli is None:
        cmd = [sys.executable, "-m", "flet_cli.cli", *cmd[1:]]
    result = subprocess.run(cmd, env=env, cwd=stub, capture_output=True, text=True)
    if result.returncode != 0 or not (opts.out / "index.html").exists():
        raise BuildError(f"flet publish failed:\n{result.stdout}\n{result.stderr}")


def replace_once(text: str, old: str, new: str, what: str) -> str:
    count = text.count(old)
    if count != 1:
        raise BuildError(f"{what}: expected one {old!r}, found {count}")
    return text.replace(old, new)


def csp_for(index: str) -> str:
    hashes = []
    for m in re.finditer(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", index, re.S | re.I):
        digest = base64.b64encode(hashlib.sha256(m.group(1).encode("utf-8")).digest()).decode()
        hashes.append(f"'sha256-{digest}'")
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self' " + " ".join(hashes) + " 'wasm-unsafe-eval'",
            "worker-src 'self' blob:",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self' data: blob:",
            "media-src 'self' data: blob:",
            "manifest-src 'self'",
            "object-src 'none'",
            "frame-src 'none'",
            "base-uri 'self'",
            "form-action 'none'",
        ]
    )


def patch_index(dist: Path, snapshot: bool, later: bool = False) -> None:
    path = dist / "index.html"
    index = path.read_text(encoding="utf-8")
    config = [
        'flet.pyodideUrl="pyodide/pyodide.mjs";',
        f'flet.pyodideStdlibUrl="pyodide/{STDLIB_FILE}";',
        f'flet.appPackageUrl="{FIRST_ARCHIVE}";',
        f"flet.pythonPersistentDirs={json.dumps([PERSISTENT_DIR])};",
    ]
    if later:
        config.append(f'flet.appLaterPackageUrl="{LATER_ARCHIVE}";')
    if snapshot:
        config.append('flet.pyodideSnapshotUrl="pyodide/snapshot.bin.gz";')
    index = replace_once(
        index, 'flet.pyodideUrl="pyodide/pyodide.mjs";', "\n".join(config), "index.html"
    )
    # Our own service worker registration, after Flet's scripts.
    index = replace_once(
        index,
        '<script src="python.js"></script>',
        '<script src="python.js"></script>\n  <script src="pwa.js" defer></script>',
        "index.html",
    )
    # Any policy already in the page (for server mode) is replaced by one
    # computed for this page: inline scripts by hash, nothing from elsewhere.
    index = re.sub(r'\s*<meta http-equiv="Content-Security-Policy"[^>]*>', "", index, flags=re.I)
    index = re.sub(r"\s*<!-- Nothing may load from another site[^>]*-->", "", index)
    csp = csp_for(index)
    index = replace_once(
        index,
        '<meta charset="UTF-8">',
        '<meta charset="UTF-8">\n  <!-- Nothing may load from another site: '
        "no data or request ever leaves this device. -->\n"
        f'  <meta http-equiv="Content-Security-Policy" content="{csp}">',
        "index.html",
    )
    path.write_text(index, encoding="utf-8")


def patch_bootstrap(dist: Path) -> None:
    path = dist / "flutter_bootstrap.js"
    text = path.read_text(encoding="utf-8")
    # Flutter's own (deprecated) service worker would replace ours.
    new, n = re.subn(r"\n\s*serviceWorkerSettings:\s*\{[^{}]*\},", "", text)
    if n != 1:
        raise BuildError("flutter_bootstrap.js: serviceWorkerSettings not found")
    path.write_text(new, encoding="utf-8")


def patch_main_dart(dist: Path) -> None:
    path = dist / "main.dart.js"
    text = path.read_text(encoding="utf-8")
    text = replace_once(text, f'"{RIVE_CDN}"', f'"{RIVE_LOCAL}"', "main.dart.js")
    path.write_text(text, encoding="utf-8")
    for variant in ("wasm", "wasm_compatibility"):
        stub = dist / RIVE_LOCAL / variant / "rive_native.js"
        stub.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(PWA / "rive_native.js", stub)


def write_manifest(dist: Path, manifest: dict, base_url: str, app_dir: Path) -> None:
    # `flet publish` put the full name in iOS's home-screen title: the short one fits.
    for page in ("index.html", "404.html"):
        path = dist / page
        html = path.read_text(encoding="utf-8")
        html = re.sub(
            r'(<meta name="apple-mobile-web-app-title" content=")[^"]*(">)',
            lambda m: m.group(1) + manifest.get("short_name", "") + m.group(2),
            html,
        )
        path.write_text(html, encoding="utf-8")
    manifest = dict(manifest)
    manifest["id"] = base_url
    manifest.setdefault("start_url", ".")
    manifest.setdefault("scope", ".")
    (dist / "manifest.json").write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    # The same app in another language: its name and description from that
    # language's ui.toml [pwa]; first-visit.js points the page at it.
    for lang, words in manifest_words(app_dir).items():
        if lang == manifest.get("lang", "en"):
            continue
        translated = manifest | {"lang": lang, **words}
        (dist / f"manifest.{lang}.json").write_text(
            json.dumps(translated, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    # Icons in icons/ that neither the manifest nor the page name are not served.
    index = (dist / "index.html").read_text(encoding="utf-8")
    named = {i["src"] for i in manifest.get("icons", [])}
    for icon in (dist / "icons").glob("*"):
        rel = f"icons/{icon.name}"
        if rel not in named and rel not in index:
            icon.unlink()


MANIFEST_WORDS = {
    "manifest_name": "name",
    "manifest_short_name": "short_name",
    "manifest_description": "description",
}


def manifest_words(app_dir: Path) -> dict[str, dict[str, str]]:
    """The manifest's name, short name and description by language, from each
    ui.toml's [pwa] (a language missing one keeps the manifest's own)."""
    found = {}
    for ui in sorted((app_dir / "assets" / "content").glob("*/ui.toml")):
        table = tomllib.loads(ui.read_text(encoding="utf-8")).get("pwa", {})
        words = {field: table[key] for key, field in MANIFEST_WORDS.items() if key in table}
        if words:
            found[ui.parent.name] = words
    return found


def pwa_strings(app_dir: Path) -> dict[str, dict[str, str]]:
    """The update notice's words by language: ui.toml's [pwa] in each content folder."""
    by_lang = {}
    for ui in sorted((app_dir / "assets" / "content").glob("*/ui.toml")):
        strings = dict(DEFAULT_STRINGS)
        table = tomllib.loads(ui.read_text(encoding="utf-8")).get("pwa", {})
        strings.update({k: v for k, v in table.items() if k in strings and isinstance(v, str)})
        by_lang[ui.parent.name] = strings
    return by_lang or {"en": dict(DEFAULT_STRINGS)}


# The first-visit screen counts files this big; the smaller ones are a few
# percent of a first visit's bytes together.
FIRST_VISIT_MIN_BYTES = 100_000
# Big files a start never fetches: licence texts only a licence page (never
# shown) reads; what only a PDF needs, fetched when the app makes one.
NOT_AT_START = {"assets/NOTICES", PDF_ARCHIVE}


def first_visit_files(dist: Path) -> dict[str, int]:
    """The big files a first start downloads, by path under the site: their bytes."""
    files = {}
    for path in sorted(p for p in dist.rglob("*") if p.is_file()):
        rel = path.relative_to(dist).as_posix()
        size = path.stat().st_size
        copy = path.suffix == ".br" or (path.suffix == ".gz" and path.with_suffix("").exists())
        if size >= FIRST_VISIT_MIN_BYTES and not copy and rel not in NOT_AT_START:
            files[rel] = size
    return files


def fill_ui_texts(page: str, app_dir: Path) -> str:
    """Each `<span lang="xx" data-ui="section.key">` gets that key's text from xx's ui.toml."""
    tables = {
        ui.parent.name: tomllib.loads(ui.read_text(encoding="utf-8"))
        for ui in (app_dir / "assets" / "content").glob("*/ui.toml")
    }

    def fill(m: re.Match[str]) -> str:
        section, _, key = m.group(3).partition(".")
        text = tables.get(m.group(2), {}).get(section, {}).get(key)
        return m.group(1) + (html.escape(text) if isinstance(text, str) else m.group(4)) + "</span>"

    return re.sub(
        r'(<span\b[^>]*\blang="([\w-]+)"[^>]*\bdata-ui="([\w.]+)"[^>]*>)(.*?)</span>', fill, page
    )


def install_first_visit(dist: Path, app_dir: Path) -> None:
    """The first-visit screen: its script and style, the page's texts, the files it counts."""
    shutil.copy2(PWA / "first-visit.css", dist / "first-visit.css")
    script = replace_once(
        (PWA / "first-visit.js").read_text(encoding="utf-8"),
        "/*FIRST_VISIT_FILES*/ {}",
        json.dumps(first_visit_files(dist)),
        "first-visit.js",
    )
    # The languages write_manifest() gives a manifest.<lang>.json of their own.
    others = [lang for lang in manifest_words(app_dir) if lang != "en"]
    script = replace_once(script, "/*MANIFEST_LANGS*/ []", json.dumps(others), "first-visit.js")
    (dist / "first-visit.js").write_text(script, encoding="utf-8")
    index = fill_ui_texts((dist / "index.html").read_text(encoding="utf-8"), app_dir)
    # first-visit.js adds the manifest link in the browser's language (see there).
    index = replace_once(index, '<link rel="manifest" href="manifest.json">', "", "index.html")
    index = replace_once(
        index,
        '<script src="python.js"></script>',
        '<link rel="stylesheet" href="first-visit.css">\n'
        '  <script src="first-visit.js"></script>\n'
        '  <script src="python.js"></script>',
        "index.html",
    )
    (dist / "index.html").write_text(index, encoding="utf-8")


def install_client(dist: Path, app_dir: Path) -> None:
    install_first_visit(dist, app_dir)
    shutil.copy2(PWA / "python.js", dist / "python.js")
    shutil.copy2(PWA / "python-worker.js", dist / "python-worker.js")
    pwa = (PWA / "pwa.js").read_text(encoding="utf-8")
    pwa = re.sub(
        r"/\*PWA_STRINGS\*/ \{.*?\n    \};",
        "/*PWA_STRINGS*/ " + json.dumps(pwa_strings(app_dir), ensure_ascii=False) + ";",
        pwa,
        count=1,
        flags=re.S,
    )
    (dist / "pwa.js").write_text(pwa, encoding="utf-8")
