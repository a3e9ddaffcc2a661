"""Fixtures more than one unit test file uses."""

from pathlib import Path

import pytest


@pytest.fixture
def path(tmp_path) -> Path:
    """Where a test's store file goes (nothing is written there yet)."""
    return tmp_path / "companion.json"
