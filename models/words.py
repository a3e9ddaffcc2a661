"""Dates and numbers in words, the one place that writes them for people.

Every screen, the brief and the records letter use these, so a date reads the
same everywhere ("December 3, 2026", never "December 03"). The patterns, month
and weekday names come from the [words] section of ui.toml, so another language
changes its data, not this code. Machine formats (file names, the calendar
file's DTSTART) are not words and stay where they are written.
"""

from __future__ import annotations

import datetime as dt

from models.text import t

MONTHS = range(1, 13)
WEEKDAYS = range(1, 8)
"""ISO weekdays: Monday is 1, Sunday is 7."""
DATE_STYLES = ("long_date", "short_date", "weekday_date", "full_date", "typed_date")
"""The date patterns under [words] in ui.toml."""
NOUNS = ("question", "record", "place", "note", "item")
"""Things counted in words; each has a `<noun>_one` and a `<noun>_other` pattern."""
NEAR_MILES = 10
"""Under this, a distance is "less than 10 miles" rather than a rounded number."""


def _date(style: str, day: dt.date, lang: str | None) -> str:
    return t(
        f"words.{style}",
        lang,
        day=day.day,
        month=t(f"words.month.{day.month}", lang),
        weekday=t(f"words.weekday.{day.isoweekday()}", lang),
        year=day.year,
        dd=f"{day.day:02d}",
        mm=f"{day.month:02d}",
    )


def long_date(day: dt.date, lang: str | None = None) -> str:
    """December 3, 2026."""
    return _date("long_date", day, lang)


def short_date(day: dt.date, lang: str | None = None) -> str:
    """December 3: a day this year or near it (a request sent, a step due)."""
    return _date("short_date", day, lang)


def weekday_date(day: dt.date, lang: str | None = None) -> str:
    """Thursday, December 3: the appointment, where the day of the week matters."""
    return _date("weekday_date", day, lang)


def full_date(day: dt.date, lang: str | None = None) -> str:
    """Thursday, December 3, 2026: the appointment on the printed brief."""
    return _date("full_date", day, lang)


def typed_date(day: dt.date, lang: str | None = None) -> str:
    """12/03/2026: a saved date put back in a form field, written as its hint asks."""
    return _date("typed_date", day, lang)


def number(n: int, lang: str | None = None) -> str:
    """1,230: whole numbers with the language's thousands separator."""
    return f"{n:,}".replace(",", t("words.thousands", lang))


def count(n: int, noun: str, lang: str | None = None) -> str:
    """1 question, 3 questions: `n` with the noun in the right form."""
    form = "one" if n == 1 else "other"
    return t(f"words.{noun}_{form}", lang, n=number(n, lang))


def rounded_miles(miles: float) -> int | None:
    """Miles as a person would say them: None when near, then to 5 under 100, else to 10."""
    if miles < NEAR_MILES:
        return None
    step = 5 if miles < 100 else 10
    return int(step * round(miles / step))


def distance(miles: float, lang: str | None = None) -> str:
    """About 40 miles away (or less than 10): a straight-line distance as people say it."""
    rounded = rounded_miles(miles)
    if rounded is None:
        return t("words.miles_near", lang, miles=NEAR_MILES)
    return t("words.miles", lang, miles=number(rounded, lang))


LONG_BOX = 100
"""A box holding at least this many characters is for words, and says when it
is nearly full; shorter ones hold codes (a ZIP, a state) and need no warning."""


def room_left(length: int, limit: int | None) -> int | None:
    """How many more characters fit in a box once it is nearly full: from the
    last tenth (and at least the last 40); None before that, or for a short box."""
    if limit is None or limit < LONG_BOX:
        return None
    left = max(limit - length, 0)
    return left if left <= max(40, limit // 10) else None


def room_note(length: int, limit: int | None, lang: str | None = None) -> str | None:
    """ "40 characters left.", then a kind word when the box is full; None until then."""
    left = room_left(length, limit)
    if left is None:
        return None
    if left == 0:
        return t("limit.full", lang, limit=number(limit or 0, lang))
    form = "one" if left == 1 else "other"
    return t(f"limit.left_{form}", lang, n=number(left, lang))


def keys() -> list[str]:
    """Every ui.toml key this module reads, for the test that each has a sentence."""
    return [
        *(f"words.{style}" for style in DATE_STYLES),
        *(f"words.month.{m}" for m in MONTHS),
        *(f"words.weekday.{d}" for d in WEEKDAYS),
        *(f"words.{noun}_{form}" for noun in NOUNS for form in ("one", "other")),
        "words.thousands",
        "words.miles",
        "words.miles_near",
        "limit.full",
        "limit.left_one",
        "limit.left_other",
    ]
