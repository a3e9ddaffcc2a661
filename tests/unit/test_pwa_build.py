"""The PWA build's small decisions (tools/pwa_build/): which files get compressed
copies and what a host then sends, what the archives leave out or hold, and
what of Python's standard library and Flet's icon tables the browser gets."""

from __future__ import annotations

import gzip

import brotli
import pytest

from pwa_build import compress
from pwa_build.archive import (
    PDF_ASSETS,
    archive_paths,
    not_needed,
    open_archive,
    pack_app,
    pdf_paths,
)
from pwa_build.base import Report
from pwa_build.runtime import stdlib_dropped
from pwa_build.trim import icons_used

# -- compressed copies -------------------------------------------------------------


@pytest.mark.parametrize(
    ("rel", "size", "wanted"),
    [
        ("main.dart.js", 9_600_000, True),
        ("pyodide/pyodide.asm.wasm", 9_600_000, True),
        ("assets/fonts/MaterialIcons-Regular.otf", 280_000, True),
        ("index.html", 5_000, True),
        ("manifest.json", 1_023, False),  # too small to be worth a look-up
        ("version.json", 73, False),
        ("app.tar.zst", 1_400_000, False),  # compressed already
        ("pyodide/python_stdlib.zip.gz", 2_100_000, False),
        ("pyodide/snapshot.bin.gz", 2_400_000, False),
        ("icons/icon-512.png", 21_000, False),
        ("assets/fonts/roboto.woff2", 63_000, False),
        ("main.dart.js.br", 1_900_000, False),
    ],
)
def test_only_large_files_not_compressed_already_get_copies(rel, size, wanted):
    assert compress.wants_copies(rel, size) is wanted


def test_a_copy_is_kept_only_when_it_saves_enough():
    assert compress.worth_keeping(10_000, 3_000)
    assert not compress.worth_keeping(10_000, 9_900)


def test_copies_sit_beside_their_file_and_decode_to_it(tmp_path):
    site = tmp_path / "dist"
    (site / "pyodide").mkdir(parents=True)
    script = ("console.log('a calm start');\n" * 400).encode()
    (site / "main.dart.js").write_bytes(script)
    (site / "pyodide" / "snapshot.bin.gz").write_bytes(gzip.compress(b"memory" * 500))
    (site / "favicon.png").write_bytes(b"\x89PNG" + bytes(range(256)) * 8)
    (site / "version.json").write_text('{"version": "1"}')

    assert compress.write_compressed(site) == 2
    assert gzip.decompress((site / "main.dart.js.gz").read_bytes()) == script
    assert brotli.decompress((site / "main.dart.js.br").read_bytes()) == script
    names = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    assert names == [
        "favicon.png",
        "main.dart.js",
        "main.dart.js.br",
        "main.dart.js.gz",
        "pyodide/snapshot.bin.gz",
        "version.json",
    ]
    # An original that ends in .gz is a file of its own; main.dart.js.gz is a copy.
    assert compress.is_copy(site / "main.dart.js.gz")
    assert not compress.is_copy(site / "pyodide" / "snapshot.bin.gz")
    assert {p.relative_to(site).as_posix() for p in compress.site_files(site)} == {
        "favicon.png",
        "main.dart.js",
        "pyodide/snapshot.bin.gz",
        "version.json",
    }


def test_the_same_file_always_gives_the_same_copies(tmp_path):
    data = b"Second Opinion Companion " * 2_000
    first = compress.gzip_bytes(data)
    assert first == compress.gzip_bytes(data)
    assert compress.brotli_bytes(data) == compress.brotli_bytes(data)
    assert first[4:8] == b"\0\0\0\0"  # no time in the gzip header


def test_what_a_host_sends_counts_each_files_smallest_form(tmp_path):
    site = tmp_path / "dist"
    site.mkdir()
    (site / "main.dart.js").write_bytes(b"x" * 1000)
    (site / "main.dart.js.gz").write_bytes(b"g" * 300)
    (site / "main.dart.js.br").write_bytes(b"b" * 200)
    (site / "index.html").write_bytes(b"i" * 900)
    (site / "index.html.gz").write_bytes(b"g" * 400)  # no .br: gzip is what is sent
    (site / "app.tar.zst").write_bytes(b"a" * 500)  # no copies: sent as it is

    sent = compress.sent_sizes(site, ["main.dart.js", "index.html", "app.tar.zst"])

    assert (sent.raw, sent.gzip, sent.brotli) == (2400, 1200, 1100)


# -- the archives ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rel", "needed"),
    [
        ("__pypackages__/segno-1.6.6.data/data/share/man/man1/segno.1", False),
        ("__pypackages__/msgpack/fallback.py", False),
        ("assets/content/en/ui.toml", False),  # the JSON beside it is read
        ("assets/content/en/ui.toml.json", True),
        ("assets/data/us-zip-locations.README.md", False),
        ("assets/data/us-zip-locations.csv.gz", True),
        ("assets/content/en/01-what-is-a-second-opinion.md", True),  # a topic
        ("__pypackages__/msgpack/_cmsgpack.cpython-314-wasm32-emscripten.so", True),
        ("__pypackages__/segno-1.6.6.dist-info/METADATA", True),
        ("models/brief.py", True),
    ],
)
def test_the_archives_leave_out_what_python_never_reads(rel, needed):
    assert not_needed(rel) is not needed


def test_what_only_a_pdf_needs_goes_in_its_own_archive(tmp_path):
    app = tmp_path / "app"
    for rel in (
        "main.py",
        "models/brief.py",
        "assets/content/en/ui.toml.json",
        "assets/data/us-zip-locations.csv.gz",
        "assets/fonts/AtkinsonHyperlegible-Regular.ttf",
        "__pypackages__/flet/__init__.py",
        "__pypackages__/pydantic/__init__.py",
        "__pypackages__/fpdf/__init__.py",
        "__pypackages__/fpdf2-2.8.9.dist-info/METADATA",
        "__pypackages__/fontTools/__init__.py",
        "__pypackages__/msgpack/fallback.py",
    ):
        (app / rel).parent.mkdir(parents=True, exist_ok=True)
        (app / rel).write_text(rel)
    later = {
        "__pypackages__/pydantic",
        "__pypackages__/fpdf",
        "__pypackages__/fpdf2-2.8.9.dist-info",
        "__pypackages__/fontTools",
    }
    pdf = pdf_paths(later, {"fpdf", "fpdf2-2.8.9.dist-info", "fontTools"}, app)
    assert pdf == later - {"__pypackages__/pydantic"} | {PDF_ASSETS}

    dist = tmp_path / "dist"
    dist.mkdir()
    report = Report()
    pack_app(app, dist, later, pdf, report)

    def files(name):
        with open_archive(dist / name) as tar:
            return sorted(m.name for m in tar.getmembers() if m.isfile())

    assert files("app.tar.zst") == [
        "__pypackages__/flet/__init__.py",
        "assets/content/en/ui.toml.json",
        "main.py",
        "models/brief.py",
    ]
    # Find's data waits with the packages: only Home is drawn before they are unpacked.
    assert files("app-later.tar.zst") == [
        "__pypackages__/pydantic/__init__.py",
        "assets/data/us-zip-locations.csv.gz",
    ]
    assert files("app-pdf.tar.zst") == [
        "__pypackages__/fontTools/__init__.py",
        "__pypackages__/fpdf/__init__.py",
        "__pypackages__/fpdf2-2.8.9.dist-info/METADATA",
        "assets/fonts/AtkinsonHyperlegible-Regular.ttf",
    ]
    assert report.pdf_archive_bytes == (dist / "app-pdf.tar.zst").stat().st_size > 0
    # Packed twice, the same bytes: a build repeats exactly.
    again = tmp_path / "again"
    again.mkdir()
    pack_app(app, again, later, pdf, Report())
    for name in ("app.tar.zst", "app-later.tar.zst", "app-pdf.tar.zst"):
        assert (dist / name).read_bytes() == (again / name).read_bytes(), name


def test_an_app_without_pdfs_has_no_pdf_archive(tmp_path):
    app = tmp_path / "app"
    (app / "__pypackages__" / "pydantic").mkdir(parents=True)
    (app / "__pypackages__" / "pydantic" / "__init__.py").write_text("")
    (app / "main.py").write_text("")
    assert pdf_paths({"__pypackages__/pydantic"}, set(), app) == set()
    dist = tmp_path / "dist"
    dist.mkdir()
    pack_app(app, dist, {"__pypackages__/pydantic"}, set(), Report())
    assert sorted(p.name for p in dist.iterdir()) == ["app-later.tar.zst", "app.tar.zst"]
    assert archive_paths(app) == [
        "__pypackages__",
        "__pypackages__/pydantic",
        "__pypackages__/pydantic/__init__.py",
        "main.py",
    ]


# -- the standard library and the icon tables ----------------------------------------


@pytest.mark.parametrize(
    ("path", "dropped"),
    [
        ("pdb.py", "pdb"),
        ("multiprocessing/pool.py", "multiprocessing"),
        ("encodings/cp1251.py", "encodings.cp1251"),
        ("encodings/mac_greek.py", "encodings.mac_greek"),
        ("encodings/mbcs.py", "encodings.mbcs"),
        # Kept: what Python, the app and its packages use.
        ("encodings/__init__.pyc", None),
        ("encodings/utf_8.pyc", None),
        ("encodings/cp437.pyc", None),  # zip file names
        ("encodings/cp1252.py", None),
        ("encodings/mac_roman.py", None),
        ("encodings/shift_jis.py", None),  # segno tries it on text Latin-1 cannot hold
        ("encodings/cp932.py", None),  # multi-byte, though named like a code page
        ("encodings/idna.py", None),
        ("encodings/", None),
        ("asyncio/tasks.pyc", None),
        ("unittest/mock.py", None),  # fpdf imports it
        ("zoneinfo/__init__.py", None),  # pydantic imports it
        ("json/__init__.pyc", None),
    ],
)
def test_the_standard_library_keeps_what_the_app_and_its_packages_import(path, dropped):
    assert stdlib_dropped(path) == dropped


def test_icon_names_are_found_by_kind(tmp_path):
    (tmp_path / "views").mkdir()
    (tmp_path / "views" / "home.py").write_text(
        "ft.Icon(ft.Icons.HOME_OUTLINED)\nft.Icon(ft.CupertinoIcons.HEART)\nft.Icons.CHECK\n"
    )
    (tmp_path / "__pypackages__").mkdir()
    (tmp_path / "__pypackages__" / "docs.py").write_text("ft.Icons.ALARM")
    assert icons_used(tmp_path) == {"HOME_OUTLINED", "CHECK"}
    assert icons_used(tmp_path, "CupertinoIcons") == {"HEART"}
