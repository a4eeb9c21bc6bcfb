"""`tenders crawl -s NAME=VALUE`, `--ccgp-mode` and `--zcy-sites`: checked before any crawl starts, and
passed to the run (a real crawl of the replay site through the static channel listings)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from replay_harness import query

from crawler.crawl_options import SettingError, parse_setting_pairs
from domain.paths import REPO_ROOT
from replay.server import ReplaySite, Response
from tenders.cli import main


def test_known_settings_pass_as_given() -> None:
    chosen = parse_setting_pairs(["LOG_LEVEL=INFO", "DOWNLOAD_DELAY = 5", "RETRY_TIMES=5"], polite=True)
    assert chosen == {"LOG_LEVEL": "INFO", "DOWNLOAD_DELAY": "5", "RETRY_TIMES": "5"}


@pytest.mark.parametrize(
    ("pair", "polite", "message"),
    [
        ("LOG_LEVEL", True, "expected NAME=VALUE"),
        ("=3", True, "expected NAME=VALUE"),
        ("DOWNLAOD_DELAY=5", True, "did you mean DOWNLOAD_DELAY?"),
        ("NO_SUCH_THING=1", False, "not a Scrapy or tenders setting"),
        ("TENDERS_DATABASE_URL=sqlite://", False, "use the --db option"),
        ("ROBOTSTXT_OBEY=False", True, "allowed only with --replay"),
        ("USER_AGENT=Mozilla/5.0", True, "allowed only with --replay"),
        ("DOWNLOAD_DELAY=0.5", True, "may only be raised"),
        ("CONCURRENT_REQUESTS_PER_DOMAIN=8", True, "may only be lowered"),
        ("CONCURRENT_REQUESTS_PER_DOMAIN=0", True, "may only be lowered"),
        ("DOWNLOAD_DELAY=soon", True, "a number expected"),
    ],
)
def test_bad_settings_are_refused_naming_them(pair: str, polite: bool, message: str) -> None:
    with pytest.raises(SettingError, match=message.replace("?", r"\?")):
        parse_setting_pairs([pair], polite=polite)


def test_politeness_may_be_tightened_on_the_portals_and_anything_goes_on_the_replay() -> None:
    tighter = ["DOWNLOAD_DELAY=10", "CONCURRENT_REQUESTS_PER_DOMAIN=1", "AUTOTHROTTLE_MAX_DELAY=120"]
    assert len(parse_setting_pairs(tighter, polite=True)) == 3
    looser = ["DOWNLOAD_DELAY=0", "ROBOTSTXT_OBEY=False", "CONCURRENT_REQUESTS_PER_DOMAIN=32"]
    assert len(parse_setting_pairs(looser, polite=False)) == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["crawl", "-s", "DOWNLOAD_DELAY=0"], "-s DOWNLOAD_DELAY=0: may only be raised"),
        (["crawl", "ggzy", "--ccgp-mode", "channel"], "--ccgp-mode given but ccgp is not among"),
        (["crawl", "--ccgp-mode", "rss"], "Invalid value for '--ccgp-mode'"),
        (["crawl", "zcy", "--zcy-sites", "www.example.org"], "--zcy-sites: www.example.org is not one of"),
        (["crawl", "zcy", "--zcy-sites", " , "], "--zcy-sites: ' , ' is not one of"),
    ],
)
def test_bad_options_stop_before_crawling(args: list[str], message: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--db", f"sqlite:///{tmp_path / 'x.db'}", *args])
    assert result.exit_code != 0 and message in result.output, result.output
    assert not (tmp_path / "x.db").exists()  # refused before the database was touched


class RecordingSite(ReplaySite):
    """The replay site, remembering the host and path of every request it routes."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []

    def route(self, method: str, host: str, path: str, query: str, body: bytes, key: str) -> Response:
        self.seen.append(host + path)
        return super().route(method, host, path, query, body, key)


def run_tenders(command: list[str]) -> subprocess.CompletedProcess[str]:
    # timeout: a guard against a hang, not a time limit (issue 17).
    return subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=900, check=False)


@pytest.mark.slow
def test_channel_mode_and_settings_reach_the_crawl(database_url: str) -> None:
    with RecordingSite() as site:
        command = [sys.executable, "-m", "tenders", "--db", database_url, "crawl", "ccgp"]
        command += ["--ccgp-mode", "channel", "--from", "2025-06-02", "--until", "2025-06-04"]
        # A ratio no run can meet: the run closing incomplete shows the setting reached the crawl.
        command += ["--replay", site.base_url, "--quiet", "-s", "TENDERS_COMPLETE_RATIO=1.5"]
        result = run_tenders(command)
    assert result.returncode == 0, result.stderr[-2000:]
    [(status, reason, fetched, expected, stats)] = query(
        database_url, "SELECT status, close_reason, fetched_count, expected_count, stats FROM crawl_run"
    )
    stats = json.loads(stats) if isinstance(stats, str) else stats
    assert fetched == expected > 0
    assert (status, reason) == ("incomplete", f"stored {fetched} of {expected} listed notices")
    # Channel mode walks the static indexes and never asks the search engine.
    assert any(path.endswith("/index.htm") for path in site.seen)
    assert not any("bxsearch" in path for path in site.seen)
    assert stats["window"] == ["2025-06-02", "2025-06-04"]


class SearchDownSite(RecordingSite):
    """The replay site with ccgp's search server answering 503 to everything."""

    def route(self, method: str, host: str, path: str, query: str, body: bytes, key: str) -> Response:
        if "bxsearch" in path:
            self.seen.append(host + path)
            return Response(503, "Service Unavailable", "text/plain")
        return super().route(method, host, path, query, body, key)


@pytest.mark.slow
def test_a_search_that_answers_nothing_falls_back_to_the_channel_listings(database_url: str) -> None:
    with SearchDownSite() as site:
        command = [sys.executable, "-m", "tenders", "--db", database_url, "crawl", "ccgp"]
        command += ["--from", "2025-06-02", "--until", "2025-06-04", "--replay", site.base_url, "--quiet"]
        result = run_tenders(command)
    assert result.returncode == 0, result.stderr[-2000:]
    [(status, reason, fetched, stats)] = query(
        database_url, "SELECT status, close_reason, fetched_count, stats FROM crawl_run"
    )
    stats = json.loads(stats) if isinstance(stats, str) else stats
    assert status == "incomplete" and fetched > 0
    assert reason.startswith("search unavailable, fell back to the channel listings (titles only)")
    assert stats["tenders/channel_fallback"] == 1
    assert any(path.endswith("/index.htm") for path in site.seen)
