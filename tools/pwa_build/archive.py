"""What Python reads in the browser: the app staged, packed into three archives.

app.tar.zst (the code, Flet, content) starts the app; app-later.tar.zst (the
app's own packages) is unpacked once the first frame is drawn; app-pdf.tar.zst
(fpdf, fontTools and our fonts) only when a PDF is made.

Changes when the app's layout changes.
"""

from __future__ import annotations

import io
import json
import shutil
import sys
import tarfile
from pathlib import Path

from .base import ROOT, BuildError, Options, Report, zstd_bytes

ARCHIVE_MTIME = 1_700_000_000  # fixed, so an unchanged app gives an unchanged archive
# The packages the app needs only after its first frame (wheels.later_packages).
FIRST_ARCHIVE = "app.tar.zst"
LATER_ARCHIVE = "app-later.tar.zst"
# What only a PDF needs: the packages of the group browser-requirements.txt
# packs when the app imports PDF_MODULE, and the fonts PDFs embed. The worker
# fetches and unpacks it when the app makes a PDF (companionLoadPdfPackages),
# so a start never downloads or unpacks them; the service workers precache
# it, so the brief can be made offline.
PDF_ARCHIVE = "app-pdf.tar.zst"
PDF_MODULE = "fpdf"
PDF_ASSETS = "assets/fonts"
# Data that only screens drawn once the store is open read (the centers and ZIP
# codes of Find; only Home is drawn before, views/state.py): it waits with the
# packages, so the first archive, which the first frame waits for, is smaller.
LATER_ASSETS = "assets/data"


# Folders of assets/ that Python reads (packed into the archives, not served).
PYTHON_ASSETS = ("content", "data")
# Never packed as app code.
NOT_APP_DIRS = {"tests", "tools", "build", "dist", "node_modules", "assets", "docs"}


def not_needed(rel: str) -> bool:
    """Whether archive path `rel` is something Python never reads in the browser."""
    parts = rel.split("/")
    return (
        # A wheel's files for other install places (man pages, scripts).
        (parts[0] == "__pypackages__" and len(parts) > 1 and parts[1].endswith(".data"))
        # msgpack's pure-Python fallback: its compiled module is always there.
        or rel == "__pypackages__/msgpack/fallback.py"
        # ui.toml is read from the JSON the build writes beside it (write_ui_strings).
        or (parts[-1] == "ui.toml" and rel.startswith("assets/content/"))
        # Where the data came from, for people reading the repository.
        or (rel.startswith("assets/data/") and rel.endswith(".md"))
    )


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


def stage_fonts(opts: Options, app: Path) -> None:
    """Our fonts beside the code: PDFs written in the browser use them, as on the desktop."""
    if (opts.app / "assets" / "fonts").is_dir():
        shutil.copytree(opts.app / "assets" / "fonts", app / "assets" / "fonts", ignore=ignore_junk)


def pack_app(app: Path, dist: Path, later: set[str], pdf: set[str], report: Report) -> None:
    """FIRST_ARCHIVE; LATER_ARCHIVE with the `later` packages and PDF_ARCHIVE with
    the `pdf` paths (archive_paths), each when there are any."""
    later = later - pdf
    if later and (app / LATER_ASSETS).is_dir():
        later = later | {LATER_ASSETS}
    first = [rel for rel in archive_paths(app) if not within(rel, later | pdf)]
    write_archive(app, dist / FIRST_ARCHIVE, first)
    report.archive_bytes = (dist / FIRST_ARCHIVE).stat().st_size
    for name, tops in ((LATER_ARCHIVE, later), (PDF_ARCHIVE, pdf)):
        if tops:
            write_archive(app, dist / name, [r for r in archive_paths(app) if within(r, tops)])
    if later:
        report.later_archive_bytes = (dist / LATER_ARCHIVE).stat().st_size
    if pdf:
        report.pdf_archive_bytes = (dist / PDF_ARCHIVE).stat().st_size


def pdf_paths(later: set[str], pdf_packages: set[str], app: Path) -> set[str]:
    """The archive paths PDF_ARCHIVE holds: of the `later` packages, those in
    `pdf_packages` (the top-level names of the PDF group's wheels), and our fonts."""
    paths = {p for p in later if p.removeprefix("__pypackages__/") in pdf_packages}
    if paths and (app / PDF_ASSETS).is_dir():
        paths.add(PDF_ASSETS)
    return paths


def archive_paths(src: Path) -> list[str]:
    """Every path under `src` an archive may hold (relative, sorted), less not_needed()."""
    return sorted(
        rel
        for rel in (p.relative_to(src).as_posix() for p in src.rglob("*"))
        if not not_needed(rel)
    )


def open_archive(path: Path) -> tarfile.TarFile:
    """An archive written by write_archive, open for reading (Python 3.11 reads no zstd)."""
    import zstandard

    tar = zstandard.ZstdDecompressor().decompress(path.read_bytes())
    return tarfile.open(fileobj=io.BytesIO(tar))


def within(rel: str, tops: set[str]) -> bool:
    """Whether archive path `rel` is one of `tops` or in it (x/..., or module x.py/x.pyc)."""
    return any(rel == top or rel.startswith((top + "/", top + ".")) for top in tops)


def write_archive(src: Path, out: Path, paths: list[str]) -> None:
    """A reproducible tar.zst of `paths` (relative to src, in this order): fixed
    times and owners."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.GNU_FORMAT) as tar:
        for rel in paths:
            path = src / rel
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
    out.write_bytes(zstd_bytes(buf.getvalue()))
