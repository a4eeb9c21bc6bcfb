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
STAMPED_TABLES = ('notice', 'classification', 'project', 'label_correction', 'label_correction_notice')
STAMP_NAME = 'report_inputs'


def create_stamp_triggers() -> None:
    bump = f"UPDATE data_state SET stamp = stamp + 1 WHERE name = '{STAMP_NAME}'"
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(
            "CREATE FUNCTION bump_data_state() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN {bump}; RETURN NULL; END $$"
        )
        for table in STAMPED_TABLES:
            op.execute(
                f"CREATE TRIGGER stamp_{table} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION bump_data_state()"
            )
        return
    for table in STAMPED_TABLES:
        for event in ('insert', 'update', 'delete'):
            op.execute(
                f"CREATE TRIGGER stamp_{table}_{event} AFTER {event.upper()} ON {table} "
                f"FOR EACH ROW BEGIN {bump}; END"
            )


def drop_stamp_triggers() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        for table in STAMPED_TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS stamp_{table} ON {table}")
        op.execute("DROP FUNCTION IF EXISTS bump_data_state()")
        return
    for table in STAMPED_TABLES:
        for event in ('insert', 'update', 'delete'):
            op.execute(f"DROP TRIGGER IF EXISTS stamp_{table}_{event}")


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
    op.execute(f"INSERT INTO data_state (name, stamp) VALUES ('{STAMP_NAME}', 0)")
    create_stamp_triggers()


def downgrade() -> None:
    drop_stamp_triggers()
    op.drop_table('stored_ranges')
    op.drop_table('data_state')
