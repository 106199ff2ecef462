"""The coordinator's directory of facilitators (issue 14): structure, contacts, territory, chefs de file.

Revision ID: 0012_directory
Revises: 0011_region
Create Date: 2026-12-02 00:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_directory"
down_revision = "0011_region"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "coord_directory_entry",
        sa.Column("facilitator_id", sa.Integer(), nullable=False),
        sa.Column("structure", sa.String(length=30), nullable=True),
        sa.Column("contacts_json", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["facilitator_id"], ["coord_facilitator.id"],
            name=op.f("fk_coord_directory_entry_facilitator_id_coord_facilitator"),
        ),  # fmt: skip
        sa.PrimaryKeyConstraint("facilitator_id", name=op.f("pk_coord_directory_entry")),
    )
    op.create_table(
        "coord_territory",
        sa.Column("facilitator_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=9), nullable=False),
        sa.ForeignKeyConstraint(
            ["facilitator_id"], ["coord_facilitator.id"],
            name=op.f("fk_coord_territory_facilitator_id_coord_facilitator"),
        ),  # fmt: skip
        sa.PrimaryKeyConstraint("facilitator_id", "code", name=op.f("pk_coord_territory")),
    )
    op.create_table(
        "coord_chef_de_file",
        sa.Column("buyer_siret", sa.String(length=14), nullable=False),
        sa.Column("facilitator_id", sa.Integer(), nullable=False),
        sa.Column("designated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["facilitator_id"], ["coord_facilitator.id"],
            name=op.f("fk_coord_chef_de_file_facilitator_id_coord_facilitator"),
        ),  # fmt: skip
        sa.PrimaryKeyConstraint("buyer_siret", name=op.f("pk_coord_chef_de_file")),
    )
    with op.batch_alter_table("coord_chef_de_file", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_coord_chef_de_file_facilitator_id"), ["facilitator_id"])


def downgrade() -> None:
    with op.batch_alter_table("coord_chef_de_file", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_coord_chef_de_file_facilitator_id"))
    op.drop_table("coord_chef_de_file")
    op.drop_table("coord_territory")
    op.drop_table("coord_directory_entry")
