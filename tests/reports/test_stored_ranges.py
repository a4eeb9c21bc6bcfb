"""Stored figure ranges (reports/stored_ranges.py, migration 0007): the stored result is the computed
one to the last bit, any write to what the ranges read invalidates it (raw SQL included: the database's
triggers catch it, not our code), a read-only database still reports, and a missing trigger means
computing afresh (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlmodel import Session, select

from linking.corrections import CorrectionRequest, add_correction, corrected_project_ids
from reports.aggregates import Period
from reports.figure_notes import _json_safe
from reports.report import build_report
from reports.stored_ranges import default_periods, period_name, ranges_outcome
from reports.uncertainty import figure_ranges, shipped_error_model
from storage.db import make_engine, session_scope
from storage.models import StoredRanges
from storage.stamp import data_stamp
from tenders.cli import main

from .conftest import SmallDb

PERIOD = Period.parse("2025-03", "2025-01")


def outcome(url: str, period: Period = PERIOD) -> tuple[str, str]:
    """How the period's ranges were had (read, stored, computed) and their JSON text."""
    engine = make_engine(url)
    with Session(engine) as session:
        got = ranges_outcome(
            period.since,
            period.month,
            period.months(),
            corrected_project_ids(session=session),
            session=session,
        )
    engine.dispose()
    return got.how, json.dumps(got.ranges.to_json())


def fresh(url: str, period: Period = PERIOD) -> str:
    """The ranges computed now, never stored or read."""
    engine = make_engine(url)
    with Session(engine) as session:
        ranges = figure_ranges(
            period.since,
            period.month,
            period.months(),
            corrected_project_ids(session=session),
            session=session,
            error=shipped_error_model(),
        )
    engine.dispose()
    return json.dumps(ranges.to_json())


def report_dict(engine: Any) -> str:
    with Session(engine) as session:
        report = build_report(PERIOD, session=session)
    return json.dumps(report.to_dict(), sort_keys=True, default=str)


def stored_periods(url: str) -> dict[str, int]:
    engine = make_engine(url)
    with Session(engine) as session:
        rows = session.exec(select(StoredRanges)).all()
    engine.dispose()
    return {r.period: r.stamp for r in rows}


def execute(url: str, sql: str) -> None:
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text(sql))
    engine.dispose()


def test_the_report_reads_what_it_stored_and_it_is_the_computed_result(small_db: SmallDb) -> None:
    engine = make_engine(small_db.url)
    first = report_dict(engine)  # computes and stores
    assert period_name(PERIOD.since, PERIOD.month) in stored_periods(small_db.url)
    assert outcome(small_db.url)[0] == "read"
    assert report_dict(engine) == first  # read back: every float the same
    engine.dispose()
    assert outcome(small_db.url)[1] == fresh(small_db.url)


# One write to each table the ranges read, in plain SQL: no code of ours runs, only the triggers.
RAW_WRITES = {
    "notice": "UPDATE notice SET title = title || ' (更正)' WHERE notice_type = 'award'",
    "classification": "UPDATE classification SET scope_score = 0.55 WHERE in_scope = {true}",
    "project": "UPDATE project SET in_scope = {false}, llm = {false} WHERE award_month = '2025-02'",
    "label_correction_notice": "DELETE FROM label_correction_notice",
    "label_correction": "UPDATE label_correction SET revoked_by = 'bob'",
}


@pytest.mark.parametrize("table", sorted(RAW_WRITES))
def test_a_raw_write_to_any_table_the_ranges_read_invalidates_them(small_db: SmallDb, table: str) -> None:
    engine = make_engine(small_db.url)
    with session_scope(engine) as session:  # one correction, so the corrections' tables have rows
        add_correction(
            CorrectionRequest(
                project_id=small_db.project_of["P3"], note="checked", analyst="alice", type="compute"
            ),
            session=session,
        )
    with Session(engine) as session:
        before = data_stamp(session=session)
    engine.dispose()
    assert outcome(small_db.url)[0] == "stored"
    assert outcome(small_db.url)[0] == "read"
    true, false = ("1", "0") if small_db.url.startswith("sqlite") else ("true", "false")
    execute(small_db.url, RAW_WRITES[table].format(true=true, false=false))
    engine = make_engine(small_db.url)
    with Session(engine) as session:
        after = data_stamp(session=session)
    engine.dispose()
    assert before is not None and after is not None and after > before
    how, ranges = outcome(small_db.url)
    assert how == "stored"  # not read: computed again on the changed data, and stored under the new stamp
    assert ranges == fresh(small_db.url)
    assert stored_periods(small_db.url)[period_name(PERIOD.since, PERIOD.month)] == after


def test_a_change_of_labels_changes_the_stored_ranges(small_db: SmallDb) -> None:
    _, before = outcome(small_db.url)
    true = "1" if small_db.url.startswith("sqlite") else "true"
    execute(small_db.url, f"UPDATE classification SET scope_score = 0.35 WHERE in_scope = {true}")
    how, after = outcome(small_db.url)
    assert how == "stored" and after != before and after == fresh(small_db.url)


def read_only_url(url: str) -> str:
    """The same database opened read-only: SQLite's mode=ro, PostgreSQL's read-only transactions."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return f"sqlite:///file:{parsed.database}?mode=ro&uri=true"
    options = " ".join(
        filter(None, [str(parsed.query.get("options", "")), "-cdefault_transaction_read_only=on"])
    )
    return parsed.update_query_dict({"options": options}).render_as_string(hide_password=False)


def test_a_read_only_database_still_reports_with_the_same_ranges(small_db: SmallDb) -> None:
    engine = make_engine(small_db.url)
    stored_before = report_dict(engine)  # computes and stores
    true = "1" if small_db.url.startswith("sqlite") else "true"
    with engine.begin() as conn:  # the stored ranges no longer hold
        conn.execute(text(f"UPDATE classification SET scope_score = 0.35 WHERE in_scope = {true}"))
    engine.dispose()
    stored = stored_periods(small_db.url)
    expected = fresh(small_db.url)
    read_only = create_engine(read_only_url(small_db.url))
    try:
        with Session(read_only) as session:
            report = build_report(PERIOD, session=session)  # computes; the store is refused, not fatal
            got = ranges_outcome(
                PERIOD.since,
                PERIOD.month,
                PERIOD.months(),
                corrected_project_ids(session=session),
                session=session,
            )
    finally:
        read_only.dispose()
    assert got.how == "computed" and json.dumps(got.ranges.to_json()) == expected
    assert report.notes is not None and report.notes.ranges == _json_safe(json.loads(expected))
    assert json.dumps(report.to_dict(), sort_keys=True, default=str) != stored_before
    assert stored_periods(small_db.url) == stored  # nothing written


def test_a_missing_trigger_means_computing_afresh_and_storing_nothing(small_db: SmallDb) -> None:
    assert outcome(small_db.url)[0] == "stored"
    if small_db.url.startswith("sqlite"):
        execute(small_db.url, "DROP TRIGGER stamp_classification_update")
    else:
        execute(small_db.url, "ALTER TABLE classification DISABLE TRIGGER stamp_classification")
    engine = make_engine(small_db.url)
    with Session(engine) as session:
        assert data_stamp(session=session) is None
    engine.dispose()
    stored = stored_periods(small_db.url)
    how, ranges = outcome(small_db.url)
    assert how == "computed" and ranges == fresh(small_db.url)
    assert stored_periods(small_db.url) == stored


def test_correct_precomputes_the_default_periods(small_db: SmallDb) -> None:
    result = CliRunner().invoke(
        main,
        ["--db", small_db.url, "correct", small_db.project_of["P2"], "--type", "model", "--note", "checked"],
    )
    assert result.exit_code == 0, result.output
    engine = make_engine(small_db.url)
    with Session(engine) as session:
        stamp = data_stamp(session=session)
        periods = default_periods(date.today(), session=session)
    engine.dispose()
    stored = stored_periods(small_db.url)
    # The small database's newest award month is 2025-04: its year to date is one of them.
    assert "2025-01..2025-04" in {period_name(p.since, p.month) for p in periods}
    for p in periods:
        assert stored[period_name(p.since, p.month)] == stamp
        assert outcome(small_db.url, p)[0] == "read"


def test_a_session_with_writes_of_its_own_stores_nothing(small_db: SmallDb) -> None:
    """Ranges computed on uncommitted writes are not stored: rolled back, their stamp could later mean
    other data."""
    assert outcome(small_db.url)[0] == "stored"
    stored = stored_periods(small_db.url)
    engine = make_engine(small_db.url)
    true = "1" if small_db.url.startswith("sqlite") else "true"
    with Session(engine) as session:
        session.execute(text(f"UPDATE classification SET scope_score = 0.35 WHERE in_scope = {true}"))
        got = ranges_outcome(
            PERIOD.since,
            PERIOD.month,
            PERIOD.months(),
            corrected_project_ids(session=session),
            session=session,
        )
        session.rollback()
    engine.dispose()
    assert got.how == "computed"
    assert stored_periods(small_db.url) == stored
    assert outcome(small_db.url)[0] == "read"
