"""report indexes: the period filters, the notices' weights and classifications the ranges read

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 07:00:00

The monthly report over a large history (bench/bench_report_scale.py, bench/RESULTS.md): awarded
in-scope or llm projects of a period as one index range, a project's notices and their classifications
read from indexes alone, and the model versions by a loose index scan.
"""

from __future__ import annotations

from alembic import op


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('project', schema=None) as batch_op:
        batch_op.create_index('ix_project_in_scope_month', ['in_scope', 'status', 'award_month'], unique=False)
        batch_op.create_index('ix_project_llm_month', ['llm', 'status', 'award_month'], unique=False)
        batch_op.create_index('ix_project_model_version', ['model_version'], unique=False)
    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.create_index('ix_notice_project_type', ['project_id', 'notice_type', 'id'], unique=False)
    with op.batch_alter_table('classification', schema=None) as batch_op:
        batch_op.create_index(
            'ix_classification_evidence',
            ['notice_id', 'model_version', 'llm', 'in_scope', 'scope_score', 'type'],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table('classification', schema=None) as batch_op:
        batch_op.drop_index('ix_classification_evidence')
    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.drop_index('ix_notice_project_type')
    with op.batch_alter_table('project', schema=None) as batch_op:
        batch_op.drop_index('ix_project_model_version')
        batch_op.drop_index('ix_project_llm_month')
        batch_op.drop_index('ix_project_in_scope_month')
