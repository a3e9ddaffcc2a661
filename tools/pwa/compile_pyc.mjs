// Compiles the Python that the app imports at start-up to bytecode at build
// time, with the browser's own Python (Pyodide under Node), so the browser
// does not compile those modules again at every start. What is compiled, and
// how: compile_pyc.py beside this file, which runs inside that Pyodide.
//
//   node tools/pwa/compile_pyc.mjs PYODIDE_DIR APP_DIR
//
// Rewrites PYODIDE_DIR/python_stdlib.zip and adds .pyc files in APP_DIR.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const [pyodideDir, appDir] = process.argv.slice(2);
if (!pyodideDir || !appDir) {
  console.error("usage: node compile_pyc.mjs PYODIDE_DIR APP_DIR");
  process.exit(2);
}
const indexURL = path.resolve(pyodideDir) + path.sep;
const { loadPyodide } = await import(pathToFileURL(path.join(indexURL, "pyodide.mjs")).href);
const pyodide = await loadPyodide({ indexURL, stdout: () => {}, stderr: () => {} });
pyodide.registerJsModule("flet_js", {}); // imported by Flet's Pyodide connection
// Mounted where the browser unpacks it, so compiled code names the right files.
pyodide.mountNodeFS("/home/pyodide", path.resolve(appDir));
pyodide.mountNodeFS("/runtime", path.resolve(pyodideDir));
const script = path.join(path.dirname(fileURLToPath(import.meta.url)), "compile_pyc.py");
pyodide.runPython(readFileSync(script, "utf8"), { filename: script });
const result = pyodide.globals.get("compile_for_browser")();
console.log(result);
if (result.includes("FAILED:")) {
  process.exit(1);
}
