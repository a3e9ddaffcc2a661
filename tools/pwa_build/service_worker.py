"""The service workers: Workbox precaches every file the app needs.

Changes when Workbox or the caching rules (tools/pwa/workbox-config.cjs) change.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

from .base import PWA, ROOT, BuildError, Options, log
from .flet_site import replace_once

SW_VARIANTS = {"chromium": "sw-chromium.js", "other": "sw.js"}
# Scripts both workers import (workbox-config.cjs): precaching asks the host
# before downloading a file again; large runtimes are kept gzipped.
WORKER_SCRIPTS = ("sw-revalidate.js", "sw-packed.js")
PACKED_SUFFIXES = (".js", ".mjs", ".wasm")
PACKED_MIN_BYTES = 256 * 1024
"""Which precached files sw-packed.js keeps gzipped: these kinds, this large or larger."""


def packed(url: str, size: int) -> bool:
    return size >= PACKED_MIN_BYTES and url.endswith(PACKED_SUFFIXES)


def stored_bytes(dist: Path, url: str) -> int:
    """What one precached file takes in the browser's Cache Storage (gzip level 6
    stands in for CompressionStream's)."""
    path = dist / url
    size = path.stat().st_size
    return len(gzip.compress(path.read_bytes(), 6, mtime=0)) if packed(url, size) else size


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


def generate_sw(dist: Path, opts: Options) -> None:
    """sw-chromium.js and sw.js: the same app, each with its CanvasKit build."""
    workbox = ensure_node_modules(opts)
    shutil.copy2(PWA / "sw-revalidate.js", dist / "sw-revalidate.js")
    script = replace_once(
        (PWA / "sw-packed.js").read_text(encoding="utf-8"),
        '/*PACKED_RULE*/ { suffixes: [".js", ".mjs", ".wasm"], minBytes: 262144 }',
        "/*PACKED_RULE*/ "
        + json.dumps({"suffixes": PACKED_SUFFIXES, "minBytes": PACKED_MIN_BYTES}),
        "sw-packed.js",
    )
    (dist / "sw-packed.js").write_text(script, encoding="utf-8")
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
