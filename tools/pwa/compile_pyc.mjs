// Compiles the Python that the app imports at start-up to bytecode at build
// time, with the browser's own Python (Pyodide under Node), so the browser
// does not compile those modules again at every start.
//
//   node tools/pwa/compile_pyc.mjs PYODIDE_DIR APP_DIR
//
// PYODIDE_DIR/python_stdlib.zip is rewritten the same way: Pyodide 314
// ships the standard library as source only, so every start compiled
// asyncio, typing, re, json... again (about half of Pyodide's boot time).
// The modules in use get docstring-free, sourceless .pyc files; the zip is
// written uncompressed (build_pwa.py gzips it whole, which packs smaller).
//
// Which modules: the build imports what the app imports when it starts (its
// main module's imports, Flet's Pyodide runtime, every `ft.Name` the app's
// code mentions, and the app's own modules) and records them. Bytecode is about twice the size of
// compressed source, so only those are compiled; modules imported later (a
// PDF library, say) stay source and compile once when first used.
// - In __pypackages__/ (third-party wheels) each such x.py is replaced by a
//   sourceless x.pyc in the same folder, compiled without docstrings (they
//   are a good part of Flet's size; asserts are kept, unlike python -OO)
//   except a class's first line, which keeps @dataclass from building one.
// - The app's own code is all compiled: x.py stays, and
//   __pycache__/x.cpython-314.pyc is added, so tracebacks show our source.
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
const pyodide = await loadPyodide({ indexURL, stdout: () => {}, stderr: () => {} });
pyodide.registerJsModule("flet_js", {}); // imported by Flet's Pyodide connection
// Mounted where the browser unpacks it, so compiled code names the right files.
pyodide.mountNodeFS("/home/pyodide", path.resolve(appDir));
pyodide.mountNodeFS("/runtime", path.resolve(pyodideDir));
const result = pyodide.runPython(`
import compileall, importlib, os, py_compile, re, sys

sys.dont_write_bytecode = True
sys.path[:0] = ["/home/pyodide/__pypackages__", "/home/pyodide"]
os.chdir("/home/pyodide")
PKGS = "/home/pyodide/__pypackages__/"
notes = []

def app_sources():
    for folder, dirs, files in os.walk("/home/pyodide"):
        dirs[:] = [d for d in dirs if d != "__pypackages__" and not d.startswith(".")]
        for name in files:
            if name.endswith(".py"):
                yield os.path.join(folder, name)

# What @dataclass compiles while the app starts is kept for the browser
# (_dataclass_code.py, which build_pwa.py put in __pypackages__).
import _dataclass_code
dataclass_code = _dataclass_code.record()

for name in ("msgpack", "flet", "flet.app", "flet.messaging.pyodide_connection"):
    try:
        importlib.import_module(name)
    except Exception as err:
        notes.append(f"{name}: {err!r}")
try:
    import flet
    mentioned = set()
    for path in app_sources():
        with open(path, encoding="utf-8") as f:
            mentioned.update(re.findall(r"\\bft\\.([A-Za-z_][A-Za-z0-9_]*)", f.read()))
    for name in sorted(mentioned):
        try:
            getattr(flet, name)
        except Exception:
            pass
except Exception as err:
    notes.append(f"flet: {err!r}")
try:
    importlib.import_module("main")  # runs its imports, not main()
except BaseException as err:
    notes.append(f"main: {err!r}")
# Kept: what the first frame needs (the rest compiles once it is drawn).
_dataclass_code.save(dataclass_code)
dataclasses_kept = len(dataclass_code)
# The app's other modules: it draws its first frame before it imports them
# (and pydantic), but imports them right after.
for path in sorted(app_sources()):
    name = os.path.relpath(path, "/home/pyodide")[:-3].replace("/", ".").removesuffix(".__init__")
    try:
        importlib.import_module(name)
    except BaseException as err:
        notes.append(f"{name}: {err!r}")

hot = set()
for module in list(sys.modules.values()):
    file = getattr(module, "__file__", None) or ""
    if file.startswith(PKGS) and file.endswith(".py"):
        hot.add(file)

# The standard library: modules loaded at start-up (Pyodide's own boot, and
# everything above) become .pyc.
import zipfile
STDLIB = f"/lib/python{sys.version_info[0]}{sys.version_info[1]}.zip/"
hot_std = set()
for module in list(sys.modules.values()):
    file = getattr(module, "__file__", None) or ""
    if file.startswith(STDLIB) and file.endswith(".py"):
        hot_std.add(file[len(STDLIB):])


# Every packed package must import with this runtime's (trimmed) stdlib,
# including those the app imports only later.
failed = []
for entry in sorted(os.listdir(PKGS)):
    name = entry.removesuffix(".py")
    if ".dist-info" in entry or name.startswith("_") or name in sys.modules:
        continue
    if not (entry.endswith(".py") or os.path.exists(os.path.join(PKGS, entry, "__init__.py"))):
        continue
    try:
        importlib.import_module(name)
    except ModuleNotFoundError as err:
        failed.append(f"{name} needs {err.name}, which is not in the runtime")
    except Exception as err:
        notes.append(f"{name}: {err!r}")
if "fontTools" in sys.modules:  # what fpdf uses of it, imported only when a PDF is made
    for name in ("fontTools.ttLib", "fontTools.subset", "fontTools.varLib.instancer"):
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as err:
            failed.append(f"{name} needs {err.name}, which is not in the runtime")

import ast
from importlib import _bootstrap_external
from importlib.util import source_hash


class _NoDocstrings(ast.NodeTransformer):
    @staticmethod
    def _docstring(node):
        body = node.body
        if (body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)):
            return body[0].value
        return None

    def _strip(self, node):
        self.generic_visit(node)
        if self._docstring(node) is not None:
            node.body = node.body[1:] or [ast.copy_location(ast.Pass(), node.body[0])]
        return node

    def visit_ClassDef(self, node):
        # A class keeps its docstring's first line: @dataclass gives a class
        # without one a docstring built from inspect.signature, which cost
        # about a third of importing Flet's theme and controls (measured).
        self.generic_visit(node)
        doc = self._docstring(node)
        if doc is not None:
            doc.value = next((line.strip() for line in doc.value.splitlines() if line.strip()),
                             node.name)
        return node

    visit_Module = visit_FunctionDef = visit_AsyncFunctionDef = _strip


def compile_package_module(file):
    with open(file, "rb") as f:
        source = f.read()
    tree = _NoDocstrings().visit(ast.parse(source, file))
    code = compile(tree, file, "exec", dont_inherit=True)
    data = _bootstrap_external._code_to_hash_pyc(code, source_hash(source), False)
    with open(file + "c", "wb") as f:
        f.write(data)
    os.remove(file)


mode = py_compile.PycInvalidationMode.UNCHECKED_HASH
for file in sorted(hot):
    try:
        compile_package_module(file)
    except (SyntaxError, ValueError) as err:
        failed.append(f"{file}: {err}")
for path in app_sources():
    try:
        py_compile.compile(path, doraise=True, invalidation_mode=mode)
    except py_compile.PyCompileError as err:
        failed.append(str(err))
def compile_std(name, source):
    tree = _NoDocstrings().visit(ast.parse(source, STDLIB + name))
    code = compile(tree, STDLIB + name, "exec", dont_inherit=True)
    return bytes(_bootstrap_external._code_to_hash_pyc(code, source_hash(source), False))


with zipfile.ZipFile("/runtime/python_stdlib.zip") as src, \
        zipfile.ZipFile("/runtime/python_stdlib.zip.new", "w", zipfile.ZIP_STORED) as out:
    for info in src.infolist():
        data = src.read(info)
        name = info.filename
        if name in hot_std:
            try:
                data, name = compile_std(name, data), name + "c"
            except SyntaxError as err:
                failed.append(f"stdlib {name}: {err}")
        out.writestr(zipfile.ZipInfo(name, info.date_time), data)
os.replace("/runtime/python_stdlib.zip.new", "/runtime/python_stdlib.zip")

summary = (f"bytecode: {len(hot)} start-up modules of __pypackages__, {len(hot_std)} of the "
           f"standard library, and the app's own code (Python {sys.version.split()[0]}); "
           f"and {dataclasses_kept} sets of dataclass methods the first frame needs")
"\\n".join([summary] + [f"note: could not import {n}" for n in notes] + [f"FAILED: {f}" for f in failed])
`);
console.log(result);
if (result.includes("FAILED:")) {
  process.exit(1);
}
