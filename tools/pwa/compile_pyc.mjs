// Compiles the app archive's Python to bytecode at build time, with the
// browser's own Python (Pyodide under Node), so the browser does not compile
// every module again at each start.
//
//   node tools/pwa/compile_pyc.mjs PYODIDE_DIR APP_DIR
//
// - __pypackages__/ (third-party wheels): each x.py is replaced by a
//   sourceless x.pyc in the same folder; the archive stays the same size.
// - the app's own code: x.py stays, and __pycache__/x.cpython-314.pyc is
//   added, so tracebacks still show our source lines.
// Both are "unchecked-hash" .pyc files: Python uses them without comparing
// timestamps (the browser's files all get the time they were unpacked).
import path from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, appDir] = process.argv.slice(2);
if (!pyodideDir || !appDir) {
  console.error("usage: node compile_pyc.mjs PYODIDE_DIR APP_DIR");
  process.exit(2);
}
const indexURL = path.resolve(pyodideDir) + path.sep;
const { loadPyodide } = await import(pathToFileURL(path.join(indexURL, "pyodide.mjs")).href);
const pyodide = await loadPyodide({ indexURL });
pyodide.mountNodeFS("/app", path.resolve(appDir));
const result = pyodide.runPython(`
import compileall, os, py_compile, sys
mode = py_compile.PycInvalidationMode.UNCHECKED_HASH
ok = True
pkgs = "/app/__pypackages__"
if os.path.isdir(pkgs):
    ok &= bool(compileall.compile_dir(pkgs, quiet=1, legacy=True, invalidation_mode=mode))
    for folder, dirs, files in os.walk(pkgs):
        for name in files:
            if name.endswith(".py") and os.path.exists(os.path.join(folder, name + "c")):
                os.remove(os.path.join(folder, name))
for entry in sorted(os.listdir("/app")):
    full = os.path.join("/app", entry)
    if entry == "__pypackages__" or entry.startswith("."):
        continue
    if os.path.isdir(full):
        ok &= bool(compileall.compile_dir(full, quiet=1, invalidation_mode=mode))
    elif entry.endswith(".py"):
        ok &= bool(compileall.compile_file(full, quiet=1, invalidation_mode=mode))
f"{sys.version.split()[0]} {'ok' if ok else 'FAILED'}"
`);
console.log(`compiled with Python ${result}`);
if (!result.endsWith("ok")) {
  process.exit(1);
}
