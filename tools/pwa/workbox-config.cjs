// Workbox generateSW settings for the offline PWA; tools/build_pwa.py runs
// `workbox generateSW tools/pwa/workbox-config.cjs` with PWA_DIST set to the
// folder it built. Every file the app can need is precached on install, so
// the app starts offline from the very first visit after install.
const path = require("path");

const dist = process.env.PWA_DIST;
if (!dist) {
  throw new Error("Set PWA_DIST to the built site (tools/build_pwa.py does).");
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
  ],
  swDest: path.join(dist, "sw.js"),
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
