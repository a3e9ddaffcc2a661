"""Pyodide, the browser's Python: its runtime and standard library, trimmed and compiled.

Changes when Pyodide (the one inside flet-web) changes.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

from .base import CACHE, PWA, BuildError, Options, Report, log, sha256
from .compress import gzip_bytes

# The Pyodide inside flet-web 1.0.5, and the wheel tags of its Python.
PYODIDE_VERSION = "314.0.7"
PYTHON_TAG = "3.14"
WHEEL_PLATFORM = "pyemscripten_2026_0_wasm32"


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
    "optparse",
    "_pyio",  # the pure-Python io; io is compiled in
    "curses",
    "dbm",
    "shelve",
    "netrc",
    "getpass",
    "pty",
    "tty",
    "wave",
    "compileall",
}

# Codecs left out: the tables of old single-byte code pages and Windows'
# own. The app's files, content and data are UTF-8; kept are the code pages
# Python and the packages name (cp437 for zip file names, Latin-1 and
# cp1252, Mac Roman for fonts' names) and every multi-byte codec (small,
# and segno tries Shift_JIS on text Latin-1 cannot hold).
CODEC_TABLES = re.compile(
    r"(cp\d+|iso8859_\d+|mac_\w+|koi8_\w+|kz1048|hp_roman8|palmos|ptcp154|tis_620)"
)
CODECS_KEPT = {"cp437", "cp1252", "iso8859_1", "iso8859_15", "mac_roman"}
CODECS_KEPT |= {"cp932", "cp949", "cp950"}  # multi-byte, though named like the tables
WINDOWS_CODECS = {"mbcs", "oem", "_win_cp_codecs"}


def stdlib_dropped(path: str) -> str | None:
    """The module that python_stdlib.zip entry `path` belongs to, if it is left out."""
    parts = path.split("/")
    top = parts[0].removesuffix(".pyc").removesuffix(".py")
    if top in STDLIB_DROP:
        return top
    if top == "encodings" and len(parts) == 2:
        codec = parts[1].removesuffix(".pyc").removesuffix(".py")
        table = CODEC_TABLES.fullmatch(codec) and codec not in CODECS_KEPT
        if table or codec in WINDOWS_CODECS:
            return f"encodings.{codec}"
    return None


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


def trimmed_runtime(stage: Path, report: Report) -> Path:
    """Pyodide's runtime in stage/pyodide, python_stdlib.zip less what stdlib_dropped() names."""
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
            module = stdlib_dropped(info.filename)
            if module is not None:
                dropped.add(module)
                continue
            out.writestr(info, src.read(info), compress_type=info.compress_type, compresslevel=9)
    codecs = {m for m in dropped if m.startswith("encodings.")}
    report.trimmed += [f"pyodide/python_stdlib.zip: {m}" for m in sorted(dropped - codecs)]
    report.trimmed.append(f"pyodide/python_stdlib.zip: {len(codecs)} codecs in encodings/")
    return runtime


def node() -> str:
    exe = shutil.which("node")
    if not exe:
        raise BuildError("Node.js is needed (Pyodide runs under it at build time)")
    return exe


def compile_pyc(app: Path, runtime: Path, opts: Options) -> None:
    """The app's start-up modules and the stdlib as bytecode, by Pyodide under Node.

    tools/pwa/compile_pyc.py says which; it also records the code @dataclass
    writes for the first frame (tools/pwa/_dataclass_code.py, shipped with it).
    """
    shutil.copy2(PWA / "_dataclass_code.py", app / "__pypackages__" / "_dataclass_code.py")
    result = subprocess.run(
        [node(), str(PWA / "compile_pyc.mjs"), str(runtime), str(app)],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BuildError(f"compiling to bytecode failed:\n{result.stdout}\n{result.stderr}")
    log(opts, result.stdout.strip())


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


# gzip, not zstd like the app archives: Pyodide needs it before it runs (its
# zstd unpacks the archives), and the browser's own gzip is quicker than a
# zstd decoder in JavaScript.
STDLIB_FILE = "python_stdlib.zip.gz"


def ship_stdlib(runtime: Path, dist: Path) -> None:
    """The standard library, partly compiled (compile_pyc), gzipped whole into dist/pyodide/."""
    (dist / "pyodide" / "python_stdlib.zip").unlink()
    stdlib = (runtime / "python_stdlib.zip").read_bytes()
    (dist / "pyodide" / STDLIB_FILE).write_bytes(gzip_bytes(stdlib))
