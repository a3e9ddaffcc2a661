// Workbox generateSW settings for the offline PWA; tools/build_pwa.py runs
// `workbox generateSW tools/pwa/workbox-config.cjs` with PWA_DIST set to the
// folder it built, once per PWA_SW_VARIANT. Every file the app can need is
// precached on install, so the app starts offline from then on.
//
// Two workers, because Flutter loads one of two CanvasKit builds: Chromium
// browsers get the smaller canvaskit/chromium/ (they supply text breaking and
// image codecs), the others canvaskit/canvaskit.*. pwa.js registers the one
// matching the browser (the same test flutter_bootstrap.js makes), so neither
// stores the build it never loads.
const fs = require("fs");
const path = require("path");

const dist = process.env.PWA_DIST;
if (!dist) {
  throw new Error("Set PWA_DIST to the built site (tools/build_pwa.py does).");
}
const chromium = process.env.PWA_SW_VARIANT === "chromium";

// x.gz and x.br beside a file x are a host's compressed copies of it
// (tools/pwa_build/compress.py): the app fetches x, the host chooses.
function isCopy(url) {
  return /\.(gz|br)$/.test(url) && fs.existsSync(path.join(dist, url.slice(0, -3)));
}

module.exports = {
  globDirectory: dist,
  globPatterns: ["**/*"],
  globIgnores: [
    "sw.js",
    "sw.js.map",
    "workbox-*.js",
    "404.html", // a copy of index.html for static hosts without the worker
    "assets/NOTICES", // licence texts: only read by a licence page this app never shows
    "build-info.json",
    "sw-chromium.js",
    "sw-revalidate.js", // imported by the worker, so stored with it
    ...(chromium
      ? ["canvaskit/canvaskit.js", "canvaskit/canvaskit.wasm"]
      : ["canvaskit/chromium/**"]),
  ],
  swDest: path.join(dist, chromium ? "sw-chromium.js" : "sw.js"),
  // Precaching asks the host before it downloads a file again (see there).
  importScripts: ["sw-revalidate.js"],
  manifestTransforms: [
    async (entries) => ({ manifest: entries.filter((e) => !isCopy(e.url)), warnings: [] }),
  ],
  // The default (2 MiB) silently leaves out the runtime itself.
  maximumFileSizeToCacheInBytes: 64 * 1024 * 1024,
  navigateFallback: "index.html",
  // Only navigations to app routes get index.html, not file URLs.
  navigateFallbackDenylist: [/\/[^/?]+\.[^/?]+$/],
  // A new version waits until the person chooses to switch (pwa.js asks);
  // the first install takes control at once so the page is offline-ready.
  skipWaiting: false,
  clientsClaim: true,
  cleanupOutdatedCaches: true,
  inlineWorkboxRuntime: true,
  sourcemap: false,
  mode: "production",
  cacheId: "second-opinion-companion",
};
