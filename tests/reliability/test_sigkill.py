"""Issue 7, SIGKILL: a crawl killed at any moment and restarted with the same window ends with every
listed notice stored once, the same content as an uninterrupted crawl, and the killed runs marked
failed ("interrupted"), never left running. CI runs 2 trials on SQLite (the first killed once a third of
the notices are stored) and that first, deterministic trial on PostgreSQL; bench/reliability/sigkill.py
runs 20+."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from trials import sigkill_trials

if TYPE_CHECKING:
    from conftest import Databases

pytestmark = pytest.mark.slow

WEEK = (date(2025, 6, 2), date(2025, 6, 8))


def test_nothing_lost_nothing_twice_after_a_kill(tmp_path: Path, databases: Databases) -> None:
    # One trial on PostgreSQL: the seeded random kill of the second adds time, not another code path.
    trials = 2 if databases.backend == "sqlite" else 1
    result = sigkill_trials(
        WEEK, tmp_path, trials=trials, seed=7, first_at_third=True, new_database=databases.new
    )
    assert result["problems"] == [], result
    first = result["trials"][0]
    # The deterministic trial really killed a crawl half-way through storing.
    assert first["killed"] and 0 < (first["notices_before"] or 0) < first["listed"], first
    assert first["runs_marked_interrupted"] >= 1, first
    assert all(t["notices_after"] == t["listed"] for t in result["trials"])
