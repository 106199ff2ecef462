"""Synchronisation: facilitator's sent packages and records, coordinator's facilitators, packages, records.

Revision ID: 0003_sync
Revises: 0002_hours_import
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_sync"
down_revision = "0002_hours_import"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sync_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("coordinator_bundle", sa.Text(), nullable=True),
        sa.Column("coordinator_key_id", sa.String(length=16), nullable=True),
        sa.Column("trusted_at", sa.DateTime(), nullable=True),
        sa.Column("department_secret", sa.String(length=100), nullable=True),
        sa.Column("department_name", sa.String(length=200), nullable=True),
        sa.Column("referential_version", sa.Integer(), nullable=False),
        sa.Column("referential_json", sa.Text(), nullable=True),
        sa.Column("referential_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_state")),
    )
    op.create_table(
        "sync_sent_package",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("manifest_sha256", sa.String(length=64), nullable=False),
        sa.Column("recipient_key_id", sa.String(length=16), nullable=False),
        sa.Column("file_name", sa.String(length=400), nullable=False),
        sa.Column("record_count", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_sent_package")),
        sa.UniqueConstraint("sequence", name=op.f("uq_sync_sent_package_sequence")),
    )
    op.create_table(
        "sync_sent_record",
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "uuid", name=op.f("pk_sync_sent_record")),
    )
    op.create_table(
        "coord_facilitator",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key_id", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("public_key", sa.Text(), nullable=False),
        sa.Column("fingerprint", sa.String(length=40), nullable=False),
        sa.Column("enrolled_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("last_sequence", sa.Integer(), nullable=False),
        sa.Column("last_manifest_sha256", sa.String(length=64), nullable=True),
        sa.Column("last_period", sa.String(length=7), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coord_facilitator")),
        sa.UniqueConstraint("key_id", name=op.f("uq_coord_facilitator_key_id")),
    )
    op.create_table(
        "coord_package",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("facilitator_id", sa.Integer(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("manifest_sha256", sa.String(length=64), nullable=False),
        sa.Column("previous_sha256", sa.String(length=64), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("file_name", sa.String(length=400), nullable=False),
        sa.Column("record_count", sa.Integer(), nullable=False),
        sa.Column("aggregates_json", sa.Text(), nullable=True),
        sa.Column("content", sa.LargeBinary(), nullable=True),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("merged_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["facilitator_id"],
            ["coord_facilitator.id"],
            name=op.f("fk_coord_package_facilitator_id_coord_facilitator"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coord_package")),
        sa.UniqueConstraint("facilitator_id", "sequence", name="uq_coord_package_fac_seq"),
    )
    with op.batch_alter_table("coord_package", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_coord_package_facilitator_id"), ["facilitator_id"], unique=False)
    op.create_table(
        "coord_record",
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("rev", sa.Integer(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("facilitator_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["facilitator_id"],
            ["coord_facilitator.id"],
            name=op.f("fk_coord_record_facilitator_id_coord_facilitator"),
        ),
        sa.PrimaryKeyConstraint("kind", "uuid", name=op.f("pk_coord_record")),
    )
    with op.batch_alter_table("coord_record", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_coord_record_facilitator_id"), ["facilitator_id"], unique=False)


def downgrade() -> None:
    op.drop_table("coord_record")
    op.drop_table("coord_package")
    op.drop_table("coord_facilitator")
    op.drop_table("sync_sent_record")
    op.drop_table("sync_sent_package")
    op.drop_table("sync_state")
