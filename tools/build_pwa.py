#!/usr/bin/env python3
"""Build the offline web app (PWA): a static site in dist/ that runs the app on Pyodide.

    python tools/build_pwa.py [--base-url /companion/] [--out dist]

Serve the output folder from any static host, at the site root or under the
sub-path given as --base-url. Nothing is loaded from any other site.

How it is made, in build()'s order (each step's module is in tools/pwa_build/):
 1. The app is staged (archive): its code (main.py and its packages), a copy
    of assets/content and assets/data that the Python code reads, and the
    browser wheels from tools/pwa/browser-requirements.txt unzipped into
    __pypackages__/ (wheels), so the browser installs nothing and never loads
    micropip.
 2. All that Python is compiled to bytecode at build time by Pyodide itself
    under Node (runtime, running tools/pwa/compile_pyc.py), with a standard
    library trimmed of modules no app code imports: the browser does not
    compile pydantic, flet and our modules again at every start. So are the
    methods @dataclass writes for Flet's controls (tools/pwa/_dataclass_code.py).
 3. Flet's own `flet publish --no-cdn` builds the site (flet_site): Flet's web
    client, CanvasKit, the Pyodide 314.0.7 core that ships inside flet-web,
    our index.html and manifest. It runs offline here because the Pyodide
    cache and Python build manifest it would download are filled from
    flet-web and tools/pwa/python-build-manifest.json (runtime; cache in
    .flet-cache/).
 4. app.tar.zst is written by this build, reproducibly, instead of Flet's
    app.tar.gz (archive): zstd, about a quarter smaller than gzip, unpacked
    in the browser by the zstd inside Pyodide. The wheels in a group in
    browser-requirements.txt (the app's own needs: pydantic, tinydb, segno)
    go in a second archive, app-later.tar.zst, which the browser unpacks
    while the first frame is drawn: app.tar.zst then holds little more than
    a bare Flet app's. What only a PDF needs (fpdf, fontTools, our fonts)
    goes in a third, app-pdf.tar.zst, unpacked when the app makes one.
 5. What the app never uses is removed (trim): the dart2wasm build, skwasm,
    the experimental CanvasKit builds, KaTeX and Cupertino fonts, media and
    recorder helpers, icons in styles the app never draws, Pyodide's
    micropip, its package list and CLI files.
 6. Flet's python.js / python-worker.js are replaced by tools/pwa/ versions
    (flet_site) that start Python at page load, in parallel with Flutter: the
    archive is fetched and unpacked in JavaScript while Pyodide boots, and
    compiled extension modules (pydantic_core, msgpack) are compiled
    asynchronously and loaded before Python imports them. index.html gets a
    Content-Security-Policy (inline scripts allowed by hash only) and the
    service worker registration (tools/pwa/pwa.js), manifest.json an id; the
    hard-coded Rive CDN address in main.dart.js is pointed at a same-site
    stand-in. With --snapshot, Pyodide boots from a memory snapshot made at
    build time (runtime, tools/pwa/make_snapshot.mjs): about 1 s faster, but
    6.2 MB more to precache, which the 35 MB budget cannot take.
 7. Workbox (npm workbox-cli, generateSW) writes sw-chromium.js and sw.js
    (service_worker), which precache every file the app needs; they differ
    only in the CanvasKit build (Chromium's smaller one, or the full one for
    other browsers), and pwa.js registers the one Flutter will load.
 8. Each file over 1 KB that is not compressed already gets serve-ready
    copies beside it, x.gz and x.br (compress), for hosts that send those
    (tools/pwa/README.md, "Hosting"); the service workers keep the originals.

build-info.json in the output lists what was packed, the precache size, and
what a first visit sends with gzip and with brotli.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

from pwa_build.archive import (
    PDF_MODULE,
    pack_app,
    pdf_paths,
    stage_app,
    stage_fonts,
    stage_web_assets,
)
from pwa_build.base import BUILD, ROOT, BuildError, Options, Report, log
from pwa_build.compress import sent_sizes, write_compressed
from pwa_build.flet_site import (
    check_flet_web,
    flet_publish,
    flet_web_dir,
    install_client,
    patch_bootstrap,
    patch_index,
    patch_main_dart,
    read_manifest,
    write_manifest,
)
from pwa_build.runtime import (
    PYODIDE_VERSION,
    compile_pyc,
    make_snapshot,
    prepare_flet_cache,
    ship_stdlib,
    trimmed_runtime,
)
from pwa_build.service_worker import generate_sw, precache_list
from pwa_build.trim import subset_material_icons, trim, trim_icon_names
from pwa_build.wheels import (
    app_imports,
    ensure_wheels,
    later_packages,
    read_requirements,
    unpack_wheels,
)


def normalize_base(base: str) -> str:
    base = "/" + base.strip().strip("/")
    return base if base == "/" else base + "/"


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

    # 1. The app and its wheels, staged in build/pwa/<name>/app.
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
    later = later_packages(reqs, wheels, tops)

    # 2. Bytecode, by the trimmed runtime the browser gets.
    runtime = trimmed_runtime(stage, report)
    compile_pyc(app, runtime, opts)
    if "fpdf" in imports:
        stage_fonts(opts, app)

    # 3. Flet's site.
    manifest = read_manifest(web_assets, web)
    log(opts, f"flet publish -> {opts.out} (base {opts.base_url})")
    flet_publish(opts, stage, web_assets, manifest, env)
    dist = opts.out

    # 4. The archives, and the standard library beside Pyodide.
    pdf_tops = {
        top for r, w in zip(reqs, wheels, strict=True) if r.group == PDF_MODULE for top in tops[w]
    }
    pack_app(app, dist, later, pdf_paths(later, pdf_tops, app), report)
    ship_stdlib(runtime, dist)

    # 5. What the app never uses, out.
    trim(dist, app, opts, report)
    subset_material_icons(dist, app, report)

    # 6. Patched to start Python early and to stay on this site.
    patch_bootstrap(dist)
    patch_main_dart(dist)
    install_client(dist, opts.app)
    patch_index(dist, opts.snapshot, later=bool(later))
    shutil.copy2(dist / "index.html", dist / "404.html")
    write_manifest(dist, manifest, opts.base_url, opts.app)
    if opts.snapshot:
        report.snapshot_bytes = make_snapshot(dist, runtime, opts)

    # 7. The service workers.
    generate_sw(dist, opts)

    # 8. Compressed copies for hosts that serve them (compress).
    report.compressed_copies = write_compressed(dist)

    write_build_info(dist, opts, report, started)
    log(
        opts,
        f"Built {dist}: {report.dist_files} files, {report.dist_bytes / 1e6:.1f} MB; "
        f"precache {report.precache_files} files, {report.precache_bytes / 1e6:.1f} MB "
        f"(other browsers {report.precache_bytes_other / 1e6:.1f} MB); "
        f"first visit sends {report.first_visit_gzip_bytes / 1e6:.1f} MB with gzip, "
        f"{report.first_visit_brotli_bytes / 1e6:.1f} MB with brotli ({report.seconds} s)",
    )
    return report


def write_build_info(dist: Path, opts: Options, report: Report, started: float) -> None:
    """The sizes into `report`, and build-info.json: what was packed, the precache size."""
    urls = precache_list(dist, "sw-chromium.js")
    report.precache_files = len(urls)
    report.precache_bytes = sum((dist / u).stat().st_size for u in urls)
    report.precache_bytes_other = sum(
        (dist / u).stat().st_size for u in precache_list(dist, "sw.js")
    )
    # A first visit in Chromium: the page and its worker fetch what the worker precaches.
    sent = sent_sizes(dist, [*urls, "sw-chromium.js"])
    report.first_visit_gzip_bytes = sent.gzip
    report.first_visit_brotli_bytes = sent.brotli
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
        "pdf_archive_bytes": report.pdf_archive_bytes,
        "snapshot_bytes": report.snapshot_bytes,
        "precache_files": report.precache_files,
        "precache_bytes": report.precache_bytes,
        "precache_bytes_other_browsers": report.precache_bytes_other,
        "first_visit_gzip_bytes": report.first_visit_gzip_bytes,
        "first_visit_brotli_bytes": report.first_visit_brotli_bytes,
        "compressed_copies": report.compressed_copies,
        "dist_files": report.dist_files,
        "dist_bytes": report.dist_bytes,
    }
    (dist / "build-info.json").write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")


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
