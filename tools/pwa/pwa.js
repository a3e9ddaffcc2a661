// Service worker registration and the "new version" notice for the offline PWA.
//
// - Registers sw.js (Workbox, made by tools/build_pwa.py) once the app is up
//   (Python connected, or 15 s after load at the latest): precaching ~35 MB
//   must not compete with the app's own first start.
// - A new version (a new sw.js) installs in the background and waits. The
//   person is told, and chooses when to switch: their saved data lives in
//   IndexedDB, which an update never touches; before the reload the page asks
//   Python to finish writing to it.
// - Asks the browser to keep this site's data when the app is installed.
(function () {
    "use strict";
    // The notice's words in each language (tools/pwa_build fills them from ui.toml's
    // [pwa]); it speaks the app's language, which Flutter sets as <html lang>.
    const ALL_STRINGS = /*PWA_STRINGS*/ {
        en: {
            update_ready: "A new version of Second Opinion Companion is ready. Your notes stay as they are.",
            update_now: "Update now",
            later: "Later",
        },
    };
    function words() {
        const lang = (document.documentElement.lang || navigator.language || "en").slice(0, 2);
        return ALL_STRINGS[lang] || ALL_STRINGS.en;
    }
    if (!("serviceWorker" in navigator)) {
        return;
    }
    let accepted = false;
    let reloading = false;

    function reloadOnce() {
        if (!reloading) {
            reloading = true;
            window.location.reload();
        }
    }

    navigator.serviceWorker.addEventListener("controllerchange", () => {
        if (accepted) {
            reloadOnce();
        }
    });

    function showUpdate(waiting) {
        if (document.getElementById("pwa-update")) {
            return;
        }
        const box = document.createElement("div");
        box.id = "pwa-update";
        box.setAttribute("role", "alertdialog");
        box.setAttribute("aria-live", "polite");
        box.setAttribute("aria-labelledby", "pwa-update-text");
        box.style.cssText = [
            "position:fixed", "left:12px", "right:12px", "bottom:12px", "z-index:2147483647",
            "max-width:560px", "margin:0 auto", "padding:16px", "border-radius:12px",
            "background:#1B2526", "color:#FFFFFF", "font:18px/1.4 system-ui,sans-serif",
            "box-shadow:0 4px 16px rgba(0,0,0,.35)", "display:flex", "flex-wrap:wrap",
            "gap:12px", "align-items:center",
        ].join(";");
        const text = document.createElement("p");
        text.id = "pwa-update-text";
        const STRINGS = words();
        text.textContent = STRINGS.update_ready;
        text.style.cssText = "margin:0;flex:1 1 240px";
        const now = document.createElement("button");
        now.type = "button";
        now.textContent = STRINGS.update_now;
        const later = document.createElement("button");
        later.type = "button";
        later.textContent = STRINGS.later;
        for (const button of [now, later]) {
            button.style.cssText = "min-height:48px;min-width:48px;padding:0 16px;border-radius:24px;" +
                "font:inherit;cursor:pointer;border:2px solid #FFFFFF;";
        }
        now.style.background = "#FFFFFF";
        now.style.color = "#1B2526";
        later.style.background = "transparent";
        later.style.color = "#FFFFFF";
        now.addEventListener("click", async () => {
            now.disabled = true;
            later.disabled = true;
            accepted = true;
            if (window.flet && typeof flet.flushPythonStorage === "function") {
                await flet.flushPythonStorage(3000);
            }
            // Reload when the new worker takes over. Also when it is already
            // active (another tab switched first, so no controllerchange
            // comes here) and, at the latest, after 10 s: the person asked
            // for the new version and must never be left with a dead button.
            waiting.addEventListener("statechange", () => {
                if (waiting.state === "activated" || waiting.state === "redundant") {
                    reloadOnce();
                }
            });
            if (waiting.state === "activated" || waiting.state === "redundant") {
                reloadOnce();
            }
            waiting.postMessage({ type: "SKIP_WAITING" });
            setTimeout(reloadOnce, 10000);
        });
        later.addEventListener("click", () => box.remove());
        box.append(text, now, later);
        document.body.append(box);
        now.focus();
    }

    function watch(registration) {
        if (registration.waiting && navigator.serviceWorker.controller) {
            showUpdate(registration.waiting);
        }
        registration.addEventListener("updatefound", () => {
            const worker = registration.installing;
            if (!worker) {
                return;
            }
            worker.addEventListener("statechange", () => {
                // With no controller this is the first install, not an update.
                if (worker.state === "installed" && navigator.serviceWorker.controller) {
                    showUpdate(worker);
                }
            });
        });
        document.addEventListener("visibilitychange", () => {
            if (document.visibilityState === "visible") {
                registration.update().catch(() => {});
            }
        });
    }

    // Flutter loads canvaskit/chromium/ when this holds, canvaskit/ otherwise
    // (flutter_bootstrap.js); each worker precaches only its own build.
    function chromiumCanvasKit() {
        const blink = navigator.vendor === "Google Inc." || navigator.userAgent.includes("Edg/");
        const imageCodecs = typeof ImageDecoder !== "undefined" && blink;
        const breakIterators = typeof Intl.v8BreakIterator !== "undefined" &&
            typeof Intl.Segmenter !== "undefined";
        return imageCodecs && breakIterators;
    }

    let registered = false;
    function register() {
        if (registered) {
            return;
        }
        registered = true;
        navigator.serviceWorker
            .register(chromiumCanvasKit() ? "sw-chromium.js" : "sw.js", { updateViaCache: "none" })
            .then(watch)
            .catch((error) => console.warn("Service worker registration failed:", error));
        if (navigator.storage && navigator.storage.persist &&
            window.matchMedia("(display-mode: standalone)").matches) {
            navigator.storage.persist().catch(() => {});
        }
    }
    if (navigator.serviceWorker.controller) {
        // Already installed: check for a new version once the app is up.
        window.addEventListener("flet-python-connected", register, { once: true });
    } else {
        window.addEventListener("flet-python-connected", () => setTimeout(register, 500), { once: true });
    }
    window.addEventListener("load", () => setTimeout(register, 15000), { once: true });
})();
