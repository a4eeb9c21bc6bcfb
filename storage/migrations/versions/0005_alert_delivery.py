"""alert deliveries: what the nightly alerts announced, per project and channel

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 03:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('alert_delivery',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('channel', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('sent_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('project_id', 'channel')
    )
    with op.batch_alter_table('alert_delivery', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_alert_delivery_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_alert_delivery_status'), ['status'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('alert_delivery', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_alert_delivery_status'))
        batch_op.drop_index(batch_op.f('ix_alert_delivery_project_id'))
    op.drop_table('alert_delivery')
