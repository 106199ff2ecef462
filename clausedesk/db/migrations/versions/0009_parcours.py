"""Forecasts, penalties and documents as sent (issue 20).

- `lot.penalty_per_hour`: the penalty the contract sets per missing insertion hour, in hundredths of euro
  (the Hundredths type), None when it sets none;
- the table `sent_report`: each dashboard, bilan or attestation saved for a recipient (file SHA-256,
  recipient, date, key figures as printed), local to this computer.

Revision ID: 0009_parcours
Revises: 0008_coordinator_ownership
Create Date: 2026-12-01 22:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_parcours"
down_revision = "0008_coordinator_ownership"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("lot", schema=None) as batch_op:
        batch_op.add_column(sa.Column("penalty_per_hour", sa.Integer(), nullable=True))
    op.create_table(
        "sent_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("recipient", sa.String(length=300), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.Column("figures", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sent_report")),
    )


def downgrade() -> None:
    op.drop_table("sent_report")
    with op.batch_alter_table("lot", schema=None) as batch_op:
        batch_op.drop_column("penalty_per_hour")
