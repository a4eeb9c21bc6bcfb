"""A detail page that keeps failing during a run that still finishes (it stored ≥ 95 % of the listed
notices) is not lost for good: the next incremental run reaches back to the day it was listed and fetches
it, without fetching again what is stored."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date

import pytest
from replay_harness import listed_urls, query, stored_urls

from crawler.spiders.base import default_keywords
from domain.paths import REPO_ROOT
from replay.server import ReplaySite, Response

WEEK = (date(2025, 6, 1), date(2025, 6, 7))


class FailingSite(ReplaySite):
    """The replay site, answering 500 for the pages in `failing` (host + path) for as long as they are there."""

    def __init__(self) -> None:
        super().__init__()
        self.failing: set[str] = set()

    def route(self, method: str, host: str, path: str, query: str, body: bytes, key: str) -> Response:
        if host + path in self.failing:
            return Response(500, "server error", "text/plain")
        return super().route(method, host, path, query, body, key)


def crawl(database_url: str, base_url: str, *window: str) -> subprocess.CompletedProcess[str]:
    dates = ["--from", window[0], "--until", window[1]] if window else []
    options = [*dates, "--replay", base_url, "--quiet"]
    return subprocess.run(
        [sys.executable, "-m", "tenders", "--db", database_url, "crawl", "ccgp", *options],
        cwd=REPO_ROOT,
        env={**os.environ, "TENDERS_TODAY": WEEK[1].isoformat()},
        capture_output=True,
        text=True,
        timeout=900,  # a guard against a hang, not a time limit (issue 17)
        check=False,
    )


@pytest.mark.slow
def test_a_detail_lost_in_a_finished_run_is_fetched_by_the_next_run(database_url: str) -> None:
    with FailingSite() as site:
        listed = sorted(listed_urls(site.base_url, "ccgp", WEEK, list(default_keywords())))
        # Published before the window's last day: an incremental window from that day would not list it.
        victim = next(url for url in listed if re.search(r"/t2025060[2-5]_", url))
        site.failing.add(victim.split("://", 1)[1])
        first = crawl(database_url, site.base_url, *(d.isoformat() for d in WEEK))
        assert first.returncode == 0, first.stderr[-2000:]
        assert victim not in stored_urls(database_url, "ccgp")
        [(status, stats)] = query(database_url, "SELECT status, stats FROM crawl_run")
        stats = json.loads(stats) if isinstance(stats, str) else stats
        lost_day = re.search(r"/t(\d{4})(\d\d)(\d\d)_", victim)
        assert lost_day is not None
        assert status == "finished" and stats["lost_details_from"] == "-".join(lost_day.groups())

        site.failing.clear()
        second = crawl(database_url, site.base_url)  # no dates: incremental, as the nightly job runs it
    assert second.returncode == 0, second.stderr[-2000:]
    stored = stored_urls(database_url, "ccgp")
    assert victim in stored and len(stored) == len(set(stored))
    runs = query(database_url, "SELECT from_date, new_items FROM crawl_run ORDER BY id")
    assert str(runs[1][0]) == stats["lost_details_from"] and runs[1][1] >= 1
