"""The scheduler: config validation, persistent jobs, coalesced missed runs, stale-job pruning, status."""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, JobExecutionEvent
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from click.testing import CliRunner
from sqlmodel import Session

from domain.notice import ParsedNotice
from storage import repo
from storage.db import make_engine, session_scope
from tenders.cli import main
from tenders.health import source_health
from tenders.jobs.config import ConfigError, load_config, parse_config
from tenders.jobs.scheduler import JOB_DEFAULTS, InspectingScheduler, build_scheduler, prune_stale_jobs
from tenders.jobs.tasks import previous_month


def test_defaults_without_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.delenv("TENDERS_CONFIG", raising=False)
    config = load_config()
    assert config.sources == ("ccgp", "ggzy", "zcy") and config.crawl_time == "02:30"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"crawl_time": "25:00"}, "crawl_time must be HH:MM"),
        ({"sources": ["ccgp", "baidu"]}, "sources has unknown baidu"),
        ({"report_formats": ["pdf"]}, "report_formats has unknown pdf"),
        ({"report_day": 31}, "report_day must be"),
        ({"timezone": "Mars/Olympus"}, "not a known time zone"),
        ({"scrapyd_urls": ["crawler-1:6800"]}, "must start with http"),
        ({"crawl_tme": "01:00"}, "unknown key"),
        ({"sources": "ccgp"}, "sources must be a list"),
    ],
)
def test_bad_config_values_name_the_key(raw: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_config(raw, origin="t.toml")


def test_missing_or_broken_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(tmp_path / "nope.toml")
    broken = tmp_path / "broken.toml"
    broken.write_text("sources = [", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(broken)


def test_previous_month() -> None:
    assert previous_month(date(2026, 1, 1)) == "2025-12"
    assert previous_month(date(2025, 10, 31)) == "2025-09"


def test_jobs_persist_and_stale_ones_are_pruned(database_url: str) -> None:
    engine = make_engine(database_url)
    full = parse_config({"sources": ["ccgp", "ggzy"]})
    scheduler = build_scheduler(full, engine=engine, scheduler_cls=InspectingScheduler)
    scheduler.start(paused=True)
    assert sorted(j.id for j in scheduler.get_jobs()) == ["crawl:ccgp", "crawl:ggzy", "report:monthly"]
    scheduler.shutdown(wait=False)

    # A restart with one source fewer: the stored job of the dropped source goes away, the rest persist.
    fewer = parse_config({"sources": ["ccgp"], "crawl_time": "03:10"})
    scheduler = build_scheduler(fewer, engine=engine, scheduler_cls=InspectingScheduler)
    scheduler.start(paused=True)
    assert prune_stale_jobs(scheduler, fewer) == ["crawl:ggzy"]
    job = scheduler.get_job("crawl:ccgp")
    assert job is not None and (job.next_run_time.hour, job.next_run_time.minute) == (3, 10)
    assert job.next_run_time.utcoffset() == timedelta(hours=8)
    scheduler.shutdown(wait=False)


def test_sources_are_staggered(database_url: str) -> None:
    engine = make_engine(database_url)
    config = parse_config({"crawl_time": "23:50"})
    scheduler = build_scheduler(config, engine=engine, scheduler_cls=InspectingScheduler)
    scheduler.start(paused=True)
    times = [
        (j.next_run_time.hour, j.next_run_time.minute)
        for j in (scheduler.get_job(f"crawl:{s}") for s in config.sources)
        if j
    ]
    scheduler.shutdown(wait=False)
    assert times == [(23, 50), (0, 10), (0, 30)]


def test_missed_nights_run_once_when_the_scheduler_returns(database_url: str) -> None:
    engine = make_engine(database_url)
    from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore

    def scheduler_(cls: type = BackgroundScheduler) -> BackgroundScheduler:
        return cls(
            jobstores={"default": SQLAlchemyJobStore(engine=engine)},
            job_defaults=JOB_DEFAULTS,
            timezone="Asia/Shanghai",
        )

    first = scheduler_(InspectingScheduler)
    first.start(paused=True)
    # A nightly job whose last three nights were missed while the scheduler was down.
    first.add_job(
        "time:sleep",
        CronTrigger(hour=2, minute=30, timezone="Asia/Shanghai"),
        args=[0],
        id="crawl:probe",
        next_run_time=datetime.now(first.timezone) - timedelta(days=3),
    )
    first.shutdown(wait=False)

    runs: list[JobExecutionEvent] = []
    second = scheduler_()
    second.add_listener(runs.append, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
    second.start()
    # Wait for the first run (a guard against hanging, not a time limit), then stop the scheduler:
    # shutdown(wait=True) ends its pass over the due jobs and waits for every run it submitted, so
    # `runs` is complete here, without a sleep that hopes no second run comes.
    deadline = time.monotonic() + 300
    while not runs and time.monotonic() < deadline:
        time.sleep(0.05)
    second.shutdown(wait=True)
    third = scheduler_(InspectingScheduler)  # what the job store now holds
    third.start(paused=True)
    job = third.get_job("crawl:probe")
    third.shutdown(wait=False)
    assert len(runs) == 1 and runs[0].exception is None
    assert job is not None and job.next_run_time > datetime.now(job.next_run_time.tzinfo)


def test_schedule_list_command(database_url: str, tmp_path: Path) -> None:
    config = tmp_path / "tenders.toml"
    config.write_text('sources = ["ggzy"]\ncrawl_time = "01:05"\nreport_day = 2\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["--db", database_url, "schedule", "--config", str(config), "--list"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert [line.split()[0] for line in lines] == ["crawl:ggzy", "report:monthly"]
    assert "T01:05+08:00" in lines[0] and "-02T06:00+08:00" in lines[1]
    bad = CliRunner().invoke(
        main, ["--db", database_url, "schedule", "--config", str(tmp_path / "none.toml"), "--list"]
    )
    assert bad.exit_code == 1 and "does not exist" in bad.output


def test_status_reports_each_source(database_url: str) -> None:
    engine = make_engine(database_url)
    with session_scope(engine) as session:
        run = repo.start_crawl_run(
            "ccgp", session=session, from_date=date(2025, 9, 1), until_date=date(2025, 9, 30)
        )
        assert run.id is not None
        repo.finish_crawl_run(
            run.id,
            session=session,
            status="incomplete",
            close_reason="finished",
            fetched_count=40,
            expected_count=120,
            parse_errors=2,
        )
        repo.upsert_notice(
            ParsedNotice(
                source="ccgp", url="http://www.ccgp.gov.cn/a.htm", title="t", publish_date=date(2025, 9, 28)
            ),
            session=session,
        )
    with Session(engine) as session:
        rows = {r["source"]: r for r in source_health(session=session, today=date(2025, 10, 1))}
    assert (
        rows["ccgp"]["outcome"] == "incomplete"
        and rows["ccgp"]["fetched"] == 40
        and rows["ccgp"]["expected"] == 120
    )
    assert rows["ccgp"]["newest_age_days"] == 3 and rows["ccgp"]["parse_errors"] == 2
    assert rows["zcy"]["last_run"] is None
    result = CliRunner().invoke(main, ["--db", database_url, "status"])
    assert result.exit_code == 0
    assert "40/120" in result.output and "incomplete" in result.output
