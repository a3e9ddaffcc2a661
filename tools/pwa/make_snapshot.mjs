// Makes a Pyodide memory snapshot right after boot, at build time, under Node.
//
//   node tools/pwa/make_snapshot.mjs DIST/pyodide OUT.bin.gz
//
// The browser passes it to loadPyodide as `_loadSnapshot` (python-worker.js)
// and skips most of Python's own start-up. The snapshot only fits the exact
// pyodide.asm.wasm it was made with (Pyodide checks a build id and the worker
// falls back to a normal boot), so it is remade whenever Pyodide changes.
import { writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, out] = process.argv.slice(2);
if (!pyodideDir || !out) {
  console.error("usage: node make_snapshot.mjs PYODIDE_DIR OUT.bin.gz");
  process.exit(2);
}
const indexURL = path.resolve(pyodideDir) + path.sep;
const { loadPyodide } = await import(pathToFileURL(path.join(indexURL, "pyodide.mjs")).href);
const pyodide = await loadPyodide({ indexURL, _makeSnapshot: true });
const snapshot = pyodide.makeMemorySnapshot();
const gz = gzipSync(snapshot, { level: 9 });
writeFileSync(out, gz);
console.log(`snapshot: ${snapshot.length} bytes, ${gz.length} gzipped -> ${out}`);
