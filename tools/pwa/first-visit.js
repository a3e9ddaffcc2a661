// The first visit of the offline app: what it is downloading, from the first paint.
//
// On a first visit no service worker controls the page yet, and the page and
// its Python worker download some 30 MB (Flutter, CanvasKit, Pyodide, the app)
// before anything of the app can show. This script, loaded in <head> before
// python.js, then:
//   - shows #first-visit (plain HTML and CSS in index.html): the app's name,
//     one sentence, and the share of the big files' bytes fetched so far
//     (FILES: their sizes, written in by tools/pwa_build/flet_site.py);
//   - counts bytes as they arrive: the page's fetches (CanvasKit, fonts) and,
//     through python.js, the Python worker's (Pyodide, the app archives), plus
//     whole files as they finish (main.dart.js, loaded by a <script>);
//   - says so when the connection drops or a download fails, and once the
//     connection is back reloads the page: what already arrived comes from the
//     HTTP cache, not again over the network;
//   - gives way to the app when its first screen is sent (main.py's
//     "firstFrameSent"), or soon after Python connects.
// Later starts (a service worker controls the page) keep the usual quick start.
//
// The same file runs inside the Python worker (python.js imports it there on
// a first visit): it then only reports that worker's downloads to the page.
(function () {
    "use strict";
    // Files a first start downloads, by path under the site: size in bytes.
    const FILES = /*FIRST_VISIT_FILES*/ {};
    const STALL_MS = 45000; // no bytes for this long: say the connection stopped
    const RETRY_MS = 5000; // while stalled, check the connection this often

    function bare(url) {
        return url.split(/[?#]/)[0];
    }

    // A file the Resource Timing API reports: its bytes, or "arrived" when it
    // came whole but without a size (a script Chromium revalidated in its
    // HTTP cache reports none).
    function entryNews(entry) {
        if (entry.decodedBodySize > 0) {
            return [entry.decodedBodySize, "loading"];
        }
        const ok = entry.responseStatus >= 200 && entry.responseStatus < 400;
        return [0, ok ? "arrived" : "loading"];
    }

    // A fetch that reports the bytes of the `wanted` responses' bodies as they
    // arrive ("loading", then "done" or "failed"), and any request that could
    // not reach the site ("error"). The caller gets the response untouched; a
    // clone is read alongside it.
    function countingFetch(realFetch, base, wanted, report) {
        return function (input, init) {
            const result = realFetch(input, init);
            let url;
            try {
                url = bare(new URL(typeof input === "string" || input instanceof URL
                    ? String(input) : input.url, base).href);
            } catch (e) {
                return result; // a relative URL in a blob: worker: not one of ours
            }
            result.then((response) => {
                if (!wanted(url)) {
                    return;
                }
                if (!response.ok) {
                    report(url, 0, "failed");
                    return;
                }
                if (!response.body) {
                    return;
                }
                const reader = response.clone().body.getReader();
                let loaded = 0;
                const pump = () => reader.read().then(({ done, value }) => {
                    if (done) {
                        report(url, loaded, "done");
                        return undefined;
                    }
                    loaded += value.byteLength;
                    report(url, loaded, "loading");
                    return pump();
                });
                pump().catch(() => report(url, loaded, "failed"));
            }, (error) => {
                if (!error || error.name !== "AbortError") { // not the caller's own cancel
                    report(url, 0, "error");
                }
            });
            return result;
        };
    }

    // ---- Inside the Python worker: report its downloads to the page. ----
    if (typeof document === "undefined") {
        const sent = {};
        const post = (url, loaded, state) => {
            const now = Date.now();
            if (state === "loading" && now - (sent[url] || 0) < 100) {
                return; // at most ten reports a second per file
            }
            sent[url] = now;
            self.postMessage({ type: "first-visit", url: url, loaded: loaded, state: state });
        };
        self.fetch = countingFetch(self.fetch.bind(self), self.location.href, () => true, post);
        // Files loaded by import() (pyodide.asm.mjs) show up only when complete.
        if (typeof PerformanceObserver === "function") {
            new PerformanceObserver((list) => {
                for (const entry of list.getEntries()) {
                    if (entry.initiatorType !== "fetch") {
                        post(bare(entry.name), ...entryNews(entry));
                    }
                }
            }).observe({ type: "resource", buffered: true });
        }
        return;
    }

    // ---- In the page. ----
    // The install prompt and the Home Screen name in the browser's language:
    // the build writes manifest.<lang>.json beside manifest.json and takes the
    // manifest link out of index.html, so the browser only ever sees this one
    // (changing an existing link raced with Chromium reading it).
    if (!document.querySelector('link[rel="manifest"]')) {
        const prefers = /^es\b/i.test(navigator.language || "") ? "es" : "";
        const link = document.createElement("link");
        link.rel = "manifest";
        link.href = flet_manifests().includes(prefers) ? "manifest." + prefers + ".json"
            : "manifest.json";
        document.head.appendChild(link);
    }
    function flet_manifests() {
        return /*MANIFEST_LANGS*/ [];
    }

    const flet = window.flet;
    if (!flet || !flet.pyodide ||
        ("serviceWorker" in navigator && navigator.serviceWorker.controller)) {
        return; // not the offline app, or a later start: the usual quick start
    }
    const root = document.documentElement;
    const lang = /^es\b/i.test(navigator.language || "") ? "es" : "en";
    root.classList.add("first-visit");
    if (lang === "es") {
        root.classList.add("fv-es");
    }

    // Which CanvasKit Flutter loads (the test flutter_bootstrap.js makes).
    const blink = navigator.vendor === "Google Inc." || navigator.userAgent.includes("Edg/");
    const chromiumCanvasKit = typeof ImageDecoder !== "undefined" && blink &&
        typeof Intl.v8BreakIterator !== "undefined" && typeof Intl.Segmenter !== "undefined";
    const sizes = new Map(); // absolute URL -> bytes
    for (const [path, size] of Object.entries(FILES)) {
        const other = chromiumCanvasKit ? path.startsWith("canvaskit/canvaskit.")
            : path.startsWith("canvaskit/chromium/");
        if (!other) {
            sizes.set(new URL(path, document.baseURI).href, size);
        }
    }
    let total = 0;
    for (const size of sizes.values()) {
        total += size;
    }

    const loaded = new Map(); // absolute URL -> bytes fetched so far
    const failed = new Set();
    const state = (flet.firstVisit = {
        percent: 0,
        loaded: 0,
        total: total,
        stalled: false,
        failed: [],
        done: false,
        workerScript: new URL("first-visit.js", document.baseURI).href,
        fromWorker: (data) => progress(data.url, data.loaded, data.state),
        phase: phase,
    });
    let interrupted = false; // a download was cut off: retrying means reloading
    let lastLoaded = -1;
    let lastChange = Date.now();
    let el = null;

    // News of one download: bytes so far, or that it failed (any request that
    // could not reach this site; a counted file also when cut short).
    const site = location.origin + "/";
    function progress(url, bytes, how) {
        if (state.done || !(sizes.has(url) || (how === "error" && url.startsWith(site)))) {
            return;
        }
        const size = sizes.get(url);
        if (how === "error" || how === "failed" || (how === "done" && bytes < size)) {
            failed.add(url);
            state.failed = [...failed];
            interrupted = true;
            setStalled(true);
            return;
        }
        const now = how === "arrived" ? size : Math.min(bytes, size);
        if (now > (loaded.get(url) || 0)) {
            loaded.set(url, now);
            schedule();
        }
    }

    // What Python's worker says it has done also means its files are here
    // (the only news of them where python.js cannot count its worker's bytes).
    function phase(name) {
        const arrived = (url) => progress(url, sizes.get(url), "loading");
        if (name === "pyodideReady") {
            for (const url of sizes.keys()) {
                if (url.startsWith(new URL("pyodide/", document.baseURI).href)) {
                    arrived(url);
                }
            }
        } else if (name === "archiveFetched") {
            arrived(new URL(flet.appPackageUrl || "app.tar.zst", document.baseURI).href);
        } else if (name === "firstFrameSent") {
            finish();
        }
    }

    const pageFetch = window.fetch.bind(window);
    window.fetch = countingFetch(pageFetch, document.baseURI, (url) => sizes.has(url), progress);
    // Whole files as they finish, however loaded (main.dart.js by a <script>).
    if (typeof PerformanceObserver === "function") {
        new PerformanceObserver((list) => {
            for (const entry of list.getEntries()) {
                progress(bare(entry.name), ...entryNews(entry));
            }
        }).observe({ type: "resource", buffered: true });
    }
    // A script that failed to load (main.dart.js, CanvasKit's).
    window.addEventListener("error", (event) => {
        if (event.target instanceof HTMLScriptElement && event.target.src) {
            progress(bare(event.target.src), 0, "error");
        }
    }, true);
    window.addEventListener("offline", () => {
        if (!state.done && fetched() < total) {
            interrupted = true;
            setStalled(true);
        }
    });
    window.addEventListener("online", () => retry());
    // An app that does not say when its first screen is sent (main.py does).
    window.addEventListener("flet-python-connected", () => setTimeout(finish, 3000), { once: true });

    let scheduled = false;
    function schedule() {
        if (!scheduled) {
            scheduled = true;
            requestAnimationFrame(render);
        }
    }

    function fetched() {
        let sum = 0;
        for (const bytes of loaded.values()) {
            sum += bytes;
        }
        return sum;
    }

    function render() {
        scheduled = false;
        if (state.done) {
            return;
        }
        state.loaded = fetched();
        state.percent = total ? Math.floor((100 * state.loaded) / total) : 100;
        el = el || document.getElementById("first-visit");
        if (!el) {
            return; // not parsed yet: drawn again at DOMContentLoaded
        }
        const bar = el.querySelector("[role=progressbar]");
        bar.setAttribute("aria-valuenow", String(state.percent));
        el.querySelector(".fv-fill").style.width = `${state.percent}%`;
        el.querySelector(".fv-percent").textContent = new Intl.NumberFormat(lang,
            { style: "percent", maximumFractionDigits: 0 }).format(state.percent / 100);
        el.classList.toggle("fv-stalled", state.stalled);
    }

    function setStalled(stalled) {
        if (state.stalled !== stalled) {
            state.stalled = stalled;
            schedule();
        }
        if (stalled) {
            scheduleRetry();
        }
    }

    // Every few seconds: bytes arriving again clear a stall; none for long, or
    // the connection gone, shows one. A cut-off download is retried once the
    // connection answers again.
    const watchdog = setInterval(() => {
        if (state.done) {
            clearInterval(watchdog);
            return;
        }
        const now = fetched();
        if (now !== lastLoaded) {
            lastLoaded = now;
            lastChange = Date.now();
            if (state.stalled && !interrupted) {
                setStalled(false);
            }
        } else if (now < total && Date.now() - lastChange > STALL_MS) {
            setStalled(true);
        }
    }, 1000);

    let retryTimer = null;
    function scheduleRetry() {
        if (retryTimer === null && !state.done) {
            retryTimer = setTimeout(() => {
                retryTimer = null;
                retry();
            }, RETRY_MS);
        }
    }

    let retrying = false;
    async function retry() {
        if (state.done || retrying || !state.stalled) {
            return;
        }
        retrying = true;
        let reachable = false;
        try {
            const probe = new URL("manifest.json", document.baseURI);
            probe.searchParams.set("first-visit", String(Date.now()));
            reachable = (await pageFetch(probe.href, { cache: "no-store" })).ok;
        } catch (e) {
            reachable = false;
        }
        retrying = false;
        if (!reachable) {
            scheduleRetry();
        } else if (interrupted) {
            reload();
        } else if (fetched() !== lastLoaded) {
            setStalled(false);
        } else {
            scheduleRetry();
        }
    }

    // Reloads, waiting longer each time in a row (a file the site no longer
    // has fails every time); what already arrived is in the HTTP cache.
    function reload() {
        let tries = 0;
        try {
            tries = Number(sessionStorage.getItem("first-visit-reloads")) || 0;
            sessionStorage.setItem("first-visit-reloads", String(tries + 1));
        } catch (e) {
            tries = 0;
        }
        setTimeout(() => location.reload(), Math.min(60000, tries ? 2000 * 2 ** tries : 0));
    }

    // The app's first screen is on its way: the screen fades out over it (and
    // lets taps through at once), then goes.
    let finishing = false;
    function finish() {
        if (finishing) {
            return;
        }
        finishing = true;
        render();
        state.done = true;
        try {
            sessionStorage.removeItem("first-visit-reloads");
        } catch (e) {
            // storage refused: nothing was stored either
        }
        const screen = document.getElementById("first-visit");
        if (screen) {
            screen.classList.add("fv-leaving");
        }
        const still = matchMedia("(prefers-reduced-motion: reduce)").matches;
        // Two frames first, for Flutter to draw what Python sent.
        requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => {
            if (screen) {
                screen.remove();
            }
            root.classList.remove("first-visit", "fv-es");
        }, still ? 0 : 350)));
    }

    document.addEventListener("DOMContentLoaded", schedule);
})();
