"""Undo journal of hour imports (previous values of each entry an import changed).

Revision ID: 0002_hours_import
Revises: 0001_initial
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_hours_import"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "hour_import_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("created", sa.Boolean(), nullable=False),
        sa.Column("prev_hours_worked", sa.Integer(), nullable=True),
        sa.Column("prev_hours_training", sa.Integer(), nullable=True),
        sa.Column("prev_status", sa.String(length=10), nullable=True),
        sa.Column("prev_source_id", sa.Integer(), nullable=True),
        sa.Column("prev_deleted_at", sa.DateTime(), nullable=True),
        sa.Column("rev_after", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"], ["hour_entry.id"], name=op.f("fk_hour_import_change_entry_id_hour_entry")
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["hour_source.id"],
            name=op.f("fk_hour_import_change_source_id_hour_source"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hour_import_change")),
    )
    with op.batch_alter_table("hour_import_change", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_hour_import_change_entry_id"), ["entry_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_hour_import_change_source_id"), ["source_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("hour_import_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hour_import_change_source_id"))
        batch_op.drop_index(batch_op.f("ix_hour_import_change_entry_id"))
    op.drop_table("hour_import_change")
