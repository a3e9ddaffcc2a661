#!/usr/bin/env python3
"""Start-up figures for the offline PWA, ours beside a bare Flet "hello" built the same way.

    python tools/bench_pwa.py [--runs 9] [--installs 3] [--no-build] [--snapshot]
                              [--no-cold] [--each] [--throttled-runs 1]
                              [--encoding gzip] [--lighthouse] [--before GIT_REF]

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

"First visit on a slow phone" (--throttled-runs, default 1; each takes a few
minutes): a new profile opens the site through Chromium's throttling (CDP
Network.emulateNetworkConditions: 1.6 Mbps down, 750 kbps up, 150 ms; CPU 4x
slower by Emulation.setCPUThrottlingRate), served by a host that compresses
(--encoding). It prints the first paint (first-contentful-paint), when a
progress element (#first-visit, role=progressbar or <progress>) is first
visible and first moves, the first usable screen, the moment the service
worker has precached everything ("offline ready"), and the bytes on the wire
(CDP encodedDataLength of every request of the page, its workers and its
service worker). Chromium's limits, measured here: the network limit of the
page is shared by its workers, but the service worker gets a limit of its
own, so while both download the link is up to twice as fast as a phone's
(the bytes the service worker fetched before the first screen are printed);
and the CPU slowdown applies to the page's main thread only, not to the
worker Python runs in. --lighthouse adds Lighthouse (tools/lighthouse_pwa.py).

--before GIT_REF benches an earlier version of ours too, built by that
version's own tools, so a change is judged before and after in one run.
"""

from __future__ import annotations

import argparse
import gzip
import io
import itertools
import json
import shutil
import statistics
import subprocess
import sys
import tarfile
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
    "stdlibUnpacked",
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


# The slow mobile profile of the first-visit runs: a phone with one bar of
# signal (Lighthouse's "slow 4G" figures) and a CPU 4x slower than this one.
SLOW_NETWORK = {
    "offline": False,
    "latency": 150,  # ms, added to each request
    "downloadThroughput": 1_600_000 / 8,  # bytes per second
    "uploadThroughput": 750_000 / 8,
}
CPU_SLOWDOWN = 4
SLOW_TIMEOUT_S = 900.0  # 33 MB at 1.6 Mbps is close to three minutes, twice is a first visit

# Runs in every page before its own scripts: notes (ms since navigation) the
# first contentful paint, when a progress element outside Flutter's own tree
# is first visible, and when its value first moves above zero.
FIRST_VISIT_SCRIPT = """
(() => {
  const seen = (window.__firstVisit = {paint: null, progressShown: null, progressMoved: null});
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (entry.name === 'first-contentful-paint' && seen.paint === null) {
          seen.paint = entry.startTime;
        }
      }
    }).observe({type: 'paint', buffered: true});
  } catch (error) {}
  const value = (el) => el.tagName === 'PROGRESS' ? el.value
    : parseFloat(el.getAttribute('aria-valuenow') || '0') || 0;
  const check = () => {
    if (seen.progressMoved !== null) return;
    for (const el of document.querySelectorAll('#first-visit, [role=progressbar], progress')) {
      if (el.closest('flutter-view, flt-glass-pane, flt-semantics-host')) continue;
      if (!el.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
      if (seen.progressShown === null) seen.progressShown = performance.now();
      if (el.id !== 'first-visit' && value(el) > 0) seen.progressMoved = performance.now();
    }
  };
  new MutationObserver(check).observe(document, {subtree: true, childList: true, attributes: true});
  setInterval(check, 100);
})();
"""


class _CompressingHandler(h._Handler):
    """pwa_browser's static host, compressing as a real host would.

    `encoding` "gzip": a `.gz` copy next to the file if there is one, else
    the file gzipped (level 6, like nginx's `gzip on`) when that saves a
    tenth or more (not for .png, .woff2, .tar.zst...); "br": a `.br` copy
    first; "identity": the files as they are. Bytes sent are counted.
    """

    encoding = "gzip"
    cache: dict[tuple[Path, str], tuple[bytes, str | None]]
    sent: list[int]

    def _body(self, target: Path) -> tuple[bytes, str | None]:
        accepted = self.headers.get("Accept-Encoding", "")
        offered = {"br": ("br", "gzip"), "gzip": ("gzip",), "identity": ()}[self.encoding]
        wanted = [e for e in offered if e in accepted]
        key = (target, ",".join(wanted))
        if key not in self.cache:
            raw = target.read_bytes()
            body: tuple[bytes, str | None] = (raw, None)
            for enc in wanted:
                copy = target.with_name(target.name + (".br" if enc == "br" else ".gz"))
                if copy.is_file() and not target.name.endswith((".gz", ".br")):
                    body = (copy.read_bytes(), enc)
                    break
            else:
                if "gzip" in wanted:
                    packed = gzip.compress(raw, compresslevel=6, mtime=0)
                    if len(packed) <= 0.9 * len(raw):
                        body = (packed, "gzip")
            self.cache[key] = body
        return self.cache[key]

    def send_head(self):
        target = Path(self.translate_path(self.path))
        if not target.is_file():
            return super().send_head()
        self.requests.append(self.path)
        body, encoding = self._body(target)
        mtime = int(target.stat().st_mtime)
        since = self.headers.get("If-Modified-Since")
        if since and since == self.date_time_string(mtime):
            self.send_response(304)
            self.end_headers()
            return None
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(target)))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", self.date_time_string(mtime))
        self.send_header("Vary", "Accept-Encoding")
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.end_headers()
        if self.command == "GET":
            self.sent.append(len(body))
        return io.BytesIO(body)


def serve_compressed(root: Path, encoding: str = "gzip") -> h.Server:
    """`root` served at a site root by a host that compresses (see _CompressingHandler)."""
    server = h.serve(root)
    server.handler = type(
        "CompressingHandler",
        (_CompressingHandler,),
        {
            "root": Path(root),
            "base": "/",
            "requests": server.requests,
            "statuses": server.statuses,
            "fail_once": server.fail_once,
            "encoding": encoding,
            "cache": {},
            "sent": [],
        },
    )
    server.httpd.RequestHandlerClass = server.handler
    return server


def host_sent(server: h.Server) -> int:
    """Body bytes a serve_compressed host has sent so far."""
    handler = server.handler
    return sum(handler.sent) if issubclass(handler, _CompressingHandler) else 0


class SlowPhone:
    """The slow mobile profile on one page, its workers and its service worker.

    Chromium's throttling is per target: the page's limit covers its
    dedicated workers (Python's), but a service worker needs its own, so
    this attaches to each new worker (paused until it is throttled, through
    the CDP session of the page) and counts every finished request's
    encodedDataLength (headers and body as received) once.
    """

    def __init__(self, ctx, page) -> None:
        self.cdp = ctx.new_cdp_session(page)
        self.received: dict[str, int] = {}  # requestId -> bytes
        self.by_service_worker: set[str] = set()
        self.kinds: dict[str, str] = {}  # CDP session -> target type
        self._ids = itertools.count(1)
        self.cdp.on("Network.loadingFinished", lambda e: self._finished(e, "page"))
        self.cdp.on("Target.attachedToTarget", self._attached)
        self.cdp.on("Target.receivedMessageFromTarget", self._message)
        self.cdp.send("Network.enable")
        self.cdp.send("Network.emulateNetworkConditions", SLOW_NETWORK)
        self.cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
        self.cdp.send(
            "Target.setAutoAttach",
            {"autoAttach": True, "waitForDebuggerOnStart": True, "flatten": False},
        )

    def _send(self, session: str, method: str, params: dict | None = None) -> None:
        message = {"id": next(self._ids), "method": method, "params": params or {}}
        self.cdp.send(
            "Target.sendMessageToTarget", {"sessionId": session, "message": json.dumps(message)}
        )

    def _attached(self, event: dict) -> None:
        session, kind = event["sessionId"], event["targetInfo"]["type"]
        self.kinds[session] = kind
        self._send(session, "Network.enable")
        if kind == "service_worker":
            self._send(session, "Network.emulateNetworkConditions", SLOW_NETWORK)
        self._send(session, "Runtime.runIfWaitingForDebugger")

    def _message(self, event: dict) -> None:
        message = json.loads(event["message"])
        if message.get("method") == "Network.loadingFinished":
            self._finished(message["params"], self.kinds.get(event["sessionId"], "?"))

    def _finished(self, event: dict, kind: str) -> None:
        self.received[event["requestId"]] = int(event["encodedDataLength"])
        if kind == "service_worker":
            self.by_service_worker.add(event["requestId"])

    def wire_bytes(self) -> tuple[int, int]:
        """Bytes received so far: all, and those the service worker fetched."""
        sw = sum(n for rid, n in self.received.items() if rid in self.by_service_worker)
        return sum(self.received.values()), sw


@dataclass
class FirstVisit:
    paint: float | None = None
    progress_shown: float | None = None
    progress_moved: float | None = None
    usable: float = float("nan")
    complete: float | None = None
    offline_ready: float = float("nan")
    bytes_usable: int = 0
    bytes_usable_sw: int = 0
    bytes_total: int = 0
    requests: int = 0
    host_sent: int = 0


def first_visit(pw, app: App, server: h.Server) -> FirstVisit:
    """One first visit under the slow mobile profile: new profile, nothing cached."""
    profile = Path(tempfile.mkdtemp(prefix="pwa-bench-slow-"))
    ctx = h.launch(pw, profile)
    sent_before = host_sent(server)
    try:
        ctx.add_init_script(h.ready_script(*app.markers()))
        ctx.add_init_script(FIRST_VISIT_SCRIPT)
        page = ctx.pages[0] if ctx.pages else ctx.new_page()
        phone = SlowPhone(ctx, page)
        page.goto(server.url + app.route, wait_until="commit")
        visit = FirstVisit(usable=h.wait_usable(page, SLOW_TIMEOUT_S))
        visit.bytes_usable, visit.bytes_usable_sw = phone.wire_bytes()
        if app.complete_marker:
            visit.complete = h.seen_at(page, app.complete_marker, SLOW_TIMEOUT_S)
        h.wait_service_worker(page, SLOW_TIMEOUT_S)
        visit.offline_ready = page.evaluate("performance.now()") / 1000.0
        seen = page.evaluate("window.__firstVisit")
        for name, key in (
            ("paint", "paint"),
            ("progress_shown", "progressShown"),
            ("progress_moved", "progressMoved"),
        ):
            if seen.get(key) is not None:
                setattr(visit, name, seen[key] / 1000.0)
        visit.bytes_total = phone.wire_bytes()[0]
        visit.requests = len(phone.received)
        visit.host_sent = host_sent(server) - sent_before
        return visit
    finally:
        ctx.close()
        shutil.rmtree(profile, ignore_errors=True)


def print_first_visits(visits: dict[str, list[FirstVisit]], encoding: str) -> None:
    def mid(runs: list[FirstVisit], attr: str) -> float | None:
        values = [getattr(v, attr) for v in runs if getattr(v, attr) is not None]
        return median(values) if values else None

    def cell(value: float | None, digits: int) -> str:
        return "-" if value is None else f"{value:.{digits}f}"

    print()
    print(
        f"First visit on a slow phone, median of {len(visits['ours'])} "
        f"(1.6 Mbps down, 750 kbps up, 150 ms, CPU {CPU_SLOWDOWN}x; host: {encoding})"
    )
    print(f"{'':34}" + "".join(f"{name:>10}" for name in visits))
    rows = [
        ("first paint (FCP), s", "paint", 1.0, 1),
        ("progress shown, s", "progress_shown", 1.0, 1),
        ("progress moves, s", "progress_moved", 1.0, 1),
        ("first usable screen, s", "usable", 1.0, 1),
        ("home complete, s", "complete", 1.0, 1),
        ("offline ready (precached), s", "offline_ready", 1.0, 1),
        ("wire to first screen, MB", "bytes_usable", 1e6, 1),
        ("  of it by the service worker, MB", "bytes_usable_sw", 1e6, 1),
        ("wire, whole first visit, MB", "bytes_total", 1e6, 1),
        ("requests, whole first visit", "requests", 1.0, 0),
        ("host sent (bodies), MB", "host_sent", 1e6, 1),
    ]
    for label, attr, scale, digits in rows:
        figures = [mid(runs, attr) for runs in visits.values()]
        print(
            f"{label:34}"
            + "".join(f"{cell(None if f is None else f / scale, digits):>10}" for f in figures)
        )
    print("  target: ours whole first visit <= 12 MB on the wire (gzip)")


def build_ref(ref: str, out: Path, snapshot: bool) -> Path:
    """Build git `ref` of this repository with that version's own build tools.

    Its tree is exported beside the output (git archive, nothing in this
    checkout changes) and borrows this checkout's node_modules and
    .flet-cache, so the build runs offline. Returns the app's folder.
    """
    tree = out.parent / "before-tree"
    shutil.rmtree(tree, ignore_errors=True)
    tree.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "archive", "--format=tar", ref], cwd=ROOT, capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(tree, filter="data")
    for shared in ("node_modules", ".flet-cache"):
        if (ROOT / shared).exists():
            (tree / shared).symlink_to(ROOT / shared)
    subprocess.run(
        [
            sys.executable,
            str(tree / "tools" / "build_pwa.py"),
            "--out",
            str(out),
            "--quiet",
            *(["--snapshot"] if snapshot else []),
        ],
        cwd=tree,
        check=True,
    )
    return tree


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def print_start_up(apps: list[App], runs: int, each: bool) -> None:
    """The cold and warm offline figures: ours, "before" if benched, hello."""
    ours = apps[0]
    before = apps[1] if len(apps) == 3 else None
    names = "".join(f"{app.name:>10}" for app in apps)
    print()
    print(f"Start-up, median of {runs} (seconds from navigation to first usable screen)")
    print(f"{'':24}{names}{'ratio':>8}{'/before' if before else '':>8}  target")

    def row(label: str, figures: list[float], target: str = "") -> None:
        vs_before = f"{figures[0] / figures[1]:>8.2f}" if before else ""
        print(
            f"{label:24}"
            + "".join(f"{f:>10.2f}" for f in figures)
            + f"{figures[0] / figures[-1]:>8.2f}{vs_before}  {target}"
        )

    if ours.cold:
        row("cold", [median(app.cold) for app in apps], "ratio <= 1.25")
    row("warm offline", [median(app.warm) for app in apps], "ratio <= 1.25, ours < 6 s")
    # hello has nothing more to show: its first screen is its whole screen
    for label, attr, plain in (
        ("cold", "cold_complete", "cold"),
        ("warm", "warm_complete", "warm"),
    ):
        if getattr(ours, attr):
            row(
                f"home complete, {label}",
                [median(getattr(app, attr) or getattr(app, plain)) for app in apps],
                "(what is done in each step shown)",
            )
    for app in apps:
        app_bytes = app.precache.get("bytes", 0)
        print(
            f"precached ({app.name}){'':10}{app_bytes / 1e6:>8.1f} MB in "
            f"{app.precache.get('files', 0)} files{'  target < 35 MB' if app is ours else ''}"
        )
    if each:
        for app in apps:
            print(f"\nWarm offline loads, {app.name} (seconds after navigation):")
            for i, took in enumerate(app.warm):
                marks = sorted((at[i], name) for name, at in app.phases.items() if len(at) > i)
                print(f"  {took:5.2f}  " + "  ".join(f"{name} {at:.2f}" for at, name in marks))
    for title, attr in (("Cold", "cold_phases"), ("Warm offline", "phases")):
        if not any(getattr(app, attr) for app in apps):
            continue
        print()
        print(
            f"{title} phases, median seconds after navigation "
            f"({' / '.join(app.name for app in apps)}):"
        )
        for phase in PHASES:
            figures = [getattr(app, attr).get(phase, []) for app in apps]
            if any(figures):
                print(f"  {phase:18}" + " ".join(f"{median(f):>7.2f}" for f in figures))


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
        "--throttled-runs",
        type=int,
        default=1,
        help="first visits of each app on the slow mobile profile (a few minutes each; 0: none)",
    )
    p.add_argument(
        "--encoding",
        choices=("gzip", "br", "identity"),
        default="gzip",
        help="what the host of the throttled runs sends: gzip (default), br, or the files as is",
    )
    p.add_argument(
        "--before",
        metavar="GIT_REF",
        help="also bench this earlier version of ours (built with its own tools), "
        "to compare before and after a change in one run",
    )
    p.add_argument(
        "--lighthouse",
        action="store_true",
        help="also run Lighthouse (mobile) on each app and check installability",
    )
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
    if a.before:
        ours = apps[0]
        apps.insert(
            1,
            App(
                "before",
                out / "before-tree",
                out / "before",
                ours.marker,
                a.route,
                ours.complete_marker,
            ),
        )
    if a.build:
        for app in apps:
            print(f"Building {app.name}...", flush=True)
            if app.name == "before":
                build_ref(a.before, app.dist, a.snapshot)
                continue
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
    compressing = {app.name: serve_compressed(app.dist, a.encoding) for app in apps}
    visits: dict[str, list[FirstVisit]] = {app.name: [] for app in apps}
    try:
        with sync_playwright() as pw:
            for i in range(a.throttled_runs):
                for app in apps:
                    visits[app.name].append(first_visit(pw, app, compressing[app.name]))
                print(
                    f"first visit, slow phone {i + 1}/{a.throttled_runs}: "
                    + ", ".join(
                        f"{app.name} {visits[app.name][-1].usable:.1f} s, "
                        f"{visits[app.name][-1].bytes_total / 1e6:.1f} MB"
                        for app in apps
                    ),
                    flush=True,
                )
            for i in range(a.runs if a.cold else 0):
                for app in apps:
                    app.cold.append(cold_run(pw, app, servers[app.name]))
                print(
                    f"cold run {i + 1}/{a.runs}: "
                    + ", ".join(f"{app.name} {app.cold[-1]:.2f} s" for app in apps),
                    flush=True,
                )
            if a.runs:
                warm_runs(pw, apps, servers, a.runs, a.warmups, max(1, min(a.installs, a.runs)))
            if a.lighthouse:
                import lighthouse_pwa

                checks = {
                    app.name: lighthouse_pwa.check(pw, compressing[app.name].url + app.route)
                    for app in apps
                }
    finally:
        for server in [*servers.values(), *compressing.values()]:
            server.stop()

    if a.throttled_runs:
        print_first_visits(visits, a.encoding)
    if a.lighthouse:
        lighthouse_pwa.print_checks(checks)
    if not a.runs:
        return 0
    print_start_up(apps, a.runs, a.each)
    return 0


if __name__ == "__main__":
    sys.exit(main())
