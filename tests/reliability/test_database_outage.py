"""Issue 7, the database unavailable mid-run, against the real PostgreSQL (a throw-away schema).

The outage is a TCP proxy on 127.0.0.1 in front of the server that is cut (every connection dropped,
new ones refused) and restored: to the crawl the server is gone, while the server itself, which other
tests share, keeps running. bench/reliability/outage.py also stops and starts the real server once.

What must hold: the next run recovers everything, a run interrupted by the outage is not left
`running`, and `tenders process` never leaves a half-written project, even when cut itself.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from rig import (
    SMALL_STORE_BATCHES,
    CuttableProxy,
    ReplayProcess,
    crawl_command,
    crawl_runs,
    listed,
    run_child,
    stored,
    trial_env,
)
from trials import count_notices, outage_trial, pg_target, through_proxy

from storage.db import make_engine

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

TWO_WEEKS = (date(2025, 6, 2), date(2025, 6, 15))
WEEK = (date(2025, 6, 2), date(2025, 6, 8))


def test_the_next_run_recovers_and_no_project_is_half_written(postgres_url: str, tmp_path: Path) -> None:
    result = outage_trial(postgres_url, TWO_WEEKS, tmp_path, cut_after=30, outage_s=2.0)
    assert result["problems"] == [], result
    assert result["outage"]["cut_at"] is not None
    # The run under the outage did not pass for a complete one.
    during = result["during"]
    assert during["exit"] != 0 or any(status != "finished" for _, status, _, _ in during["runs"]), during
    assert result["notices"] == result["listed"] and result["projects"] > 0


def execute(database_url: str, statement: str) -> None:
    from sqlalchemy import text

    engine = make_engine(database_url, migrate=False)
    with engine.begin() as connection:
        connection.execute(text(statement))
    engine.dispose()


def test_a_notice_the_database_refused_is_fetched_by_the_next_incremental_run(
    postgres_url: str, tmp_path: Path
) -> None:
    make_engine(postgres_url).dispose()  # the schema, so the trigger has a table
    with ReplayProcess(folder=tmp_path) as site:
        ccgp = sorted(listed(site.base_url, WEEK)["ccgp"])
        # A notice published before the window's last day: the next incremental window will not list it.
        victim = next(url for url in ccgp if re.search(r"/t2025060[2-6]_", url))
        # The server drops the connection while this one notice is written (SQLSTATE 57P01,
        # "terminating connection due to administrator command"), as in a restart mid-crawl.
        execute(
            postgres_url,
            "CREATE FUNCTION refuse_one() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"IF NEW.url = '{victim}' THEN RAISE EXCEPTION 'server restarting' USING ERRCODE = '57P01'; "
            "END IF; RETURN NEW; END $$",
        )
        execute(
            postgres_url,
            "CREATE TRIGGER refuse_one BEFORE INSERT ON notice FOR EACH ROW EXECUTE FUNCTION refuse_one()",
        )
        env = trial_env(today=WEEK[1].isoformat())
        first = run_child(crawl_command(postgres_url, site.base_url, WEEK, sources=["ccgp"]), env=env)
        execute(postgres_url, "DROP TRIGGER refuse_one ON notice")
        assert victim not in stored(postgres_url)["ccgp"], first.describe()
        [run] = crawl_runs(postgres_url)
        # The crawl stops at the first refused write: fetching on would only lose more notices.
        assert run["fetched_count"] < run["expected_count"], run
        run_child(
            crawl_command(postgres_url, site.base_url, None, sources=["ccgp"]), env=env
        )  # no dates: incremental, as the nightly job runs it
    assert run["status"] != "finished", "a run that lost a notice to the database closed as finished"
    assert victim in stored(postgres_url)["ccgp"]


def test_a_database_outage_fails_the_crawl_in_one_clear_line(postgres_url: str, tmp_path: Path) -> None:
    with ReplayProcess(folder=tmp_path) as site, CuttableProxy(pg_target(postgres_url)) as proxy:
        via = through_proxy(postgres_url, proxy.port)

        def cut_for_good(elapsed: float) -> None:
            if proxy.live and (count_notices(postgres_url) or 0) >= 30:
                proxy.cut()

        crashed = run_child(
            crawl_command(via, site.base_url, TWO_WEEKS),
            env=trial_env(overrides=SMALL_STORE_BATCHES),  # cut with most of the crawl still to come
            on_tick=cut_for_good,
        )
    assert crashed.returncode != 0
    assert "Traceback" not in crashed.stderr and "raw=b'" not in crashed.stderr, crashed.stderr[-2000:]
    # Which spiders meet the cut depends on scheduling; each failed run says so in exactly one line that
    # names its source (crawler/pipelines.py, crawler/recorder.py), never a page.
    statuses = dict(re.findall(r"│ (ccgp|ggzy|zcy)\s+│[^│]*│ (\w+)\s+│", crashed.stdout))
    failed = sorted(source for source, status in statuses.items() if status == "failed")
    lines = crashed.stderr.strip().splitlines()
    assert failed and all("ERROR: " in line and len(line) < 600 for line in lines), crashed.describe()
    assert sorted(re.findall(r"\] ERROR: (ccgp|ggzy|zcy): ", crashed.stderr)) == failed, crashed.describe()
    assert "did not start" not in crashed.stdout, crashed.stdout + crashed.stderr
    assert "database" in (crashed.stdout + crashed.stderr)
