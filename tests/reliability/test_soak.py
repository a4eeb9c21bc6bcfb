"""Issue 7, soak (CI size): the nightly job (tenders.jobs.tasks.nightly_crawl: `tenders crawl` then
`tenders process`, each a child process) for every source, 3 simulated nights in a row with the clock
advanced by TENDERS_TODAY, against the replay site with faults on. Each night's incremental window is
the new day; afterwards the database holds exactly what the site lists for the covered days, every
notice is linked and classified, and the crawl's peak memory does not grow from night to night.
Three nights on SQLite, two on PostgreSQL (night after night is the code path; a third night there
adds only time). bench/reliability/soak.py runs 30 nights."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from trials import soak

if TYPE_CHECKING:
    from conftest import Databases

pytestmark = pytest.mark.slow


def test_nights_in_a_row_with_faults(tmp_path: Path, databases: Databases) -> None:
    nights = 3 if databases.backend == "sqlite" else 2
    result = soak(date(2025, 6, 2), nights, tmp_path, new_database=databases.new)
    assert result["problems"] == [], result
    assert result["failed_nights"] == []
    assert result["notices"] == result["listed"] > 0 and result["runs"] == 3 * nights
    assert sum(result["injected"].values()) > 0
    peaks = [night["crawl_peak_rss_mb"] for night in result["nights"]]
    assert all(peaks) and max(peaks) <= 1.2 * min(peaks), peaks
