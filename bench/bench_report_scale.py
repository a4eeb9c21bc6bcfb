"""Monthly report over a large history, on SQLite and PostgreSQL.

Loads N synthetic notices (default 1,000,000) with their projects, classifications, suppliers and
scenario tags into a fresh database per backend, then times `reports.report.build_report` for one
month (year to date) — best of 3, after one warm-up — against a baseline in the same run: one full
scan of the project table (`SELECT count(*), sum(length(title))`), so the ratio says how many table
scans the whole report costs.

Run (PostgreSQL at 127.0.0.1:5432, database `test`; a throw-away schema is created and dropped):

    .venv/bin/python bench/bench_report_scale.py                     # both backends, 1,000,000 notices
    .venv/bin/python bench/bench_report_scale.py --notices 100000 --backend postgresql

Results are written down in bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select, text
from sqlalchemy.engine import Engine
from sqlmodel import Session

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from domain.vocabulary import INDUSTRIES, PROJECT_TYPES, SCENARIOS
from reports.aggregates import Period
from reports.report import build_report
from storage.db import make_engine
from storage.models import (
    Classification,
    Notice,
    Organisation,
    Project,
    ProjectSupplier,
    ScenarioTag,
)

PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
PROVINCES = [
    "北京市",
    "上海市",
    "广东省",
    "浙江省",
    "江苏省",
    "山东省",
    "四川省",
    "湖北省",
    "河南省",
    "贵州省",
]
CHUNK = 20_000
START = date(2020, 1, 1)
DAYS = (date(2025, 12, 31) - START).days


def _chunks(rows: list[dict[str, Any]]) -> Any:
    for i in range(0, len(rows), CHUNK):
        yield rows[i : i + CHUNK]


def load(engine: Engine, notices: int, seed: int = 7) -> dict[str, int]:
    """Insert the synthetic history with bulk INSERTs (executemany), a chunk per transaction."""
    rng = random.Random(seed)
    now = datetime.now(UTC)
    orgs = [
        {
            "id": i + 1,
            "name": f"供应商{i}有限公司",
            "normalised_name": f"供应商{i}有限公司",
            "brand": "other",
            "kind": None,
        }
        for i in range(20_000)
    ]
    projects: list[dict[str, Any]] = []
    notice_rows: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    tags: list[dict[str, Any]] = []
    n = 0
    while n < notices:
        pid = f"tp-{len(projects):012x}"
        llm = rng.random() < 0.12
        industry = "medical" if rng.random() < 0.35 else rng.choice(INDUSTRIES)
        in_scope = llm and industry == "medical"
        first = START + timedelta(days=rng.randrange(DAYS))
        awarded = rng.random() < 0.7
        amount = Decimal(rng.randrange(10_000, 50_000_000)) if rng.random() < 0.9 else None
        projects.append(
            {
                "id": pid,
                "link_key": f"code|{pid}",
                "title": f"项目{len(projects)}采购",
                "buyer": f"采购人{rng.randrange(30_000)}",
                "project_code": f"P{len(projects)}",
                "region": rng.choice(PROVINCES),
                "status": "awarded" if awarded else "open",
                "first_award_date": first if awarded else None,
                "award_month": first.strftime("%Y-%m") if awarded else None,
                "budget_yuan": amount,
                "award_amount_yuan": amount if awarded else None,
                "suppliers": [],
                "lots": 1,
                "llm": llm,
                "industry": industry,
                "in_scope": in_scope,
                "type": rng.choice(PROJECT_TYPES) if llm else None,
                "scenarios": [],
                "model_version": "bench",
                "updated_at": now,
            }
        )
        if awarded:
            links.append({"project_id": pid, "organisation_id": rng.randrange(1, len(orgs) + 1)})
        if in_scope:
            for scenario in rng.sample(SCENARIOS, rng.randrange(0, 3)):
                tags.append({"project_id": pid, "scenario": scenario})
        for k in range(rng.choice((1, 2, 2, 3, 4))):
            notice_type = (
                "award" if (awarded and k == 0) else rng.choice(("tender", "correction", "contract"))
            )
            notice_rows.append(
                {
                    "source": rng.choice(("ccgp", "ggzy", "zcy")),
                    "url": f"http://www.ccgp.gov.cn/cggg/{pid}/{k}.htm",
                    "title": f"项目{len(projects)}公告{k}",
                    "notice_type": notice_type,
                    "publish_date": first + timedelta(days=k),
                    "project_code": f"P{len(projects)}",
                    "buyer": projects[-1]["buyer"],
                    "agency": None,
                    "region": projects[-1]["region"],
                    "budget_yuan": amount,
                    "award_amount_yuan": amount,
                    "suppliers": [],
                    "lots": 1,
                    "text": "",
                    "related_urls": [],
                    "raw_gz": None,
                    "content_hash": uuid.uuid4().hex,
                    "project_id": pid,
                    "crawl_run_id": None,
                    "first_seen_at": now,
                    "updated_at": now,
                }
            )
            n += 1
    with engine.begin() as conn:
        conn.execute(insert(Organisation), orgs)
    for table, rows in ((Project, projects), (ProjectSupplier, links), (ScenarioTag, tags)):
        for chunk in _chunks(rows):
            with engine.begin() as conn:
                conn.execute(insert(table), chunk)  # type: ignore[arg-type]
    for chunk in _chunks(notice_rows):
        with engine.begin() as conn:
            conn.execute(insert(Notice), chunk)
    with engine.begin() as conn:
        ids = conn.execute(select(Notice.id)).scalars().all()  # type: ignore[call-overload]
    for chunk in _chunks([{"id": i} for i in ids]):
        classes = [
            {
                "notice_id": row["id"],
                "model_version": "bench",
                "llm": False,
                "industry": "other",
                "in_scope": False,
                "scope_score": 0.1,
                "type": None,
                "scenarios": [],
                "created_at": now,
            }
            for row in chunk
        ]
        with engine.begin() as conn:
            conn.execute(insert(Classification), classes)
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("ANALYZE"))
    else:
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))
    return {
        "notices": len(notice_rows),
        "projects": len(projects),
        "suppliers": len(links),
        "scenario_tags": len(tags),
    }


def _best(fn: Any, repeat: int = 3) -> float:
    fn()  # warm-up: caches and plans
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def measure(engine: Engine, month: str) -> dict[str, float]:
    period = Period.parse(month)

    def scan() -> None:
        with Session(engine) as session:
            session.execute(select(func.count(), func.sum(func.length(Project.title)))).one()

    def report() -> None:
        with Session(engine) as session:
            build_report(period, session=session)

    baseline = _best(scan)
    full = _best(report)
    return {
        "baseline_scan_s": baseline,
        "report_s": full,
        "ratio": full / baseline if baseline else float("nan"),
    }


def run_backend(name: str, notices: int, month: str) -> None:
    if name == "sqlite":
        folder = tempfile.mkdtemp(prefix="tenders-bench-")
        url = f"sqlite:///{folder}/bench.db"
        cleanup = None
    else:
        import psycopg

        schema = f"bench_{uuid.uuid4().hex[:8]}"
        plain = PG_URL.replace("postgresql+psycopg", "postgresql")
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
        url = f"{PG_URL}?options=-csearch_path%3D{schema}"

        def cleanup() -> None:
            with psycopg.connect(plain, autocommit=True) as conn:
                conn.execute(f'DROP SCHEMA "{schema}" CASCADE')

    engine = make_engine(url)
    try:
        started = time.perf_counter()
        counts = load(engine, notices)
        load_s = time.perf_counter() - started
        figures = measure(engine, month)
        print(
            f"{name:<10} notices={counts['notices']:,} projects={counts['projects']:,} load={load_s:.0f}s "
            f"report({month}, YTD)={figures['report_s']:.3f}s baseline_scan={figures['baseline_scan_s']:.3f}s "
            f"ratio={figures['ratio']:.1f}x",
            flush=True,
        )
    finally:
        engine.dispose()
        if cleanup:
            cleanup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notices", type=int, default=1_000_000)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--month", default="2025-09")
    args = parser.parse_args()
    for name in ("sqlite", "postgresql") if args.backend == "both" else (args.backend,):
        run_backend(name, args.notices, args.month)


if __name__ == "__main__":
    main()
