"""`tenders crawl`: argument errors in one line, the summary table, the source lock, and a crawl killed
with SIGKILL then restarted (nothing lost, nothing twice, the stale run marked interrupted)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from crawl_helpers import run_tenders
from replay_harness import listed_urls, notice_count, query, stored_urls

from domain.paths import REPO_ROOT
from replay.faults import FaultConfig
from replay.server import ReplaySite
from tenders.cli import main

JUNE = (date(2025, 6, 1), date(2025, 6, 30))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["crawl", "--from", "2025-13-01"], "Invalid value for '--from'"),
        (
            ["crawl", "--from", "2025-06-30", "--until", "2025-06-01"],
            "--from 2025-06-30 is after --until 2025-06-01",
        ),
        (["crawl", "--sample", "0"], "Invalid value for '--sample'"),
        (["crawl", "cebpub"], "unknown source 'cebpub'"),
        (["crawl", "--keywords", " , "], "--keywords: no keyword given"),
        (["crawl", "--no-polite"], "--no-polite is only allowed with --replay"),
    ],
)
def test_bad_arguments_give_one_line_naming_them(args: list[str], message: str, tmp_path: Path) -> None:
    # SQLite only: the arguments are refused before the database is opened.
    result = CliRunner().invoke(main, ["--db", f"sqlite:///{tmp_path / 'x.db'}", *args])
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output


def test_help_has_an_example() -> None:
    result = CliRunner().invoke(main, ["crawl", "--help"])
    assert (
        result.exit_code == 0 and "tenders crawl ccgp --from 2025-09-01 --until 2025-09-30" in result.output
    )


def tenders(*args: str) -> list[str]:
    return [sys.executable, "-m", "tenders", *args]


@pytest.mark.slow
def test_a_source_being_crawled_elsewhere_exits_3(database_url: str) -> None:
    from storage.db import make_engine
    from storage.locks import try_acquire

    url = database_url
    assert try_acquire(make_engine(url), "crawl:zcy", holder="elsewhere.example:4242")
    result = run_tenders(
        "--db", url, "crawl", "zcy", "--replay", "http://127.0.0.1:9", "--quiet", "--from", "2025-06-01"
    )
    assert result.returncode == 3, result.stderr[-2000:]
    assert "busy: zcy is being crawled by elsewhere.example:4242" in result.stderr
    assert query(url, "SELECT count(*) FROM crawl_run") == [(0,)]


@pytest.mark.slow
def test_killed_crawl_restarts_without_losing_or_doubling(database_url: str) -> None:
    from replay.store import load_corpus

    corpus = load_corpus()
    url = database_url
    keywords = "DeepSeek"
    with ReplaySite(corpus) as clean:
        listed = listed_urls(clean.base_url, "ccgp", JUNE, [keywords])
    # Every first attempt answers after 0.5 s, so the crawl is still running when it is killed.
    with ReplaySite(corpus, FaultConfig(seed=5, slow=1.0, slow_seconds=0.5)) as site:
        args = (
            "--db",
            url,
            "crawl",
            "ccgp",
            "--from",
            "2025-06-01",
            "--until",
            "2025-06-30",
            "--keywords",
            keywords,
            "--replay",
            site.base_url,
            "--quiet",
        )
        process = subprocess.Popen(
            tenders(*args), cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        deadline = time.monotonic() + 300  # a guard against hanging, not a time limit
        while time.monotonic() < deadline and process.poll() is None and notice_count(url) < 5:
            time.sleep(0.1)
        assert process.poll() is None, "the crawl ended before it could be killed"
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
        stored_before = query(url, "SELECT count(*) FROM notice")[0][0]
        assert 0 < stored_before < len(listed)
        assert query(url, "SELECT status FROM crawl_run") == [("running",)]

        restarted = subprocess.run(
            tenders(*args), cwd=REPO_ROOT, capture_output=True, text=True, timeout=900, check=False
        )
    assert restarted.returncode == 0, restarted.stderr[-2000:]
    assert "finished" in restarted.stdout and "crawl runs" in restarted.stdout
    stored = stored_urls(url, "ccgp")
    assert sorted(stored) == sorted(listed)  # nothing lost, nothing twice
    assert query(url, "SELECT status, close_reason FROM crawl_run ORDER BY id") == [
        ("failed", "interrupted"),
        ("finished", "finished"),
    ]
    [(new_items,)] = query(url, "SELECT new_items FROM crawl_run WHERE status = 'finished'")
    assert new_items == len(listed) - stored_before
