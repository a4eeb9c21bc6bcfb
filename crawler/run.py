"""Run spiders from Python: `run_crawl(["ccgp", "ggzy"], ...)` → one summary dict per run.

All requested spiders run together in one CrawlerProcess (each portal has its own engine, politeness
and run record). Twisted's reactor cannot start twice in one process, so when this process has already
run one, the crawl runs in a child process (`python -m crawler.run`) and its summaries come back as JSON.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings

from crawler.parse.text import compiled_walk_notice
from crawler.recorder import recorder_of
from crawler.spiders.base import parse_arguments
from domain.vocabulary import SOURCES
from storage.db import DatabaseError, make_engine

logger = logging.getLogger(__name__)

# Politeness off: for the local replay site and benchmarks only, never for the real portals.
IMPOLITE_SETTINGS: dict[str, Any] = {
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "DOWNLOAD_DELAY_JITTER": 0,
    # The replay site answers in about a millisecond: with 16 requests at a time per portal the crawl process
    # waited on it ~15 % of the time; 32 keep it busy (bench/RESULTS.md, crawl round 4).
    "CONCURRENT_REQUESTS": 64,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 32,
    "TENDERS_BLOCK_BACKOFF": 0.1,
}


class CrawlError(Exception):
    """A crawl that could not start (bad source, bad argument, unusable database); the message says which."""


def crawl_settings(
    *, database_url: str | None, replay_url: str | None, polite: bool, extra: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Overrides of crawler.settings for one run."""
    overrides: dict[str, Any] = {"TENDERS_DATABASE_URL": database_url, "TENDERS_REPLAY_URL": replay_url}
    if not polite:
        overrides.update(IMPOLITE_SETTINGS)
    if os.environ.get("TENDERS_TODAY"):  # a frozen clock for tests and reproducible replays
        overrides["TENDERS_TODAY"] = os.environ["TENDERS_TODAY"]
    overrides["LOG_LEVEL"] = os.environ.get("TENDERS_LOG_LEVEL", "WARNING")
    overrides.update(extra or {})
    return overrides


def check_sources(sources: list[str]) -> list[str]:
    if not sources:
        return list(SOURCES)
    unknown = [s for s in sources if s not in SOURCES]
    if unknown:
        raise CrawlError(f"unknown source {unknown[0]!r}: expected one of {', '.join(SOURCES)}")
    return list(dict.fromkeys(sources))


def run_crawl(
    sources: list[str],
    *,
    database_url: str | None,
    from_date: date | None,
    until_date: date | None,
    replay_url: str | None = None,
    polite: bool = True,
    sample: int | None = None,
    progress: bool = True,
    keywords: list[str] | None = None,
    extra_settings: dict[str, Any] | None = None,
    source_args: dict[str, dict[str, str]] | None = None,
    in_child: bool = False,
    niceness: int = 0,
    processes: int = 1,
) -> list[dict[str, Any]]:
    """Crawl the sources (all when empty) into the database; one summary per run, in source order.

    `source_args` are spider arguments of one source only (ccgp `mode`, zcy `sites`). `in_child` runs
    the crawl in a child process, so that the caller's own work (the demo loads the classifier) runs on
    another core meanwhile; a process whose reactor has run always crawls in a child (it cannot restart).
    `niceness` lowers the child's CPU priority (os.nice): the demo runs its smaller crawl at a lower priority
    so that the largest, which decides when the crawl ends, keeps a core (docs/architecture.md, "The demo's
    processes"). Ignored when the crawl runs in this process. `processes` > 1 crawls the sources in that
    many child processes at once (`source_groups`): one Scrapy process keeps one core busy at most, so a
    CPU-bound crawl (the replay site, a backfill) uses the others this way; the processes after the first
    (ccgp's) run LATER_GROUP_NICENESS below it.

    Summary keys: source, run_id, status (finished | incomplete | failed | busy), close_reason, from_date,
    until_date, pages, items, new_items, changed_items, parse_errors, expected_count, fetched_count,
    retries, blocks, portal_total, lost_pages.
    """
    chosen = check_sources(sources)
    try:
        args = parse_arguments(from_date, until_date, sample, keywords)
    except ValueError as exc:
        raise CrawlError(str(exc)) from exc
    try:
        make_engine(database_url).dispose()  # migrate once, and fail here rather than inside a spider
    except DatabaseError as exc:
        raise CrawlError(str(exc)) from exc
    spider_args = {
        "from_date": args.from_date.isoformat() if args.from_date else None,
        "until_date": args.until_date.isoformat() if args.until_date else None,
        "sample": args.sample,
        "keywords": ",".join(args.keywords),
    }
    per_source = {source: {**spider_args, **(source_args or {}).get(source, {})} for source in chosen}
    settings = crawl_settings(
        database_url=database_url, replay_url=replay_url, polite=polite, extra=extra_settings
    )
    groups = source_groups(chosen, processes)
    if len(groups) > 1:
        return _run_groups(groups, per_source, settings, progress, niceness)
    if in_child or _reactor_used():
        return _run_in_child(chosen, per_source, settings, progress, niceness)
    return _run_here(chosen, per_source, settings, progress)


# How much lower the CPU priority of every crawl process after the first is (os.nice, added to the caller's
# `niceness`). The first group is ccgp alone, ~70 % of a crawl's pages: it decides when the crawl ends, and
# at equal priority the smaller crawls, which end well before it anyway, took CPU from it and from the site
# it waits on (docs/architecture.md, "The demo's processes"; bench/RESULTS.md).
LATER_GROUP_NICENESS = 5


def source_groups(sources: list[str], processes: int) -> list[list[str]]:
    """The sources in at most `processes` groups, one crawl process each, in source order within a group.

    ccgp, the largest portal (about 70 % of the pages of a crawl of the replay), goes alone in the first
    group; the others are dealt in turn over the rest."""
    count = max(1, min(processes, len(sources)))
    if count == 1:
        return [list(sources)]
    first = "ccgp" if "ccgp" in sources else sources[0]
    groups: list[list[str]] = [[first]] + [[] for _ in range(count - 1)]
    for i, source in enumerate(s for s in sources if s != first):
        groups[1 + i % (count - 1)].append(source)
    return groups


def _run_groups(
    groups: list[list[str]],
    spider_args: dict[str, dict[str, Any]],
    settings: dict[str, Any],
    progress: bool,
    niceness: int,
) -> list[dict[str, Any]]:
    """Each group crawled by a child process, all at once, those after the first at a lower priority; the
    summaries in source order.

    On a terminal only the first child draws the live table (two would overwrite each other); plain
    progress lines (not a terminal) come from every child, each naming its spider."""
    live = sys.stderr.isatty()
    with ThreadPoolExecutor(max_workers=len(groups), thread_name_prefix="crawl-group") as pool:
        runs = [
            pool.submit(
                _run_in_child,
                group,
                {source: spider_args[source] for source in group},
                settings,
                progress and (i == 0 or not live),
                niceness if i == 0 else niceness + LATER_GROUP_NICENESS,
            )
            for i, group in enumerate(groups)
        ]
        by_source = {summary["source"]: summary for run in runs for summary in run.result()}
    return [by_source[source] for source in spider_args if source in by_source]


def _reactor_used() -> bool:
    if "twisted.internet.reactor" not in sys.modules:
        return False
    # Lazy: importing twisted's reactor module installs a reactor, which only Scrapy may choose.
    from twisted.internet import reactor

    return bool(getattr(reactor, "_startedBefore", False))


def _short_tracebacks() -> None:
    """Log an exception as one line (its type and message) instead of a traceback.

    Scrapy logs every failed download with its traceback; for a command-line user a line per failure says
    as much. TENDERS_TRACEBACKS=1 keeps the tracebacks for debugging.
    """
    if os.environ.get("TENDERS_TRACEBACKS") == "1":
        return
    make_record = logging.getLogRecordFactory()

    def one_line(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            detail = " ".join(str(error).split())
            record.msg = f"{' '.join(record.getMessage().split())} [{type(error).__name__}: {detail}]"
            record.args = None
            record.exc_info = None
            record.exc_text = None
        return record

    logging.setLogRecordFactory(one_line)


def _scrapy_logger_at(level: str | int) -> Callable[[], None]:
    """Set the `scrapy` loggers' level to the run's LOG_LEVEL; returns the call that restores it.

    Scrapy leaves its loggers at NOTSET and filters at its handler, so each "Crawled (200)" and
    "Scraped from" debug line is still built as a record and handed to the handlers to drop: ~9,000
    records a crawl of the replay, ~2 % of the crawl process (issue 15). At the logger they end at the
    level check. The lines printed are the same (the handler's level is the same LOG_LEVEL).
    """
    scrapy_logger = logging.getLogger("scrapy")
    before = scrapy_logger.level
    scrapy_logger.setLevel(level)
    return lambda: scrapy_logger.setLevel(before)


# Allocations between young-generation collections during a crawl (Python's default is 700).
CRAWL_GC_THRESHOLDS = (50_000, 20, 20)


def _collector_for_a_crawl() -> Callable[[], None]:
    """Move what start-up made (modules, Scrapy's and SQLAlchemy's objects: a few hundred thousand) out of
    the cyclic garbage collector's reach (gc.freeze) and collect the young generation less often; returns
    the call that restores both.

    Each request makes thousands of short-lived objects (Deferreds, headers, coroutines), so the collector
    ran every few hundred allocations, and each older-generation pass walked every start-up object again:
    ~15 % of the crawl process's CPU on the replay (issue 15, bench/RESULTS.md). Peak memory is unchanged
    (the cycles a crawl makes are still collected, in larger batches).
    """
    before = gc.get_threshold()
    gc.collect()
    gc.freeze()
    gc.set_threshold(*CRAWL_GC_THRESHOLDS)

    def restore() -> None:
        gc.set_threshold(*before)
        gc.unfreeze()

    return restore


def _run_here(
    sources: list[str], spider_args: dict[str, dict[str, Any]], overrides: dict[str, Any], progress: bool
) -> list[dict[str, Any]]:
    _short_tracebacks()
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    settings = get_project_settings()
    settings.setdict(overrides, priority="cmdline")
    process = CrawlerProcess(settings)
    quiet = _scrapy_logger_at(settings.get("LOG_LEVEL"))
    collect_less = _collector_for_a_crawl()
    slow_parsing = compiled_walk_notice()
    if slow_parsing is not None:  # once a crawl process
        logger.warning("%s", slow_parsing)
    crawlers = []
    for source in sources:
        crawler = process.create_crawler(source)
        crawlers.append(crawler)
        process.crawl(crawler, **{k: v for k, v in spider_args[source].items() if v is not None})
    display = _Progress(crawlers) if progress else None
    if display is not None:
        display.start()
    try:
        process.start()
    finally:
        quiet()
        collect_less()
        if display is not None:
            display.stop()
    return [_summary_of(crawler, source) for crawler, source in zip(crawlers, sources, strict=True)]


def _summary_of(crawler: Any, source: str) -> dict[str, Any]:
    recorder = recorder_of(crawler) if getattr(crawler, "extensions", None) is not None else None
    if recorder is None or not recorder.summary:
        stats = crawler.stats.get_stats() if getattr(crawler, "stats", None) is not None else {}
        database_error = stats.get("tenders/database_error")
        reason = (
            f"database error: {database_error}"
            if database_error
            else "the spider did not start (see the log)"
        )
        return {"source": source, "status": "failed", "close_reason": reason}
    return dict(recorder.summary)


def _run_in_child(
    sources: list[str],
    spider_args: dict[str, dict[str, Any]],
    settings: dict[str, Any],
    progress: bool,
    niceness: int = 0,
) -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory(prefix="tenders-crawl-") as folder:
        out = Path(folder) / "summaries.json"
        job = {
            "sources": sources,
            "spider_args": spider_args,
            "settings": settings,
            "progress": progress,
            "niceness": niceness,
        }
        command = [sys.executable, "-m", "crawler.run", json.dumps(job, ensure_ascii=False), str(out)]
        result = subprocess.run(command, check=False)
        if result.returncode != 0 or not out.exists():
            raise CrawlError(f"the crawl process exited with code {result.returncode}")
        return list(json.loads(out.read_text(encoding="utf-8")))


def _fields(crawler: Any) -> tuple[str, list[str]] | None:
    """(spider name, its progress fields) once the spider runs; None before."""
    spider = getattr(crawler, "spider", None)
    if spider is None or getattr(crawler, "extensions", None) is None:
        return None
    recorder = recorder_of(crawler)
    tally = spider.tally
    counts = recorder.counts if recorder is not None else {}
    return spider.name, [
        f"pages {tally.pages}",
        f"listed {len(tally.listed)}",
        f"stored {counts.get('items', 0)} (new {counts.get('new_items', 0)})",
        f"parse errors {counts.get('parse_errors', 0)}",
        f"lost {len(tally.lost)}",
        *(["done"] if not crawler.crawling else []),
    ]


class _Progress:
    """Progress per spider on stderr: a live table on a terminal (rich); otherwise plain lines, one per
    spider whose counts moved since the last line, so a log or a pipe gets readable, complete lines."""

    PLAIN_EVERY_S = 5.0

    def __init__(self, crawlers: list[Any]) -> None:
        self.crawlers = crawlers
        self.live: Any = None
        self.loop: Any = None
        self.plain = not sys.stderr.isatty()
        self.last: dict[str, list[str]] = {}

    def start(self) -> None:
        # Lazy: twisted.internet.task reaches the reactor, which only Scrapy may install.
        from twisted.internet import task

        if self.plain:
            self.loop = task.LoopingCall(self.print_lines)
            self.loop.start(self.PLAIN_EVERY_S, now=False)
            return

        # lazy: rich takes ~50 ms to import, and only a terminal gets the live table
        from rich.console import Console
        from rich.live import Live

        console = Console(stderr=True)
        self.live = Live(self.render(), console=console, refresh_per_second=4, transient=False)
        self.live.start()
        self.loop = task.LoopingCall(lambda: self.live.update(self.render()))
        self.loop.start(0.5, now=False)

    def stop(self) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        if self.plain:
            self.print_lines()
        elif self.live is not None:
            self.live.update(self.render())
            self.live.stop()

    def print_lines(self) -> None:
        for crawler in self.crawlers:
            found = _fields(crawler)
            if found is None or self.last.get(found[0]) == found[1]:
                continue
            name, fields = found
            self.last[name] = fields
            sys.stderr.write(f"{name}: {', '.join(fields)}\n")
        sys.stderr.flush()

    def render(self) -> Any:
        from rich.table import Table  # lazy: see start

        table = Table.grid(padding=(0, 2))
        for crawler in self.crawlers:
            found = _fields(crawler)
            if found is not None:
                name, fields = found
                table.add_row(f"[bold]{name}[/]", *fields[:5], fields[5] if len(fields) > 5 else "")
        return table


def _child_main(argv: list[str]) -> int:
    job = json.loads(argv[0])
    if job.get("niceness") and hasattr(os, "nice"):  # os.nice is POSIX only
        os.nice(job["niceness"])  # the child only: the caller's priority is untouched
    summaries = _run_here(job["sources"], job["spider_args"], job["settings"], job["progress"])
    Path(argv[1]).write_text(json.dumps(summaries, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(_child_main(sys.argv[1:]))
