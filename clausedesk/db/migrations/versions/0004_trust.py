"""Access log of people's records (who opened, exported or erased which person, by uuid).

Revision ID: 0004_trust
Revises: 0003_sync
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_trust"
down_revision = "0003_sync"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "access_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("subject_uuid", sa.String(length=36), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_log")),
    )
    with op.batch_alter_table("access_log") as batch:
        batch.create_index(batch.f("ix_access_log_at"), ["at"], unique=False)
        batch.create_index(batch.f("ix_access_log_subject_uuid"), ["subject_uuid"], unique=False)


def downgrade() -> None:
    op.drop_table("access_log")
