"""The crawl-run record: one CrawlRun row per spider run, the database connection, and the run's outcome.

At open it takes the source's lock (one crawl of a source at a time, as the scheduler expects), marks a
stale `running` run of the source as failed ("interrupted": its process was killed), picks the window
(default: from the last finished run's end to today), loads the stored URLs so they are not fetched
again, and opens the run. At close it compares what the portal listed with what is stored and closes
the run as finished, incomplete or failed.

Notices are stored in batches: one transaction per TENDERS_STORE_BATCH notices or per
TENDERS_STORE_SECONDS of crawl time, whichever comes first, and at the close (issue 15: a transaction
per notice cost more than the rest of the crawl). What a run promises holds as before: a notice counts
as stored once its batch is committed; a killed process loses at most its uncommitted batch, whose
notices the restarted run fetches again (they are not among the stored URLs); a batch the database
refuses stops the run as failed, so the next incremental run covers its window again.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import time
from collections import Counter
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import CloseSpider
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import col, select
from twisted.internet import task

from crawler.items import NoticeItem
from crawler.spiders.base import TendersSpider
from storage import repo
from storage.db import make_engine, one_line, session_scope
from storage.locks import current_holder, release, try_acquire
from storage.models import CrawlRun, Notice

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.spiders import Spider

logger = logging.getLogger(__name__)

# Scrapy stats copied into CrawlRun.stats (the rest stays in the log).
_KEPT_STATS = (
    "tenders/channel_fallback",
    "tenders/followups",
    "tenders/followup_details",
    "tenders/followups_over_limit",
    "tenders/followups_truncated",
    "downloader/request_count",
    "downloader/response_count",
    "retry/count",
    "retry/max_reached",
    "robotstxt/forbidden",
    "spider_exceptions/count",
    "tenders/blocks",
    "tenders/block_retries",
    "tenders/blocked_pages_lost",
    "tenders/retry_after_waits",
    "tenders/incomplete_pages",
    "elapsed_time_seconds",
)


def recorder_of(crawler: Crawler) -> CrawlRecorder | None:
    """The run's CrawlRecorder extension (None when the crawl runs without it)."""
    for extension in crawler.extensions.middlewares:
        if isinstance(extension, CrawlRecorder):
            return extension
    return None


def lost_from(run: CrawlRun | None) -> date | None:
    """The earliest listed day of a detail page the run could not fetch (kept in its stats), or None."""
    value = (run.stats or {}).get("lost_details_from") if run is not None else None
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def lock_name(source: str) -> str:
    """The job lock a crawl of one source holds (tenders.jobs expects one crawl per source at a time)."""
    return f"crawl:{source}"


def take_lock(db: Engine, name: str) -> bool:
    """Take a job lock; a lock left by a dead process of this host (killed with SIGKILL) is taken over.

    Locks expire after hours; a crawl restarted right after a kill must not wait for that.
    """
    if try_acquire(db, name):
        return True
    holder = current_holder(db, name)
    if holder is None:
        return try_acquire(db, name)
    host, _, pid = holder.rpartition(":")
    if host == socket.gethostname() and pid.isdigit() and not _alive(int(pid)):
        logger.warning("lock %s was held by dead process %s: taking it over", name, holder)
        release(db, name, holder=holder)
        return try_acquire(db, name)
    return False


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class CrawlRecorder:
    """Scrapy extension owning the CrawlRun of one spider run and the database the pipelines write to."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.settings = crawler.settings
        self.db: Engine | None = None
        self.run_id: int | None = None
        self.counts: Counter[str] = Counter()
        self.stored_urls: set[str] = set()
        self.known: set[str] = set()
        self.summary: dict[str, Any] = {}
        self.quality: Counter[str] = Counter()
        self._locked: str | None = None
        self.batch_size = max(1, self.settings.getint("TENDERS_STORE_BATCH", 200))
        self.batch_seconds = self.settings.getfloat("TENDERS_STORE_SECONDS", 1.0)
        # zlib lets go of the interpreter lock while it compresses: in a thread of its own, a stored page's
        # compression runs on another core while the reactor's thread parses the next pages (~4 % of a ccgp
        # crawl's CPU, which alone decides when a crawl of every portal ends; bench/RESULTS.md, crawl round 5).
        self.compressor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tenders-gzip")
        self.pending: list[tuple[NoticeItem, Future[bytes]]] = []
        self.flushed_at = time.monotonic()
        self.database_failed = False
        self._flusher: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlRecorder:
        recorder = cls(crawler)
        crawler.signals.connect(recorder.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(recorder.spider_closed, signal=signals.spider_closed)
        return recorder

    # -- opening ------------------------------------------------------------------------------

    def spider_opened(self, spider: Spider) -> None:
        try:
            self._open(spider)  # type: ignore[arg-type]
        except CloseSpider:
            raise
        except Exception as exc:  # the run cannot be recorded: do not crawl unrecorded
            logger.exception("cannot open the crawl record")
            self.summary = {"source": spider.name, "status": "failed", "close_reason": f"database: {exc}"}
            raise CloseSpider(f"database error: {exc}") from exc

    def _open(self, spider: TendersSpider) -> None:
        source = spider.source
        self.db = make_engine(self.settings.get("TENDERS_DATABASE_URL"))
        if not take_lock(self.db, lock_name(source)):
            holder = current_holder(self.db, lock_name(source)) or "another process"
            self.summary = {
                "source": source,
                "status": "busy",
                "close_reason": f"{source} is being crawled by {holder}",
            }
            raise CloseSpider("busy")
        self._locked = lock_name(source)
        with session_scope(self.db) as session:
            for stale in session.exec(
                select(CrawlRun).where(CrawlRun.source == source, CrawlRun.status == "running")
            ).all():
                # We hold the source's lock, so a run still marked running lost its process.
                assert stale.id is not None
                repo.finish_crawl_run(stale.id, session=session, status="failed", close_reason="interrupted")
                logger.warning(
                    "crawl run %s of %s was left running: marked failed (interrupted)", stale.id, source
                )
            last = repo.last_successful_run(source, session=session)
            from_date, until_date = spider.set_window(
                last_until=last.until_date if last else None, lost_from=lost_from(last)
            )
            run = repo.start_crawl_run(source, session=session, from_date=from_date, until_date=until_date)
            self.run_id = run.id
            self.known = repo.known_urls(source, session=session)
        spider.known_urls = self.known
        # A slow (polite) crawl fills no batch: its notices are committed within a batch interval anyway.
        self._flusher = task.LoopingCall(self._flush_on_time)
        self._flusher.start(max(self.batch_seconds, 0.05), now=False)
        logger.info(
            "crawl run %s: %s from %s to %s, %d notices already stored",
            self.run_id,
            source,
            from_date,
            until_date,
            len(self.known),
        )

    # -- during the run -----------------------------------------------------------------------

    def store(self, item: NoticeItem) -> None:
        """Queue one notice; the batch is committed when full or when the batch interval has passed."""
        assert self.db is not None, "the crawl record is not open"
        if self.database_failed:
            # The run is failing on a database error: the notice is lost to this run (the next one
            # fetches it), counted, and not tried against the database again.
            self.crawler.stats.inc_value("tenders/database_error_items")
            return
        self.pending.append((item, self.compressor.submit(repo.compress_raw, item.raw)))
        if len(self.pending) >= self.batch_size or time.monotonic() - self.flushed_at >= self.batch_seconds:
            self.flush()

    def flush(self, *, closing: bool = False) -> None:
        """Commit the queued notices in one transaction (inserted or updated, as `repo.upsert_notice`);
        a database error stops the run as failed and none of the batch counts as stored."""
        batch, self.pending = self.pending, []
        self.flushed_at = time.monotonic()
        if not batch or self.db is None or self.database_failed:
            return
        try:
            with session_scope(self.db) as session:
                results = repo.upsert_notices(
                    [(item.notice, repo.GzippedPage(gzipped.result())) for item, gzipped in batch],
                    session=session,
                    crawl_run_id=self.run_id,
                )
        except (SQLAlchemyError, OSError) as exc:
            self.crawler.stats.inc_value("tenders/database_error_items", len(batch))
            first = batch[0][0].notice.url
            what = first if len(batch) == 1 else f"{len(batch)} notices from {first}"
            self.stop_on_database_error(what, exc, close=not closing)
            return
        for (item, _), result in zip(batch, results, strict=True):
            self.stored_urls.add(item.notice.url)
            self.counts["new_items"] += int(result.created)
            self.counts["changed_items"] += int(result.changed)
            if item.notice.parse_quality:
                # Stored, but read incompletely (crawler.parse.quality): counted per run for `tenders status`.
                self.counts["parse_flagged"] += 1
                self.quality.update(item.notice.parse_quality)
        self.counts["items"] += len(batch)

    def _flush_on_time(self) -> None:
        if self.pending and time.monotonic() - self.flushed_at >= self.batch_seconds:
            self.flush()

    def stop_on_database_error(self, what: str, exc: Exception, *, close: bool = True) -> None:
        """The database (or its disk) is gone: fetching on would only lose more notices. Stop the run as
        failed, so the next incremental run covers this window again; one line, never the raw page."""
        if self.database_failed:
            return  # items already in flight meet the same error: counted, not logged again
        self.database_failed = True
        self.pending = []
        message = " ".join(str(getattr(exc, "orig", None) or exc).split())[:300]
        source = getattr(self.crawler.spider, "name", "?")
        logger.error("%s: database error storing %s, stopping the crawl: %s", source, what, message)
        stats = self.crawler.stats
        if stats is not None:
            stats.set_value("tenders/database_error", message)
        engine = self.crawler.engine
        if close and engine is not None and engine.spider is not None:
            engine.close_spider(engine.spider, "database_error")

    def parse_error(self, source: str, url: str, reason: str) -> None:
        """A page that did not parse or a notice that failed validation: a ParseError row, counted."""
        self.counts["parse_errors"] += 1
        if self.db is None:
            logger.error("parse error (not recorded, no database): %s %s", url, reason)
            return
        with session_scope(self.db) as session:
            repo.record_parse_error(source, url, reason, session=session, crawl_run_id=self.run_id)

    def stored_awards(self, since: date, until: date) -> list[tuple[str, str | None, date | None]]:
        """(title, project code, publish date) of the awards with a project code stored by any run
        and published in [since, until], oldest first (the ccgp spider's follow-up searches)."""
        assert self.db is not None, "the crawl record is not open"
        query = (
            select(col(Notice.title), col(Notice.project_code), col(Notice.publish_date))
            .where(
                Notice.notice_type == "award",
                col(Notice.project_code).is_not(None),
                col(Notice.publish_date) >= since,
                col(Notice.publish_date) <= until,
            )
            .order_by(col(Notice.publish_date), col(Notice.id))
        )
        with session_scope(self.db) as session:
            return [(title, code, day) for title, code, day in session.exec(query).all()]

    # -- closing ------------------------------------------------------------------------------

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self._flusher is not None and self._flusher.running:
            self._flusher.stop()
        self.flush(closing=True)
        if self.database_failed:
            reason = "database_error"
        try:
            if self.run_id is not None and self.db is not None:
                self._close(spider, reason)  # type: ignore[arg-type]
        except SQLAlchemyError as exc:
            # The database went away: the run stays "running" and the next run marks it interrupted.
            # One error line per failed run, whichever spider meets the failure first (issue 17): when
            # the store step has already said why this run failed, this adds nothing a user can act on.
            stats = self.crawler.stats
            already_said = stats is not None and stats.get_value("tenders/database_error") is not None
            (logger.info if already_said else logger.error)(
                "%s: could not record the end of crawl run %s: %s", spider.name, self.run_id, one_line(exc)
            )
            self.summary = {
                "source": spider.name,
                "run_id": self.run_id,
                "status": "failed",
                "close_reason": f"database error: could not record the end of the run: {one_line(exc)}",
            }
        finally:
            # The last batch is stored (or lost with the database): nothing more to compress.
            self.compressor.shutdown(cancel_futures=True)
            if self._locked and self.db is not None:
                # Without the database the lock cannot be released; it is taken over once this process is gone.
                with contextlib.suppress(SQLAlchemyError):
                    release(self.db, self._locked)
                self._locked = None

    def _close(self, spider: TendersSpider, reason: str) -> None:
        assert self.db is not None and self.run_id is not None
        tally = spider.tally
        stored = self.known | self.stored_urls
        fetched = len(tally.listed & stored)
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        status, close_reason = self.outcome(spider, reason, fetched, stats)
        counters: dict[str, Any] = {
            "pages": tally.pages,
            "items": self.counts["items"],
            "new_items": self.counts["new_items"],
            "parse_errors": self.counts["parse_errors"],
            "expected_count": len(tally.listed),
            "fetched_count": fetched,
            "retries": int(stats.get("retry/count", 0)) + int(stats.get("tenders/block_retries", 0)),
            "blocks": int(stats.get("tenders/blocks", 0)),
            "stats": self.run_stats(spider, stats),
        }
        with session_scope(self.db) as session:
            repo.finish_crawl_run(
                self.run_id, session=session, status=status, close_reason=close_reason, **counters
            )
        assert spider.window is not None
        from_date, until_date = spider.window
        self.summary = {
            "run_id": self.run_id,
            "source": spider.source,
            "from_date": from_date.isoformat(),
            "until_date": until_date.isoformat(),
            "status": status,
            "close_reason": close_reason,
            **{k: v for k, v in counters.items() if k != "stats"},
            "changed_items": self.counts["changed_items"],
            "parse_flagged": self.counts["parse_flagged"],
            "portal_total": tally.portal_total,
            "lost_pages": len(tally.lost),
        }
        logger.info("crawl run %s closed: %s (%s)", self.run_id, status, close_reason)

    def outcome(
        self, spider: TendersSpider, reason: str, fetched: int, stats: dict[str, Any]
    ) -> tuple[str, str]:
        """finished / incomplete / failed, with the reason in one line."""
        tally = spider.tally
        if reason == "database_error":
            return "failed", f"database error: {stats.get('tenders/database_error', 'see the log')}"
        if reason != "finished":
            return "failed", "interrupted (shutdown)" if reason == "shutdown" else reason
        listed = len(tally.listed)
        lost_lists = [url for url, kind, _ in tally.lost if kind == "list"]
        if lost_lists:
            fallback = (
                "search unavailable, fell back to the channel listings (titles only); "
                if stats.get("tenders/channel_fallback")
                else ""
            )
            return (
                "incomplete",
                f"{fallback}{len(lost_lists)} list pages lost (blocked or failing), first: {lost_lists[0]}",
            )
        if tally.sample_reached:
            return (
                "incomplete",
                f"sample: stopped after {spider.sample} details ({fetched} of {listed} listed stored)",
            )
        ratio = self.settings.getfloat("TENDERS_COMPLETE_RATIO")
        if listed and fetched < ratio * listed:
            return "incomplete", f"stored {fetched} of {listed} listed notices"
        if tally.portal_total is not None and tally.listed_rows < tally.portal_total:
            return (
                "incomplete",
                f"the portal reported {tally.portal_total} results, {tally.listed_rows} were listed",
            )
        errors = int(stats.get("spider_exceptions/count", 0))
        if errors:
            return "incomplete", f"{errors} pages raised errors in the spider (see the log)"
        return "finished", "finished"

    def run_stats(self, spider: TendersSpider, stats: dict[str, Any]) -> dict[str, Any]:
        """What the run saw beyond the counters, JSON-ready (kept in CrawlRun.stats)."""
        kept = {key: stats[key] for key in _KEPT_STATS if key in stats}
        tally = spider.tally
        return {
            **{k: (round(v, 3) if isinstance(v, float) else v) for k, v in kept.items()},
            "portal_total": tally.portal_total,
            "listed_rows": tally.listed_rows,
            "unique_listed": len(tally.listed),
            "skipped_known": tally.skipped_known,
            "duplicates_in_run": tally.duplicates,
            "details_requested": tally.details_requested,
            "changed_items": self.counts["changed_items"],
            "parse_quality": {"flagged": self.counts["parse_flagged"], **dict(sorted(self.quality.items()))},
            "lost_pages": [{"url": u, "kind": k, "reason": r} for u, k, r in tally.lost[:50]],
            "lost_pages_total": len(tally.lost),
            "lost_details_from": min(tally.lost_detail_days).isoformat() if tally.lost_detail_days else None,
            "window": [d.isoformat() for d in spider.window] if spider.window else None,
        }
