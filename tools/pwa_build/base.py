"""What every step of the PWA build shares: where things are, its options and report."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PWA = ROOT / "tools" / "pwa"  # what the build ships or runs: our JS, Workbox's config
CACHE = ROOT / ".flet-cache"
BUILD = ROOT / "build" / "pwa"


class BuildError(RuntimeError):
    """The build cannot go on; the message says why (printed without a traceback)."""


@dataclass
class Options:
    """What to build and where (tools/build_pwa.py's command line)."""

    app: Path = ROOT
    """The folder with the app's main.py."""
    out: Path = ROOT / "dist"
    """The static site written."""
    base_url: str = "/"
    """The path the site is served under, such as /companion/."""
    snapshot: bool = False
    """Boot Pyodide from a memory snapshot made at build time."""
    name: str | None = None
    """The staging folder under build/pwa/ (default: the app folder's name)."""
    quiet: bool = False
    keep_math_fonts: bool = False
    """Keep the KaTeX fonts, which only math needs."""


@dataclass
class Report:
    """What was packed and trimmed, and the sizes (written to build-info.json)."""

    wheels: list[str] = field(default_factory=list)
    trimmed: list[str] = field(default_factory=list)
    precache_files: int = 0
    precache_bytes: int = 0  # Chromium browsers
    precache_bytes_other: int = 0  # the others (larger CanvasKit)
    first_visit_gzip_bytes: int = 0  # sent by a host using the .gz copies (compress.py)
    first_visit_brotli_bytes: int = 0  # and using the .br copies
    compressed_copies: int = 0
    dist_files: int = 0
    dist_bytes: int = 0
    archive_bytes: int = 0
    later_archive_bytes: int = 0
    pdf_archive_bytes: int = 0
    snapshot_bytes: int = 0
    seconds: float = 0.0


# The app archives are zstd (app*.tar.zst): about a quarter smaller than gzip
# at level 9, and no host can shrink them again. The worker unpacks them with
# the zstd inside Pyodide (tools/pwa/python-worker.js, unzstd).
ZSTD_LEVEL = 19


def zstd_bytes(data: bytes) -> bytes:
    """`data` as one zstd frame that states its size; the same bytes give the same frame."""
    try:
        import zstandard
    except ImportError as err:
        raise BuildError(
            "the zstandard package is needed for the app archives"
            " (pip install -r requirements-dev.lock)"
        ) from err
    return zstandard.ZstdCompressor(level=ZSTD_LEVEL, write_content_size=True).compress(data)


def log(opts: Options, *parts: object) -> None:
    if not opts.quiet:
        print(*parts, flush=True)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
