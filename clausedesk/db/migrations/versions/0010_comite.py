"""Funders' targets (issue 14): a year, its hours and optional shares by public.

Revision ID: 0010_comite
Revises: 0009_parcours
Create Date: 2026-12-01 23:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_comite"
down_revision = "0009_parcours"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "funding_target",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("hours", sa.Integer(), nullable=False),
        sa.Column("shares_json", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("hours > 0", name=op.f("ck_funding_target_target_hours_positive")),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_funding_target")),
    )


def downgrade() -> None:
    op.drop_table("funding_target")
