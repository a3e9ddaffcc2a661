"""Dataclass methods compiled at build time, for the offline PWA.

@dataclass writes a class's __init__, __repr__, __eq__... as Python source
and compiles it with exec() when the class is created. Flet's controls are
all dataclasses: in the browser, compiling those methods was about 40% of
the time spent importing Flet and the app (measured under Pyodide 314).

The build (compile_pyc.mjs) imports the app with `record()` on and saves
what was compiled, keyed by a hash of its source text; in the browser,
`load()` makes dataclasses look the text up and skip compiling it. A class
whose text is not there (another version of a package, a class made later)
is compiled as usual, so the cache can be stale or missing and nothing
breaks. Saved code says "no location" for every instruction (half the
size): a traceback through a generated __init__ shows no line number there,
which it never had a source line for anyway.

Shipped in __pypackages__/ of the app archive, beside _dataclass_code.bin.
"""

import dataclasses
import hashlib
import marshal
import os
import types

CACHE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "_dataclass_code.bin")


def _key(source: str) -> bytes:
    return hashlib.blake2b(source.encode(), digest_size=16).digest()


def _install(cache: dict) -> dict:
    def exec_(source, globals=None, locals=None, /):
        if isinstance(source, str):
            key = _key(source)
            code = cache.get(key)
            if code is None:
                code = cache[key] = compile(source, "<string>", "exec")
            source = code
        return exec(source, globals, locals)

    # Module globals come before builtins: only dataclasses' exec() changes.
    vars(dataclasses)["exec"] = exec_
    return cache


def load(path: str = CACHE) -> None:
    """Use the code compiled at build time (nothing happens if there is none)."""
    try:
        with open(path, "rb") as f:
            cache = marshal.load(f)
    except (OSError, EOFError, ValueError, TypeError):
        return
    if isinstance(cache, dict):
        _install(cache)


def record() -> dict:
    """Keep what dataclasses compile from now on (at build time)."""
    return _install({})


def _without_lines(code: types.CodeType) -> types.CodeType:
    """`code` with a line table that says "no location" for every instruction."""
    consts = tuple(
        _without_lines(c) if isinstance(c, types.CodeType) else c for c in code.co_consts
    )
    # Each entry: 1 bit set, 4 bits of kind (15, no location), 3 bits of
    # length - 1, in 2-byte code units (Objects/locations.md in CPython).
    units, table = len(code.co_code) // 2, bytearray()
    while units:
        step = min(units, 8)
        table.append(0x80 | 15 << 3 | step - 1)
        units -= step
    return code.replace(co_linetable=bytes(table), co_consts=consts)


def save(cache: dict, path: str = CACHE) -> None:
    kept = {
        key: _without_lines(code) for key, code in sorted(cache.items())
    }  # same app, same bytes
    with open(path, "wb") as f:
        marshal.dump(kept, f)
