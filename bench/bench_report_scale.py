"""Monthly report over a large history, on SQLite and PostgreSQL, before and after, figures compared.

Loads N synthetic notices (default 1,000,000) with their projects, classifications, suppliers and
scenario tags into a fresh database per backend, then times `reports.report.build_report` for one
month (year to date, the figures' ranges included) — best of 3, after one warm-up — against a
baseline in the same run: one full scan of the project table (`SELECT count(*), sum(length(title))`),
so the ratio says how many table scans the whole report costs.

Each notice's classification agrees with its project's labels, as `tenders process` leaves them (the
project's labels are the roll-up of its notices' classifications): notices of a project outside
large models are called so, mostly with scope scores below 0.02, a few higher; those of a large-model
project are called llm with its type (mostly); those of an in-scope project in scope, with its
scenarios. Scores are continuous, as the classifier's are.

With `--before DIR` (a source tree of the code to compare with, e.g. `git archive main | tar -x -C DIR`),
the database is first built at that tree's newest migration (`--before-revision`), the report is timed
with DIR's code, the database is upgraded to this tree's head (timed: the new indexes), and the report
is timed with this tree's code. Both builds run in a fresh process each and dump `Report.to_dict()`;
the bench fails unless the two dumps are equal, every figure, table, project row and range included.

Code that stores the ranges (reports/stored_ranges.py) is also timed on the precompute `tenders process`
pays and on a report whose period's ranges are not stored (computed afresh); its dump is the report that
read the stored ranges, and the bench fails unless it equals the afresh one as well. `--trigger-cost N`
only times N notice inserts into SQLite with and without the data stamp's row triggers (migration 0007).

Run (PostgreSQL at 127.0.0.1:5432, database `test`; a throw-away schema is created and dropped):

    .venv/bin/python bench/bench_report_scale.py                     # both backends, 1,000,000 notices
    .venv/bin/python bench/bench_report_scale.py --notices 100000 --backend postgresql
    .venv/bin/python bench/bench_report_scale.py --before /tmp/main --before-revision 0006
    .venv/bin/python bench/bench_report_scale.py --trigger-cost 1000000 [--temp-store FILE]

Results are written down in bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from alembic import command
from sqlalchemy import event, func, insert, select, text
from sqlalchemy.engine import Engine
from sqlmodel import Session

# The measuring child process (`--code DIR`) imports the tree under test instead of this one.
sys.path.insert(
    0,
    sys.argv[sys.argv.index("--code") + 1]
    if "--code" in sys.argv
    else str(Path(__file__).resolve().parents[1]),
)

from domain.vocabulary import INDUSTRIES, PROJECT_TYPES, SCENARIOS
from reports.aggregates import Period
from reports.report import build_report
from storage.db import alembic_config, make_engine
from storage.models import (
    Classification,
    Notice,
    Organisation,
    Project,
    ProjectSupplier,
    ScenarioTag,
)

HERE = Path(__file__).resolve().parents[1]
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


def analyze(engine: Engine, *, vacuum: bool = False) -> None:
    """Fresh planner statistics (VACUUM too on PostgreSQL after the bulk load: the visibility map lets
    index-only scans skip the table)."""
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE" if vacuum else "ANALYZE"))
    else:
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))


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
    while len(notice_rows) < notices:
        pid = f"tp-{len(projects):012x}"
        llm = rng.random() < 0.12
        industry = "medical" if rng.random() < 0.35 else rng.choice(INDUSTRIES)
        in_scope = llm and industry == "medical"
        first = START + timedelta(days=rng.randrange(DAYS))
        awarded = rng.random() < 0.7
        amount = Decimal(rng.randrange(10_000, 50_000_000)) if rng.random() < 0.9 else None
        scenarios = rng.sample(SCENARIOS, rng.randrange(0, 3)) if in_scope else []
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
                "scenarios": scenarios,
                "model_version": "bench",
                "updated_at": now,
            }
        )
        if awarded:
            links.append({"project_id": pid, "organisation_id": rng.randrange(1, len(orgs) + 1)})
        tags.extend({"project_id": pid, "scenario": scenario} for scenario in scenarios)
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
        ids = conn.execute(select(Notice.id).order_by(Notice.id)).scalars().all()  # type: ignore[call-overload]
    # Notices were inserted in list order into a fresh table: ascending ids follow notice_rows.
    by_id = {p["id"]: p for p in projects}
    labels = random.Random(seed + 1)
    for start in range(0, len(ids), CHUNK):
        classes = [
            classification(by_id[row["project_id"]], notice_id, labels, now)
            for notice_id, row in zip(
                ids[start : start + CHUNK], notice_rows[start : start + CHUNK], strict=True
            )
        ]
        with engine.begin() as conn:
            conn.execute(insert(Classification), classes)
    analyze(engine, vacuum=True)
    return {
        "notices": len(notice_rows),
        "projects": len(projects),
        "suppliers": len(links),
        "scenario_tags": len(tags),
    }


def classification(
    project: dict[str, Any], notice_id: int, rng: random.Random, now: datetime
) -> dict[str, Any]:
    """A notice's classification that agrees with its project's labels (see the module docstring)."""
    if project["in_scope"]:
        score, in_scope = rng.uniform(0.5, 1.0), True
    elif project["llm"]:
        score, in_scope = rng.uniform(0.02, 0.5), False
    else:
        score, in_scope = (rng.uniform(0.0, 0.02) if rng.random() < 0.95 else rng.uniform(0.02, 0.5)), False
    notice_type = project["type"] if rng.random() < 0.85 else rng.choice(PROJECT_TYPES)
    return {
        "notice_id": notice_id,
        "model_version": "bench",
        "llm": bool(project["llm"]),
        "industry": project["industry"],
        "in_scope": in_scope,
        "scope_score": score,
        "type": notice_type if project["llm"] else None,
        "scenarios": list(project["scenarios"]) if in_scope else [],
        "created_at": now,
    }


def _best(fn: Any, repeat: int = 3) -> float:
    fn()  # warm-up: caches and plans
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def measure(url: str, month: str, dump: Path) -> dict[str, Any]:
    """Time the scan baseline and the report (with and without ranges) with the code under test, and
    dump the report's to_dict() for the comparison.

    Code that stores the ranges (reports/stored_ranges.py) is timed four ways: the precompute that
    `tenders process` pays (nothing stored yet), the report reading the stored ranges, the report of a
    period whose ranges are not stored (computed afresh, then stored), and the report without ranges.
    Its dump is the report that read the stored ranges; it must equal the afresh one too."""
    engine = make_engine(url, migrate=False)
    period = Period.parse(month)
    try:
        from reports.stored_ranges import precompute_ranges
    except ImportError:  # code from before the ranges were stored
        precompute_ranges = None

    def scan() -> None:
        with Session(engine) as session:
            session.execute(select(func.count(), func.sum(func.length(Project.title)))).one()

    def report(ranges: bool = True) -> Any:
        with Session(engine) as session:
            return build_report(period, session=session, ranges=ranges)

    def forget() -> None:  # the stored ranges table is not stamped: emptying it changes no stamp
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM stored_ranges"))

    def dumped(data: dict[str, Any]) -> str:
        return json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)

    baseline = _best(scan)
    figures: dict[str, Any] = {"baseline_scan_s": baseline}
    if precompute_ranges is not None:

        def precompute() -> None:
            forget()
            (done,) = precompute_ranges(engine, [period])
            assert done.how == "stored", done

        def afresh() -> None:
            forget()
            report()

        figures["precompute_s"] = _best(precompute)
        figures["fresh_ranges_report_s"] = _best(afresh)
        precompute()
        full = _best(report)
        forget()
        computed = dumped(report().to_dict())
        data = report().to_dict()  # reads what the report before it stored
        figures["fresh_equals_stored"] = computed == dumped(data)
    else:
        full = _best(report)
        data = report().to_dict()
    plain = _best(lambda: report(ranges=False))
    dump.write_text(dumped(data), encoding="utf-8")
    engine.dispose()
    return figures | {
        "report_s": full,
        "report_without_ranges_s": plain,
        "ratio": full / baseline if baseline else float("nan"),
        "in_scope_projects": data["headline"]["in_scope_projects"],
    }


def trigger_cost(rows: int, repeat: int = 3, temp_store: str | None = None) -> dict[str, float]:
    """Seconds to bulk-insert `rows` notices into a fresh SQLite database at head, then to delete them
    all, with the data stamp's row triggers (migration 0007) and without them (dropped); best of
    `repeat` each. The delete is timed apart: a trigger also turns off SQLite's truncate optimisation
    of a DELETE without WHERE. `temp_store` overrides storage.db's PRAGMA temp_store (FILE: SQLite's
    default, where the triggers' statement journals go to a temporary file)."""
    folder = tempfile.mkdtemp(prefix="tenders-bench-triggers-")
    try:
        engine = make_engine(f"sqlite:///{folder}/triggers.db")
        if temp_store:
            event.listen(
                engine, "connect", lambda dbapi, _record: dbapi.execute(f"PRAGMA temp_store={temp_store}")
            )
            engine.dispose()  # the pool's connections were made without it
        now = datetime.now(UTC)
        notice_rows = [
            {
                "source": "ccgp",
                "url": f"http://www.ccgp.gov.cn/cggg/t/{i}.htm",
                "title": f"公告{i}",
                "notice_type": "award",
                "publish_date": START,
                "suppliers": [],
                "text": "",
                "related_urls": [],
                "content_hash": f"{i:064x}",
                "first_seen_at": now,
                "updated_at": now,
            }
            for i in range(rows)
        ]

        def timed() -> tuple[float, float]:
            inserts, deletes = [], []
            for attempt in range(repeat + 1):  # the first fills the file: not counted
                started = time.perf_counter()
                for chunk in _chunks(notice_rows):
                    with engine.begin() as conn:
                        conn.execute(insert(Notice), chunk)
                inserts.append(time.perf_counter() - started)
                started = time.perf_counter()
                with engine.begin() as conn:
                    conn.execute(text("DELETE FROM notice"))
                deletes.append(time.perf_counter() - started)
                if not attempt:
                    inserts.pop(), deletes.pop()
            return min(inserts), min(deletes)

        with_insert, with_delete = timed()
        with engine.begin() as conn:
            for name in (
                conn.execute(
                    text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'notice'")
                )
                .scalars()
                .all()
            ):
                conn.execute(text(f'DROP TRIGGER "{name}"'))
        insert_s, delete_s = timed()
        engine.dispose()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {
        "insert_with_triggers_s": with_insert,
        "insert_without_triggers_s": insert_s,
        "delete_with_triggers_s": with_delete,
        "delete_without_triggers_s": delete_s,
    }


def measure_in_child(code: Path, url: str, month: str, dump: Path) -> dict[str, Any]:
    """`measure` in a fresh process importing the tree `code` (the before or after code)."""
    env = dict(os.environ, PYTHONPATH=str(code))
    out = subprocess.run(
        [
            sys.executable,
            __file__,
            "--code",
            str(code),
            "--measure",
            url,
            "--month",
            month,
            "--dump",
            str(dump),
        ],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def migrate(engine: Engine, revision: str) -> None:
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)


def compare(before: Path, after: Path) -> list[str]:
    """The top-level keys of the two report dumps that differ (empty: every figure the same)."""
    a, b = (json.loads(p.read_text(encoding="utf-8")) for p in (before, after))
    return sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))


def run_backend(name: str, notices: int, month: str, before: Path | None, before_revision: str) -> bool:
    if name == "sqlite":
        folder = tempfile.mkdtemp(prefix="tenders-bench-")
        url = f"sqlite:///{folder}/bench.db"

        def cleanup() -> None:  # a million notices take most of a gigabyte
            shutil.rmtree(folder, ignore_errors=True)
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

    engine = make_engine(url, migrate=before is None)
    same = True
    try:
        if before is not None:
            migrate(engine, before_revision)
        started = time.perf_counter()
        counts = load(engine, notices)
        load_s = time.perf_counter() - started
        dumps = Path(tempfile.mkdtemp(prefix="tenders-bench-dump-"))
        print(
            f"{name:<10} notices={counts['notices']:,} projects={counts['projects']:,} load={load_s:.0f}s "
            f"load_avg={os.getloadavg()[0]:.1f}",
            flush=True,
        )
        rows = []
        if before is not None:
            rows.append(("before", measure_in_child(before, url, month, dumps / "before.json")))
            started = time.perf_counter()
            migrate(engine, "head")
            analyze(engine)
            print(
                f"{name:<10} upgrade {before_revision} -> head: {time.perf_counter() - started:.1f}s",
                flush=True,
            )
        rows.append(
            (
                "after" if before is not None else "report",
                measure_in_child(HERE, url, month, dumps / "after.json"),
            )
        )
        for label, figures in rows:
            stored = (
                f"precompute={figures['precompute_s']:.3f}s "
                f"ranges afresh={figures['fresh_ranges_report_s']:.3f}s "
                f"afresh==stored {figures['fresh_equals_stored']} "
                if "precompute_s" in figures
                else ""
            )
            print(
                f"{name:<10} {label:<7} report({month}, YTD)={figures['report_s']:.3f}s {stored}"
                f"without ranges={figures['report_without_ranges_s']:.3f}s "
                f"baseline_scan={figures['baseline_scan_s']:.3f}s ratio={figures['ratio']:.1f}x "
                f"in_scope={figures['in_scope_projects']} load_avg={os.getloadavg()[0]:.1f}",
                flush=True,
            )
            same &= figures.get("fresh_equals_stored", True)
        if before is not None:
            differ = compare(dumps / "before.json", dumps / "after.json")
            same &= not differ
            print(
                f"{name:<10} figures {'identical (to_dict equal)' if same else 'DIFFER in ' + ', '.join(differ)}"
                + ("" if same else f" (dumps kept in {dumps})")
            )
        if same:
            shutil.rmtree(dumps, ignore_errors=True)
    finally:
        engine.dispose()
        cleanup()
    return same


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--notices", type=int, default=1_000_000)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--month", default="2025-09")
    parser.add_argument("--before", type=Path, help="source tree of the code to compare with")
    parser.add_argument("--before-revision", default="0006", help="that tree's newest migration")
    parser.add_argument(
        "--trigger-cost",
        type=int,
        metavar="N",
        help="only time N notice inserts with and without the triggers",
    )
    parser.add_argument(
        "--temp-store", choices=("FILE", "MEMORY"), help="with --trigger-cost: PRAGMA temp_store"
    )
    parser.add_argument("--code", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--dump", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.month, args.dump)))
        return
    if args.trigger_cost:
        cost = trigger_cost(args.trigger_cost, temp_store=args.temp_store)
        for step in ("insert", "delete"):
            with_s, without_s = cost[f"{step}_with_triggers_s"], cost[f"{step}_without_triggers_s"]
            print(
                f"sqlite     {args.trigger_cost:,} notices, {step} (temp_store {args.temp_store or 'MEMORY'}): {with_s:.2f}s with the stamp triggers, "
                f"{without_s:.2f}s without (+{(with_s - without_s) / args.trigger_cost * 1e6:.1f} µs a row) "
                f"load_avg={os.getloadavg()[0]:.1f}"
            )
        return
    same = True
    for name in ("sqlite", "postgresql") if args.backend == "both" else (args.backend,):
        same &= run_backend(name, args.notices, args.month, args.before, args.before_revision)
    if not same:
        sys.exit("the report's figures differ between the two trees")


if __name__ == "__main__":
    main()
