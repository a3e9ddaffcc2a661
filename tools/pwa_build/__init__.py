"""The offline web app's build, one module per reason it changes.

tools/build_pwa.py runs them in order (its docstring tells the steps):

    base            paths, Options, Report, BuildError: what every step shares
    runtime         Pyodide: trimmed standard library, bytecode, memory snapshot
    wheels          the browser wheels: which, fetched and hash-checked, unpacked
    archive         the app staged, packed into app.tar.zst, app-later.tar.zst, app-pdf.tar.zst
    flet_site       `flet publish`, and our patches to the site it writes
    trim            what the app never uses, left out
    service_worker  the Workbox service workers that precache the site
"""
