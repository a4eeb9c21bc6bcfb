"""One engine factory: the database URL setting, SQLite by default, migrated on first use."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import event, inspect
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError
from sqlmodel import Session, create_engine

from tenders.paths import data_home

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
ENV_VAR = "TENDERS_DATABASE_URL"


class DatabaseError(Exception):
    """A database setting or file that the tool cannot use; the message names it."""


def default_url() -> str:
    return f"sqlite:///{data_home() / 'tenders.db'}"


def resolve_url(url: str | None = None) -> str:
    """The URL to use: the explicit one, else TENDERS_DATABASE_URL, else the SQLite default."""
    chosen = url or os.environ.get(ENV_VAR) or default_url()
    try:
        parsed = make_url(chosen)
    except ArgumentError as exc:
        raise DatabaseError(f"invalid database URL {chosen!r}: {exc}") from exc
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise DatabaseError(
            f"unsupported database {parsed.get_backend_name()!r}: use sqlite:/// or postgresql+psycopg://"
        )
    return chosen


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    # ConfigParser interpolation would treat % in passwords as syntax.
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # Foreign keys are off by default in SQLite; WAL lets a report read while a crawl writes.
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_engine(url: str | None = None, *, migrate: bool = True) -> Engine:
    """Create the engine for the URL setting; create the SQLite file and migrate to head on first use."""
    resolved = resolve_url(url)
    parsed = make_url(resolved)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:":
            path = Path(database)
            if path.exists() and path.is_file():
                _check_sqlite_file(path)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(resolved, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(resolved, pool_pre_ping=True)
    if migrate:
        upgrade(engine)
    return engine


def _check_sqlite_file(path: Path) -> None:
    with path.open("rb") as fh:
        header = fh.read(16)
    if header and header != b"SQLite format 3\x00":
        raise DatabaseError(f"{path} is not an SQLite database")


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration (a no-op when it is current)."""
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    try:
        with engine.begin() as connection:
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, "head")
    except Exception as exc:  # surfaced as one clear line by the CLI
        raise DatabaseError(
            f"cannot open database {engine.url.render_as_string(hide_password=True)}: {exc}"
        ) from exc


def table_names(engine: Engine) -> list[str]:
    return sorted(inspect(engine).get_table_names())


@cache
def _engine_for(url: str) -> Engine:
    return make_engine(url)


def get_engine(url: str | None = None) -> Engine:
    """The process-wide engine for a URL setting (migrated once per process)."""
    return _engine_for(resolve_url(url))


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session per unit of work: commit on success, roll back everything on error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
