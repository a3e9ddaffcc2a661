"""Serve-ready compressed copies: x.gz and x.br beside each large file of the site.

A host that serves them (nginx's gzip_static and brotli_static, Caddy's
`precompressed`; see tools/pwa/README.md, "Hosting") sends these instead of
compressing at every request, or instead of sending the file as it is. The
service workers precache the originals (tools/pwa/workbox-config.cjs leaves
the copies out); the browser decodes whatever the host sent.

Changes when what is worth compressing changes.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .base import CACHE, BuildError

# Smaller files gain too little for the host to look for a copy.
MIN_BYTES = 1024
# Formats that are compressed already (our archives are zstd inside).
COMPRESSED_ALREADY = (
    ".zst",
    ".gz",
    ".br",
    ".zip",
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".webp",
    ".ico",
    ".woff",
    ".woff2",
)
COPY_SUFFIXES = (".gz", ".br")
# A copy must save at least this share of the file, or the host may as well send it.
MIN_SAVING = 0.05
# libdeflate at its best level: gzip any browser reads, about 5% smaller than
# zlib's level 9 on the runtimes (Zopfli gains 0.2% more, a hundred times slower).
GZIP_LEVEL = 12
# Brotli at its best: about 20% smaller than gzip on the runtimes, and about a
# minute of CPU for all of them, so copies are kept in .flet-cache by content.
BROTLI_QUALITY = 11
BROTLI_WINDOW = 24
CACHE_DIR = CACHE / "compressed"
CACHE_FROM_BYTES = 256 * 1024  # the runtimes, which change only with Flet or Pyodide


@dataclass
class Sizes:
    """What a set of files weighs as stored, and as sent by a host using the copies."""

    raw: int = 0
    gzip: int = 0
    brotli: int = 0


def wants_copies(rel: str, size: int) -> bool:
    """Whether the file at site path `rel`, of `size` bytes, gets compressed copies."""
    return size >= MIN_BYTES and not rel.lower().endswith(COMPRESSED_ALREADY)


def worth_keeping(size: int, compressed: int) -> bool:
    """Whether a copy of `compressed` bytes is enough smaller than the file's `size`."""
    return compressed <= size * (1 - MIN_SAVING)


def gzip_bytes(data: bytes) -> bytes:
    """gzip with no name or time in the header: the same file gives the same copy."""
    try:
        import deflate
    except ImportError as err:
        raise BuildError(
            "the deflate package is needed for the .gz copies"
            " (pip install -r requirements-dev.lock)"
        ) from err
    return bytes(deflate.gzip_compress(data, GZIP_LEVEL))


def brotli_bytes(data: bytes) -> bytes:
    try:
        import brotli
    except ImportError as err:
        raise BuildError(
            "the brotli package is needed for the .br copies (pip install -r requirements-dev.lock)"
        ) from err
    return brotli.compress(data, quality=BROTLI_QUALITY, lgwin=BROTLI_WINDOW)


def _compressed(kind: str, data: bytes) -> bytes:
    """`data` as gzip ("gz") or brotli ("br"); large files from .flet-cache when made before."""
    if len(data) < CACHE_FROM_BYTES:
        return gzip_bytes(data) if kind == "gz" else brotli_bytes(data)
    digest = hashlib.sha256(data).hexdigest()
    # Named by the library's version too: another version may write other bytes.
    package = "deflate" if kind == "gz" else "brotli"
    level = GZIP_LEVEL if kind == "gz" else BROTLI_QUALITY
    path = CACHE_DIR / f"{digest}-{kind}{level}-{package}{importlib.metadata.version(package)}"
    if path.exists():
        return path.read_bytes()
    out = gzip_bytes(data) if kind == "gz" else brotli_bytes(data)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(out)
    tmp.replace(path)
    return out


def _write_copies(path: Path) -> list[str]:
    """x.gz and x.br beside `path` when they are worth it; the suffixes written."""
    data = path.read_bytes()
    written = []
    for kind in ("gz", "br"):
        packed = _compressed(kind, data)
        if worth_keeping(len(data), len(packed)):
            path.with_name(f"{path.name}.{kind}").write_bytes(packed)
            written.append(kind)
    return written


def site_files(dist: Path) -> list[Path]:
    """The site's own files, without compressed copies of other files."""
    return sorted(p for p in dist.rglob("*") if p.is_file() and not is_copy(p))


def is_copy(path: Path) -> bool:
    """Whether `path` is a copy made here (x.gz or x.br beside an x), not a file of its own."""
    return path.suffix in COPY_SUFFIXES and path.with_suffix("").is_file()


def write_compressed(dist: Path) -> int:
    """The .gz and .br copies of every file that wants them; how many were written."""
    files = [p for p in site_files(dist) if wants_copies(rel(dist, p), p.stat().st_size)]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        return sum(len(written) for written in pool.map(_write_copies, files))


def rel(dist: Path, path: Path) -> str:
    return path.relative_to(dist).as_posix()


def sent_sizes(dist: Path, urls: list[str]) -> Sizes:
    """What the files at `urls` weigh, and what a host using the copies sends for them."""
    sizes = Sizes()
    for url in urls:
        path = dist / url
        raw = path.stat().st_size
        gz = _size(path.with_name(path.name + ".gz"), raw)
        sizes.raw += raw
        sizes.gzip += gz
        sizes.brotli += _size(path.with_name(path.name + ".br"), gz)
    return sizes


def _size(path: Path, otherwise: int) -> int:
    return path.stat().st_size if path.exists() else otherwise
