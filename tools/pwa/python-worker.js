// Python (Pyodide) worker for the offline PWA.
//
// Based on Flet 1.0.5's python-worker.js (flet_web/web/python-worker.js);
// tools/build_pwa.py checks that Flet's file is still the one this was
// written against. What is different:
//   - Boots on the page's first message ("boot"), sent at page load, and runs
//     the app module right away; Flutter's connect ("connect") only starts
//     the session. Output printed before that goes to the developer console.
//   - Installs nothing: the app archive carries its packages unzipped in
//     __pypackages__/, so micropip and the package index are never used.
//   - Fetches the app archive while Pyodide boots, and boots from a memory
//     snapshot made at build time when there is one (falling back to a normal
//     boot if it does not fit this runtime).
//   - Unpacks the second archive (the app's own packages, such as pydantic)
//     and loads its compiled modules when the app asks, once its first frame
//     is sent (companionLoadPackages): Flutter draws while this works.
//   - Unpacks a third archive (what only PDFs need) when the app makes one
//     (companionLoadPdfPackages).
//   - Refuses requests to any other site (the page's CSP forbids them too).
//   - Answers "flush" by waiting for Python's saved data to reach IndexedDB.
//   - Reports start-up phases to the page ("timing").
"use strict";

const HOME = "/home/pyodide"; // Pyodide's home and working folder
// Beside the app archive (tools/pwa_build/archive.py, PDF_ARCHIVE).
const PDF_ARCHIVE = "app-pdf.tar.zst";
const ORIGIN = self.location.origin;
const realFetch = self.fetch.bind(self);
self.fetch = function (input, init) {
    const href = typeof input === "string" || input instanceof URL ? String(input) : input.url;
    const url = new URL(href, import.meta.url);
    if (url.origin !== ORIGIN && url.protocol !== "blob:" && url.protocol !== "data:") {
        return Promise.reject(new TypeError(`Blocked a request to another site: ${url.origin}`));
    }
    return realFetch(input, init);
};

// Compiled extension modules (.so) from the archive, compiled in parallel
// and handed to Pyodide's loader when it instantiates them.
const precompiled = new Map();
const wasmInstantiate = WebAssembly.instantiate;

function wasmKey(bytes) {
    const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
    let sum = 0;
    for (let i = 0; i < view.length; i += 4099) {
        sum = (sum * 31 + view[i]) | 0;
    }
    return `${view.length}:${sum}`;
}

WebAssembly.instantiate = function (source, imports) {
    if (source && !(source instanceof WebAssembly.Module) && precompiled.size) {
        const key = wasmKey(source);
        const compiled = precompiled.get(key);
        if (compiled) {
            precompiled.delete(key);
            return compiled.then(async (module) =>
                ({ module: module, instance: await wasmInstantiate(module, imports) }));
        }
    }
    return wasmInstantiate.apply(WebAssembly, arguments);
};

self.flet_js = {}; // namespace for Python global functions
self.userAppRunning = false;
self.flet_js.userAppStarting = function () {
    self.userAppRunning = true;
};

function mark(name) {
    self.postMessage({ type: "timing", name: name, time: performance.timeOrigin + performance.now() });
}
self.flet_js.mark = mark; // the app marks its own start-up phases (main.py)

self.sendPythonOutput = function (text, isStderr) {
    if (!self.userAppRunning || !(self.flet_js && self.flet_js.send_python_output)) {
        if (isStderr) {
            console.error(text);
        } else {
            console.log(text);
        }
        return;
    }
    // Pyodide calls these hooks with the GIL released: defer the call back
    // into Python to a microtask.
    queueMicrotask(function () {
        self.flet_js.send_python_output(text, isStderr);
    });
};

// The app archives (tar.zst), unpacked and split into files. Written by
// tools/build_pwa.py: plain files and folders, with GNU long-name entries for
// paths over 100 bytes.
async function readArchive(pyodide, bytes) {
    return readTar(await unpack(bytes, pyodide));
}

function readTar(buf) {
    const decoder = new TextDecoder();
    const field = (at, len) => {
        let end = at;
        while (end < at + len && buf[end] !== 0) end++;
        return decoder.decode(buf.subarray(at, end));
    };
    const entries = [];
    let offset = 0;
    let longName = null;
    while (offset + 512 <= buf.length && buf[offset] !== 0) {
        const name = longName !== null ? longName : field(offset, 100);
        longName = null;
        const size = parseInt(field(offset + 124, 12).trim() || "0", 8);
        const type = String.fromCharCode(buf[offset + 156] || 48);
        const data = buf.subarray(offset + 512, offset + 512 + size);
        offset += 512 + Math.ceil(size / 512) * 512;
        if (type === "L") {
            longName = decoder.decode(data).replace(/\0+$/, "");
        } else if (type === "0" || type === "5") {
            entries.push({ path: name.replace(/\/+$/, ""), dir: type === "5", data: data });
        } else {
            throw new Error(`app archive: unexpected entry type ${type} for ${name}`);
        }
    }
    return entries;
}

function writeArchive(FS, root, entries) {
    const made = new Set();
    const mkdir = (dir) => {
        if (!made.has(dir)) {
            FS.mkdirTree(dir);
            made.add(dir);
        }
    };
    for (const entry of entries) {
        if (!entry.path || entry.path.split("/").includes("..")) {
            throw new Error(`app archive: bad path ${entry.path}`);
        }
        const target = `${root}/${entry.path}`;
        if (entry.dir) {
            mkdir(target);
        } else {
            mkdir(target.slice(0, target.lastIndexOf("/")));
            // The file system keeps the bytes (a view into the unpacked archive) without copying.
            const stream = FS.open(target, "w");
            FS.write(stream, entry.data, 0, entry.data.length, 0, true);
            FS.close(stream);
        }
    }
}

// Folders kept in IndexedDB (models/browser_storage.py): mounted and loaded
// here, in parallel with the app's imports, so the app finds its data ready.
function premount(FS, dirs) {
    const loaded = new Map();
    for (const dir of dirs) {
        FS.mkdirTree(dir);
        FS.mount(FS.filesystems.IDBFS, {}, dir);
        loaded.set(dir, new Promise((resolve) => FS.syncfs(true, (err) => resolve(err ? String(err) : null))));
    }
    return loaded;
}

// A gzipped file's bytes (the standard library, the snapshot), unpacked; the
// zstd archives wait for Pyodide (readArchive). A host that labels such files
// with a Content-Encoding has the browser unpack them already: then the
// bytes are used as they come.
async function fetchUnpacked(url) {
    return unpack(await fetchBytes(url));
}

async function fetchBytes(url) {
    const response = await fetch(url);
    if (!response.ok) {
        throw new Error(`Failed to download ${url}: HTTP ${response.status}`);
    }
    return new Uint8Array(await response.arrayBuffer());
}

// zstd, which the app archives come in (the build's zstd_bytes), is unpacked
// by the zstd inside Pyodide (CPython 3.14's compression.zstd), called
// directly: four to six times as fast as a decoder written in JavaScript.
async function unpack(bytes, pyodide = null) {
    if (bytes[0] === 0x28 && bytes[1] === 0xb5 && bytes[2] === 0x2f && bytes[3] === 0xfd) {
        if (!pyodide) {
            throw new Error("zstd is unpacked only once Pyodide is running");
        }
        return unzstd(pyodide._module, bytes);
    }
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
        const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
        return new Uint8Array(await new Response(stream).arrayBuffer());
    }
    return bytes;
}

const BOOT_PY = `
import os, runpy, sys
import flet_js

sys.path.insert(0, os.path.abspath("__pypackages__"))
try:  # dataclass methods compiled at build time (tools/pwa/_dataclass_code.py)
    import _dataclass_code
except ImportError:
    pass
else:
    _dataclass_code.load()
# No pydantic plugins here: skip looking for them in every package's metadata.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

# Print bridge to the Flet console (same framing as PyodideConnection).
import msgpack as _msgpack

def _send_python_output(text, is_stderr):
    flet_js.receive_callback(
        bytes([0]) + _msgpack.packb([7, {"text": text, "is_stderr": bool(is_stderr)}])
    )

flet_js.send_python_output = _send_python_output

try:
    runpy.run_module(python_module_name, run_name="__main__")
except SystemExit as _exit:
    if _exit.code not in (None, 0):
        raise
`;

// One zstd frame that states its size (as the build writes them), unpacked
// in Pyodide's memory and copied out.
function unzstd(module, bytes) {
    const size = frameContentSize(bytes);
    const source = module._malloc(bytes.length);
    const target = module._malloc(Math.max(size, 1));
    try {
        module.HEAPU8.set(bytes, source);
        const written = module._ZSTD_decompress(target, size, source, bytes.length);
        if (module._ZSTD_isError(written) || written !== size) {
            throw new Error(`app archive: damaged zstd data (${written} of ${size} bytes)`);
        }
        return module.HEAPU8.slice(target, target + size);
    } finally {
        module._free(source);
        module._free(target);
    }
}

// The size a zstd frame header states (RFC 8878, 3.1.1.1).
function frameContentSize(bytes) {
    const descriptor = bytes[4];
    const sizeFlag = descriptor >> 6;
    const singleSegment = (descriptor >> 5) & 1;
    const at = 5 + (singleSegment ? 0 : 1) + [0, 1, 2, 4][descriptor & 3];
    const length = [singleSegment ? 1 : 0, 2, 4, 8][sizeFlag];
    if (length === 0) {
        throw new Error("app archive: its zstd frame does not state its size");
    }
    let size = 0;
    for (let i = length - 1; i >= 0; i--) {
        size = size * 256 + bytes[at + i];
    }
    return length === 2 ? size + 256 : size;
}

async function loadRuntime(config) {
    // The standard library comes gzipped (tools/pwa_build/runtime.py,
    // ship_stdlib: it is needed before Pyodide, so before its zstd, and the
    // browser's own gzip is quicker than any zstd in JavaScript); Pyodide
    // reads it from a blob: URL of the unpacked bytes.
    const stdlib = config.stdlibUrl
        ? fetchUnpacked(config.stdlibUrl).then((bytes) => {
            mark("stdlibUnpacked");
            return URL.createObjectURL(new Blob([bytes], { type: "application/zip" }));
        })
        : null;
    if (stdlib) {
        stdlib.catch(() => {}); // reported when awaited below
    }
    const pyodideModule = await import(config.pyodideUrl);
    const loadPyodide = pyodideModule.loadPyodide;
    const options = {
        stdout: (text) => self.sendPythonOutput(text, false),
        stderr: (text) => self.sendPythonOutput(text, true),
    };
    if (stdlib) {
        options.stdLibURL = await stdlib;
    }
    if (config.snapshotUrl) {
        try {
            const snapshot = await fetchUnpacked(config.snapshotUrl);
            mark("snapshotLoaded");
            return await loadPyodide({ ...options, _loadSnapshot: snapshot });
        } catch (error) {
            console.warn("Booting Python without the memory snapshot:", error);
        }
    }
    return await loadPyodide(options);
}

// Compiles the archive's extension modules (.so) in the background and loads
// them in order, so Python's import finds them loaded instead of compiling
// each synchronously.
async function loadExtensions(pyodide, entries) {
    const extensions = entries.filter((entry) => entry.path.endsWith(".so"));
    for (const entry of extensions) {
        precompiled.set(wasmKey(entry.data), WebAssembly.compile(entry.data));
    }
    for (const entry of extensions) {
        await pyodide._api.loadDynlib(`${HOME}/${entry.path}`);
    }
}

async function boot(config) {
    mark("workerStarted");
    const archive = fetchBytes(config.appPackageUrl);
    archive.then(() => mark("archiveFetched"), () => {}); // errors: reported when awaited below
    // The second archive downloads now (on a first visit the network is
    // idle while Pyodide compiles); it is unzipped only after the first.
    const laterBytes = config.laterPackageUrl ? fetchBytes(config.laterPackageUrl) : null;
    if (laterBytes) {
        laterBytes.catch(() => {}); // reported when awaited below
    }
    const pyodide = await loadRuntime(config);
    self.pyodide = pyodide;
    mark("pyodideReady");
    pyodide.registerJsModule("flet_js", self.flet_js);
    self.flet_js.documentUrl = config.documentUrl;
    self.flet_js.args = {};
    self.companionPremounted = premount(pyodide.FS, config.persistentDirs || []);
    const entries = await readArchive(pyodide, await archive);
    writeArchive(pyodide.FS, HOME, entries);
    mark("archiveUnpacked");
    // Compiling while Pyodide boots slowed the boot more than it saved
    // (measured on 2 cores), so this starts only now. msgpack is needed at
    // once (Flet's protocol).
    await loadExtensions(pyodide, entries);
    // The app's own packages, unpacked when main.py asks: before that, the
    // worker's time goes to Python (connecting, the first frame).
    let packages = null;
    self.companionLoadPackages = () => (packages ??= (async () => {
        if (laterBytes) {
            const later = await readArchive(pyodide, await laterBytes);
            writeArchive(pyodide.FS, HOME, later);
            mark("laterUnpacked");
            await loadExtensions(pyodide, later);
        }
        mark("extensionsLoaded");
    })());
    // What only a PDF needs (fpdf, fontTools, our fonts), when the app makes
    // one: no start downloads or unpacks it. A failed try can be made again.
    let pdfPackages = null;
    self.companionLoadPdfPackages = () => (pdfPackages ??= (async () => {
        const pdf = await fetchBytes(new URL(PDF_ARCHIVE, config.appPackageUrl).href);
        const entries = await readArchive(pyodide, pdf);
        writeArchive(pyodide.FS, HOME, entries);
        await loadExtensions(pyodide, entries);
        mark("pdfUnpacked");
    })().catch((error) => {
        pdfPackages = null;
        throw error;
    }));
    pyodide.globals.set("python_module_name", config.pythonModuleName);
    await pyodide.runPythonAsync(BOOT_PY);
    mark("appModuleRan");
    if (typeof self.flet_js.start_connection !== "function") {
        throw new Error(
            "__flet_no_ui__:Script finished without starting a Flet UI.\n" +
            "Add ft.run(main) at the end of your script to display the app.");
    }
}

self.receiveCallback = (message) => {
    // `message` wraps a Python bytes; toJs() gives a fresh Uint8Array whose
    // buffer can be transferred to the page without a copy.
    const bytes = message.toJs();
    self.postMessage(bytes, [bytes.buffer]);
};
self.flet_js.receive_callback = self.receiveCallback;

let booting = null;

async function connect(args) {
    try {
        await booting;
        self.flet_js.args = args || {};
        self.flet_js.userAppStarting();
        await self.flet_js.start_connection(self.receiveCallback);
        mark("connected");
        self.postMessage("initialized");
    } catch (error) {
        const text = error && error.message && error.message.startsWith("__flet_no_ui__:")
            ? error.message : String(error);
        self.postMessage(text);
    }
}

async function flush(id) {
    let ok = true;
    try {
        await booting;
        if (typeof self.companionFlushStorage === "function") {
            await self.companionFlushStorage();
        }
    } catch (error) {
        console.error("Saving to IndexedDB failed:", error);
        ok = false;
    }
    self.postMessage({ type: "flushed", id: id, ok: ok });
}

self.onmessage = (event) => {
    const data = event.data;
    if (data && data.type === "boot" && !(data instanceof Uint8Array)) {
        if (!booting) {
            booting = boot(data.config);
            booting.catch((error) => console.error("Python worker boot failed:", error));
        }
    } else if (data && data.type === "connect" && !(data instanceof Uint8Array)) {
        connect(data.args);
    } else if (data && data.type === "flush" && !(data instanceof Uint8Array)) {
        flush(data.id);
    } else if (typeof self.flet_js.send === "function") {
        self.flet_js.send(data);
    } else {
        console.error("Flet: dropped a message for a Python app that never started.");
    }
};
