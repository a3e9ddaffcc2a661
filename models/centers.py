"""The offline list of NCI-Designated Cancer Centers, and searching it.

Data: assets/data/nci-cancer-centers.csv (see its README for sources and
date). Basic laboratory centers do not see patients, so they are never offered.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache

from models.text import assets_dir

DATA_FILE = "nci-cancer-centers.csv"
CHECKED_ON = "2026-11-25"
SOURCE = "National Cancer Institute, NCI-Designated Cancer Centers (cancer.gov)"
TREATING = ("comprehensive", "clinical")
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

    @property
    def sees_patients(self) -> bool:
        """Sees adult patients: not a laboratory-only or children-only center."""
        return self.designation in TREATING and not self.name.lower().startswith(CHILDREN_ONLY)


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
            )
        )
    return tuple(centers)


def patient_centers() -> list[Center]:
    """Centers a person can go to for a second opinion, by state then name."""
    return sorted((c for c in all_centers() if c.sees_patients), key=lambda c: (c.state, c.name))


def states(centers: list[Center]) -> list[str]:
    return sorted({c.state for c in centers})


def search(centers: list[Center], query: str = "", state: str = "") -> list[Center]:
    """Centers whose name, parent or city holds every word typed, in the chosen state."""
    words = query.lower().split()
    found = []
    for c in centers:
        if state and c.state != state.upper():
            continue
        haystack = f"{c.name} {c.parent} {c.city}".lower()
        if all(w in haystack for w in words):
            found.append(c)
    return found


def center_by_id(center_id: str) -> Center | None:
    return next((c for c in all_centers() if c.id == center_id), None)
