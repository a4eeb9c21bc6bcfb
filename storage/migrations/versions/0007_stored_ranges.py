"""stored ranges: the figures' ranges kept per period, and a data stamp bumped by triggers

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 09:30:00

`stored_ranges` holds the result of reports.uncertainty.figure_ranges per period with the key of
everything it depends on; `data_state` holds one counter that triggers on every table the ranges read
bump on each INSERT, UPDATE and DELETE (docs/corrections.md, "Stored ranges"). The triggers live in the
database, so no write path has to remember them: statement-level on PostgreSQL (TRUNCATE included),
row-level on SQLite, the only kind it has.

A later migration that makes SQLite copy one of these tables (a batch alter that recreates it) drops
its triggers with the old table: it must create them again (`create_stamp_triggers` below). Until it
does, reports.stored_ranges sees a trigger missing and computes the ranges afresh, storing nothing.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

# Kept equal to storage.stamp.STAMPED_TABLES / STAMP_NAME (tests/storage/test_stamp.py checks the
# triggers of a migrated database against them); a migration does not import the code it migrates for.
# Every statement is written out: no SQL is built from strings (tests/hardening/test_security.py).
STAMPED_TABLES = ('notice', 'classification', 'project', 'label_correction', 'label_correction_notice')
STAMP_NAME = 'report_inputs'

PG_CREATE = (
    "CREATE FUNCTION bump_data_state() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN UPDATE data_state SET stamp = stamp + 1 WHERE name = 'report_inputs'; RETURN NULL; END $$",
    "CREATE TRIGGER stamp_notice AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON notice "
    "FOR EACH STATEMENT EXECUTE FUNCTION bump_data_state()",
    "CREATE TRIGGER stamp_classification AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON classification "
    "FOR EACH STATEMENT EXECUTE FUNCTION bump_data_state()",
    "CREATE TRIGGER stamp_project AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON project "
    "FOR EACH STATEMENT EXECUTE FUNCTION bump_data_state()",
    "CREATE TRIGGER stamp_label_correction AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON label_correction "
    "FOR EACH STATEMENT EXECUTE FUNCTION bump_data_state()",
    "CREATE TRIGGER stamp_label_correction_notice AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON label_correction_notice "
    "FOR EACH STATEMENT EXECUTE FUNCTION bump_data_state()",
)
PG_DROP = (
    "DROP TRIGGER IF EXISTS stamp_notice ON notice",
    "DROP TRIGGER IF EXISTS stamp_classification ON classification",
    "DROP TRIGGER IF EXISTS stamp_project ON project",
    "DROP TRIGGER IF EXISTS stamp_label_correction ON label_correction",
    "DROP TRIGGER IF EXISTS stamp_label_correction_notice ON label_correction_notice",
    "DROP FUNCTION IF EXISTS bump_data_state()",
)
SQLITE_CREATE = (
    "CREATE TRIGGER stamp_notice_insert AFTER INSERT ON notice FOR EACH ROW "
    "BEGIN UPDATE data_state SET stamp = stamp + 1 WHERE name = 'report_inputs'; END",
    "CREATE TRIGGER stamp_notice_update AFTER UPDATE ON notice FOR EACH ROW "
    "BEGIN UPDATE data_state SET stamp = stamp + 1 WHERE name = 'report_inputs'; END",
    "CREATE TRIGGER stamp_notice_delete AFTER DELETE ON notice FOR EACH ROW "
    "BEGIN UPDATE data_state SET stamp = stamp + 1 WHERE name = 'report_inputs'; END",
    "CREATE TRIGGER stamp_classification_insert AFTER INSERT ON classification FOR EACH ROW "
    "BEGIN UPDATE data_state SET stamp = stamp + 1 WHERE name = 'report_inputs'; END",
    "CREATE TRIGGER stamp_classification_update AFTER UPDATE ON classification FOR EACH ROW "
    "BEGIN UPDATE data_state SET stamp = stamp + 1 WHERE name = 'report_inputs'; END",
    "CREATE TRIGGER stamp_classification_delete AFTER DELETE ON classification FOR EACH ROW "
    "BEGIN UPDATE data_state SET stamp = stamp + 1 WHERE name = 'report_inputs'; END",
    "CREATE TRIGGER stamp_project_insert AFTER INSERT ON project FOR EACH ROW "
    "BEGIN UPDATE data_state SET stamp = stamp + 1 WHERE name = 'report_inputs'; END",
    "CREATE TRIGGER stamp_project_update AFTER UPDATE ON project FOR EACH ROW "
    "BEGIN UPDATE data_state SET stamp = stamp + 1 WHERE name = 'report_inputs'; END",
    "CREATE TRIGGER stamp_project_delete AFTER DELETE ON project FOR EACH ROW "
    "BEGIN UPDATE data_state SET stamp = stamp + 1 WHERE name = 'report_inputs'; END",
    "CREATE TRIGGER stamp_label_correction_insert AFTER INSERT ON label_correction FOR EACH ROW "
    "BEGIN UPDATE data_state SET stamp = stamp + 1 WHERE name = 'report_inputs'; END",
    "CREATE TRIGGER stamp_label_correction_update AFTER UPDATE ON label_correction FOR EACH ROW "
    "BEGIN UPDATE data_state SET stamp = stamp + 1 WHERE name = 'report_inputs'; END",
    "CREATE TRIGGER stamp_label_correction_delete AFTER DELETE ON label_correction FOR EACH ROW "
    "BEGIN UPDATE data_state SET stamp = stamp + 1 WHERE name = 'report_inputs'; END",
    "CREATE TRIGGER stamp_label_correction_notice_insert AFTER INSERT ON label_correction_notice FOR EACH ROW "
    "BEGIN UPDATE data_state SET stamp = stamp + 1 WHERE name = 'report_inputs'; END",
    "CREATE TRIGGER stamp_label_correction_notice_update AFTER UPDATE ON label_correction_notice FOR EACH ROW "
    "BEGIN UPDATE data_state SET stamp = stamp + 1 WHERE name = 'report_inputs'; END",
    "CREATE TRIGGER stamp_label_correction_notice_delete AFTER DELETE ON label_correction_notice FOR EACH ROW "
    "BEGIN UPDATE data_state SET stamp = stamp + 1 WHERE name = 'report_inputs'; END",
)
SQLITE_DROP = (
    "DROP TRIGGER IF EXISTS stamp_notice_insert",
    "DROP TRIGGER IF EXISTS stamp_notice_update",
    "DROP TRIGGER IF EXISTS stamp_notice_delete",
    "DROP TRIGGER IF EXISTS stamp_classification_insert",
    "DROP TRIGGER IF EXISTS stamp_classification_update",
    "DROP TRIGGER IF EXISTS stamp_classification_delete",
    "DROP TRIGGER IF EXISTS stamp_project_insert",
    "DROP TRIGGER IF EXISTS stamp_project_update",
    "DROP TRIGGER IF EXISTS stamp_project_delete",
    "DROP TRIGGER IF EXISTS stamp_label_correction_insert",
    "DROP TRIGGER IF EXISTS stamp_label_correction_update",
    "DROP TRIGGER IF EXISTS stamp_label_correction_delete",
    "DROP TRIGGER IF EXISTS stamp_label_correction_notice_insert",
    "DROP TRIGGER IF EXISTS stamp_label_correction_notice_update",
    "DROP TRIGGER IF EXISTS stamp_label_correction_notice_delete",
)


def create_stamp_triggers() -> None:
    postgresql = op.get_bind().dialect.name == 'postgresql'
    for statement in PG_CREATE if postgresql else SQLITE_CREATE:
        op.execute(statement)


def drop_stamp_triggers() -> None:
    postgresql = op.get_bind().dialect.name == 'postgresql'
    for statement in PG_DROP if postgresql else SQLITE_DROP:
        op.execute(statement)


def upgrade() -> None:
    op.create_table('data_state',
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('stamp', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )
    op.create_table('stored_ranges',
    sa.Column('period', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('stamp', sa.BigInteger(), nullable=False),
    sa.Column('inputs', sa.Text(), nullable=False),
    sa.Column('result', sa.Text(), nullable=False),
    sa.Column('computed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('period')
    )
    op.execute("INSERT INTO data_state (name, stamp) VALUES ('report_inputs', 0)")
    create_stamp_triggers()


def downgrade() -> None:
    drop_stamp_triggers()
    op.drop_table('stored_ranges')
    op.drop_table('data_state')
