"""Dates and numbers read the same on every screen, the brief and the letter,
and another language's words are a data change."""

import datetime as dt
import shutil

import pytest

from models import text
from models.journey import parse_day
from models.text import assets_dir, strings
from models.words import (
    count,
    distance,
    full_date,
    keys,
    long_date,
    number,
    room_note,
    rounded_miles,
    short_date,
    typed_date,
    weekday_date,
)

D = dt.date
IN_WORDS = (long_date, short_date, weekday_date, full_date)


def every_day_of(year: int) -> list[dt.date]:
    first = D(year, 1, 1).toordinal()
    return [D.fromordinal(n) for n in range(first, D(year + 1, 1, 1).toordinal())]


def test_each_style_reads_as_people_write_a_date():
    day = D(2026, 12, 3)
    assert long_date(day) == "December 3, 2026"
    assert short_date(day) == "December 3"
    assert weekday_date(day) == "Thursday, December 3"
    assert full_date(day) == "Thursday, December 3, 2026"
    assert typed_date(day) == "12/03/2026"


@pytest.mark.parametrize("words", IN_WORDS)
def test_no_date_in_words_has_a_leading_zero(words):
    for day in every_day_of(2028):
        said = words(day)
        assert " 0" not in said and f" {day.day}" in said, said


def test_a_leap_day_is_written_like_any_other():
    day = D(2028, 2, 29)
    assert long_date(day) == "February 29, 2028"
    assert full_date(day) == "Tuesday, February 29, 2028"
    assert typed_date(day) == "02/29/2028"


def test_single_digit_days_and_months():
    assert long_date(D(2027, 1, 1)) == "January 1, 2027"
    assert short_date(D(2026, 11, 9)) == "November 9"
    assert weekday_date(D(2026, 11, 30)) == "Monday, November 30"


def test_every_month_and_weekday_has_its_name():
    months = {long_date(D(2026, m, 1)).split()[0] for m in range(1, 13)}
    weekdays = {
        weekday_date(D(2026, 11, 30) + dt.timedelta(days=n)).split(",")[0] for n in range(7)
    }
    assert len(months) == 12 and "May" in months and "September" in months
    assert weekdays == {
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    }


def test_a_date_put_back_in_a_form_field_reads_back_as_the_same_day():
    for day in every_day_of(2028):
        assert parse_day(typed_date(day)) == day


@pytest.mark.parametrize(
    "n, said", [(0, "0"), (7, "7"), (999, "999"), (1230, "1,230"), (1_000_000, "1,000,000")]
)
def test_numbers_have_thousands_separators(n, said):
    assert number(n) == said


@pytest.mark.parametrize(
    "n, said",
    [(0, "0 questions"), (1, "1 question"), (2, "2 questions"), (1200, "1,200 questions")],
)
def test_a_count_says_the_noun_in_the_right_form(n, said):
    assert count(n, "question") == said


@pytest.mark.parametrize(
    "miles, said",
    [(0.4, None), (9.9, None), (12, 10), (43, 45), (99, 100), (351, 350), (1234, 1230)],
)
def test_miles_are_rounded_as_people_say_them(miles, said):
    assert rounded_miles(miles) == said


def test_a_distance_in_words():
    assert distance(0.4) == "Less than 10 miles away"
    assert distance(43) == "About 45 miles away"
    assert distance(1234) == "About 1,230 miles away"


@pytest.mark.parametrize(
    ("length", "limit", "said"),
    [
        (0, 500, None),
        (449, 500, None),
        (450, 500, "50 characters left."),
        (499, 500, "1 character left."),
        (500, 500, "This box is full: it holds 500 characters."),
        (159, 200, None),
        (160, 200, "40 characters left."),
        (4500, 5000, "500 characters left."),
        (2, 2, None),  # a two-letter state box holds a code, not words
        (10, None, None),
    ],
)
def test_a_box_says_how_much_room_is_left_before_it_is_full(length, limit, said):
    note = room_note(length, limit)
    assert note == said if said is None or "full" not in said else note.startswith(said)


def test_every_pattern_this_module_reads_is_in_ui_toml():
    assert [k for k in keys() if k not in strings("en")] == []


SPANISH_WORDS = """
[words]
long_date = "{day} de {month} de {year}"
typed_date = "{dd}/{mm}/{year}"
thousands = "."

[words.month]
11 = "noviembre"
"""


@pytest.fixture
def spanish_words(tmp_path, monkeypatch):
    """A copy of the assets with a Spanish ui.toml holding only some of [words]."""
    shutil.copytree(assets_dir() / "content" / "en", tmp_path / "content" / "en")
    (tmp_path / "content" / "es").mkdir()
    (tmp_path / "content" / "es" / "ui.toml").write_text(SPANISH_WORDS, encoding="utf-8")
    monkeypatch.setenv(text.ASSETS_ENV, str(tmp_path))
    text.strings.cache_clear()
    yield
    text.strings.cache_clear()


def test_another_language_is_a_data_change(spanish_words):
    day = D(2026, 11, 25)
    assert long_date(day, "es") == "25 de noviembre de 2026"
    assert typed_date(day, "es") == "25/11/2026"
    assert number(1230, "es") == "1.230"
    # What the language does not have yet falls back to English, never to a raw key.
    assert short_date(day, "es") == "noviembre 25"
    assert long_date(day) == "November 25, 2026"
