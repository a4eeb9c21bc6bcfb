"""Issue 7, faults: a crawl of one week under 10 % 5xx, 5 % 429 with Retry-After, 2 % hung responses,
one block page, one truncated page and GBK pages stores every listed notice exactly once, reads them
as a fault-free crawl does, and its run record accounts for every fault the site injected.

Both crawls are the real `tenders crawl --replay` in a child process; the faulty site is the real
`python -m replay serve --faults …`. Full-size figures: bench/reliability/faults.py.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from trials import fault_trial

if TYPE_CHECKING:
    from conftest import Databases

pytestmark = pytest.mark.slow

WEEK = (date(2025, 6, 2), date(2025, 6, 8))


def test_every_notice_once_and_every_fault_on_the_record(tmp_path: Path, databases: Databases) -> None:
    result = fault_trial(WEEK, tmp_path, new_database=databases.new)
    assert result["problems"] == [], result
    sources = result["sources"]
    assert all(s["status"] == "finished" and s["stored"] == s["listed"] > 0 for s in sources.values())
    # The trial means something only if every kind of fault was really served during the crawl.
    injected = {kind for s in sources.values() for kind in s["injected"]}
    assert injected == {"error", "throttle", "hang", "block", "truncate"}
    assert result["gbk_notice_pages"] > 0
