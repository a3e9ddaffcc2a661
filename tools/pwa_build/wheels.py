"""The browser wheels (tools/pwa/browser-requirements.txt): which, fetched, unpacked.

Changes when the app's dependencies change.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .base import BUILD, CACHE, PWA, BuildError, Options, log, sha256
from .runtime import PYTHON_TAG, WHEEL_PLATFORM

# fontTools parts that fpdf never imports to embed and subset our TrueType
# fonts (tests/unit/test_brief.py makes a brief with them blocked).
FONTTOOLS_DROP = {
    "ufoLib",
    "voltLib",
    "mtiLib",
    "merge",
    "diff",
    "qu2cu",
    "cu2qu",
    "t1Lib",
    "afmLib.py",
    "tfmLib.py",
    "agl.py",
    "fontBuilder.py",
    "ttx.py",
    "help.py",
    "__main__.py",
}


@dataclass
class Requirement:
    name: str
    version: str
    hash: str
    group: str


def read_requirements() -> list[Requirement]:
    reqs: list[Requirement] = []
    group = ""
    for raw in (PWA / "browser-requirements.txt").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        m = re.match(r"^## group (\S+) when-imports (\S+)$", line)
        if m:
            group = m.group(2)
            continue
        if not line or line.startswith("#"):
            continue
        m = re.match(r"^([A-Za-z0-9_.-]+)==(\S+)\s+--hash=sha256:([0-9a-f]{64})$", line)
        if not m:
            raise BuildError(f"browser-requirements.txt: cannot read {line!r}")
        reqs.append(Requirement(m.group(1), m.group(2), m.group(3), group))
    return reqs


def app_imports(app_dir: Path) -> set[str]:
    """Top-level module names the app's own code imports (anywhere in a file)."""
    names: set[str] = set()
    for path in app_dir.rglob("*.py"):
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except SyntaxError as err:
            raise BuildError(f"{path}: {err}") from err
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module.split(".")[0])
    return names


def wheel_for(req: Requirement, folder: Path) -> Path | None:
    stem = re.sub(r"[-_.]+", "_", req.name).lower()
    for whl in folder.glob("*.whl"):
        parts = whl.name.split("-")
        same_wheel = re.sub(r"[-_.]+", "_", parts[0]).lower() == stem and parts[1] == req.version
        if same_wheel and sha256(whl) == req.hash:
            return whl
    return None


def ensure_wheels(reqs: list[Requirement], opts: Options) -> list[Path]:
    """The browser wheels, from .flet-cache/wheels or downloaded once (hash-checked)."""
    folder = CACHE / "wheels"
    folder.mkdir(parents=True, exist_ok=True)
    missing = [r for r in reqs if wheel_for(r, folder) is None]
    if missing:
        req_file = BUILD / "browser-requirements.lock.txt"
        req_file.parent.mkdir(parents=True, exist_ok=True)
        req_file.write_text(
            "".join(f"{r.name}=={r.version} --hash=sha256:{r.hash}\n" for r in missing),
            encoding="utf-8",
        )
        log(opts, "Downloading browser wheels:", ", ".join(r.name for r in missing))
        cmd = [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--quiet",
            "--no-deps",
            "--only-binary=:all:",
            "--platform",
            WHEEL_PLATFORM,
            "--platform",
            "any",
            "--python-version",
            PYTHON_TAG,
            "--implementation",
            "cp",
            "--require-hashes",
            "-r",
            str(req_file),
            "-d",
            str(folder),
        ]
        subprocess.run(cmd, check=True)
    wheels = []
    for r in reqs:
        whl = wheel_for(r, folder)
        if whl is None:
            raise BuildError(f"no wheel for {r.name}=={r.version} with the pinned hash")
        wheels.append(whl)
    return wheels


def unpack_wheels(wheels: list[Path], target: Path) -> dict[Path, set[str]]:
    """Unzip wheels into __pypackages__/, leaving out what never runs in the browser.

    Returns each wheel's top-level names there (packages, modules, dist-info).
    """
    target.mkdir(parents=True, exist_ok=True)
    tops: dict[Path, set[str]] = {}
    for whl in wheels:
        tops[whl] = set()
        with zipfile.ZipFile(whl) as zf:
            for info in zf.infolist():
                name = info.filename
                parts = name.split("/")
                if info.is_dir():
                    continue
                if ".dist-info" in parts[0] and parts[-1] not in ("METADATA", "top_level.txt"):
                    continue
                data = zf.read(info)
                if ".dist-info" in parts[0] and parts[-1] == "METADATA":
                    # Name and version for importlib.metadata; not the long description.
                    data = data.split(b"\n\n", 1)[0] + b"\n"
                if name.endswith((".pyi", "py.typed")) or "__pycache__" in parts:
                    continue
                if parts[0] == "flet" and len(parts) > 1 and parts[1] in ("testing",):
                    continue
                if parts[0] == "pydantic" and len(parts) > 1 and parts[1] in ("v1", "mypy.py"):
                    continue  # the pydantic 1 API and the mypy plugin
                if parts[0] == "fontTools" and len(parts) > 1 and parts[1] in FONTTOOLS_DROP:
                    continue
                dest = target / name
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_bytes(data)
                tops[whl].add(parts[0].removesuffix(".py"))
    return tops


def later_packages(
    reqs: list[Requirement], wheels: list[Path], tops: dict[Path, set[str]]
) -> set[str]:
    """The archive paths of the app's own packages (a group in browser-requirements.txt:
    pydantic, tinydb, fpdf...): they go in the second archive, unpacked while the
    first frame is drawn; the first holds the code, Flet and what Flet needs."""
    return {
        f"__pypackages__/{top}"
        for req, whl in zip(reqs, wheels, strict=True)
        if req.group
        for top in tops[whl]
    }
