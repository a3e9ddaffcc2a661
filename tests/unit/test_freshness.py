"""Freshness: a topic older than a year says so gently; the review tool lists every date.

The suite never fails on age (tests/unit/test_content.py only asks for a date and a
source); these tests check the rule the app uses and the report tools/content_review.py prints.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from models.content import STALE_AFTER_MONTHS, is_stale, load_topics

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import content_review  # noqa: E402

D = dt.date


@pytest.mark.parametrize(
    ("reviewed", "today", "stale"),
    [
        (D(2026, 11, 30), D(2026, 11, 30), False),  # reviewed today
        (D(2025, 11, 30), D(2026, 11, 30), False),  # exactly twelve months: not yet
        (D(2025, 11, 29), D(2026, 11, 30), True),  # twelve months and a day
        (D(2025, 12, 1), D(2026, 11, 30), False),
        (D(2024, 2, 29), D(2025, 2, 28), False),  # leap day: anniversary is 28 February
        (D(2024, 2, 29), D(2025, 3, 1), True),
        (D(2025, 1, 31), D(2026, 1, 31), False),
        (D(2020, 6, 15), D(2026, 11, 30), True),  # years old
        (D(2027, 1, 1), D(2026, 11, 30), False),  # a date still to come is not old
    ],
)
def test_a_topic_is_stale_only_after_twelve_months(reviewed, today, stale):
    assert STALE_AFTER_MONTHS == 12
    assert is_stale(reviewed, today) is stale


def test_another_span_can_be_asked_for():
    assert is_stale(D(2026, 1, 31), D(2026, 3, 1), months=1)
    assert not is_stale(D(2026, 1, 31), D(2026, 2, 28), months=1)


def test_the_review_report_lists_every_topic_and_data_file_with_age_and_sources():
    today = D(2026, 11, 30)
    rows = content_review.collect(today)
    names = {row.name for row in rows}
    assert {f"learn/{t.id}" for t in load_topics()} <= names
    assert {"decide", "find", "prepare", "glossary"} <= names
    assert any(name.startswith("data/") for name in names)
    for row in rows:
        if row.reviewed_on is not None:
            assert row.age_days == (today - row.reviewed_on).days, row.name
    topic = next(row for row in rows if row.name == "learn/what-it-is")
    assert topic.reviewed_on is not None and topic.sources
    assert all(url.startswith(("https://", "http://")) for _, url in topic.sources)


def test_the_review_tool_runs_and_prints_a_line_per_file():
    tool = ROOT / "tools" / "content_review.py"
    done = subprocess.run(
        [sys.executable, str(tool), "--today", "2026-11-30"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "learn/what-it-is" in done.stdout and "reviewed" in done.stdout
    assert "data/nci-cancer-centers" in done.stdout
