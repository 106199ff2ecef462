"""The region (issue 15, part 5): departments, their packages and records; the regional secret and key.

Revision ID: 0011_region
Revises: 0010_comite
Create Date: 2026-12-02 00:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_region"
down_revision = "0010_comite"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sync_state") as batch_op:
        batch_op.add_column(sa.Column("region_secret", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("region_name", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("region_bundle", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("region_key_id", sa.String(length=16), nullable=True))
        batch_op.add_column(
            sa.Column("region_referential_version", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(sa.Column("is_region", sa.Boolean(), server_default="0", nullable=False))
    op.create_table(
        "region_department",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key_id", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("public_key", sa.Text(), nullable=False),
        sa.Column("fingerprint", sa.String(length=40), nullable=False),
        sa.Column("enrolled_at", sa.DateTime(), nullable=False),
        sa.Column("last_sequence", sa.Integer(), nullable=False),
        sa.Column("last_manifest_sha256", sa.String(length=64), nullable=True),
        sa.Column("last_year", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_region_department")),
        sa.UniqueConstraint("key_id", name=op.f("uq_region_department_key_id")),
        sa.UniqueConstraint("name", name=op.f("uq_region_department_name")),
    )
    op.create_table(
        "region_package",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("manifest_sha256", sa.String(length=64), nullable=False),
        sa.Column("previous_sha256", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("file_name", sa.String(length=400), nullable=False),
        sa.Column("record_count", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("merged_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["region_department.id"],
            name=op.f("fk_region_package_department_id_region_department"),
        ),  # fmt: skip
        sa.PrimaryKeyConstraint("id", name=op.f("pk_region_package")),
        sa.UniqueConstraint("department_id", "sequence", name="uq_region_package_dep_seq"),
    )
    op.create_index(op.f("ix_region_package_department_id"), "region_package", ["department_id"])
    op.create_table(
        "region_record",
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("rev", sa.Integer(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["region_department.id"],
            name=op.f("fk_region_record_department_id_region_department"),
        ),  # fmt: skip
        sa.PrimaryKeyConstraint("kind", "uuid", name=op.f("pk_region_record")),
    )
    op.create_index(op.f("ix_region_record_department_id"), "region_record", ["department_id"])
    op.create_table(
        "region_sent_package",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("manifest_sha256", sa.String(length=64), nullable=False),
        sa.Column("recipient_key_id", sa.String(length=16), nullable=False),
        sa.Column("file_name", sa.String(length=400), nullable=False),
        sa.Column("record_count", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_region_sent_package")),
        sa.UniqueConstraint("sequence", name=op.f("uq_region_sent_package_sequence")),
    )


def downgrade() -> None:
    op.drop_table("region_sent_package")
    op.drop_index(op.f("ix_region_record_department_id"), table_name="region_record")
    op.drop_table("region_record")
    op.drop_index(op.f("ix_region_package_department_id"), table_name="region_package")
    op.drop_table("region_package")
    op.drop_table("region_department")
    with op.batch_alter_table("sync_state") as batch_op:
        for name in ("is_region", "region_referential_version", "region_key_id", "region_bundle",
                     "region_name", "region_secret"):  # fmt: skip
            batch_op.drop_column(name)
