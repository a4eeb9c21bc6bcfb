"""Shared fixtures: fresh databases on each backend (SQLite files, and the real PostgreSQL server).

Every test that opens the tool's database takes `database_url` (or `databases` when it needs several, or
the module-scoped `module_database_url` / `module_databases` for a database built once per module) and so
runs once per backend. `TENDERS_TEST_BACKENDS=sqlite` (or `postgresql`) runs one backend locally; with
CI=true both always run, and a missing PostgreSQL server fails instead of skipping.
"""

from __future__ import annotations

import functools
import gc
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Property tests are bounded by their example counts, never by the clock: Hypothesis's default 200 ms
# deadline per example and its "too slow" health check fail on a busy machine (issue 17).
settings.register_profile("tenders", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("tenders")

PG_ADMIN_URL = os.environ.get("TENDERS_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
BACKENDS = ("sqlite", "postgresql")
# pytest-xdist names each worker process (gw0, gw1, …); "main" when the suite runs in one process.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")


def _private_data_home() -> None:
    """The default database (~/.local/share/tenders/tenders.db) and anything else a command writes under
    XDG_DATA_HOME go to a folder of this test process: parallel workers never share one file, and a test
    that forgets --db never touches the user's own database. Set at import, before any test or child
    process reads it; tests about the default path set their own with monkeypatch."""
    import atexit
    import shutil
    import tempfile

    folder = tempfile.mkdtemp(prefix=f"tenders-tests-{WORKER}-data-")
    os.environ["XDG_DATA_HOME"] = folder
    atexit.register(shutil.rmtree, folder, ignore_errors=True)


_private_data_home()


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def selected_backends() -> tuple[str, ...]:
    """The backends this run covers: both, unless TENDERS_TEST_BACKENDS narrows it outside CI."""
    raw = os.environ.get("TENDERS_TEST_BACKENDS", "")
    chosen = tuple(name.strip() for name in raw.split(",") if name.strip())
    unknown = sorted(set(chosen) - set(BACKENDS))
    if unknown:
        raise pytest.UsageError(f"TENDERS_TEST_BACKENDS: unknown backend {unknown[0]!r}, use {BACKENDS}")
    if in_ci() or not chosen:
        return BACKENDS
    return tuple(name for name in BACKENDS if name in chosen)


BACKEND_PARAMS = [
    pytest.param(name, marks=[pytest.mark.postgres] if name == "postgresql" else [])
    for name in selected_backends()
]


@functools.cache
def _postgres_unavailable() -> str | None:
    """None when the server answers, else the reason it does not (asked once per run)."""
    try:
        import psycopg
    except ImportError as exc:  # pragma: no cover - psycopg is a dependency
        return f"psycopg missing: {exc}"
    try:
        conn = psycopg.connect(_plain(PG_ADMIN_URL), connect_timeout=3)
    except Exception as exc:
        return f"PostgreSQL not reachable at {PG_ADMIN_URL}: {exc}"
    conn.close()
    return None


def _plain(url: str) -> str:
    """The libpq form of a SQLAlchemy URL (psycopg.connect takes no driver name)."""
    return url.replace("postgresql+psycopg", "postgresql", 1)


def _require_postgres() -> None:
    reason = _postgres_unavailable()
    if reason is not None:
        if in_ci():
            pytest.fail(reason)
        pytest.skip(reason)


def _drop_schema(schema: str) -> None:
    import psycopg

    # Engines the code under test cached (storage.db.get_engine keeps one per URL for the process) hold
    # pooled connections into the schema: release them, so the server's connection limit is not reached.
    from storage import db

    if db._engine_for.cache_info().currsize:
        db._engine_for.cache_clear()
        gc.collect()
    with psycopg.connect(_plain(PG_ADMIN_URL), autocommit=True) as conn:
        # A connection left inside a transaction would block the DROP forever: end the sessions holding
        # locks in this schema (and only those; other test runs share the database).
        conn.execute("SET lock_timeout = '5s'")
        try:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        except psycopg.errors.LockNotAvailable:
            conn.execute(
                "SELECT pg_terminate_backend(l.pid) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s AND l.pid <> pg_backend_pid()",
                (schema,),
            )
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


class Databases:
    """Fresh, empty databases of one backend: SQLite files in a folder, or throw-away PostgreSQL schemas
    in database `test` (search_path in the URL puts every table, alembic_version included, there)."""

    def __init__(self, backend: str, folder: Path) -> None:
        self.backend = backend
        self.folder = folder
        self._schemas: list[str] = []

    def new(self, name: str = "tenders") -> str:
        if self.backend == "sqlite":
            path = self.folder / f"{name}.db"
            assert not path.exists(), f"database {name} made twice"
            return f"sqlite:///{path}"
        import psycopg

        _require_postgres()
        # Unique per database, and named after the worker that made it (xdist workers share the server).
        schema = f"t_{WORKER}_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(_plain(PG_ADMIN_URL), autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
        self._schemas.append(schema)
        return f"{PG_ADMIN_URL}?options=-csearch_path%3D{schema}"

    def close(self) -> None:
        for schema in self._schemas:
            _drop_schema(schema)
        self._schemas.clear()


@pytest.fixture(params=BACKEND_PARAMS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def databases(backend: str, tmp_path: Path) -> Iterator[Databases]:
    """Make as many fresh databases of the test's backend as it needs."""
    made = Databases(backend, tmp_path)
    yield made
    made.close()


@pytest.fixture
def database_url(databases: Databases) -> str:
    """A fresh database; the test runs once per backend."""
    return databases.new()


@pytest.fixture(scope="module", params=BACKEND_PARAMS)
def module_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def module_databases(module_backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Databases]:
    """Databases built once for a module's tests, per backend (the module's tests run once per backend)."""
    made = Databases(module_backend, tmp_path_factory.mktemp(f"db-{module_backend}"))
    yield made
    made.close()


@pytest.fixture(scope="module")
def module_database_url(module_databases: Databases) -> str:
    return module_databases.new()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'tenders.db'}"


@pytest.fixture
def postgres_url(tmp_path: Path) -> Iterator[str]:
    """A PostgreSQL database only (a test about PostgreSQL itself: a password, an outage, Scrapyd nodes)."""
    made = Databases("postgresql", tmp_path)
    yield made.new()
    made.close()
