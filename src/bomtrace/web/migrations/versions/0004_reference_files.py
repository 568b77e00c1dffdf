"""Trade-records and sanctions-list uploads beside teardown sheets; the recovery date

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("run_inputs", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "role", sa.String(length=16), nullable=False, server_default="teardown"
            )
        )
    with op.batch_alter_table("runs", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "recovered", sa.String(length=10), nullable=False, server_default=""
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("runs", schema=None) as batch_op:
        batch_op.drop_column("recovered")
    with op.batch_alter_table("run_inputs", schema=None) as batch_op:
        batch_op.drop_column("role")
