"""Storage on both backends: migrations, idempotent writes, change records, rollback, crawl runs."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, select

from domain.notice import ParsedNotice
from storage import repo
from storage.db import DatabaseError, make_engine, resolve_url, session_scope, table_names
from storage.models import Classification, CrawlRun, Notice, NoticeChange, ParseError

if TYPE_CHECKING:
    from conftest import Databases


def _notice(**overrides: object) -> ParsedNotice:
    fields: dict[str, object] = {
        "source": "ccgp",
        "url": "http://www.ccgp.gov.cn/cggg/dfgg/zbgg/202506/t20250627_24912345.htm",
        "title": "某某人民医院医疗大模型本地化部署服务项目中标（成交）结果公告",
        "notice_type": "award",
        "publish_date": date(2025, 6, 27),
        "project_code": "GZ2025-001",
        "buyer": "某某人民医院",
        "region": "贵州省",
        "award_amount_yuan": Decimal("569800.00"),
        "suppliers": ["某某科技有限公司"],
        "lots": 1,
        "text": "DeepSeek 本地化部署",
    }
    fields.update(overrides)
    return ParsedNotice(**fields)  # type: ignore[arg-type]


def test_first_use_creates_and_migrates(database_url: str) -> None:
    engine = make_engine(database_url)
    names = table_names(engine)
    for table in (
        "notice",
        "project",
        "classification",
        "organisation",
        "crawl_run",
        "parse_error",
        "alembic_version",
    ):
        assert table in names


def test_threads_opening_new_databases_at_once_all_migrate(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # Alembic's commands keep their context in module globals: without storage.db's lock, two threads
    # migrating at once failed with "cannot open database …: 'script'" (the demo's two crawl threads).
    urls = [f"sqlite:///{tmp_path / f'db{i}.sqlite'}" for i in range(6)]
    with ThreadPoolExecutor(max_workers=len(urls)) as pool:
        engines = list(pool.map(make_engine, urls + urls))
    for engine in engines:
        assert "notice" in table_names(engine)
        engine.dispose()


def test_models_and_migrations_do_not_drift(database_url: str) -> None:
    engine = make_engine(database_url)
    with engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), SQLModel.metadata
        )
    assert diff == []


def test_same_notice_twice_leaves_one_row(database_url: str) -> None:
    engine = make_engine(database_url)
    with session_scope(engine) as session:
        first = repo.upsert_notice(_notice(), session=session, raw=b"<html>page</html>")
    with session_scope(engine) as session:
        second = repo.upsert_notice(_notice(), session=session, raw=b"<html>page</html>")
    assert first.created and not second.created and not second.changed
    assert first.notice_id == second.notice_id
    with Session(engine) as session:
        assert repo.count_notices(session=session) == 1
        stored = session.exec(select(Notice)).one()
        assert stored.award_amount_yuan == Decimal("569800.00")
        assert repo.raw_page(stored) == b"<html>page</html>"
        assert stored.suppliers == ["某某科技有限公司"]


def test_changed_fields_are_updated_and_recorded(database_url: str) -> None:
    engine = make_engine(database_url)
    with session_scope(engine) as session:
        repo.upsert_notice(_notice(), session=session)
    with session_scope(engine) as session:
        result = repo.upsert_notice(_notice(award_amount_yuan=Decimal("560000")), session=session)
    assert result.changed
    with Session(engine) as session:
        stored = session.exec(select(Notice)).one()
        assert stored.award_amount_yuan == Decimal("560000")
        change = session.exec(select(NoticeChange)).one()
        assert change.old_values == {"award_amount_yuan": "569800"}


def test_failed_batch_rolls_back_and_keeps_committed(database_url: str) -> None:
    engine = make_engine(database_url)
    with session_scope(engine) as session:
        repo.upsert_notice(_notice(), session=session)
    with pytest.raises(RuntimeError), session_scope(engine) as session:
        repo.upsert_notice(
            _notice(url="http://www.ccgp.gov.cn/cggg/dfgg/zbgg/202506/t20250627_2.htm"), session=session
        )
        raise RuntimeError("batch failed half-way")
    with Session(engine) as session:
        urls = [n.url for n in session.exec(select(Notice)).all()]
    assert urls == [_notice().url]


def test_over_long_text_is_cut_to_its_column_alike_on_both_backends(database_url: str) -> None:
    """PostgreSQL refuses text longer than its column where SQLite stores it: a page with an over-long
    buyer must not fail (a crawl stops on a database error), nor a run whose outcome names a long URL."""
    engine = make_engine(database_url)
    long_buyer, long_region = "某某" * 200, "省" * 40
    page = _notice(buyer=long_buyer, region=long_region)
    with session_scope(engine) as session:
        assert repo.upsert_notice(page, session=session).created
        run = repo.start_crawl_run("ccgp", session=session, from_date=None, until_date=None)
        assert run.id is not None
        reason = "1 list pages lost (blocked or failing), first: https://search.ccgp.gov.cn/" + "x" * 300
        repo.finish_crawl_run(run.id, session=session, status="incomplete", close_reason=reason)
        repo.record_parse_error("ccgp", "https://x/" + "y" * 1200, "no title", session=session)
    with session_scope(engine) as session:
        again = repo.upsert_notice(page, session=session)  # the same page fetched again: nothing changed
    assert not again.changed
    with Session(engine) as session:
        stored = session.exec(select(Notice)).one()
        assert (stored.buyer, stored.region) == (long_buyer[:300], long_region[:32])
        assert session.exec(select(CrawlRun)).one().close_reason == reason[:200]
        assert len(session.exec(select(ParseError)).one().url) == 1000
        assert session.exec(select(NoticeChange)).all() == []


def test_same_url_on_two_sources_is_two_notices(database_url: str) -> None:
    engine = make_engine(database_url)
    with session_scope(engine) as session:
        repo.upsert_notice(_notice(), session=session)
        repo.upsert_notice(_notice(source="ggzy"), session=session)
    with Session(engine) as session:
        assert repo.count_notices(session=session) == 2
        assert repo.known_urls("ggzy", session=session) == {_notice().url}


def test_crawl_runs_and_parse_errors(database_url: str) -> None:
    engine = make_engine(database_url)
    with session_scope(engine) as session:
        run = repo.start_crawl_run(
            "ccgp", session=session, from_date=date(2025, 1, 1), until_date=date(2025, 1, 31)
        )
        assert run.id is not None
        repo.record_parse_error("ccgp", "http://x/1.htm", "no title", session=session, crawl_run_id=run.id)
        repo.finish_crawl_run(
            run.id,
            session=session,
            status="finished",
            close_reason="finished",
            pages=3,
            items=2,
            parse_errors=1,
            expected_count=3,
            fetched_count=3,
            stats={"retries": 1},
        )
    with session_scope(engine) as session:
        later = repo.start_crawl_run(
            "ccgp", session=session, from_date=date(2025, 2, 1), until_date=date(2025, 2, 28)
        )
        assert later.id is not None
        repo.finish_crawl_run(later.id, session=session, status="failed", close_reason="shutdown")
    with Session(engine) as session:
        last = repo.last_successful_run("ccgp", session=session)
        assert last is not None and last.until_date == date(2025, 1, 31) and last.stats == {"retries": 1}
        assert session.exec(select(ParseError)).one().reason == "no title"
        assert len(session.exec(select(CrawlRun)).all()) == 2
        with pytest.raises(AttributeError):
            repo.finish_crawl_run(later.id, session=session, status="failed", close_reason=None, bogus=1)


def test_classifications_keep_old_model_versions(database_url: str) -> None:
    engine = make_engine(database_url)
    with session_scope(engine) as session:
        notice_id = repo.upsert_notice(_notice(), session=session).notice_id
        common = {"industry": "medical", "scope_score": 0.97, "scenarios": ["clinical"]}
        repo.store_classification(
            notice_id, session=session, model_version="v1", llm=True, in_scope=True, type="model", **common
        )  # type: ignore[arg-type]
        assert repo.unclassified_notice_ids("v2", session=session) == [notice_id]
        repo.store_classification(
            notice_id,
            session=session,
            model_version="v2",
            llm=True,
            in_scope=True,
            type="integrated",
            **common,
        )  # type: ignore[arg-type]
        repo.store_classification(
            notice_id, session=session, model_version="v2", llm=True, in_scope=True, type="model", **common
        )  # type: ignore[arg-type]
    with Session(engine) as session:
        rows = session.exec(select(Classification).order_by(Classification.model_version)).all()
        assert [(r.model_version, r.type) for r in rows] == [("v1", "model"), ("v2", "model")]
        assert repo.unclassified_notice_ids("v2", session=session) == []


# SQLite only: a foreign file given as an SQLite database.
def test_bad_urls_and_foreign_files_are_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DatabaseError, match="unsupported database"):
        resolve_url("mysql://root@localhost/test")
    with pytest.raises(DatabaseError, match="invalid database URL"):
        resolve_url("not a url")
    foreign = tmp_path / "notes.db"
    foreign.write_text("these are not the tables you are looking for")
    with pytest.raises(DatabaseError, match="is not an SQLite database"):
        make_engine(f"sqlite:///{foreign}")


# SQLite only: the default database is an SQLite file in the data home.
def test_default_url_lives_in_the_data_home(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.delenv("TENDERS_DATABASE_URL", raising=False)
    url = resolve_url(None)
    assert url == f"sqlite:///{tmp_path / 'tenders' / 'tenders.db'}"
    make_engine(url)
    assert (tmp_path / "tenders" / "tenders.db").exists()


def _stored_rows(engine: Engine) -> list[tuple[object, ...]]:
    with Session(engine) as session:
        rows = session.exec(select(Notice).order_by(Notice.url)).all()  # type: ignore[arg-type]
        return [
            (n.source, n.url, n.title, n.award_amount_yuan, n.suppliers, n.content_hash, repo.raw_page(n))
            for n in rows
        ]


def test_a_batch_stores_what_one_by_one_stores(databases: Databases) -> None:
    """upsert_notices (a crawl's batch) against upsert_notice per page: same rows, results and changes,
    with a page already stored and changed, one unchanged, and one listed twice in the batch; and the
    same again with the pages compressed before (repo.GzippedPage, as a crawl hands them over)."""
    url = "http://www.ccgp.gov.cn/cggg/dfgg/zbgg/202506/t20250627_{}.htm"
    stored_first = [_notice(url=url.format(1)), _notice(url=url.format(2))]
    batch = [
        (_notice(url=url.format(1), award_amount_yuan=Decimal("1")), b"<html>changed</html>"),
        (_notice(url=url.format(2)), b"<html>same</html>"),
        (_notice(url=url.format(3)), b"<html>new</html>"),
        (_notice(url=url.format(4), source="ggzy", suppliers=["甲公司", "乙公司"]), None),
        (_notice(url=url.format(3), title="更正后的标题"), b"<html>new again</html>"),
        (_notice(url=url.format(5), buyer="长" * 400), b"<html>long buyer</html>"),
    ]
    gzipped = [(p, repo.GzippedPage(repo.compress_raw(raw)) if raw is not None else None) for p, raw in batch]
    outcomes = []
    for mode in ("one_by_one", "batched", "gzipped"):
        engine = make_engine(databases.new(mode))
        with session_scope(engine) as session:
            for page in stored_first:
                repo.upsert_notice(page, session=session, raw=b"<html>old</html>")
        with session_scope(engine) as session:
            if mode == "batched":
                results = repo.upsert_notices(batch, session=session, crawl_run_id=None)
            elif mode == "gzipped":
                results = repo.upsert_notices(gzipped, session=session, crawl_run_id=None)
            else:
                results = [repo.upsert_notice(p, session=session, raw=raw) for p, raw in batch]
        with Session(engine) as session:
            changes = sorted(str(c.old_values) for c in session.exec(select(NoticeChange)).all())
        outcomes.append(([(r.created, r.changed) for r in results], _stored_rows(engine), changes))
        assert len({r.notice_id for r in results}) == 5  # the page listed twice kept its one row
    assert outcomes[0] == outcomes[1] == outcomes[2]
    assert outcomes[1][0] == [
        (False, True),
        (False, False),
        (True, False),
        (True, False),
        (False, True),
        (True, False),
    ]


def test_classifications_stored_by_batch_keep_one_row_per_notice_and_model(database_url: str) -> None:
    engine = make_engine(database_url)
    url = "http://www.ccgp.gov.cn/cggg/dfgg/zbgg/202506/t20250627_{}.htm"
    with session_scope(engine) as session:
        ids = [repo.upsert_notice(_notice(url=url.format(i)), session=session).notice_id for i in range(3)]
        repo.store_classification(
            ids[0], session=session, model_version="m1", llm=False, industry="other", in_scope=False,
            scope_score=0.1, type=None, scenarios=[],
        )  # fmt: skip

    def result(notice_id: int, score: float) -> repo.ClassificationResult:
        return repo.ClassificationResult(
            notice_id=notice_id, llm=True, industry="medical", in_scope=True, scope_score=score,
            type="model", scenarios=["clinical"],
        )  # fmt: skip

    with session_scope(engine) as session:
        batch = [result(ids[0], 0.9), result(ids[1], 0.8), result(ids[2], 0.5), result(ids[2], 0.7)]
        repo.store_classifications(batch, session=session, model_version="m1")
    with Session(engine) as session:
        rows = session.exec(select(Classification).order_by(Classification.notice_id)).all()  # type: ignore[arg-type]
    assert [(r.notice_id, r.model_version, r.scope_score, r.in_scope) for r in rows] == [
        (ids[0], "m1", 0.9, True),
        (ids[1], "m1", 0.8, True),
        (ids[2], "m1", 0.7, True),
    ]
    assert all(r.scenarios == ["clinical"] and r.type == "model" for r in rows)


def test_a_second_engine_on_an_open_file_keeps_the_first_ones_locks(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """make_engine reads a new file's header, but not that of a file this process's SQLite has open:
    closing that read would drop SQLite's locks, and another process closing its connection would then
    delete the WAL and shared-memory files under ours (storage/db.py, _OPENED_BY_SQLITE)."""
    import subprocess
    import sys

    from sqlalchemy import text

    db = tmp_path / "tenders.db"
    engine = make_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        conn.execute(text("SELECT count(*) FROM notice"))
    make_engine(f"sqlite:///{db}").dispose()  # as `tenders demo` does before its crawl
    child = (
        "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('PRAGMA journal_mode=WAL'); "
        "c.execute(\"INSERT INTO data_state VALUES ('other', 1)\"); c.commit(); c.close()"
    )
    subprocess.run([sys.executable, "-c", child, str(db)], check=True)
    assert (tmp_path / "tenders.db-wal").exists() and (tmp_path / "tenders.db-shm").exists()
    with engine.connect() as first, engine.connect() as second:
        assert first.execute(text("SELECT count(*) FROM data_state")).scalar() == 2
        assert second.execute(text("SELECT count(*) FROM data_state")).scalar() == 2
    engine.dispose()


def test_a_changed_wording_drops_the_notices_stale_classifications(database_url: str) -> None:
    """The classifier read the old title, text or buyer: a changed one leaves the notice unclassified, so the
    next `process` classifies it again; a change elsewhere (an amount) keeps the result."""
    engine = make_engine(database_url)
    result = {"llm": True, "industry": "medical", "in_scope": True, "scope_score": 0.9, "type": "model"}
    with session_scope(engine) as session:
        notice_id = repo.upsert_notice(_notice(), session=session).notice_id
        repo.store_classification(notice_id, session=session, model_version="m1", scenarios=[], **result)
    with session_scope(engine) as session:
        assert repo.upsert_notice(_notice(award_amount_yuan=Decimal("560000")), session=session).changed
        assert repo.unclassified_notice_ids("m1", session=session) == []
    with session_scope(engine) as session:
        assert repo.upsert_notice(_notice(text="DeepSeek 一体机采购"), session=session).changed
        assert repo.unclassified_notice_ids("m1", session=session) == [notice_id]
        assert session.exec(select(Classification)).all() == []


def test_the_head_read_from_the_migration_files_is_alembics() -> None:
    """`upgrade` skips Alembic when the database records this head: it must be the head Alembic computes."""
    from alembic.script import ScriptDirectory

    from storage.db import alembic_config, head_revision

    assert [head_revision()] == ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads()


@pytest.mark.parametrize(
    ("texts", "head"),
    [
        (
            ["revision = '0001'\ndown_revision = None\n", 'revision = "0002"\ndown_revision = "0001"\n'],
            "0002",
        ),
        (
            [
                "revision = 'a'\ndown_revision = None\n",
                "revision = 'b'\ndown_revision = 'a'\n",
                "revision = 'c'\ndown_revision = 'a'\n",
            ],
            None,
        ),
        (["revision = 'a'\ndown_revision = None\n", "down_revision = 'a'\n"], None),
        ([], None),
    ],
)
def test_head_of_migration_texts(texts: list[str], head: str | None) -> None:
    from storage.db import head_of

    assert head_of(texts) == head


def test_a_current_database_opens_without_alembic(database_url: str) -> None:
    """A crawl process or a command opening a migrated database runs one query, not Alembic (issue 15)."""
    import subprocess
    import sys

    from domain.paths import REPO_ROOT

    make_engine(database_url).dispose()  # migrated here
    code = (
        "import sys; from storage.db import make_engine; make_engine(sys.argv[1]).dispose(); "
        "print('alembic' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, database_url], cwd=REPO_ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "False"
