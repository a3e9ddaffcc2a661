#!/usr/bin/env python3
"""Start-up figures for the offline PWA, ours beside a bare Flet "hello" built the same way.

    python tools/bench_pwa.py [--runs 9] [--installs 3] [--no-build] [--snapshot]
                              [--no-cold] [--each]

Prints, for each app: time from navigation to the first usable screen, cold
(new browser profile: nothing cached, no service worker) and warm offline
(service worker installed, network off, HTTP cache cleared), the median of
--runs loads each, plus the bytes the service worker precached. Figures, not
a pass/fail test; the targets are printed beside them.

"First usable screen": the app's first screen is in Flutter's accessibility
tree (an element reading the marker text), which is what a test or a screen
reader can use. Ours draws Home's steps first and fills in what is done once
its store is open: "home complete" is when that shows. Loads of the two apps
alternate so that machine load hits both alike; compare within one run only.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import build_pwa
import pwa_browser as h

ROOT = Path(__file__).resolve().parent.parent

OURS_MARKER = "Learn"  # a label of the navigation, there once the first screen is
# Home draws its steps first and fills in what is done once the store is open
# ("0 of 11 done."): that moment is printed too, as "home complete".
OURS_COMPLETE = " done."
HELLO_MARKER = "Hello, world!"
PHASES = [
    "workerStarted",
    "snapshotLoaded",
    "pyodideReady",
    "archiveFetched",
    "archiveUnpacked",
    "laterUnpacked",
    "extensionsLoaded",
    "jsConnect",
    "appModuleRan",
    "pythonConnected",
    "mainStarted",
    "storeLocated",
    "lookApplied",
    "firstFrameSent",
    "packagesReady",
    "modelsImported",
    "storeOpened",
    "homeSent",
]


@dataclass
class App:
    name: str
    source: Path
    dist: Path
    marker: str
    route: str = ""
    complete_marker: str | None = None
    cold: list[float] = field(default_factory=list)
    warm: list[float] = field(default_factory=list)
    cold_complete: list[float] = field(default_factory=list)
    warm_complete: list[float] = field(default_factory=list)
    precache: dict = field(default_factory=dict)
    phases: dict[str, list[float]] = field(default_factory=dict)
    cold_phases: dict[str, list[float]] = field(default_factory=dict)

    def markers(self) -> list[str]:
        return [self.marker, *([self.complete_marker] if self.complete_marker else [])]


def load(ctx, url: str, app: App, record: str | None = None) -> float:
    """One load; with record="cold" or "warm", its figures are kept in `app`."""
    page = ctx.pages[0] if ctx.pages else ctx.new_page()
    page.goto(url, wait_until="commit")
    took = h.wait_usable(page)
    complete = h.seen_at(page, app.complete_marker) if app.complete_marker else None
    if record is not None:
        timings = page.evaluate("(window.flet && flet.pwaTimings) || {}")
        origin = page.evaluate("performance.timeOrigin")
        phases = app.phases if record == "warm" else app.cold_phases
        for name, at in timings.items():
            phases.setdefault(name, []).append((at - origin) / 1000.0)
        if complete is not None:
            (app.warm_complete if record == "warm" else app.cold_complete).append(complete)
    return took


def cold_run(pw, app: App, server: h.Server, keep_profile: Path | None = None) -> float:
    profile = Path(tempfile.mkdtemp(prefix="pwa-bench-"))
    ctx = h.launch(pw, profile)
    try:
        ctx.add_init_script(h.ready_script(*app.markers()))
        return load(ctx, server.url + app.route, app, "cold")
    finally:
        ctx.close()
        if keep_profile is None:
            shutil.rmtree(profile, ignore_errors=True)


def install(pw, app: App, server: h.Server):
    """A browser profile with the app's service worker installed and everything precached."""
    profile = Path(tempfile.mkdtemp(prefix="pwa-bench-"))
    ctx = h.launch(pw, profile)
    ctx.add_init_script(h.ready_script(*app.markers()))
    load(ctx, server.url + app.route, app)
    page = ctx.pages[0]
    h.wait_service_worker(page)
    app.precache = h.precached_bytes(page)
    ctx.set_offline(True)
    cdp = ctx.new_cdp_session(page)
    page.goto("about:blank")
    return ctx, cdp, profile


def warm_runs(pw, apps: list[App], servers: dict, runs: int, warmups: int, installs: int) -> None:
    """Offline loads from the service worker, the apps taking turns.

    The runs are shared out over `installs` fresh installs of each app: one
    browser profile can stay fast or slow for all its loads (seen here: the
    same Pyodide boot 0.1 s apart between two profiles), so one install per
    app would compare two draws, not two apps.
    """
    done = 0
    for install_no in range(installs):
        count = (runs - done) // (installs - install_no)
        installed = [(app, *install(pw, app, servers[app.name])) for app in apps]
        try:
            for i in range(warmups + count):
                for app, ctx, cdp, _profile in installed:
                    cdp.send("Network.clearBrowserCache")
                    took = load(
                        ctx,
                        servers[app.name].url + app.route,
                        app,
                        "warm" if i >= warmups else None,
                    )
                    ctx.pages[0].goto("about:blank")
                    if i >= warmups:
                        app.warm.append(took)
                if i >= warmups:
                    done += 1
                    print(
                        f"warm offline run {done}/{runs} (install {install_no + 1}): "
                        + ", ".join(f"{app.name} {app.warm[-1]:.2f} s" for app in apps),
                        flush=True,
                    )
        finally:
            for _app, ctx, _cdp, profile in installed:
                ctx.close()
                shutil.rmtree(profile, ignore_errors=True)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=9, help="loads per figure (median)")
    p.add_argument(
        "--installs",
        type=int,
        default=3,
        help="fresh installs of each app the warm runs are shared over",
    )
    p.add_argument(
        "--warmups",
        type=int,
        default=3,
        help="warm loads discarded first (compiled code caches fill over 2-3 starts)",
    )
    p.add_argument(
        "--no-build",
        dest="build",
        action="store_false",
        help="reuse build/bench/ from an earlier run",
    )
    p.add_argument(
        "--snapshot",
        action="store_true",
        help="build both with the Pyodide memory snapshot (tools/build_pwa.py --snapshot)",
    )
    p.add_argument("--marker", default=OURS_MARKER, help="text on our first screen")
    p.add_argument("--route", default="", help="open this route of ours (e.g. prepare/questions)")
    p.add_argument(
        "--no-cold",
        dest="cold",
        action="store_false",
        help="warm offline figures only (quicker, for probing)",
    )
    p.add_argument("--each", action="store_true", help="also print every warm load's phases")
    p.add_argument(
        "--ours", type=Path, default=ROOT, help=argparse.SUPPRESS
    )  # another app, for probing
    a = p.parse_args(argv)

    out = ROOT / "build" / "bench"
    apps = [
        App(
            "ours",
            a.ours,
            out / "ours",
            a.marker,
            a.route,
            OURS_COMPLETE if a.marker == OURS_MARKER and not a.route else None,
        ),
        App("hello", ROOT / "tools" / "pwa" / "hello", out / "hello", HELLO_MARKER),
    ]
    if a.build:
        for app in apps:
            print(f"Building {app.name}...", flush=True)
            build_pwa.build(
                build_pwa.Options(
                    app=app.source,
                    out=app.dist,
                    name=f"bench-{app.name}",
                    snapshot=a.snapshot,
                    quiet=True,
                )
            )

    from playwright.sync_api import sync_playwright

    servers = {app.name: h.serve(app.dist) for app in apps}
    try:
        with sync_playwright() as pw:
            for i in range(a.runs if a.cold else 0):
                for app in apps:
                    app.cold.append(cold_run(pw, app, servers[app.name]))
                print(
                    f"cold run {i + 1}/{a.runs}: "
                    + ", ".join(f"{app.name} {app.cold[-1]:.2f} s" for app in apps),
                    flush=True,
                )
            warm_runs(pw, apps, servers, a.runs, a.warmups, max(1, min(a.installs, a.runs)))
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
    if ours.cold_complete:
        print(
            f"{'home complete, cold':24}{median(ours.cold_complete):>10.2f}"
            f"{median(hello.cold):>10.2f}{median(ours.cold_complete) / median(hello.cold):>8.2f}"
            "  (what is done in each step shown; hello has nothing more)"
        )
        print(
            f"{'home complete, warm':24}{median(ours.warm_complete):>10.2f}"
            f"{median(hello.warm):>10.2f}{median(ours.warm_complete) / median(hello.warm):>8.2f}"
        )
    for app in apps:
        app_bytes = app.precache.get("bytes", 0)
        print(
            f"precached ({app.name}){'':10}{app_bytes / 1e6:>8.1f} MB in "
            f"{app.precache.get('files', 0)} files{'  target < 35 MB' if app is ours else ''}"
        )
    if a.each:
        for app in apps:
            print(f"\nWarm offline loads, {app.name} (seconds after navigation):")
            for i, took in enumerate(app.warm):
                marks = sorted((at[i], name) for name, at in app.phases.items() if len(at) > i)
                print(f"  {took:5.2f}  " + "  ".join(f"{name} {at:.2f}" for at, name in marks))
    for title, attr in (("Cold", "cold_phases"), ("Warm offline", "phases")):
        print()
        print(f"{title} phases, median seconds after navigation (ours / hello):")
        for phase in PHASES:
            o, b = getattr(ours, attr), getattr(hello, attr)
            if phase in o or phase in b:
                print(
                    f"  {phase:18}{median(o.get(phase, [])):>7.2f} {median(b.get(phase, [])):>7.2f}"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
