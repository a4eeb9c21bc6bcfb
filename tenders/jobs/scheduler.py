"""APScheduler set-up: jobs in the tool's database, coalesced, one instance each."""

from __future__ import annotations

from typing import Any

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy.engine import Engine

from tenders.jobs.config import ScheduleConfig, hour_minute

STAGGER_MINUTES = 20

JOB_DEFAULTS: dict[str, Any] = {
    # A missed night runs once when the scheduler comes back, however late, never once per missed night.
    "coalesce": True,
    "misfire_grace_time": None,
    "max_instances": 1,
}


def build_scheduler(
    config: ScheduleConfig,
    *,
    engine: Engine,
    scheduler_cls: type[BaseScheduler] = BlockingScheduler,
) -> BaseScheduler:
    """A scheduler whose jobs live in the tool's database, with this config's jobs (re)registered.

    The jobs' arguments hold no database URL (the job store would keep any password in it): the jobs read
    TENDERS_DATABASE_URL, which `tenders schedule` sets for its own process.
    """
    scheduler = scheduler_cls(
        jobstores={"default": SQLAlchemyJobStore(engine=engine)},
        job_defaults=JOB_DEFAULTS,
        timezone=config.zone,
    )
    config_file = config.source_file if config.source_file and config.source_file != "config" else None
    hour, minute = hour_minute(config.crawl_time)
    for index, source in enumerate(config.sources):
        # Sources start STAGGER_MINUTES apart: one SQLite writer at a time, and gentler on shared networks.
        start = hour * 60 + minute + index * STAGGER_MINUTES
        scheduler.add_job(
            "tenders.jobs.tasks:nightly_crawl",
            CronTrigger(hour=(start // 60) % 24, minute=start % 60, timezone=config.zone),
            args=[source, None, config_file],
            id=f"crawl:{source}",
            name=f"nightly crawl of {source}, then link and classify",
            replace_existing=True,
        )
    r_hour, r_minute = hour_minute(config.report_time)
    scheduler.add_job(
        "tenders.jobs.tasks:monthly_report",
        CronTrigger(day=config.report_day, hour=r_hour, minute=r_minute, timezone=config.zone),
        args=[None, config_file],
        id="report:monthly",
        name="previous month's report in every format",
        replace_existing=True,
    )
    return scheduler


def wanted_job_ids(config: ScheduleConfig) -> set[str]:
    return {f"crawl:{s}" for s in config.sources} | {"report:monthly"}


def prune_stale_jobs(scheduler: BaseScheduler, config: ScheduleConfig) -> list[str]:
    """Remove stored jobs this config no longer defines (jobs persist across restarts); call after start()."""
    stale = [job.id for job in scheduler.get_jobs() if job.id not in wanted_job_ids(config)]
    for job_id in stale:
        scheduler.remove_job(job_id)
    return stale


class InspectingScheduler(BaseScheduler):
    """A scheduler that never runs jobs: for reading and editing the stored jobs (`schedule --list`).

    APScheduler 3's threaded schedulers process due jobs once more while shutting down, which would
    consume a missed night's run without running it; this one has no loop at all.
    """

    def wakeup(self) -> None:
        """Nothing to wake: this scheduler has no loop."""

    def shutdown(self, wait: bool = True) -> None:
        super().shutdown(wait)
