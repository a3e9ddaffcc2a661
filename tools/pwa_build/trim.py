"""What the app never uses, left out: Flutter's other builds, unused fonts and icons.

Changes when what the app uses changes.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from .base import BuildError, Options, Report

# Removed from the site: never requested by this app (see trim()).
TRIM_PATHS = [
    "main.dart.wasm",  # dart2wasm + skwasm build: publish uses CanvasKit
    "main.dart.mjs",
    "flutter.js",  # the loader is inlined in flutter_bootstrap.js
    "flutter.js.map",
    "flutter_service_worker.js",  # Flutter's worker; ours is sw.js
    "canvaskit/experimental_webparagraph",
    "canvaskit/skwasm.js",
    "canvaskit/skwasm.wasm",
    "canvaskit/skwasm.js.symbols",
    "canvaskit/skwasm_heavy.js",
    "canvaskit/skwasm_heavy.wasm",
    "canvaskit/skwasm_heavy.js.symbols",
    "canvaskit/wimp.js",
    "canvaskit/wimp.wasm",
    "canvaskit/wimp.js.symbols",
    "canvaskit/canvaskit.js.symbols",  # debug symbols
    "canvaskit/chromium/canvaskit.js.symbols",
    "assets/packages/media_kit",  # video/audio helpers
    "assets/packages/record_web",
    "assets/packages/wakelock_plus",
    "assets/packages/flutter_map",
    "requirements.txt",
    "app.tar.gz",  # Flet's archive of the app; ours are app*.tar.zst (archive)
]


PYODIDE_KEEP = {
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip.gz",
    "pyodide-lock.json",
    "snapshot.bin.gz",
}


MATERIAL_ICONS = "assets/fonts/MaterialIcons-Regular.otf"
# Flet's tables of icon names (read whole at the first ft.Icons.X or
# ft.CupertinoIcons.X), and the class the app's code names them by.
ICON_TABLES = {
    "flet/controls/material/icons.json": "Icons",
    "flet/controls/cupertino/cupertino_icons.json": "CupertinoIcons",
}
KATEX_PREFIX = "packages/flutter_math_fork/"
CUPERTINO_PREFIX = "packages/cupertino_icons/"


def trim_icon_names(app: Path, report: Report) -> None:
    """Flet's tables of icon names (8,600 Material, 1,300 Cupertino), cut to those the app names.

    Python reads a whole table at the first ft.Icons.X (about 15 ms in the
    browser, before the first frame). Only the app's own code names icons:
    Flet's code names none outside its docs, and Flutter draws by number.
    """
    for table, kind in ICON_TABLES.items():
        path = app / "__pypackages__" / table
        if not path.exists():
            continue
        names = json.loads(path.read_text(encoding="utf-8"))
        used = icons_used(app, kind)
        if unknown := sorted(used - names.keys()):
            raise BuildError(f"ft.{kind} has no {', '.join(unknown)}")
        path.write_text(json.dumps({n: names[n] for n in sorted(used)}), encoding="utf-8")
        report.trimmed.append(
            f"{table}: {len(names) - len(used)} of {len(names)} icon names the app never uses"
        )


def source_mentions(app_dir: Path, *words: str) -> bool:
    """Whether the app's own code (not its packages) contains any of `words`."""
    for path in app_dir.rglob("*.py"):
        if "__pypackages__" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if any(w in text for w in words):
            return True
    return False


def trim(dist: Path, app_dir: Path, opts: Options, report: Report) -> None:
    for rel in TRIM_PATHS:
        p = dist / rel
        if p.is_dir():
            shutil.rmtree(p)
            report.trimmed.append(rel + "/")
        elif p.exists():
            p.unlink()
            report.trimmed.append(rel)
    for f in sorted((dist / "pyodide").iterdir()):
        if f.name not in PYODIDE_KEEP:
            f.unlink()
            report.trimmed.append(f"pyodide/{f.name}")
    # Pyodide reads its package list at boot; the app installs none of them.
    lock_path = dist / "pyodide" / "pyodide-lock.json"
    lock = json.loads(lock_path.read_text(encoding="utf-8"))
    lock_path.write_text(json.dumps({"info": lock["info"], "packages": {}}), encoding="utf-8")
    # Flutter loads every font in FontManifest.json at start.
    drop = []
    if not opts.keep_math_fonts and not source_mentions(app_dir, "latex", "Latex", "Math("):
        drop.append(KATEX_PREFIX)
    if not source_mentions(app_dir, "Cupertino"):
        drop.append(CUPERTINO_PREFIX)
    fm_path = dist / "assets" / "FontManifest.json"
    fonts = json.loads(fm_path.read_text(encoding="utf-8"))
    kept = [f for f in fonts if not any(f["family"].startswith(p) for p in drop)]
    fm_path.write_text(json.dumps(kept), encoding="utf-8")
    for prefix in drop:
        folder = dist / "assets" / prefix.rstrip("/")
        if folder.exists():
            shutil.rmtree(folder)
            report.trimmed.append(f"assets/{prefix}")


def icons_used(app_dir: Path, kind: str = "Icons") -> set[str]:
    """Names of the ft.Icons (or another `kind`, such as "CupertinoIcons") the
    app's own code uses, such as "HOME_OUTLINED"."""
    pattern = re.compile(rf"\b{kind}\.([A-Z0-9_]+)")
    names: set[str] = set()
    for path in app_dir.rglob("*.py"):
        if "__pypackages__" not in path.parts:
            names |= set(pattern.findall(path.read_text(encoding="utf-8")))
    return names


def styled_glyphs(names: set[str], glyphs: set[str]) -> set[str]:
    """Glyphs of Flutter's MaterialIcons font for the icons in `names` drawn in
    an outlined, rounded or sharp style (the plain ones are all kept).

    The font names each glyph after its icon and style: Icons.HOME_OUTLINED
    is "home_outlined" (and Icons.HOME "home_baseline").
    """
    found = set()
    for name in names:
        lower = name.lower()
        if lower.endswith(("_outlined", "_rounded", "_sharp")):
            if lower not in glyphs:
                raise BuildError(f"ft.Icons.{name}: no glyph {lower!r} in {MATERIAL_ICONS}")
            found.add(lower)
    return found


def subset_material_icons(dist: Path, app_dir: Path, report: Report) -> None:
    """Cut Flutter's 1.3 MB icon font to the icons that can be drawn.

    Flet's client can draw any of the 8,600 icons by number, so Flutter cannot
    drop unused ones. Kept: every icon in its plain (baseline) style, which is
    what Flutter's own widgets draw (back arrows, expand arrows, close), and
    each icon the app names in any style. Codepoints stay as they were.
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont

    path = dist / MATERIAL_ICONS
    if not path.exists():
        return
    before = path.stat().st_size
    font = TTFont(path, recalcTimestamp=False)  # same font, same bytes: builds repeat exactly
    cmap = font.getBestCmap()
    glyphs = set(cmap.values())
    keep = {g for g in glyphs if g.endswith("_baseline")}
    keep |= styled_glyphs(icons_used(app_dir), glyphs)
    unicodes = [cp for cp, g in cmap.items() if g in keep or cp == 0x20]
    options = subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.layout_features = []
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    font.save(path)
    report.trimmed.append(
        f"{MATERIAL_ICONS}: {len(glyphs) - len(unicodes)} of {len(glyphs)} "
        f"icons in styles the app never draws ({before:,} -> "
        f"{path.stat().st_size:,} bytes)"
    )
