"""Two opinions side by side: where they differ, and what to ask about it."""

from __future__ import annotations

import unicodedata
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from models.brief import label
from models.journey import Line, LongText, Single

FIELDS = ("diagnosis", "treatment", "trials", "reasons", "next_steps")


class Opinion(BaseModel):
    """What one doctor said, in the person's own words."""

    model_config = ConfigDict(extra="ignore", validate_assignment=True)
    doctor: Line = ""
    """The doctor's name."""
    diagnosis: LongText = ""
    """The diagnosis and stage as this doctor described them."""
    treatment: LongText = ""
    """The treatment they suggest."""
    trials: LongText = ""
    """Clinical trials they offered or mentioned."""
    reasons: LongText = ""
    """The reasons they gave."""
    next_steps: LongText = ""


class Comparison(Single):
    """The first and the second opinion, kept side by side."""

    table: ClassVar[str] = "comparison"
    first: Opinion = Field(default_factory=Opinion)
    second: Opinion = Field(default_factory=Opinion)


def field_label(field: str) -> str:
    """"Treatment they suggest" for "treatment"."""
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
