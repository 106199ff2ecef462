"""Penalties of the bilan final on the marché: amount applied, amount waived (hundredths of euro), note.

Revision ID: 0006_bilan_penalties
Revises: 0005_recruitment
Create Date: 2026-11-22 05:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_bilan_penalties"
down_revision = "0005_recruitment"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("market", schema=None) as batch_op:
        batch_op.add_column(sa.Column("penalty_applied", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("penalty_waived", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("penalty_note", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("market", schema=None) as batch_op:
        batch_op.drop_column("penalty_note")
        batch_op.drop_column("penalty_waived")
        batch_op.drop_column("penalty_applied")
