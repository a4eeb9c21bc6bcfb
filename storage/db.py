"""One engine factory: the database URL setting, SQLite by default, migrated on first use."""

from __future__ import annotations

import contextlib
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import event, inspect, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError
from sqlmodel import Session, create_engine

from domain.paths import data_home

if TYPE_CHECKING:
    from alembic.config import Config

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
    except (ArgumentError, ValueError) as exc:
        # The URL did not parse, so its password cannot be hidden by SQLAlchemy: mask it here.
        raise DatabaseError(f"invalid database URL {redact_url(chosen)!r}: {one_line(exc)}") from exc
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise DatabaseError(
            f"unsupported database {parsed.get_backend_name()!r}: use sqlite:/// or postgresql+psycopg://"
        )
    if parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:"):
        # An in-memory database would silently drop everything a command stores.
        raise DatabaseError(
            f"{chosen!r} names no database file (in-memory SQLite keeps nothing): use sqlite:////path/to/tenders.db"
        )
    return chosen


def redact_url(url: str) -> str:
    """The URL as text with any password replaced by ***, even when the URL does not parse: the
    credentials are what precedes the last @, and their part after the first colon is hidden."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        scheme, rest = "", url
    at = rest.rfind("@")
    user, colon, _password = rest[: max(at, 0)].partition(":")
    if at < 0 or not colon:
        return url
    return f"{scheme}{sep}{user}:***@{rest[at + 1 :]}"


def one_line(exc: BaseException) -> str:
    """An exception as one line for a CLI error: the driver's own message for database errors
    (without SQLAlchemy's statement echo and "Background on this error" link), first line only."""
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc).strip()
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return first or type(exc).__name__


def alembic_config(url: str) -> Config:
    # lazy: ~0.15 s of imports that a process finding its schema current skips (_at_head)
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    # ConfigParser interpolation would treat % in passwords as syntax.
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


# Database files an SQLite connection of this process has opened, by device and inode. Their header is
# not read again: closing any descriptor of a file drops every POSIX lock the process holds on it,
# SQLite's included, and another process may then checkpoint and delete the WAL and shared-memory
# files under the open connections (sqlite.org/howtocorrupt.html §2.2 describes the hazard). A second
# engine on the same file in one process (`tenders demo`: the crawl's check, then the report's second
# connection) left a WAL without its -shm file, and the next connection failed with "disk I/O error".
_OPENED_BY_SQLITE: set[tuple[int, int]] = set()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    for _seq, name, file in cursor.execute("PRAGMA database_list").fetchall():
        if name == "main" and file:
            with contextlib.suppress(OSError):
                info = os.stat(file)
                _OPENED_BY_SQLITE.add((info.st_dev, info.st_ino))
    # Foreign keys are off by default in SQLite; WAL lets a report read while a crawl writes.
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    # The data stamp's row triggers (migration 0007) make every INSERT/UPDATE/DELETE keep a statement
    # journal: in a temporary file it cost +26 µs a notice on a bulk insert, in memory +7.5 µs
    # (bench/RESULTS.md, "Round 2: stored ranges"). Temporary tables and sorts live in memory too.
    cursor.execute("PRAGMA temp_store=MEMORY")
    cursor.close()


def make_engine(url: str | None = None, *, migrate: bool = True) -> Engine:
    """Create the engine for the URL setting; create the SQLite file and migrate to head on first use."""
    resolved = resolve_url(url)
    parsed = make_url(resolved)
    try:
        if parsed.get_backend_name() == "sqlite":
            _check_sqlite_path(Path(parsed.database or ""))
            engine = create_engine(resolved, connect_args={"timeout": 30})
            event.listen(engine, "connect", _sqlite_pragmas)
        else:
            engine = create_engine(resolved, pool_pre_ping=True)
    except (ArgumentError, ImportError, TypeError, ValueError) as exc:
        # A driver that is not installed (postgresql+psycopg2) or a bad query argument.
        raise DatabaseError(
            f"cannot use database {parsed.render_as_string(hide_password=True)}: {one_line(exc)}"
        ) from exc
    if migrate:
        upgrade(engine)
    return engine


def _check_sqlite_path(path: Path) -> None:
    """Refuse, with a line naming the file, what SQLite would fail on later with a vaguer message
    (or, for a foreign file, overwrite): a directory, a device, a file of another format, a file
    that cannot be read; create the missing parent folders of a new database file."""
    try:
        _check_existing_sqlite_path(path)
    except OSError as exc:  # stat or open refused: permissions on the file or a folder above it
        raise DatabaseError(f"cannot read database file {path}: {exc.strerror or exc}") from exc


def _check_existing_sqlite_path(path: Path) -> None:
    if path.is_dir():
        raise DatabaseError(f"{path} is a directory, not an SQLite database file")
    if path.exists():
        if not path.is_file():
            raise DatabaseError(f"{path} is not a regular file, so not an SQLite database")
        info = path.stat()
        if (info.st_dev, info.st_ino) in _OPENED_BY_SQLITE:
            return
        with path.open("rb") as fh:
            header = fh.read(16)
        if header and header != b"SQLite format 3\x00":
            raise DatabaseError(f"{path} is not an SQLite database")
        return
    blocking = next((p for p in path.parents if p.exists() and not p.is_dir()), None)
    if blocking is not None:
        raise DatabaseError(f"cannot create database file {path}: {blocking} is a file, not a folder")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseError(
            f"cannot create the folder of database file {path}: {exc.strerror or exc}"
        ) from exc


# Alembic's commands keep the running migration's context in module globals (`alembic.context`,
# `alembic.op`), so two threads of one process migrating at once break each other (KeyError 'script');
# the demo starts its crawl processes from two threads, each opening the database first.
_MIGRATING = threading.Lock()


_REVISION = re.compile(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN_REVISION = re.compile(r"^down_revision\s*=\s*(?:['\"]([^'\"]+)['\"]|None)", re.M)


def head_of(migration_texts: list[str]) -> str | None:
    """The head revision of a linear chain of migrations, from their files' text: the one revision that no
    migration names as its down_revision; None when the texts do not make exactly one head."""
    revisions, parents = set(), set()
    for source in migration_texts:
        revision, parent = _REVISION.search(source), _DOWN_REVISION.search(source)
        if revision is None or parent is None:
            return None
        revisions.add(revision.group(1))
        if parent.group(1):
            parents.add(parent.group(1))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


@cache
def head_revision() -> str | None:
    """The newest migration shipped (storage/migrations/versions)."""
    return head_of(
        [p.read_text(encoding="utf-8") for p in sorted((MIGRATIONS_DIR / "versions").glob("*.py"))]
    )


def _at_head(engine: Engine) -> bool:
    """Whether the database already records the newest migration: one query instead of Alembic's imports
    and script loading, which every process opening the database paid (a crawl process, each command)."""
    head = head_revision()
    if head is None:
        return False
    try:
        with engine.connect() as connection:
            versions = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except Exception:  # no such table (a new database), or any doubt: Alembic decides
        return False
    return versions == [head]


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration (a no-op when it is current)."""
    if _at_head(engine):
        return
    from alembic import command  # lazy: see alembic_config

    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    try:
        with _MIGRATING, engine.connect() as connection, _one_transaction(connection):
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, "head")
    except Exception as exc:  # surfaced as one clear line by the CLI
        # SQLite's own words for a WAL file on a read-only disk are "unable to open database file".
        read_only = (
            read_only_reason(Path(engine.url.database or "")) if engine.dialect.name == "sqlite" else None
        )
        detail = f"{one_line(exc)} ({read_only})" if read_only else one_line(exc)
        raise DatabaseError(
            f"cannot open database {engine.url.render_as_string(hide_password=True)}: {detail}"
        ) from exc


@contextmanager
def _one_transaction(connection: Connection) -> Iterator[None]:
    """The whole migration in one transaction, its CREATE/ALTER TABLE statements included.

    The sqlite3 driver opens a transaction only before INSERT/UPDATE/DELETE and runs DDL in autocommit,
    so a process killed during the first migration of a new file (a SIGKILL trial, issue 7) left some
    tables and no alembic_version row: every later command then failed with "table … already exists".
    With the driver's own transaction handling off, an explicit BEGIN covers the DDL as well.
    A deferred BEGIN (not IMMEDIATE) so that a read-only database file can still be opened and read.
    """
    if connection.dialect.name != "sqlite":
        with connection.begin():
            yield
        return
    driver = connection.connection.dbapi_connection
    saved = driver.isolation_level  # type: ignore[union-attr]
    driver.isolation_level = None  # type: ignore[union-attr]
    try:
        connection.exec_driver_sql("BEGIN")
        try:
            yield
            connection.commit()
        except BaseException:
            connection.rollback()
            raise
    finally:
        driver.isolation_level = saved  # type: ignore[union-attr]


def check_writable(url: str | None = None) -> None:
    """Refuse, with a line naming the file, an SQLite database that cannot be written: its file or
    its folder (where SQLite keeps the WAL) read-only, as on a filesystem remounted read-only.

    Without this a storing command with nothing new to store could read, change nothing and exit 0,
    claiming a run on a file no run can change (docs/architecture.md, "When the database cannot be
    written"). PostgreSQL says so itself on the first write.
    """
    parsed = make_url(resolve_url(url))
    if parsed.get_backend_name() == "sqlite":
        reason = read_only_reason(Path(parsed.database or ""))
        if reason:
            raise DatabaseError(reason)


def read_only_reason(path: Path) -> str | None:
    """Why an SQLite file cannot be written, or None. `os.access` reports a read-only filesystem even
    to root, who ignores file modes."""
    for target, what in ((path, "file"), (path.parent, "folder")):
        if target.exists() and not os.access(target, os.W_OK):
            return f"database {what} {target} is read-only: nothing can be stored in {path}"
    return None


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
