"""The coordinator's journal (handovers of records between facilitators).

Revision ID: 0008_coordinator_ownership
Revises: 0007_publics_rules
Create Date: 2026-12-01 21:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_coordinator_ownership"
down_revision = "0007_publics_rules"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "coord_journal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("action", sa.String(length=30), nullable=False),
        sa.Column("from_key_id", sa.String(length=16), nullable=True),
        sa.Column("to_key_id", sa.String(length=16), nullable=True),
        sa.Column("records", sa.Integer(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coord_journal")),
    )


def downgrade() -> None:
    op.drop_table("coord_journal")
