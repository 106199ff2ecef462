"""Forecasts and penalties (issue 20): the lot's penalty per missing insertion hour, set by its contract.

`lot.penalty_per_hour` is in hundredths of euro (the Hundredths type), None when the contract sets none.

Revision ID: 0008_parcours
Revises: 0007_publics_rules
Create Date: 2026-12-01 22:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_parcours"
down_revision = "0007_publics_rules"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("lot", schema=None) as batch_op:
        batch_op.add_column(sa.Column("penalty_per_hour", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("lot", schema=None) as batch_op:
        batch_op.drop_column("penalty_per_hour")
