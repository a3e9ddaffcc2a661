// Imported by both service workers (workbox-config.cjs, importScripts).
//
// What the app keeps on the phone for offline use is mostly three runtimes:
// Flutter's main.dart.js and the WebAssembly of CanvasKit and Pyodide, about
// 25 MB as they are and 8 MB gzipped. So the worker gzips each large file of
// those kinds as it stores it, and unpacks it as it hands it out, with the
// browser's own CompressionStream (a tenth of a second or so for all of
// them). Browsers without it store files as they are.
// The build fills in the rule (tools/pwa_build/service_worker.py, PACKED).
(() => {
  if (typeof CompressionStream === "undefined" || typeof DecompressionStream === "undefined") {
    return;
  }
  const RULE = /*PACKED_RULE*/ { suffixes: [".js", ".mjs", ".wasm"], minBytes: 262144 };
  const MARK = "x-companion-stored";

  const packable = (request, response) => {
    if (!response || response.status !== 200 || response.headers.has(MARK)) return false;
    const path = new URL(typeof request === "string" ? request : request.url, self.location.href)
      .pathname;
    return RULE.suffixes.some((suffix) => path.endsWith(suffix));
  };

  const withHeaders = (body, response, change) => {
    const headers = new Headers(response.headers);
    headers.delete("Content-Length");
    change(headers);
    return new Response(body, { status: response.status, statusText: response.statusText, headers });
  };

  const put = Cache.prototype.put;
  Cache.prototype.put = async function (request, response) {
    if (!packable(request, response)) return put.call(this, request, response);
    const body = await response.blob();
    if (body.size < RULE.minBytes) return put.call(this, request, withHeaders(body, response, () => {}));
    const packed = await new Response(
      body.stream().pipeThrough(new CompressionStream("gzip")),
    ).blob();
    return put.call(this, request, withHeaders(packed, response, (h) => h.set(MARK, "gzip")));
  };

  const unpack = (response) =>
    response && response.headers.get(MARK) === "gzip"
      ? withHeaders(response.body.pipeThrough(new DecompressionStream("gzip")), response, (h) =>
          h.delete(MARK),
        )
      : response;

  const match = Cache.prototype.match;
  Cache.prototype.match = async function (...args) {
    return unpack(await match.apply(this, args));
  };
  const matchAll = Cache.prototype.matchAll;
  Cache.prototype.matchAll = async function (...args) {
    return (await matchAll.apply(this, args)).map(unpack);
  };
  const storageMatch = CacheStorage.prototype.match;
  CacheStorage.prototype.match = async function (...args) {
    return unpack(await storageMatch.apply(this, args));
  };
})();
