"""Screenshots of screens at phone and desktop size, for a person to look at.

python tools/screenshots.py http://127.0.0.1:8550 / /learn /notes --out test-artifacts/shots
"""

from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright

from chromium import CHROMIUM, DESKTOP, FLAGS, PHONE

SIZES = {"phone": PHONE, "desktop": DESKTOP}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--out", default="test-artifacts/shots")
    parser.add_argument("--size", choices=[*SIZES, "both"], default="both")
    parser.add_argument("--full", action="store_true", help="scroll and capture several frames")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    sizes = SIZES if args.size == "both" else {args.size: SIZES[args.size]}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        for name, size in sizes.items():
            context = browser.new_context(viewport=size)
            page = context.new_page()
            for path in args.paths:
                page.goto(args.base.rstrip("/") + path)
                page.wait_for_selector("flt-semantics-placeholder", state="attached", timeout=60000)
                page.wait_for_timeout(2500)
                slug = path.strip("/").replace("/", "_") or "home"
                page.screenshot(path=str(out / f"{slug}-{name}.png"))
                print(out / f"{slug}-{name}.png")
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
