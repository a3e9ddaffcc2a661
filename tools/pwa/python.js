// The page side of Python in the browser, for the offline PWA.
//
// Based on Flet 1.0.5's python.js (flet_web/web/python.js); tools/build_pwa.py
// checks that Flet's file is still the one this was written against. What is
// different:
//   - The Python worker is created as soon as this script runs (page load),
//     not when Flutter first asks for a connection: Pyodide boots, the app
//     archive unpacks and the app's imports run while Flutter loads.
//     jsConnect() then takes that worker over.
//   - The worker is started from a blob: URL that imports python-worker.js,
//     so it inherits this page's Content-Security-Policy (a worker loaded
//     straight from a URL gets its policy from response headers, which a
//     plain static host does not send). Not in WebKit (Safari, every iOS
//     browser), where it is unproven that the service worker serves a blob
//     worker's requests offline: there the worker loads from its URL as in
//     Flet, and python-worker.js still refuses requests to other sites.
//   - URLs handed to the worker are absolute (resolved against <base>), so
//     the app works under a sub-path such as /companion/.
//   - flet.flushPythonStorage() asks Python to finish writing saved data to
//     IndexedDB (used before reloading into a new version).
//   - Start-up phases are kept in flet.pwaTimings for tools/bench_pwa.py.
//   - On a first visit the worker's downloads and phases are passed to the
//     first-visit screen (first-visit.js, flet.firstVisit).
(function () {
    "use strict";
    const apps = {};
    const documentUrl = document.URL;
    const baseUrl = new URL(flet.entrypointBaseUrl || "/", location.href).href;
    const timings = (flet.pwaTimings = flet.pwaTimings || {});
    let earlyWorker = null;
    let activeWorker = null;
    let flushId = 0;
    const flushWaiters = {};

    function absolute(url) {
        return url ? new URL(url, baseUrl).href : null;
    }

    function bootConfig() {
        return {
            pyodideUrl: absolute(flet.pyodideUrl || "pyodide/pyodide.mjs"),
            snapshotUrl: absolute(flet.pyodideSnapshotUrl),
            stdlibUrl: absolute(flet.pyodideStdlibUrl),
            appPackageUrl: absolute(flet.appPackageUrl || "app.tar.zst"),
            laterPackageUrl: absolute(flet.appLaterPackageUrl),
            pythonModuleName: flet.pythonModuleName || "main",
            persistentDirs: flet.pythonPersistentDirs || [],
            documentUrl: documentUrl,
        };
    }

    function onControlMessage(data) {
        if (data.type === "timing") {
            timings[data.name] = data.time;
            if (flet.firstVisit) {
                flet.firstVisit.phase(data.name);
            }
        } else if (data.type === "first-visit" && flet.firstVisit) {
            flet.firstVisit.fromWorker(data); // its downloads' progress (first-visit.js)
        } else if (data.type === "flushed" && flushWaiters[data.id]) {
            flushWaiters[data.id](data.ok);
            delete flushWaiters[data.id];
        } else if (data.type === "log") {
            console.log(data.text);
        }
    }

    function createWorker() {
        const workerUrl = absolute("python-worker.js");
        let worker;
        const webkit = (navigator.vendor || "").startsWith("Apple");
        try {
            if (webkit) {
                throw new Error("WebKit: worker from its URL");
            }
            // On a first visit first-visit.js, imported first, counts the
            // worker's downloads for the page's progress bar.
            const hook = flet.firstVisit && flet.firstVisit.workerScript;
            const source = (hook ? "import " + JSON.stringify(hook) + ";\n" : "") +
                "import " + JSON.stringify(workerUrl) + ";";
            const blobUrl = URL.createObjectURL(
                new Blob([source], { type: "text/javascript" }));
            worker = new Worker(blobUrl, { type: "module" });
        } catch (e) {
            if (!webkit) {
                console.warn("Starting the Python worker from its URL:", e);
            }
            worker = new Worker(workerUrl, { type: "module" });
        }
        worker.addEventListener("message", (event) => {
            const data = event.data;
            if (data && typeof data === "object" && !(data instanceof Uint8Array) && data.type) {
                onControlMessage(data);
            }
        });
        timings.workerCreated = performance.timeOrigin + performance.now();
        worker.postMessage({ type: "boot", config: bootConfig() });
        return worker;
    }

    if (flet.pyodide) {
        earlyWorker = createWorker();
    }

    // Called from Dart on backend.connect(); dartOnMessage receives Uint8Array.
    globalThis.jsConnect = async function (appId, args, dartOnMessage) {
        console.log(`Starting up Python worker: ${appId}`);
        timings.jsConnect = performance.timeOrigin + performance.now();
        const app = { dartOnMessage: dartOnMessage };
        apps[appId] = app;
        app.worker = earlyWorker || createWorker();
        earlyWorker = null;
        activeWorker = app.worker;

        let error;
        const pythonInitialized = new Promise((resolve) => (app.onPythonInitialized = resolve));
        app.worker.onmessage = (event) => {
            const data = event.data;
            if (typeof data === "string") {
                if (data !== "initialized") {
                    error = data;
                }
                app.onPythonInitialized();
            } else if (data instanceof Uint8Array) {
                app.dartOnMessage(data);
            } else if (data && data.type) {
                onControlMessage(data);
            }
        };
        app.worker.postMessage({ type: "connect", args: args });
        await pythonInitialized;
        timings.pythonConnected = performance.timeOrigin + performance.now();
        window.dispatchEvent(new Event("flet-python-connected"));

        if (error) {
            console.error("Python worker init error:", error);
            await jsDisconnect(appId);
            throw error;
        }
        console.log(`Python worker initialized: ${appId}`);
    };

    // Called from Dart on backend.send; the buffer is transferred, not copied.
    globalThis.jsSend = async function (appId, data) {
        if (appId in apps) {
            apps[appId].worker.postMessage(data, [data.buffer]);
        }
    };

    // Called from Dart on channel.disconnect.
    globalThis.jsDisconnect = async function (appId) {
        if (appId in apps) {
            console.log(`Terminating Python worker: ${appId}`);
            const app = apps[appId];
            delete apps[appId];
            if (activeWorker === app.worker) {
                activeWorker = null;
            }
            app.worker.terminate();
            app.worker.onmessage = null;
            app.worker.onerror = null;
        }
    };

    // Resolves true when Python has written everything saved so far to
    // IndexedDB, false if it could not say so within `timeoutMs`.
    flet.flushPythonStorage = function (timeoutMs) {
        const worker = activeWorker || earlyWorker;
        if (!worker) {
            return Promise.resolve(true);
        }
        const id = ++flushId;
        return new Promise((resolve) => {
            flushWaiters[id] = resolve;
            worker.postMessage({ type: "flush", id: id });
            setTimeout(() => {
                if (flushWaiters[id]) {
                    delete flushWaiters[id];
                    resolve(false);
                }
            }, timeoutMs || 3000);
        });
    };
})();
