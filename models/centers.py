"""The offline list of NCI-Designated Cancer Centers, searching it, and
ordering it by distance from a ZIP code.

Data: assets/data/nci-cancer-centers.csv and assets/data/us-zip-locations.csv.gz
(see their READMEs for sources and dates). Basic laboratory centers do not see
patients, so they are never offered. Everything here runs on this device: a ZIP
code a person types is looked up in the shipped table and never sent anywhere.
"""

from __future__ import annotations

import csv
import gzip
import math
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from models.text import assets_dir, folded

DATA_FILE = "nci-cancer-centers.csv"
ZIP_FILE = "us-zip-locations.csv.gz"
TREATING = ("comprehensive", "clinical")
EARTH_RADIUS_MILES = 3958.8
# Treats children only (data README), so not a place for an adult's second opinion.
CHILDREN_ONLY = ("st. jude",)


@dataclass(frozen=True)
class Center:
    id: str
    name: str
    designation: str
    parent: str
    city: str
    state: str
    website: str
    phone: str = ""
    other_names: tuple[str, ...] = ()
    note: str = ""
    lat: float | None = None
    lon: float | None = None

    @property
    def sees_patients(self) -> bool:
        """Sees adult patients: not a laboratory-only or children-only center."""
        return self.designation in TREATING and not self.name.lower().startswith(CHILDREN_ONLY)

    @property
    def group(self) -> str:
        """The center a row belongs to: one name for all campuses of a center."""
        return self.name.split(" (")[0]

    @property
    def where(self) -> tuple[float, float] | None:
        return (self.lat, self.lon) if self.lat is not None and self.lon is not None else None


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60]


@lru_cache(maxsize=1)
def all_centers() -> tuple[Center, ...]:
    with open(assets_dir() / "data" / DATA_FILE, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    centers = []
    for row in rows:
        website = row["website"].strip()
        centers.append(
            Center(
                id=_slug(f"{row['name']}-{row['city']}-{row['state']}"),
                name=row["name"].strip(),
                designation=row["designation"].strip().lower(),
                parent=row["parent_institution"].strip(),
                city=row["city"].strip(),
                state=row["state"].strip().upper(),
                website=website if website.startswith(("https://", "http://")) else "",
                phone=row.get("phone", "").strip(),
                other_names=tuple(
                    n.strip() for n in row.get("other_names", "").split(" ; ") if n.strip()
                ),
                note=row.get("note", "").strip(),
                lat=_number(row.get("lat", "")),
                lon=_number(row.get("lon", "")),
            )
        )
    return tuple(centers)


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def patient_centers() -> list[Center]:
    """Centers a person can go to for a second opinion, by state then name."""
    return sorted((c for c in all_centers() if c.sees_patients), key=lambda c: (c.state, c.name))


def states(centers: list[Center]) -> list[str]:
    return sorted({c.state for c in centers})


def count_centers(centers: list[Center]) -> int:
    """How many centers, counting a center with several campuses once."""
    return len({c.group for c in centers})


def campus_counts(centers: list[Center]) -> dict[str, int]:
    """Centers listed once per campus, and how many campuses each has."""
    counts: dict[str, int] = {}
    for c in centers:
        counts[c.group] = counts.get(c.group, 0) + 1
    return {group: n for group, n in counts.items() if n > 1}


def search(centers: list[Center], query: str = "", state: str = "") -> list[Center]:
    """Centers whose name, other names, parent or city hold every word typed,
    in the chosen state."""
    words = folded(query).split()
    found = []
    for c in centers:
        if state and c.state != state.upper():
            continue
        haystack = folded(" ".join((c.name, *c.other_names, c.parent, c.city)))
        if all(w in haystack for w in words):
            found.append(c)
    return found


# -- closest to a ZIP code ---------------------------------------------------------


class ZipProblem(StrEnum):
    LETTERS = "letters"  # something other than numbers was typed
    LENGTH = "length"  # not 5 numbers (or 5+4)
    UNKNOWN = "unknown"  # 5 numbers, but no such ZIP code in the table


@dataclass(frozen=True)
class ZipLookup:
    zip: str = ""
    where: tuple[float, float] | None = None
    problem: ZipProblem | None = None


def clean_zip(text: str) -> tuple[str, ZipProblem | None]:
    """The 5-digit ZIP code in what was typed: '63110', ' 63110 ', '63110-1234'."""
    typed = text.strip()
    if any(not (ch.isdigit() or ch in " -") for ch in typed) or not typed.isascii():
        return "", ZipProblem.LETTERS
    digits = re.sub(r"[ -]", "", typed)
    if len(digits) not in (5, 9):
        return "", ZipProblem.LENGTH
    return digits[:5], None


@lru_cache(maxsize=1)
def _zip_table() -> str:
    with gzip.open(assets_dir() / "data" / ZIP_FILE, "rt", encoding="ascii") as f:
        return f.read()


def zip_location(zip5: str) -> tuple[float, float] | None:
    """Latitude and longitude of a 5-digit ZIP code, from the shipped table."""
    if len(zip5) != 5 or not zip5.isdigit():
        return None
    table = _zip_table()
    at = table.find(f"\n{zip5},")
    if at < 0:
        return None
    _zip, lat, lon = table[at + 1 : table.index("\n", at + 1)].split(",")
    return float(lat), float(lon)


def lookup_zip(text: str) -> ZipLookup:
    """What was typed, checked and placed on the map; a problem if it cannot be."""
    zip5, problem = clean_zip(text)
    if problem:
        return ZipLookup(problem=problem)
    where = zip_location(zip5)
    if where is None:
        return ZipLookup(zip=zip5, problem=ZipProblem.UNKNOWN)
    return ZipLookup(zip=zip5, where=where)


def read_zip(text: str, asked: bool) -> ZipLookup:
    """The ZIP field as the list should use it right now.

    Letters and unknown ZIP codes are named at once; a ZIP code that is still
    too short or too long is named only once the person asked for the closest
    centers (until then they may still be typing). Empty means no ZIP code.
    Reading the text every time, rather than when the button is tapped, keeps
    the answer right even if the tap reaches the app before the last key.
    """
    typed = text.strip()
    if not typed:
        return ZipLookup()
    found = lookup_zip(typed)
    if found.problem is ZipProblem.LENGTH and not asked:
        return ZipLookup()
    return found


def miles_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Straight-line (great-circle) distance in miles: the haversine formula."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(h)))


def by_distance(
    centers: list[Center], origin: tuple[float, float]
) -> list[tuple[Center, float | None]]:
    """Centers closest first, each with its distance in miles; any without a place go last."""
    placed = [(c, miles_between(origin, c.where)) for c in centers if c.where]
    unplaced = [(c, None) for c in centers if not c.where]
    placed.sort(key=lambda pair: (round(pair[1], 1), pair[0].state, pair[0].name))
    return [*placed, *unplaced]


def center_by_id(center_id: str) -> Center | None:
    return next((c for c in all_centers() if c.id == center_id), None)
