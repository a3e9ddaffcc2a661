#!/usr/bin/env python3
"""Start-up figures for the offline PWA, ours next to a bare Flet "hello" app built the same way.

    python tools/bench_pwa.py [--runs 5] [--no-build] [--no-snapshot]

Prints, for each app: time from navigation to the first usable screen, cold
(new browser profile: nothing cached, no service worker) and warm offline
(service worker installed, network off, HTTP cache cleared), the median of
--runs loads each, plus the bytes the service worker precached. Figures, not
a pass/fail test; the targets are printed beside them.

"First usable screen": the app's first screen is in Flutter's accessibility
tree (an element reading the marker text), which is what a test or a screen
reader can use. Loads of the two apps alternate so that machine load hits
both alike; compare within one run only.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

import build_pwa  # noqa: E402
import pwa_helpers as h  # noqa: E402

OURS_MARKER = "Learn"  # a label of the navigation, there once the first screen is
HELLO_MARKER = "Hello, world!"
PHASES = ["workerStarted", "snapshotLoaded", "pyodideReady", "archiveFetched", "archiveUnpacked",
          "extensionsLoaded",
          "jsConnect", "appModuleRan", "pythonConnected"]


@dataclass
class App:
    name: str
    source: Path
    dist: Path
    marker: str
    route: str = ""
    cold: list[float] = field(default_factory=list)
    warm: list[float] = field(default_factory=list)
    precache: dict = field(default_factory=dict)
    phases: dict[str, list[float]] = field(default_factory=dict)


def load(ctx, url: str, marker: str, app: App | None = None, reload: bool = False) -> float:
    page = ctx.pages[0] if ctx.pages else ctx.new_page()
    if reload:
        page.reload(wait_until="commit")
    else:
        page.goto(url, wait_until="commit")
    took = h.wait_usable(page)
    if app is not None:
        timings = page.evaluate("(window.flet && flet.pwaTimings) || {}")
        origin = page.evaluate("performance.timeOrigin")
        for name, at in timings.items():
            app.phases.setdefault(name, []).append((at - origin) / 1000.0)
    return took


def cold_run(pw, app: App, server: h.Server, keep_profile: Path | None = None) -> float:
    profile = Path(tempfile.mkdtemp(prefix="pwa-bench-"))
    ctx = h.launch(pw, profile)
    try:
        ctx.add_init_script(h.ready_script(app.marker))
        return load(ctx, server.url + app.route, app.marker)
    finally:
        ctx.close()
        if keep_profile is None:
            shutil.rmtree(profile, ignore_errors=True)


def install(pw, app: App, server: h.Server):
    """A browser profile with the app's service worker installed and everything precached."""
    profile = Path(tempfile.mkdtemp(prefix="pwa-bench-"))
    ctx = h.launch(pw, profile)
    ctx.add_init_script(h.ready_script(app.marker))
    load(ctx, server.url + app.route, app.marker)
    page = ctx.pages[0]
    h.wait_service_worker(page)
    app.precache = h.precached_bytes(page)
    ctx.set_offline(True)
    cdp = ctx.new_cdp_session(page)
    page.goto("about:blank")
    return ctx, cdp, profile


def warm_runs(pw, apps: list[App], servers: dict, runs: int, warmups: int) -> None:
    """Offline loads from the service worker, the apps taking turns."""
    installed = [(app, *install(pw, app, servers[app.name])) for app in apps]
    try:
        for i in range(warmups + runs):
            for app, ctx, cdp, _profile in installed:
                cdp.send("Network.clearBrowserCache")
                took = load(ctx, servers[app.name].url + app.route, app.marker,
                            app if i >= warmups else None)
                ctx.pages[0].goto("about:blank")
                if i >= warmups:
                    app.warm.append(took)
            if i >= warmups:
                print(f"warm offline run {i - warmups + 1}/{runs}: " + ", ".join(
                    f"{app.name} {app.warm[-1]:.2f} s" for app in apps), flush=True)
    finally:
        for _app, ctx, _cdp, profile in installed:
            ctx.close()
            shutil.rmtree(profile, ignore_errors=True)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=5, help="loads per figure (median)")
    p.add_argument("--warmups", type=int, default=3,
                   help="warm loads discarded first (compiled code caches fill over 2-3 starts)")
    p.add_argument("--no-build", dest="build", action="store_false",
                   help="reuse build/bench/ from an earlier run")
    p.add_argument("--snapshot", action="store_true",
                   help="build both with the Pyodide memory snapshot (tools/build_pwa.py --snapshot)")
    p.add_argument("--marker", default=OURS_MARKER, help="text on our first screen")
    p.add_argument("--route", default="", help="open this route of ours (e.g. questions)")
    p.add_argument("--ours", type=Path, default=ROOT, help=argparse.SUPPRESS)  # another app, for probing
    a = p.parse_args(argv)

    out = ROOT / "build" / "bench"
    apps = [
        App("ours", a.ours, out / "ours", a.marker, a.route),
        App("hello", ROOT / "tools" / "pwa" / "hello", out / "hello", HELLO_MARKER),
    ]
    if a.build:
        for app in apps:
            print(f"Building {app.name}...", flush=True)
            build_pwa.build(build_pwa.Options(app=app.source, out=app.dist, name=f"bench-{app.name}",
                                              snapshot=a.snapshot, quiet=True))

    from playwright.sync_api import sync_playwright

    servers = {app.name: h.serve(app.dist) for app in apps}
    try:
        with sync_playwright() as pw:
            for i in range(a.runs):
                for app in apps:
                    app.cold.append(cold_run(pw, app, servers[app.name]))
                print(f"cold run {i + 1}/{a.runs}: " + ", ".join(
                    f"{app.name} {app.cold[-1]:.2f} s" for app in apps), flush=True)
            warm_runs(pw, apps, servers, a.runs, a.warmups)
    finally:
        for server in servers.values():
            server.stop()

    ours, hello = apps
    print()
    print(f"Start-up, median of {a.runs} (seconds from navigation to first usable screen)")
    print(f"{'':24}{'ours':>10}{'hello':>10}{'ratio':>8}  target")
    rows = [
        ("cold", median(ours.cold), median(hello.cold), "ratio <= 1.25"),
        ("warm offline", median(ours.warm), median(hello.warm), "ratio <= 1.25, ours < 6 s"),
    ]
    for label, o, b, target in rows:
        print(f"{label:24}{o:>10.2f}{b:>10.2f}{o / b:>8.2f}  {target}")
    for app in apps:
        app_bytes = app.precache.get("bytes", 0)
        print(f"precached ({app.name}){'':10}{app_bytes / 1e6:>8.1f} MB in {app.precache.get('files', 0)} "
              f"files{'  target < 35 MB' if app is ours else ''}")
    print()
    print("Warm offline phases, median seconds after navigation (ours / hello):")
    for phase in PHASES:
        if phase in ours.phases or phase in hello.phases:
            print(f"  {phase:18}{median(ours.phases.get(phase, [])):>7.2f} "
                  f"{median(hello.phases.get(phase, [])):>7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
