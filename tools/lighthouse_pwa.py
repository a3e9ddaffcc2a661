#!/usr/bin/env python3
"""Lighthouse (mobile) on the built PWA, and whether Chromium calls it installable.

    python tools/lighthouse_pwa.py [dist ...] [--encoding gzip]

Serves each built site (default: build/bench/ours and build/bench/hello,
which tools/bench_pwa.py builds) from a host that compresses
(bench_pwa.serve_compressed), runs Lighthouse's default mobile profile
(emulated phone, simulated slow 4G and 4x CPU) for performance,
accessibility and best practices, and asks Chromium for installability
errors (CDP Page.getInstallabilityErrors, in a real profile once the service
worker is active). Lighthouse 12 dropped its PWA category, so installability
comes from Chromium itself. `tools/bench_pwa.py --lighthouse` runs the same.

Lighthouse is not a devDependency (with its dependencies about 176 MB, which
`npm ci` in CI would download on every run); it runs through
`npx --yes lighthouse@<LIGHTHOUSE>`, fetched once into npm's cache.
Lighthouse scores a page without Flutter's accessibility tree switched on
(nothing clicks its placeholder), so "accessibility" judges the HTML page,
not the app's screens: tests/e2e run axe on those.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pwa_browser as h
from chromium import CHROMIUM, FLAGS

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = "13.5.0"
CATEGORIES = ("performance", "accessibility", "best-practices")
METRICS = {  # audit id -> (label, unit divisor, unit)
    "first-contentful-paint": ("first contentful paint", 1000, "s"),
    "largest-contentful-paint": ("largest contentful paint", 1000, "s"),
    "speed-index": ("speed index", 1000, "s"),
    "total-blocking-time": ("total blocking time", 1000, "s"),
    "cumulative-layout-shift": ("layout shift", 1, ""),
    "total-byte-weight": ("bytes on the wire", 1e6, "MB"),
}


def lighthouse(url: str) -> dict:
    """Lighthouse's report (JSON) for `url`, mobile profile, three categories."""
    out = Path(tempfile.mkdtemp(prefix="lighthouse-")) / "report.json"
    try:
        result = subprocess.run(
            [
                "npx",
                "--yes",
                f"lighthouse@{LIGHTHOUSE}",
                url,
                "--output=json",
                f"--output-path={out}",
                f"--only-categories={','.join(CATEGORIES)}",
                "--max-wait-for-load=120000",
                "--quiet",
                "--chrome-flags=" + " ".join(["--headless=new", *FLAGS]),
            ],
            cwd=ROOT,
            env=dict(os.environ, CHROME_PATH=CHROMIUM),
            capture_output=True,
            text=True,
            timeout=600,
        )
        if result.returncode != 0 or not out.exists():
            raise RuntimeError(f"lighthouse failed:\n{result.stdout}\n{result.stderr}")
        return json.loads(out.read_text(encoding="utf-8"))
    finally:
        shutil.rmtree(out.parent, ignore_errors=True)


def installability(pw, url: str) -> list[str]:
    """Chromium's installability errors for `url` (empty: installable)."""
    profile = Path(tempfile.mkdtemp(prefix="pwa-installable-"))
    ctx = h.launch(pw, profile)
    try:
        page = ctx.pages[0] if ctx.pages else ctx.new_page()
        page.goto(url, wait_until="load")
        h.wait_service_worker(page)
        cdp = ctx.new_cdp_session(page)
        errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
        return [
            e["errorId"]
            + "".join(f" {a['name']}={a['value']}" for a in e.get("errorArguments", []))
            for e in errors
        ]
    finally:
        ctx.close()
        shutil.rmtree(profile, ignore_errors=True)


def summary(report: dict) -> dict:
    """Scores (0-100), metrics, and the audits that did not pass, from a report."""
    audits = report["audits"]
    failed = {}
    for name in CATEGORIES:
        failed[name] = [
            ref["id"]
            for ref in report["categories"][name]["auditRefs"]
            if ref.get("weight", 0) > 0
            and audits[ref["id"]].get("score") is not None
            and audits[ref["id"]]["score"] < 0.9
        ]
    return {
        "lighthouse": report.get("lighthouseVersion"),
        "scores": {n: round(100 * (report["categories"][n]["score"] or 0)) for n in CATEGORIES},
        "metrics": {
            a: audits[a]["numericValue"] for a in METRICS if "numericValue" in audits.get(a, {})
        },
        "failed": failed,
    }


def check(pw, url: str) -> dict:
    """Lighthouse's summary and Chromium's installability errors for `url`."""
    return {**summary(lighthouse(url)), "installability_errors": installability(pw, url)}


def print_checks(checks: dict[str, dict]) -> None:
    names = list(checks)
    first = checks[names[0]]
    print()
    print(
        f"Lighthouse {first['lighthouse']}, mobile profile (simulated slow 4G, 4x CPU);"
        " installability from Chromium (CDP Page.getInstallabilityErrors)"
    )
    print(f"{'':28}" + "".join(f"{n:>10}" for n in names))
    for cat in CATEGORIES:
        print(f"{cat:28}" + "".join(f"{checks[n]['scores'][cat]:>10}" for n in names))
    for audit, (label, scale, unit) in METRICS.items():
        cells = []
        for n in names:
            value = checks[n]["metrics"].get(audit)
            cells.append(
                "-" if value is None else f"{value / scale:.{2 if unit == '' else 1}f}{unit}"
            )
        print(f"{label:28}" + "".join(f"{c:>10}" for c in cells))
    print(
        f"{'installable':28}"
        + "".join(f"{'yes' if not checks[n]['installability_errors'] else 'no':>10}" for n in names)
    )
    for n in names:
        for error in checks[n]["installability_errors"]:
            print(f"  {n}: {error}")
        for cat, ids in checks[n]["failed"].items():
            if ids:
                print(f"  {n}, {cat} below 0.9: {', '.join(ids)}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument(
        "dist",
        nargs="*",
        type=Path,
        default=[ROOT / "build" / "bench" / "ours", ROOT / "build" / "bench" / "hello"],
        help="built sites (served at the site root), each compared side by side",
    )
    p.add_argument("--encoding", choices=("gzip", "br", "identity"), default="gzip")
    a = p.parse_args(argv)

    from playwright.sync_api import sync_playwright

    from bench_pwa import serve_compressed

    checks = {}
    with sync_playwright() as pw:
        for dist in a.dist:
            server = serve_compressed(dist, a.encoding)
            try:
                checks[dist.name] = check(pw, server.url)
            finally:
                server.stop()
    print_checks(checks)
    return 0


if __name__ == "__main__":
    sys.exit(main())
