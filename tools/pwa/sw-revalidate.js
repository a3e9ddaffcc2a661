// Imported by both service workers (workbox-config.cjs, importScripts).
//
// Workbox precaches each file with `cache: "reload"`, which skips the
// browser's HTTP cache. On a first visit the page has just downloaded the
// runtimes to start, so the worker then downloaded every one of them a second
// time: about 15 MB more on a slow phone's connection. With `no-cache` the
// browser asks the host whether the copy it holds is current (ETag or
// Last-Modified): an unchanged file comes back "304 Not Modified" with no
// body, a changed one in full. So a new version is still never precached
// from a stale copy, and nothing is fetched twice.
(() => {
  const fromNetwork = self.fetch.bind(self);
  self.fetch = (input, init) => {
    if (input instanceof Request && input.cache === "reload") {
      input = new Request(input, { cache: "no-cache" });
    }
    return fromNetwork(input, init);
  };
})();
