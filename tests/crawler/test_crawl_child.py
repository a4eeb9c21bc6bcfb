"""Crawls in child processes: `run_crawl(in_child=True)` as the demo runs its two (the summaries come back,
a `niceness` lowers the child's CPU priority, not the caller's), and `tenders crawl --processes N`."""

from __future__ import annotations

import os
import re
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from crawler.run import run_crawl
from replay.server import ReplaySite

if TYPE_CHECKING:
    from conftest import Databases


def _crawl_children() -> list[int]:
    """This process's children that run `python -m crawler.run`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes()
        except OSError:  # it ended meanwhile
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == os.getpid() and b"crawler.run" in command:
            found.append(int(entry.name))
    return found


def _crawl_and_priorities(
    sources: list[str], database_url: str, **options: Any
) -> tuple[list[dict[str, Any]], set[int]]:
    """A June crawl of the replay with `run_crawl(**options)` in a thread, and every CPU priority seen among
    this process's crawl children while it ran (each lives for its imports and its crawl: seconds)."""
    seen: set[int] = set()
    with ReplaySite() as site, ThreadPoolExecutor(max_workers=1) as pool:
        crawl = pool.submit(
            run_crawl,
            sources,
            database_url=database_url,
            from_date=date(2025, 6, 1),
            until_date=date(2025, 6, 30),
            replay_url=site.base_url,
            polite=False,
            progress=False,
            keywords=["DeepSeek"],
            **options,
        )
        while not crawl.done():
            for pid in _crawl_children():
                try:
                    seen.add(os.getpriority(os.PRIO_PROCESS, pid))
                except OSError:
                    continue
        return crawl.result(), seen


@pytest.mark.skipif(sys.platform != "linux", reason="reads the child's priority from /proc (Linux)")
def test_a_child_crawl_runs_at_the_niceness_asked_and_returns_its_summaries(database_url: str) -> None:
    ours = os.getpriority(os.PRIO_PROCESS, 0)
    summaries, seen = _crawl_and_priorities(["ccgp"], database_url, in_child=True, niceness=3)
    assert [s["source"] for s in summaries] == ["ccgp"]
    assert summaries[0]["status"] == "finished" and summaries[0]["items"] > 0
    assert min(ours + 3, 19) in seen, seen  # lowered once the job was read
    assert os.getpriority(os.PRIO_PROCESS, 0) == ours  # the caller's own is untouched


@pytest.mark.skipif(sys.platform != "linux", reason="reads the children's priorities from /proc (Linux)")
def test_crawl_processes_after_the_first_run_at_a_lower_priority(database_url: str) -> None:
    """`run_crawl(processes=2)`: ccgp's process at the niceness asked, the other one LATER_GROUP_NICENESS lower."""
    from crawler.run import LATER_GROUP_NICENESS

    ours = os.getpriority(os.PRIO_PROCESS, 0)
    summaries, seen = _crawl_and_priorities(["ccgp", "ggzy"], database_url, niceness=1, processes=2)
    assert [s["source"] for s in summaries] == ["ccgp", "ggzy"]
    assert all(s["status"] == "finished" for s in summaries), summaries
    assert {min(ours + 1, 19), min(ours + 1 + LATER_GROUP_NICENESS, 19)} <= seen, seen
    assert os.getpriority(os.PRIO_PROCESS, 0) == ours


def test_the_collector_settings_of_a_crawl_are_undone_after_it() -> None:
    """A crawl in this process (`tenders crawl`, the tests) leaves the garbage collector as it found it."""
    import gc

    from crawler.run import CRAWL_GC_THRESHOLDS, _collector_for_a_crawl

    before, frozen = gc.get_threshold(), gc.get_freeze_count()
    restore = _collector_for_a_crawl()
    assert gc.get_threshold() == CRAWL_GC_THRESHOLDS and gc.get_freeze_count() > frozen
    restore()
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


@pytest.mark.parametrize(
    ("sources", "processes", "groups"),
    [
        (["ccgp", "ggzy", "zcy"], 1, [["ccgp", "ggzy", "zcy"]]),
        (["ccgp", "ggzy", "zcy"], 2, [["ccgp"], ["ggzy", "zcy"]]),
        (["ccgp", "ggzy", "zcy"], 3, [["ccgp"], ["ggzy"], ["zcy"]]),
        (["ccgp", "ggzy", "zcy"], 8, [["ccgp"], ["ggzy"], ["zcy"]]),
        (["zcy", "ggzy"], 2, [["zcy"], ["ggzy"]]),
        (["ggzy", "ccgp"], 2, [["ccgp"], ["ggzy"]]),
        (["ggzy"], 4, [["ggzy"]]),
    ],
)
def test_sources_are_grouped_ccgp_alone_first(
    sources: list[str], processes: int, groups: list[list[str]]
) -> None:
    from crawler.run import source_groups

    assert source_groups(sources, processes) == groups


def test_a_crawl_in_two_processes_stores_what_one_process_stores(databases: Databases) -> None:
    """`tenders crawl --processes 2`: the same notices, once each, and a summary line per source in order."""
    from crawl_helpers import run_tenders
    from replay_harness import stored_urls

    one, two = databases.new(), databases.new()
    args = [
        "crawl",
        "--from",
        "2025-06-01",
        "--until",
        "2025-06-30",
        "--keywords",
        "DeepSeek,大模型",
        "--quiet",
    ]
    with ReplaySite() as site:
        for url, processes in ((one, "1"), (two, "2")):
            done = run_tenders("--db", url, *args, "--replay", site.base_url, "--processes", processes)
            assert done.returncode == 0, done.stderr[-2000:]
            lines = re.findall(r"^│ (ccgp|ggzy|zcy) ", done.stdout, flags=re.M)
            assert lines == ["ccgp", "ggzy", "zcy"], done.stdout
    for source in ("ccgp", "ggzy", "zcy"):
        urls = stored_urls(two, source)
        assert len(urls) == len(set(urls)) and sorted(urls) == sorted(stored_urls(one, source)), source
    assert stored_urls(two, "ccgp") and stored_urls(two, "ggzy")
