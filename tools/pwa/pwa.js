// Service worker registration and the "new version" notice for the offline PWA.
//
// - Registers sw.js (Workbox, made by tools/build_pwa.py) once the app is up
//   (Python connected, or 15 s after load at the latest): precaching ~35 MB
//   must not compete with the app's own first start.
// - A new version (a new sw.js) installs in the background and waits. The
//   person is told, and chooses when to switch: their saved data lives in
//   IndexedDB, which an update never touches; before the reload the page asks
//   Python to finish writing to it.
// - A first install cut short (the signal dropped while the app was being
//   stored for offline use) is tried again, when the connection is back.
// - Asks the browser to keep this site's data when the app is installed.
// - On an iPhone or iPad, once: how to add the app to the Home Screen, and why.
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

    // ---- iPhone and iPad: keep the app on the Home Screen ---------------------
    // iPhones offer no install prompt, and WebKit (the engine of every browser
    // there) may erase what a site saved after some days without use, unless
    // the site was added to the Home Screen. A Home Screen app also keeps its
    // own storage, apart from the browser's, so the note comes on the first
    // visit, before anything is saved. Shown once; its words are here, not in
    // ui.toml, as the build passes only the update notice's [pwa] words.
    const IOS_NOTE_STRINGS = {
        en: {
            title: "Keep this app on your Home Screen",
            how: "Tap the Share button (a square with an arrow pointing up). " +
                "Then tap \u201cAdd to Home Screen\u201d, and open the app from there.",
            why: "Why: on an iPhone or iPad, the browser may erase what you save here " +
                "if you do not use the app for some days. The app on your Home Screen keeps it. " +
                "Notes do not move from the browser to the Home Screen app, " +
                "so it is best to add it now.",
            backup: "To be safe, also save a backup file now and then: " +
                "About and settings, then \u201cSave a backup file\u201d.",
            close: "Close",
        },
        es: {
            title: "Guarde esta app en su pantalla de inicio",
            how: "Toque el botón Compartir (un cuadrado con una flecha hacia arriba). " +
                "Luego toque \u201cAgregar a pantalla de inicio\u201d y abra la app desde ahí.",
            why: "Por qué: en un iPhone o iPad, el navegador puede borrar lo que guarde aquí " +
                "si no usa la app por algunos días. La app en su pantalla de inicio lo conserva. " +
                "Las notas no pasan del navegador a la app de la pantalla de inicio, " +
                "así que es mejor agregarla ahora.",
            backup: "Por precaución, guarde también de vez en cuando una copia de seguridad: " +
                "Información y ajustes, luego \u201cGuardar una copia de seguridad\u201d.",
            close: "Cerrar",
        },
    };
    const IOS_NOTE_SEEN = "companion.ios-note-seen";

    // Whether to show the note, from what the browser tells (a pure function,
    // tested in tests/unit/test_pwa_ios_note.py): an iPhone, iPod or iPad
    // (iPadOS says it is a Mac, but a Mac has no touch screen), not opened
    // from the Home Screen, and not shown before.
    function iosNoteWanted(env) {
        const ua = env.userAgent || "";
        const ios = /\b(iPhone|iPad|iPod)\b/.test(ua) ||
            (/\bMacintosh\b/.test(ua) && (env.maxTouchPoints || 0) > 1);
        return ios && !env.installed && !env.seen;
    }

    // The note's language: the first of ours among language tags, most wanted
    // first, as the app chooses its own (models/text.py, language_of); else English.
    function iosNoteLanguage(tags) {
        for (const tag of tags || []) {
            const code = String(tag).split(/[-_.]/)[0].toLowerCase();
            if (code in IOS_NOTE_STRINGS) {
                return code;
            }
        }
        return "en";
    }

    // Its words: a title, paragraphs, and the close button's label. The backup
    // file is suggested only where the browser says it may clear this site.
    function iosNoteWords(lang, suggestBackup) {
        const words = IOS_NOTE_STRINGS[lang] || IOS_NOTE_STRINGS.en;
        const paragraphs = [words.how, words.why];
        if (suggestBackup) {
            paragraphs.push(words.backup);
        }
        return { title: words.title, paragraphs, close: words.close };
    }

    if (typeof module === "object" && module.exports) {
        module.exports = { iosNoteWanted, iosNoteLanguage, iosNoteWords };
    }
    if (typeof document === "undefined") {
        return; // loaded by Node for the tests above
    }

    function installed() {
        return navigator.standalone === true ||
            window.matchMedia("(display-mode: standalone)").matches;
    }

    function showIosNote(suggestBackup) {
        if (document.getElementById("pwa-ios-note")) {
            return;
        }
        const box = document.createElement("div");
        box.id = "pwa-ios-note";
        box.setAttribute("role", "dialog");
        box.setAttribute("aria-modal", "false");
        box.setAttribute("aria-labelledby", "pwa-ios-note-title");
        box.setAttribute("aria-describedby", "pwa-ios-note-text");
        // Announced, not focused: Flutter takes the focus back at once (measured).
        box.setAttribute("aria-live", "polite");
        // At the top: the update notice and the phone's bottom bar are below.
        box.style.cssText = [
            "position:fixed", "left:12px", "right:12px",
            "top:max(12px, env(safe-area-inset-top))", "z-index:2147483647",
            "max-width:560px", "max-height:calc(100% - 24px)", "overflow:auto",
            "margin:0 auto", "padding:16px", "border-radius:12px", "box-sizing:border-box",
            "background:#1B2526", "color:#FFFFFF", "font:18px/1.4 system-ui,sans-serif",
            "box-shadow:0 4px 16px rgba(0,0,0,.35)",
        ].join(";");
        const title = document.createElement("h2");
        title.id = "pwa-ios-note-title";
        title.style.cssText = "margin:0 0 8px;font-size:20px;line-height:1.3";
        const text = document.createElement("div");
        text.id = "pwa-ios-note-text";
        const close = document.createElement("button");
        close.type = "button";
        close.style.cssText = "min-height:48px;min-width:48px;margin-top:12px;padding:0 20px;" +
            "border-radius:24px;font:inherit;cursor:pointer;border:2px solid #FFFFFF;" +
            "background:#FFFFFF;color:#1B2526;";
        // On a first visit the app speaks the browser's language. <html lang>
        // is not read now: Flutter first sets it to its default, "en-US", and
        // to the app's language only later; but a change while the note is
        // open is the app's (a switch in its settings), and the note follows.
        let lang = iosNoteLanguage(navigator.languages || [navigator.language]);
        const fill = () => {
            const words = iosNoteWords(lang, suggestBackup);
            title.textContent = words.title;
            text.replaceChildren(...words.paragraphs.map((line) => {
                const p = document.createElement("p");
                p.style.cssText = "margin:0 0 8px";
                p.textContent = line;
                return p;
            }));
            close.textContent = words.close;
        };
        fill();
        const follow = new MutationObserver(() => {
            lang = iosNoteLanguage([document.documentElement.lang]);
            fill();
        });
        follow.observe(document.documentElement, { attributes: true, attributeFilter: ["lang"] });
        const dismiss = () => {
            follow.disconnect();
            box.remove();
        };
        close.addEventListener("click", dismiss);
        box.addEventListener("keydown", (event) => {
            if (event.key === "Escape") {
                dismiss();
            }
        });
        box.append(title, text, close);
        document.body.append(box);
    }

    function offerIosNote() {
        let seen;
        try {
            seen = localStorage.getItem(IOS_NOTE_SEEN) !== null;
        } catch (error) {
            return; // no way to remember it: better never than every time
        }
        const env = {
            userAgent: navigator.userAgent,
            maxTouchPoints: navigator.maxTouchPoints,
            installed: installed(),
            seen,
        };
        if (!iosNoteWanted(env)) {
            return;
        }
        try {
            localStorage.setItem(IOS_NOTE_SEEN, new Date().toISOString());
        } catch (error) {
            return;
        }
        const storage = navigator.storage;
        const persisted = storage && typeof storage.persisted === "function"
            ? storage.persisted().catch(() => null)
            : Promise.resolve(null);
        persisted.then((kept) => showIosNote(kept === false));
    }
    // Once the app is up, over its first screen, not over the first download.
    window.addEventListener("flet-python-connected", offerIosNote, { once: true });

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

    // Storing the app for offline use fails as a whole if one download fails
    // (Workbox keeps what it already stored, so a new try fetches only the
    // rest). Without a new try, the app would work offline only after the
    // next visit with signal, and nothing would say so.
    let retryDelay = 10000;
    const followed = new WeakSet();
    function retryFirstInstall(worker) {
        if (followed.has(worker)) {
            return;
        }
        followed.add(worker);
        worker.addEventListener("statechange", () => {
            if (worker.state === "redundant") {
                registerAgainLater();
            }
        });
    }

    function registerAgainLater() {
        if (navigator.serviceWorker.controller) {
            return;
        }
        const again = () => {
            registered = false;
            register();
        };
        if (navigator.onLine === false) {
            window.addEventListener("online", again, { once: true });
        } else {
            setTimeout(again, retryDelay);
            retryDelay = Math.min(retryDelay * 2, 5 * 60 * 1000);
        }
    }

    function watch(registration) {
        if (registration.waiting && navigator.serviceWorker.controller) {
            showUpdate(registration.waiting);
        }
        if (registration.installing && !navigator.serviceWorker.controller) {
            retryFirstInstall(registration.installing);
        }
        registration.addEventListener("updatefound", () => {
            const worker = registration.installing;
            if (!worker) {
                return;
            }
            if (!navigator.serviceWorker.controller) {
                retryFirstInstall(worker);
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
    let watching = false;
    function register() {
        if (registered) {
            return;
        }
        registered = true;
        navigator.serviceWorker
            .register(chromiumCanvasKit() ? "sw-chromium.js" : "sw.js", { updateViaCache: "none" })
            .then((registration) => {
                if (!watching) { // a new try gives the same registration, watched already
                    watching = true;
                    watch(registration);
                }
            })
            .catch((error) => {
                console.warn("Service worker registration failed:", error);
                registerAgainLater();
            });
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
