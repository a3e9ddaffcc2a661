"""Make the offline ZIP-code table and place each cancer center on the map.

    python -m venv /tmp/zipvenv && /tmp/zipvenv/bin/pip install zipcodes==3.0.0
    /tmp/zipvenv/bin/python tools/make_zip_locations.py

Needs only the standard library and the PyPI package `zipcodes` (MIT licence;
its coordinates come from GeoNames, CC BY 4.0). It writes:

- assets/data/us-zip-locations.csv.gz: `zip,lat,lon`, one row per 5-digit ZIP
  code (military APO/FPO codes left out), coordinates rounded to 0.01 degree
  (about half a mile). Gzipped because the plain table is about 800 KB.
- the `lat` and `lon` columns of assets/data/nci-cancer-centers.csv: the mean
  of the coordinates of the ordinary (STANDARD) ZIP codes of the center's city
  and state. Every other column is kept as it is.

The app only reads these files; nothing is looked up on the internet.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import sys
from pathlib import Path

import zipcodes

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "assets" / "data"
ZIP_FILE = DATA / "us-zip-locations.csv.gz"
CENTERS_FILE = DATA / "nci-cancer-centers.csv"
MILITARY = {"AA", "AE", "AP"}  # APO/FPO mail: no place on the map


def _key(city: str, state: str) -> tuple[str, str]:
    """City names as the two sources write them: St./Saint, hyphens, case."""
    city = re.sub(r"^saint\b", "st", city.strip().lower())
    city = re.sub(r"[^a-z]+", " ", city.replace("st.", "st")).strip()
    return city, state.strip().upper()


def zip_rows(all_zips: list[dict]) -> list[tuple[str, float, float]]:
    rows = []
    for z in all_zips:
        if z["state"] in MILITARY or not z["lat"] or not z["long"]:
            continue
        rows.append((z["zip_code"], round(float(z["lat"]), 2), round(float(z["long"]), 2)))
    return sorted(rows)


def write_zip_table(rows: list[tuple[str, float, float]]) -> int:
    text = "zip,lat,lon\n" + "".join(f"{z},{lat:.2f},{lon:.2f}\n" for z, lat, lon in rows)
    # mtime=0 and no file name: the same data always gives the same bytes.
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, compresslevel=9, filename="") as gz:
        gz.write(text.encode("ascii"))
    ZIP_FILE.write_bytes(buf.getvalue())
    return ZIP_FILE.stat().st_size


def city_centres(all_zips: list[dict]) -> dict[tuple[str, str], tuple[float, float]]:
    points: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for z in all_zips:
        if z["zip_code_type"] != "STANDARD" or not z["lat"]:
            continue
        points.setdefault(_key(z["city"], z["state"]), []).append(
            (float(z["lat"]), float(z["long"]))
        )
    return {
        k: (sum(p[0] for p in v) / len(v), sum(p[1] for p in v) / len(v)) for k, v in points.items()
    }


def place_centers(centres: dict[tuple[str, str], tuple[float, float]]) -> list[str]:
    with open(CENTERS_FILE, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    for name in ("lat", "lon"):
        if name not in fields:
            fields.append(name)
    missing = []
    for row in rows:
        where = centres.get(_key(row["city"], row["state"]))
        if where is None:
            missing.append(f"{row['name']} ({row['city']}, {row['state']})")
            row["lat"] = row["lon"] = ""
        else:
            row["lat"], row["lon"] = f"{where[0]:.3f}", f"{where[1]:.3f}"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    CENTERS_FILE.write_text(out.getvalue(), encoding="utf-8")
    return missing


def main() -> int:
    all_zips = zipcodes.filter_by()
    rows = zip_rows(all_zips)
    size = write_zip_table(rows)
    print(
        f"{ZIP_FILE.relative_to(ROOT)}: {len(rows)} ZIP codes, {size} bytes "
        f"(zipcodes {getattr(zipcodes, '__version__', '?')})"
    )
    missing = place_centers(city_centres(all_zips))
    if missing:
        print("No ZIP code found for these cities:\n  " + "\n  ".join(missing), file=sys.stderr)
        return 1
    print(f"{CENTERS_FILE.relative_to(ROOT)}: every center has a location")
    return 0


if __name__ == "__main__":
    sys.exit(main())
