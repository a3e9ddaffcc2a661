#!/usr/bin/env python3
"""Build the offline web app (PWA): a static site in dist/ that runs the app on Pyodide.

    python tools/build_pwa.py [--base-url /companion/] [--out dist]

Serve the output folder from any static host, at the site root or under the
sub-path given as --base-url. Nothing is loaded from any other site.

How it is made (each step is a function below):
 1. Flet's own `flet publish --no-cdn` builds the site: Flet's web client,
    CanvasKit, the Pyodide 314.0.7 core that ships inside flet-web, our
    index.html and manifest. It runs offline here because the Pyodide cache
    and Python build manifest it would download are filled from flet-web and
    tools/pwa/python-build-manifest.json (cache in .flet-cache/).
 2. app.tar.gz is written by this script, reproducibly, instead of Flet's: the
    app's code (main.py and its packages), a copy of assets/content and
    assets/data that the Python code reads, and the browser wheels from
    tools/pwa/browser-requirements.txt unzipped into __pypackages__/ (so the
    browser installs nothing and never loads micropip). The wheels in a
    group there (the app's own needs: pydantic, tinydb, fpdf) go in a second
    archive, app-later.tar.gz, which the browser unpacks while the first
    frame is drawn: app.tar.gz then holds little more than a bare Flet app's.
 3. All that Python is compiled to bytecode at build time by Pyodide itself
    under Node (tools/pwa/compile_pyc.mjs): the browser does not compile
    pydantic, flet and our modules again at every start. So are the methods
    @dataclass writes for Flet's controls (tools/pwa/_dataclass_code.py).
 4. Flet's python.js / python-worker.js are replaced by tools/pwa/ versions
    that start Python at page load, in parallel with Flutter: the archive is
    fetched and unpacked in JavaScript while Pyodide boots, and compiled
    extension modules (pydantic_core, msgpack) are compiled asynchronously
    and loaded before Python imports them. With --snapshot, Pyodide boots from a memory
    snapshot made at build time (tools/pwa/make_snapshot.mjs): about 1 s
    faster, but 6.2 MB more to precache, which the 35 MB budget cannot take.
 5. What the app never uses is removed (the dart2wasm build, skwasm, the
    experimental CanvasKit builds, KaTeX and Cupertino fonts, media and recorder
    helpers, Pyodide's micropip, its package list and CLI files).
 6. index.html gets a Content-Security-Policy (inline scripts allowed by hash
    only), the service worker registration (tools/pwa/pwa.js), and
    manifest.json an id; the hard-coded Rive CDN address in main.dart.js is
    pointed at a same-site stand-in.
 7. Workbox (npm workbox-cli, generateSW) writes sw-chromium.js and sw.js,
    which precache every file the app needs; they differ only in the
    CanvasKit build (Chromium's smaller one, or the full one for other
    browsers), and pwa.js registers the one Flutter will load.

build-info.json in the output lists what was packed and the precache size.
"""

from __future__ import annotations

import argparse
import ast
import base64
import gzip
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PWA = ROOT / "tools" / "pwa"
CACHE = ROOT / ".flet-cache"
BUILD = ROOT / "build" / "pwa"

PYODIDE_VERSION = "314.0.7"
PYTHON_TAG = "3.14"
WHEEL_PLATFORM = "pyemscripten_2026_0_wasm32"
ARCHIVE_MTIME = 1_700_000_000  # fixed, so an unchanged app gives an unchanged archive

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
RIVE_CDN = "https://cdn.jsdelivr.net/npm/@rive-app/flutter-native-wasm@44.0.0/"
RIVE_LOCAL = "rive/"

# The packages the app needs only after its first frame (see build()).
LATER_ARCHIVE = "app-later.tar.gz"
# Folders of assets/ that Python reads (packed into app.tar.gz, not served).
PYTHON_ASSETS = ("content", "data")
# Never packed as app code.
NOT_APP_DIRS = {"tests", "tools", "build", "dist", "node_modules", "assets", "docs"}

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
]
PYODIDE_KEEP = {
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip.gz",
    "pyodide-lock.json",
    "snapshot.bin.gz",
}
# Standard-library modules no app code here imports (developer tools,
# mail and server protocols, processes): left out of python_stdlib.zip. The
# build imports every packed package with the trimmed library, so a missing
# module fails the build, not the browser.
STDLIB_DROP = {
    "pydoc",
    "pydoc_data",
    "doctest",
    "pdb",
    "bdb",
    "_pyrepl",
    "xmlrpc",
    "wsgiref",
    "imaplib",
    "poplib",
    "smtplib",
    "ftplib",
    "mailbox",
    "tabnanny",
    "pickletools",
    "profile",
    "cProfile",
    "pstats",
    "trace",
    "zipapp",
    "sqlite3",
    "multiprocessing",
    "this",
    "antigravity",
    "__phello__",
    "pyclbr",
    "modulefinder",
    "turtle",
    "turtledemo",
    "idlelib",
    "tkinter",
    "ensurepip",
    "venv",
    "lib2to3",
}
# fontTools parts that fpdf never imports to embed and subset our TrueType
# fonts (tests/unit/test_brief.py makes a brief with them blocked).
FONTTOOLS_DROP = {
    "ufoLib",
    "voltLib",
    "mtiLib",
    "merge",
    "diff",
    "qu2cu",
    "cu2qu",
    "t1Lib",
    "afmLib",
    "tfmLib",
    "agl.py",
    "fontBuilder.py",
    "ttx.py",
    "help.py",
    "__main__.py",
}
MATERIAL_ICONS = "assets/fonts/MaterialIcons-Regular.otf"
ICON_NAMES = "flet/controls/material/icons.json"
KATEX_PREFIX = "packages/flutter_math_fork/"
CUPERTINO_PREFIX = "packages/cupertino_icons/"

DEFAULT_STRINGS = {
    "update_ready": (
        "A new version of Second Opinion Companion is ready. Your notes stay as they are."
    ),
    "update_now": "Update now",
    "later": "Later",
}


class BuildError(RuntimeError):
    pass


@dataclass
class Options:
    app: Path = ROOT
    out: Path = ROOT / "dist"
    base_url: str = "/"
    snapshot: bool = False
    name: str | None = None
    quiet: bool = False
    keep_math_fonts: bool = False


@dataclass
class Report:
    wheels: list[str] = field(default_factory=list)
    trimmed: list[str] = field(default_factory=list)
    precache_files: int = 0
    precache_bytes: int = 0  # Chromium browsers
    precache_bytes_other: int = 0  # the others (larger CanvasKit)
    dist_files: int = 0
    dist_bytes: int = 0
    archive_bytes: int = 0
    later_archive_bytes: int = 0
    snapshot_bytes: int = 0
    seconds: float = 0.0


def log(opts: Options, *parts: object) -> None:
    if not opts.quiet:
        print(*parts, flush=True)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def normalize_base(base: str) -> str:
    base = "/" + base.strip().strip("/")
    return base if base == "/" else base + "/"


# -- inputs -----------------------------------------------------------------


def flet_web_dir() -> Path:
    import flet_web

    return Path(flet_web.get_package_web_dir())


def check_flet_web(web: Path) -> None:
    for name, digest in FLET_WEB_FILES.items():
        if sha256(web / name) != digest:
            raise BuildError(
                f"flet-web's {name} is not the one tools/pwa/ was written against "
                "(flet-web 1.0.5). Compare it with tools/pwa/, update our copy, then "
                "FLET_WEB_FILES in tools/build_pwa.py."
            )


def prepare_flet_cache(web: Path) -> dict[str, str]:
    """Pre-fill Flet's Pyodide cache from flet-web so `flet publish` stays offline."""
    cache = CACHE / "pyodide" / PYODIDE_VERSION
    lock = cache / "pyodide-lock.json"
    source = web / "pyodide"
    fresh = lock.exists() and all(
        (cache / f.name).exists() and (cache / f.name).stat().st_size == f.stat().st_size
        for f in source.iterdir()
        if f.is_file() and f.name != "pyodide-lock.json"
    )
    if not fresh:
        shutil.rmtree(cache, ignore_errors=True)
        cache.mkdir(parents=True)
        for f in source.iterdir():
            if f.is_file():
                shutil.copy2(f, cache / f.name)
        data = json.loads(lock.read_text(encoding="utf-8"))
        data.setdefault("info", {})["version"] = PYODIDE_VERSION
        lock.write_text(json.dumps(data), encoding="utf-8")
    env = dict(os.environ)
    env["FLET_CACHE_DIR"] = str(CACHE)
    env["FLET_PYTHON_BUILD_MANIFEST"] = str(PWA / "python-build-manifest.json")
    env.pop("FLET_WEB_PATH", None)
    env.pop("FLET_WEB_RENDERER", None)
    return env


@dataclass
class Requirement:
    name: str
    version: str
    hash: str
    group: str


def read_requirements() -> list[Requirement]:
    reqs: list[Requirement] = []
    group = ""
    for raw in (PWA / "browser-requirements.txt").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        m = re.match(r"^## group (\S+) when-imports (\S+)$", line)
        if m:
            group = m.group(2)
            continue
        if not line or line.startswith("#"):
            continue
        m = re.match(r"^([A-Za-z0-9_.-]+)==(\S+)\s+--hash=sha256:([0-9a-f]{64})$", line)
        if not m:
            raise BuildError(f"browser-requirements.txt: cannot read {line!r}")
        reqs.append(Requirement(m.group(1), m.group(2), m.group(3), group))
    return reqs


def app_imports(app_dir: Path) -> set[str]:
    """Top-level module names the app's own code imports (anywhere in a file)."""
    names: set[str] = set()
    for path in app_dir.rglob("*.py"):
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except SyntaxError as err:
            raise BuildError(f"{path}: {err}") from err
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module.split(".")[0])
    return names


def wheel_for(req: Requirement, folder: Path) -> Path | None:
    stem = re.sub(r"[-_.]+", "_", req.name).lower()
    for whl in folder.glob("*.whl"):
        parts = whl.name.split("-")
        same_wheel = re.sub(r"[-_.]+", "_", parts[0]).lower() == stem and parts[1] == req.version
        if same_wheel and sha256(whl) == req.hash:
            return whl
    return None


def ensure_wheels(reqs: list[Requirement], opts: Options) -> list[Path]:
    """The browser wheels, from .flet-cache/wheels or downloaded once (hash-checked)."""
    folder = CACHE / "wheels"
    folder.mkdir(parents=True, exist_ok=True)
    missing = [r for r in reqs if wheel_for(r, folder) is None]
    if missing:
        req_file = BUILD / "browser-requirements.lock.txt"
        req_file.parent.mkdir(parents=True, exist_ok=True)
        req_file.write_text(
            "".join(f"{r.name}=={r.version} --hash=sha256:{r.hash}\n" for r in missing),
            encoding="utf-8",
        )
        log(opts, "Downloading browser wheels:", ", ".join(r.name for r in missing))
        cmd = [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--quiet",
            "--no-deps",
            "--only-binary=:all:",
            "--platform",
            WHEEL_PLATFORM,
            "--platform",
            "any",
            "--python-version",
            PYTHON_TAG,
            "--implementation",
            "cp",
            "--require-hashes",
            "-r",
            str(req_file),
            "-d",
            str(folder),
        ]
        subprocess.run(cmd, check=True)
    wheels = []
    for r in reqs:
        whl = wheel_for(r, folder)
        if whl is None:
            raise BuildError(f"no wheel for {r.name}=={r.version} with the pinned hash")
        wheels.append(whl)
    return wheels


# -- staging ------------------------------------------------------------------


def ignore_junk(_dir: str, names: list[str]) -> set[str]:
    return {
        n
        for n in names
        if n in ("__pycache__", ".pytest_cache")
        or n.endswith((".pyc", ".pyo"))
        or n.startswith(".")
    }


def stage_app(opts: Options, stage: Path) -> Path:
    """Copy what Python needs in the browser: main.py, its packages, content and data."""
    app = stage / "app"
    app.mkdir(parents=True)
    main_py = opts.app / "main.py"
    if not main_py.exists():
        raise BuildError(f"{main_py} not found")
    shutil.copy2(main_py, app / "main.py")
    for child in sorted(opts.app.iterdir()):
        if (
            child.is_dir()
            and child.name not in NOT_APP_DIRS
            and not child.name.startswith(".")
            and (child / "__init__.py").exists()
        ):
            shutil.copytree(child, app / child.name, ignore=ignore_junk)
    assets = opts.app / "assets"
    for name in PYTHON_ASSETS:
        if (assets / name).is_dir():
            shutil.copytree(assets / name, app / "assets" / name, ignore=ignore_junk)
    write_ui_strings(app)
    return app


def write_ui_strings(app: Path) -> None:
    """Each ui.toml's strings also as JSON, which the first frame reads much
    faster in the browser (models/text.py reads it when it is there)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from models.text import BUILT_SUFFIX, ui_strings

    for path in (app / "assets" / "content").glob("*/ui.toml"):
        text = json.dumps(ui_strings(path), ensure_ascii=False, sort_keys=True)
        path.with_name(path.name + BUILT_SUFFIX).write_text(text, encoding="utf-8")


def trim_icon_names(app: Path, report: Report) -> None:
    """Flet's table of 8,600 icon names, cut to those the app names.

    Python reads the whole table at the first ft.Icons.X (about 15 ms in the
    browser, before the first frame). Only the app's own code names icons:
    Flet's code names none outside its docs, and Flutter draws by number.
    """
    path = app / "__pypackages__" / ICON_NAMES
    if not path.exists():
        return
    names = json.loads(path.read_text(encoding="utf-8"))
    used = icons_used(app)
    if unknown := sorted(used - names.keys()):
        raise BuildError(f"ft.Icons has no {', '.join(unknown)}")
    path.write_text(json.dumps({n: names[n] for n in sorted(used)}), encoding="utf-8")
    report.trimmed.append(
        f"{ICON_NAMES}: {len(names) - len(used)} of {len(names)} icon names the app never uses"
    )


def stage_web_assets(opts: Options, stage: Path) -> Path:
    """The app's web assets (served as files): assets/ without what only Python reads."""
    web = stage / "web"
    assets = opts.app / "assets"
    if assets.is_dir():
        shutil.copytree(
            assets,
            web,
            ignore=lambda d, names: (
                ignore_junk(d, names) | (set(PYTHON_ASSETS) if Path(d) == assets else set())
            ),
        )
    else:
        web.mkdir(parents=True)
    return web


def unpack_wheels(wheels: list[Path], target: Path) -> dict[Path, set[str]]:
    """Unzip wheels into __pypackages__/, leaving out what never runs in the browser.

    Returns each wheel's top-level names there (packages, modules, dist-info).
    """
    target.mkdir(parents=True, exist_ok=True)
    tops: dict[Path, set[str]] = {}
    for whl in wheels:
        tops[whl] = set()
        with zipfile.ZipFile(whl) as zf:
            for info in zf.infolist():
                name = info.filename
                parts = name.split("/")
                if info.is_dir():
                    continue
                if ".dist-info" in parts[0] and parts[-1] not in ("METADATA", "top_level.txt"):
                    continue
                data = zf.read(info)
                if ".dist-info" in parts[0] and parts[-1] == "METADATA":
                    # Name and version for importlib.metadata; not the long description.
                    data = data.split(b"\n\n", 1)[0] + b"\n"
                if name.endswith((".pyi", "py.typed")) or "__pycache__" in parts:
                    continue
                if parts[0] == "flet" and len(parts) > 1 and parts[1] in ("testing",):
                    continue
                if parts[0] == "pydantic" and len(parts) > 1 and parts[1] in ("v1", "mypy.py"):
                    continue  # the pydantic 1 API and the mypy plugin
                if parts[0] == "fontTools" and len(parts) > 1 and parts[1] in FONTTOOLS_DROP:
                    continue
                dest = target / name
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_bytes(data)
                tops[whl].add(parts[0].removesuffix(".py"))
    return tops


def within(rel: str, tops: set[str]) -> bool:
    """Whether archive path `rel` is one of `tops` or in it (x/..., or module x.py/x.pyc)."""
    return any(rel == top or rel.startswith((top + "/", top + ".")) for top in tops)


def write_archive(src: Path, out: Path, keep=lambda rel: True) -> None:
    """A reproducible tar.gz of src: sorted entries, fixed times and owners.

    `keep(relative path)` chooses the entries (a folder's files go with it).
    """
    entries = sorted(p for p in src.rglob("*") if keep(p.relative_to(src).as_posix()))
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.GNU_FORMAT) as tar:
        for path in entries:
            rel = path.relative_to(src).as_posix()
            info = tarfile.TarInfo(rel)
            info.mtime = ARCHIVE_MTIME
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            if path.is_dir():
                info.type = tarfile.DIRTYPE
                info.mode = 0o755
                tar.addfile(info)
            else:
                data = path.read_bytes()
                info.size = len(data)
                info.mode = 0o644
                tar.addfile(info, io.BytesIO(data))
    with (
        open(out, "wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, compresslevel=9, filename="") as gz,
    ):
        gz.write(buf.getvalue())


# -- flet publish -------------------------------------------------------------


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


# -- patching -----------------------------------------------------------------


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
        'flet.pyodideStdlibUrl="pyodide/python_stdlib.zip.gz";',
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


def icons_used(app_dir: Path) -> set[str]:
    """Names of the ft.Icons the app's own code uses, such as "HOME_OUTLINED"."""
    names: set[str] = set()
    for path in app_dir.rglob("*.py"):
        if "__pypackages__" not in path.parts:
            names |= set(re.findall(r"\bIcons\.([A-Z0-9_]+)", path.read_text(encoding="utf-8")))
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
    font = TTFont(path)
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


def write_manifest(dist: Path, manifest: dict, base_url: str) -> None:
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
    # Icons in icons/ that neither the manifest nor the page name are not served.
    index = (dist / "index.html").read_text(encoding="utf-8")
    named = {i["src"] for i in manifest.get("icons", [])}
    for icon in (dist / "icons").glob("*"):
        rel = f"icons/{icon.name}"
        if rel not in named and rel not in index:
            icon.unlink()


def pwa_strings(app_dir: Path) -> dict[str, str]:
    strings = dict(DEFAULT_STRINGS)
    ui = app_dir / "assets" / "content" / "en" / "ui.toml"
    if ui.exists():
        table = tomllib.loads(ui.read_text(encoding="utf-8")).get("pwa", {})
        strings.update({k: v for k, v in table.items() if k in strings and isinstance(v, str)})
    return strings


def install_client(dist: Path, app_dir: Path) -> None:
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


# -- snapshot and service worker ------------------------------------------------


def node() -> str:
    exe = shutil.which("node")
    if not exe:
        raise BuildError("Node.js is needed (for the snapshot and Workbox)")
    return exe


def make_snapshot(dist: Path, runtime: Path, opts: Options) -> int:
    # Made with the very stdlib zip the browser gets: Python keeps offsets into it.
    pyodide = runtime
    key = hashlib.sha256()
    for name in ("pyodide.asm.wasm", "pyodide.asm.mjs", "pyodide.mjs", "python_stdlib.zip"):
        key.update(sha256(pyodide / name).encode())
    key.update(sha256(PWA / "make_snapshot.mjs").encode())
    cached = CACHE / "snapshots" / f"{key.hexdigest()[:24]}.bin.gz"
    if not cached.exists():
        cached.parent.mkdir(parents=True, exist_ok=True)
        log(opts, "Making the Pyodide memory snapshot...")
        tmp = cached.with_suffix(".tmp")
        subprocess.run(
            [node(), str(PWA / "make_snapshot.mjs"), str(pyodide), str(tmp)],
            check=True,
            capture_output=opts.quiet,
        )
        tmp.replace(cached)
    shutil.copy2(cached, dist / "pyodide" / "snapshot.bin.gz")
    return cached.stat().st_size


def trimmed_runtime(stage: Path, report: Report) -> Path:
    """Pyodide's runtime with python_stdlib.zip less STDLIB_DROP, in stage/pyodide."""
    source = CACHE / "pyodide" / PYODIDE_VERSION
    runtime = stage / "pyodide"
    runtime.mkdir()
    for name in ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "pyodide-lock.json"):
        shutil.copy2(source / name, runtime / name)
    dropped = set()
    with (
        zipfile.ZipFile(source / "python_stdlib.zip") as src,
        zipfile.ZipFile(
            runtime / "python_stdlib.zip", "w", zipfile.ZIP_DEFLATED, compresslevel=9
        ) as out,
    ):
        for info in src.infolist():
            top = info.filename.split("/")[0]
            module = top.removesuffix(".pyc").removesuffix(".py")
            if module in STDLIB_DROP:
                dropped.add(module)
                continue
            out.writestr(info, src.read(info), compress_type=info.compress_type, compresslevel=9)
    report.trimmed += [f"pyodide/python_stdlib.zip: {m}" for m in sorted(dropped)]
    return runtime


def compile_pyc(app: Path, runtime: Path, opts: Options) -> None:
    result = subprocess.run(
        [node(), str(PWA / "compile_pyc.mjs"), str(runtime), str(app)],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BuildError(f"compiling to bytecode failed:\n{result.stdout}\n{result.stderr}")
    log(opts, result.stdout.strip())


def ensure_node_modules(opts: Options) -> Path:
    workbox = ROOT / "node_modules" / ".bin" / "workbox"
    if not workbox.exists():
        log(opts, "Installing npm devDependencies (npm ci)...")
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund"],
            cwd=ROOT,
            check=True,
            capture_output=opts.quiet,
        )
    return workbox


SW_VARIANTS = {"chromium": "sw-chromium.js", "other": "sw.js"}


def generate_sw(dist: Path, opts: Options) -> None:
    """sw-chromium.js and sw.js: the same app, each with its CanvasKit build."""
    workbox = ensure_node_modules(opts)
    for variant, name in SW_VARIANTS.items():
        env = dict(os.environ, PWA_DIST=str(dist), PWA_SW_VARIANT=variant)
        result = subprocess.run(
            [str(workbox), "generateSW", str(PWA / "workbox-config.cjs")],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0 or not (dist / name).exists():
            raise BuildError(f"workbox generateSW failed:\n{result.stdout}\n{result.stderr}")


def precache_list(dist: Path, worker: str = "sw-chromium.js") -> list[str]:
    """URLs (relative to the site) that a service worker precaches."""
    sw = (dist / worker).read_text(encoding="utf-8")
    return re.findall(r'url:"([^"]+)"', sw)


# -- the build --------------------------------------------------------------------


def build(opts: Options) -> Report:
    started = time.monotonic()
    report = Report()
    opts.base_url = normalize_base(opts.base_url)
    opts.out = opts.out.resolve()
    opts.app = opts.app.resolve()
    if opts.out in (opts.app, ROOT) or opts.app.is_relative_to(opts.out):
        raise BuildError(f"refusing to build into {opts.out}")
    web = flet_web_dir()
    check_flet_web(web)
    env = prepare_flet_cache(web)

    stage = BUILD / (opts.name or opts.app.name or "app")
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir(parents=True)
    app = stage_app(opts, stage)
    web_assets = stage_web_assets(opts, stage)

    imports = app_imports(app)
    reqs = [r for r in read_requirements() if not r.group or r.group in imports]
    wheels = ensure_wheels(reqs, opts)
    report.wheels = [w.name for w in wheels]
    tops = unpack_wheels(wheels, app / "__pypackages__")
    trim_icon_names(app, report)
    # The app's own packages (a group in browser-requirements.txt: pydantic,
    # tinydb, fpdf...) go in a second archive, unpacked while the first frame
    # is drawn; the first holds the code, Flet and what Flet needs.
    later = {
        f"__pypackages__/{top}"
        for req, whl in zip(reqs, wheels, strict=True)
        if req.group
        for top in tops[whl]
    }
    runtime = trimmed_runtime(stage, report)
    shutil.copy2(PWA / "_dataclass_code.py", app / "__pypackages__" / "_dataclass_code.py")
    compile_pyc(app, runtime, opts)
    if "fpdf" in imports and (opts.app / "assets" / "fonts").is_dir():
        # PDFs written in the browser use our own font, as on the desktop.
        shutil.copytree(opts.app / "assets" / "fonts", app / "assets" / "fonts", ignore=ignore_junk)

    manifest = read_manifest(web_assets, web)
    log(opts, f"flet publish -> {opts.out} (base {opts.base_url})")
    flet_publish(opts, stage, web_assets, manifest, env)
    dist = opts.out
    write_archive(app, dist / "app.tar.gz", keep=lambda rel: not within(rel, later))
    if later:
        write_archive(app, dist / LATER_ARCHIVE, keep=lambda rel: within(rel, later))
    # The standard library, partly compiled (compile_pyc), gzipped whole.
    (dist / "pyodide" / "python_stdlib.zip").unlink()
    with (
        open(dist / "pyodide" / "python_stdlib.zip.gz", "wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, compresslevel=9, filename="") as gz,
    ):
        gz.write((runtime / "python_stdlib.zip").read_bytes())
    report.archive_bytes = (dist / "app.tar.gz").stat().st_size
    if later:
        report.later_archive_bytes = (dist / LATER_ARCHIVE).stat().st_size

    trim(dist, app, opts, report)
    subset_material_icons(dist, app, report)
    patch_bootstrap(dist)
    patch_main_dart(dist)
    install_client(dist, opts.app)
    patch_index(dist, opts.snapshot, later=bool(later))
    shutil.copy2(dist / "index.html", dist / "404.html")
    write_manifest(dist, manifest, opts.base_url)
    if opts.snapshot:
        report.snapshot_bytes = make_snapshot(dist, runtime, opts)
    generate_sw(dist, opts)

    urls = precache_list(dist, "sw-chromium.js")
    report.precache_files = len(urls)
    report.precache_bytes = sum((dist / u).stat().st_size for u in urls)
    report.precache_bytes_other = sum(
        (dist / u).stat().st_size for u in precache_list(dist, "sw.js")
    )
    files = [p for p in dist.rglob("*") if p.is_file()]
    report.dist_files = len(files) + 1  # + build-info.json
    report.dist_bytes = sum(p.stat().st_size for p in files)
    report.seconds = round(time.monotonic() - started, 1)
    info = {
        "base_url": opts.base_url,
        "pyodide": PYODIDE_VERSION,
        "snapshot": opts.snapshot,
        "wheels": report.wheels,
        "trimmed": report.trimmed,
        "archive_bytes": report.archive_bytes,
        "later_archive_bytes": report.later_archive_bytes,
        "snapshot_bytes": report.snapshot_bytes,
        "precache_files": report.precache_files,
        "precache_bytes": report.precache_bytes,
        "precache_bytes_other_browsers": report.precache_bytes_other,
        "dist_files": report.dist_files,
        "dist_bytes": report.dist_bytes,
    }
    (dist / "build-info.json").write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")
    log(
        opts,
        f"Built {dist}: {report.dist_files} files, {report.dist_bytes / 1e6:.1f} MB; "
        f"precache {report.precache_files} files, {report.precache_bytes / 1e6:.1f} MB "
        f"(other browsers {report.precache_bytes_other / 1e6:.1f} MB) "
        f"({report.seconds} s)",
    )
    return report


def parse_args(argv: list[str]) -> Options:
    p = argparse.ArgumentParser(description="Build the offline web app (PWA) into a static folder.")
    p.add_argument(
        "--base-url",
        default="/",
        help="path the site is served under, e.g. /companion/ (default: /)",
    )
    p.add_argument("--out", type=Path, default=ROOT / "dist", help="output folder (default: dist)")
    p.add_argument(
        "--app",
        type=Path,
        default=ROOT,
        help="folder with the app's main.py (default: this repository)",
    )
    p.add_argument(
        "--snapshot",
        action="store_true",
        help="boot Pyodide from a memory snapshot made at build time: about 1 s "
        "faster, but adds 6.2 MB to what the service worker stores",
    )
    p.add_argument(
        "--keep-math-fonts",
        action="store_true",
        help="keep the KaTeX fonts (only needed to show math)",
    )
    p.add_argument("--quiet", action="store_true")
    a = p.parse_args(argv)
    return Options(
        app=a.app,
        out=a.out,
        base_url=a.base_url,
        snapshot=a.snapshot,
        quiet=a.quiet,
        keep_math_fonts=a.keep_math_fonts,
    )


def main(argv: list[str] | None = None) -> int:
    try:
        build(parse_args(sys.argv[1:] if argv is None else argv))
    except (BuildError, subprocess.CalledProcessError) as err:
        print(f"build_pwa: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
