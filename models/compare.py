"""Two opinions side by side: where they differ, and what to ask about it."""

from __future__ import annotations

import unicodedata

from models.brief import label
from models.journey import Comparison, Opinion  # noqa: F401  (kept here for callers)

FIELDS = ("diagnosis", "treatment", "trials", "reasons", "next_steps")


def field_label(field: str) -> str:
    """ "Treatment they suggest" for "treatment"."""
    return label(f"compare_{field}")


def _normalised(text: str) -> str:
    """Lower case, no punctuation, single spaces: "Chemo, then surgery." == "chemo then surgery"."""
    kept = [
        " " if unicodedata.category(ch)[0] in "PZ" or ch.isspace() else ch
        for ch in unicodedata.normalize("NFKC", text).casefold()
    ]
    return " ".join("".join(kept).split())


def differences(c: Comparison) -> list[str]:
    """The fields (in FIELDS order) where both doctors said something, and not the same thing."""
    found = []
    for field in FIELDS:
        first = _normalised(getattr(c.first, field))
        second = _normalised(getattr(c.second, field))
        if first and second and first != second:
            found.append(field)
    return found


def questions_to_take_back(c: Comparison) -> list[str]:
    """One plain question for each difference, to ask the person's own team."""
    return [label(f"take_back_{field}") for field in differences(c)]
