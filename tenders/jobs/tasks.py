"""The scheduled jobs. Each crawl runs in its own process: Twisted's reactor cannot restart in one process.

Job functions take only strings, because the persistent job store keeps them by reference and arguments.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlmodel import Session, select

from alerts.announce import ChannelOutcome, announce
from storage.db import ENV_VAR, get_engine, resolve_url, session_scope
from storage.models import CrawlRun, utcnow
from tenders.errors import EXIT_SOURCE_BUSY
from tenders.jobs.config import ScheduleConfig, alert_config, crawl_window_args, load_config
from tenders.jobs.scrapyd import dispatch_crawl

log = logging.getLogger("tenders.jobs")

CRAWL_TIMEOUT_S = 6 * 3600


def _tenders(*args: str, database_url: str, timeout: float) -> subprocess.CompletedProcess[str]:
    # The URL travels in the child's environment, not its command line: /proc/PID/cmdline is world-readable.
    command = [sys.executable, "-m", "tenders", *args]
    log.info("running tenders %s", " ".join(args))
    env = {**os.environ, ENV_VAR: database_url}
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env, check=False)


def job_database_url(database_url: str | None) -> str:
    """Jobs keep no database URL in the job store (it may hold a password): they read the scheduler's own."""
    return resolve_url(database_url)


def _tail(text: str, lines: int = 3) -> str:
    return " | ".join(line.strip() for line in text.strip().splitlines()[-lines:] if line.strip())


def nightly_crawl(source: str, database_url: str | None = None, config_file: str | None = None) -> str:
    """Crawl one source over the window since its last successful run, then link and classify what is new."""
    database_url = job_database_url(database_url)
    config = load_config(config_file)
    if config.scrapyd_urls:
        job = dispatch_crawl(config, source, database_url)
        log.info("dispatched %s to Scrapyd: %s", source, job)
        return f"dispatched {job}"
    started = utcnow()
    args = ["crawl", source]
    if config.replay_url:
        args += ["--replay", config.replay_url]
    window = crawl_window_args(config)
    if "from_date" in window:
        args += ["--from", window["from_date"]]
    if "until_date" in window:
        args += ["--until", window["until_date"]]
    try:
        result = _tenders(*args, database_url=database_url, timeout=CRAWL_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        _record_failure(source, database_url, started, f"crawl timed out after {CRAWL_TIMEOUT_S} s")
        raise
    if result.returncode == EXIT_SOURCE_BUSY:
        log.warning("%s skipped: %s", source, _tail(result.stderr, 1))
        return "busy"
    if result.returncode != 0:
        reason = f"crawl exited with {result.returncode}: {_tail(result.stderr)}"
        _record_failure(source, database_url, started, reason)
        log.error("%s crawl failed: %s", source, reason)
        raise RuntimeError(reason)
    processed = _tenders("process", database_url=database_url, timeout=CRAWL_TIMEOUT_S)
    if processed.returncode != 0:
        reason = f"process exited with {processed.returncode}: {_tail(processed.stderr)}"
        log.error("linking/classification after the %s crawl failed: %s", source, reason)
        raise RuntimeError(reason)
    send_alerts(database_url, config)
    return "ok"


def send_alerts(database_url: str, config: ScheduleConfig) -> list[ChannelOutcome]:
    """Announce the newly awarded in-scope projects through the channels the config switches on.

    A channel that fails is logged and recorded (alert_delivery); the next run sends it again. The
    crawl itself succeeded, so a failed delivery does not fail the job.
    """
    alerts = alert_config(config)
    if not alerts.channels():
        return []
    outcomes = announce(get_engine(database_url), alerts)
    for outcome in outcomes:
        if outcome.error:
            log.warning("alert channel %s failed, will retry: %s", outcome.channel, outcome.error)
    return outcomes


def _record_failure(source: str, database_url: str, started: datetime, reason: str) -> None:
    """Make the failure visible in the crawl-run table when the crawl process could not record it itself."""
    engine = get_engine(database_url)
    with Session(engine) as session:
        recorded = session.exec(
            select(CrawlRun).where(CrawlRun.source == source, CrawlRun.started_at >= started)
        ).first()
    if recorded is not None and recorded.status != "running":
        return
    with session_scope(engine) as session:
        run = recorded or CrawlRun(source=source, started_at=started)
        run.status, run.close_reason, run.finished_at = "failed", reason[:200], utcnow()
        session.add(run)


def previous_month(today: date) -> str:
    return (today.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")


def monthly_report(
    database_url: str | None = None, config_file: str | None = None, month: str | None = None
) -> list[str]:
    """Write the previous month's report in every configured format into the reports folder."""
    database_url = job_database_url(database_url)
    config = load_config(config_file)
    target = month or previous_month(datetime.now(config.zone).date())
    written = []
    out_dir = Path(config.reports_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for fmt in config.report_formats:
        path = out_dir / f"tenders-{target}.{fmt}"
        result = _tenders(
            "report",
            "--month",
            target,
            "--since",
            f"{target[:4]}-01",
            "--format",
            fmt,
            "--output",
            str(path),
            database_url=database_url,
            timeout=3600,
        )
        if result.returncode != 0:
            raise RuntimeError(f"report {fmt} for {target} failed: {_tail(result.stderr)}")
        written.append(str(path))
    log.info("wrote %s", ", ".join(written))
    return written


def describe(config: ScheduleConfig) -> str:
    return f"sources {', '.join(config.sources)}; crawl {config.crawl_time}; report day {config.report_day} {config.report_time} ({config.timezone})"
