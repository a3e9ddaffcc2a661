"""Compiles the Python the app imports at start-up to bytecode, at build time,
with the browser's own Python, so the browser does not compile those modules
again at every start.

Runs inside Pyodide under Node (tools/pwa/compile_pyc.mjs), with the staged
app mounted where the browser unpacks it (/home/pyodide, so compiled code
names the right files) and Pyodide's folder at /runtime.
compile_for_browser() returns what it did, one line each.

The standard library (/runtime/python_stdlib.zip) is rewritten the same way:
Pyodide 314 ships it as source only, so every start compiled asyncio, typing,
re, json... again (about half of Pyodide's boot time). The modules in use get
docstring-free, sourceless .pyc files; the zip is written uncompressed
(tools/pwa_build/runtime.py gzips it whole, which packs smaller).

Which modules: what the app imports when it starts (its main module's
imports, Flet's Pyodide runtime, every `ft.Name` the app's code mentions, and
the app's own modules), recorded by importing them. Bytecode is about twice
the size of compressed source, so only those are compiled; modules imported
later (a PDF library, say) stay source and compile once when first used.
- In __pypackages__/ (third-party wheels) each such x.py is replaced by a
  sourceless x.pyc in the same folder, compiled without docstrings (they are a
  good part of Flet's size; asserts are kept, unlike python -OO) except a
  class's first line, which keeps @dataclass from building one.
- The app's own code is all compiled: x.py stays, and
  __pycache__/x.cpython-314.pyc is added, so tracebacks show our source.
Both are "unchecked-hash" .pyc files: Python uses them without comparing
timestamps (the browser's files all get the time they were unpacked).
"""

import ast
import contextlib
import importlib
import os
import py_compile
import re
import sys
import zipfile
from collections.abc import Iterator
from importlib import _bootstrap_external
from importlib.util import source_hash

# What py_compile uses to write a hash-based .pyc (not in typeshed's stubs).
code_to_hash_pyc = _bootstrap_external._code_to_hash_pyc  # type: ignore[attr-defined]

HOME = "/home/pyodide"
PKGS = "/home/pyodide/__pypackages__/"
RUNTIME_STDLIB = "/runtime/python_stdlib.zip"
STDLIB = f"/lib/python{sys.version_info[0]}{sys.version_info[1]}.zip/"
# Flet's own modules the browser imports before the app's code.
FLET_START = ("msgpack", "flet", "flet.app", "flet.messaging.pyodide_connection")
# What fpdf uses of fontTools, imported only when a PDF is made.
FONTTOOLS_USED = ("fontTools.ttLib", "fontTools.subset", "fontTools.varLib.instancer")


def compile_for_browser() -> str:
    sys.dont_write_bytecode = True
    sys.path[:0] = [PKGS.rstrip("/"), HOME]
    os.chdir(HOME)
    notes: list[str] = []
    failed: list[str] = []

    # What @dataclass compiles while the app starts is kept for the browser
    # (_dataclass_code.py, which the build put in __pypackages__).
    import _dataclass_code

    dataclass_code = _dataclass_code.record()
    import_first_frame(notes)
    # Kept: what the first frame needs (the rest compiles once it is drawn).
    _dataclass_code.save(dataclass_code)
    dataclasses_kept = len(dataclass_code)
    # The app's other modules: it draws its first frame before it imports
    # them (and pydantic), but imports them right after.
    import_app_modules(notes)

    hot = loaded_files(PKGS)
    hot_std = {file[len(STDLIB) :] for file in loaded_files(STDLIB)}
    check_packages_import(failed, notes)

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
    compile_stdlib(hot_std, failed)

    summary = (
        f"bytecode: {len(hot)} start-up modules of __pypackages__, {len(hot_std)} of the "
        f"standard library, and the app's own code (Python {sys.version.split()[0]}); "
        f"and {dataclasses_kept} sets of dataclass methods the first frame needs"
    )
    return "\n".join(
        [summary]
        + [f"note: could not import {n}" for n in notes]
        + [f"FAILED: {f}" for f in failed]
    )


def app_sources() -> Iterator[str]:
    for folder, dirs, files in os.walk(HOME):
        dirs[:] = [d for d in dirs if d != "__pypackages__" and not d.startswith(".")]
        for name in files:
            if name.endswith(".py"):
                yield os.path.join(folder, name)


def import_first_frame(notes: list[str]) -> None:
    """What the app imports when it starts: Flet's runtime, every ft.Name, main.py's imports."""
    for name in FLET_START:
        try:
            importlib.import_module(name)
        except Exception as err:
            notes.append(f"{name}: {err!r}")
    try:
        import flet

        mentioned = set()
        for path in app_sources():
            with open(path, encoding="utf-8") as f:
                mentioned.update(re.findall(r"\bft\.([A-Za-z_][A-Za-z0-9_]*)", f.read()))
        for name in sorted(mentioned):
            with contextlib.suppress(Exception):
                getattr(flet, name)
    except Exception as err:
        notes.append(f"flet: {err!r}")
    try:
        importlib.import_module("main")  # runs its imports, not main()
    except BaseException as err:
        notes.append(f"main: {err!r}")


def import_app_modules(notes: list[str]) -> None:
    for path in sorted(app_sources()):
        name = os.path.relpath(path, HOME)[:-3].replace("/", ".").removesuffix(".__init__")
        try:
            importlib.import_module(name)
        except BaseException as err:
            notes.append(f"{name}: {err!r}")


def loaded_files(prefix: str) -> set[str]:
    """The source files under `prefix` of the modules imported so far."""
    files = set()
    for module in list(sys.modules.values()):
        file = getattr(module, "__file__", None) or ""
        if file.startswith(prefix) and file.endswith(".py"):
            files.add(file)
    return files


def check_packages_import(failed: list[str], notes: list[str]) -> None:
    """Every packed package must import with this runtime's (trimmed) stdlib,
    including those the app imports only later."""
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
    if "fontTools" in sys.modules:
        for name in FONTTOOLS_USED:
            try:
                importlib.import_module(name)
            except ModuleNotFoundError as err:
                failed.append(f"{name} needs {err.name}, which is not in the runtime")


class _NoDocstrings(ast.NodeTransformer):
    @staticmethod
    def _docstring(node: ast.AST) -> ast.Constant | None:
        body = getattr(node, "body", None)
        if (
            body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str)
        ):
            return body[0].value
        return None

    def _strip(self, node: ast.AST) -> ast.AST:
        self.generic_visit(node)
        if self._docstring(node) is not None:
            body = node.body  # type: ignore[attr-defined]
            node.body = body[1:] or [ast.copy_location(ast.Pass(), body[0])]  # type: ignore[attr-defined]
        return node

    def visit_ClassDef(self, node: ast.ClassDef) -> ast.AST:
        # A class keeps its docstring's first line: @dataclass gives a class
        # without one a docstring built from inspect.signature, which cost
        # about a third of importing Flet's theme and controls (measured).
        self.generic_visit(node)
        doc = self._docstring(node)
        if doc is not None and isinstance(doc.value, str):
            doc.value = next(
                (line.strip() for line in doc.value.splitlines() if line.strip()), node.name
            )
        return node

    visit_Module = visit_FunctionDef = visit_AsyncFunctionDef = _strip


def compile_package_module(file: str) -> None:
    with open(file, "rb") as f:
        source = f.read()
    tree = _NoDocstrings().visit(ast.parse(source, file))
    code = compile(tree, file, "exec", dont_inherit=True)
    data = code_to_hash_pyc(code, source_hash(source), False)
    with open(file + "c", "wb") as f:
        f.write(data)
    os.remove(file)


def compile_std(name: str, source: bytes) -> bytes:
    tree = _NoDocstrings().visit(ast.parse(source, STDLIB + name))
    code = compile(tree, STDLIB + name, "exec", dont_inherit=True)
    return bytes(code_to_hash_pyc(code, source_hash(source), False))


def compile_stdlib(hot_std: set[str], failed: list[str]) -> None:
    """The runtime's python_stdlib.zip again, with the modules in `hot_std` as .pyc."""
    with (
        zipfile.ZipFile(RUNTIME_STDLIB) as src,
        zipfile.ZipFile(RUNTIME_STDLIB + ".new", "w", zipfile.ZIP_STORED) as out,
    ):
        for info in src.infolist():
            data = src.read(info)
            name = info.filename
            if name in hot_std:
                try:
                    data, name = compile_std(name, data), name + "c"
                except SyntaxError as err:
                    failed.append(f"stdlib {name}: {err}")
            out.writestr(zipfile.ZipInfo(name, info.date_time), data)
    os.replace(RUNTIME_STDLIB + ".new", RUNTIME_STDLIB)
