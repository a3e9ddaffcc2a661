"""The service workers: Workbox precaches every file the app needs.

Changes when Workbox or the caching rules (tools/pwa/workbox-config.cjs) change.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from .base import PWA, ROOT, BuildError, Options, log

SW_VARIANTS = {"chromium": "sw-chromium.js", "other": "sw.js"}


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
