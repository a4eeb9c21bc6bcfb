"""The data stamp and the stored figure ranges (migration 0007; docs/corrections.md "Stored ranges").

Triggers bump one counter, `data_state.report_inputs`, on every INSERT, UPDATE and DELETE of the tables
the figures' ranges read, whichever code writes them (a command, a migration, someone's raw SQL). A
result computed while the counter read S before and after holds as long as it still reads S.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from sqlalchemy import delete, insert, select, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from storage.db import read_only_reason
from storage.models import DataState, StoredRanges, utcnow

log = logging.getLogger("tenders.storage")

STAMP_NAME = "report_inputs"
# What reports/uncertainty.py figure_ranges reads: the notices and their classifications, the
# projects (labels, status, award month, model version) and, for the corrected set, the corrections.
STAMPED_TABLES = ("notice", "classification", "project", "label_correction", "label_correction_notice")
SQLITE_EVENTS = ("insert", "update", "delete")

DS = DataState.__table__.c  # type: ignore[attr-defined]
SR = StoredRanges.__table__.c  # type: ignore[attr-defined]


def expected_triggers(dialect: str) -> set[tuple[str, str]]:
    """(trigger, table) pairs migration 0007 creates on this backend."""
    if dialect == "postgresql":
        return {(f"stamp_{t}", t) for t in STAMPED_TABLES}
    return {(f"stamp_{t}_{e}", t) for t in STAMPED_TABLES for e in SQLITE_EVENTS}


def present_triggers(*, session: Session | Connection) -> set[tuple[str, str]]:
    """The stamp triggers in place (enabled, on PostgreSQL) on the tables of the session's schema."""
    if _dialect(session) == "postgresql":
        rows = session.execute(
            text(
                "SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE NOT t.tgisinternal AND t.tgenabled <> 'D' AND t.tgname LIKE 'stamp\\_%' "
                "AND t.tgrelid IN (SELECT to_regclass(name) FROM unnest(CAST(:tables AS text[])) AS name)"
            ),
            {"tables": list(STAMPED_TABLES)},
        ).all()
    else:
        rows = session.execute(
            text(
                "SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'stamp\\_%' ESCAPE '\\'"
            )
        ).all()
    return {(str(name), str(table)) for name, table in rows}


def data_stamp(*, session: Session | Connection) -> int | None:
    """The counter the triggers bump, as the session sees it (its own uncommitted writes included),
    or None when it cannot be trusted: a trigger is missing (a later migration that made SQLite copy a
    table dropped it) or the counter row is gone."""
    if not expected_triggers(_dialect(session)) <= present_triggers(session=session):
        return None
    stamp = session.execute(select(DS.stamp).where(DS.name == STAMP_NAME)).scalar_one_or_none()
    return None if stamp is None else int(stamp)


def committed_stamp(engine: Engine) -> int | None:
    """The counter as committed, read on a connection of its own."""
    with engine.connect() as conn:
        return data_stamp(session=conn)


def _dialect(session: Session | Connection) -> str:
    bind = session.get_bind() if isinstance(session, Session) else session
    return bind.dialect.name


def stored_result(period: str, key: str, *, session: Session) -> str | None:
    """The stored result of a period when it was stored under this very key."""
    return session.execute(select(SR.result).where(SR.period == period, SR.key == key)).scalar_one_or_none()


def writable(engine: Engine) -> bool:
    """Whether a stored result may be written: not for an SQLite file or folder that is read-only
    (docs/architecture.md, "When the database cannot be written"). PostgreSQL says so on the write."""
    if engine.dialect.name == "sqlite":
        return read_only_reason(Path(engine.url.database or "")) is None
    return True


def store_result(
    engine: Engine, *, period: str, key: str, stamp: int, inputs: str, result: str, at: datetime | None = None
) -> bool:
    """Replace the period's stored result in a transaction of its own; False when the database would
    not take it (read-only, a concurrent store of the same period): the result is only a saving, so
    failing to store it must never fail the report that computed it."""
    if not writable(engine):
        return False
    row = {
        "period": period,
        "key": key,
        "stamp": stamp,
        "inputs": inputs,
        "result": result,
        "computed_at": at or utcnow(),
    }
    try:
        with engine.begin() as conn:
            conn.execute(delete(StoredRanges).where(SR.period == period))
            conn.execute(insert(StoredRanges).values(**row))
    except SQLAlchemyError as exc:
        log.info("figure ranges of %s not stored: %s", period, exc)
        return False
    return True
