"""The small hand-built database of tests/reports (eight projects, labels known) for correction tests."""

from __future__ import annotations

import pytest

from tests.reports.conftest import MODEL, SmallDb, build_small_db

__all__ = ["MODEL", "SmallDb"]


@pytest.fixture
def small(database_url: str) -> SmallDb:
    return build_small_db(database_url)
