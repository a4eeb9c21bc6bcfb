"""Beyond one machine: a real Scrapyd server on localhost runs a crawl the scheduler dispatches, into PostgreSQL."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import pytest
from sqlmodel import Session, select

from storage.db import make_engine
from storage.models import CrawlRun, Notice
from tenders.jobs.scrapyd import PROJECT, ScrapydError, build_egg, deploy, job_state
from tenders.jobs.tasks import nightly_crawl

pytest.importorskip("scrapyd", reason="Scrapyd is a dev dependency: pip install -e '.[dev]'")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def scrapyd_node(tmp_path: Path) -> Iterator[str]:
    """A real Scrapyd on 127.0.0.1, its eggs, logs and queues in a temporary folder."""
    port = _free_port()
    (tmp_path / "scrapyd.conf").write_text(
        "[scrapyd]\n"
        f"bind_address = 127.0.0.1\nhttp_port = {port}\n"
        f"eggs_dir = {tmp_path / 'eggs'}\nlogs_dir = {tmp_path / 'logs'}\ndbs_dir = {tmp_path / 'dbs'}\n"
        "items_dir =\npoll_interval = 0.5\nmax_proc = 2\n",
        encoding="utf-8",
    )
    log = (tmp_path / "scrapyd.out").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "scrapyd"], cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180  # a guard against hanging, not a time limit
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail(f"Scrapyd did not start: {(tmp_path / 'scrapyd.out').read_text()}")
            time.sleep(0.2)
    yield url
    process.terminate()
    process.wait(timeout=10)
    log.close()


def test_egg_carries_the_spiders_and_their_settings() -> None:
    with zipfile.ZipFile(BytesIO(build_egg())) as egg:
        names = set(egg.namelist())
        assert "EGG-INFO/entry_points.txt" in names
        assert egg.read("EGG-INFO/entry_points.txt").decode() == "[scrapy]\nsettings = crawler.settings\n"
        assert {"crawler/settings.py", "crawler/spiders/ccgp.py", "crawler/spiders/ggzy.py"} <= names
        assert not any("__pycache__" in name for name in names)


def test_unreachable_node_is_a_clear_error() -> None:
    with pytest.raises(ScrapydError, match=r"Scrapyd at http://127.0.0.1:\d+/addversion.json did not answer"):
        deploy(f"http://127.0.0.1:{_free_port()}", egg=b"x")


@pytest.mark.slow
def test_scheduler_dispatches_a_crawl_through_scrapyd_into_postgres(
    scrapyd_node: str, postgres_url: str, tmp_path: Path
) -> None:
    from replay import ReplaySite, load_corpus

    assert deploy(scrapyd_node, version="1")["project"] == PROJECT
    make_engine(postgres_url)  # the nodes write into an existing, migrated database
    with ReplaySite(load_corpus(), port=0) as site:
        config_file = tmp_path / "tenders.toml"
        config_file.write_text(
            f'sources = ["ggzy"]\nscrapyd_urls = ["{scrapyd_node}"]\nreplay_url = "{site.base_url}"\n'
            'crawl_from = "2025-09-01"\ncrawl_until = "2025-09-07"\n',
            encoding="utf-8",
        )
        outcome = nightly_crawl("ggzy", postgres_url, str(config_file))
        assert outcome.startswith(f"dispatched {scrapyd_node} job ")
        job_id = outcome.rsplit(" ", 1)[1]
        deadline = time.monotonic() + 600  # a guard against hanging, not a time limit
        while job_state(scrapyd_node, job_id) != "finished":
            assert time.monotonic() < deadline, "the Scrapyd job did not finish in 10 minutes"
            time.sleep(1)
    engine = make_engine(postgres_url)
    with Session(engine) as session:
        run = session.exec(select(CrawlRun).where(CrawlRun.source == "ggzy")).one()
        notices = session.exec(select(Notice).where(Notice.source == "ggzy")).all()
    assert run.status == "finished", run.close_reason
    assert str(run.from_date) == "2025-09-01" and str(run.until_date) == "2025-09-07"
    assert notices, "no notice landed in PostgreSQL"
    # Everything the portal listed for the window arrived, parsed, in PostgreSQL.
    assert run.expected_count == run.fetched_count == len(notices) and run.parse_errors == 0
