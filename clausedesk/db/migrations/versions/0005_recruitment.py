"""Recruitment: job offers and their lots, candidate profile on participant, jobs sought, applications and steps.

Revision ID: 0005_recruitment
Revises: 0004_trust
Create Date: 2026-11-22 04:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_recruitment"
down_revision = "0004_trust"
branch_labels = None
depends_on = None


def _sync_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("rev", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
    ]


def upgrade() -> None:
    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.add_column(sa.Column("candidate_since", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("prescriber", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("prescriber_referent", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("available_from", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("driving_licence", sa.Boolean(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("has_vehicle", sa.Boolean(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("mobility", sa.String(length=20), nullable=True))

    op.create_table(
        "job_offer",
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("rome", sa.String(length=5), nullable=False),
        sa.Column("job_label", sa.String(length=200), nullable=False),
        sa.Column("posts", sa.Integer(), nullable=False),
        sa.Column("contract_type_id", sa.Integer(), nullable=True),
        sa.Column("modality", sa.String(length=30), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("duration_months", sa.Integer(), nullable=True),
        sa.Column("weekly_hours", sa.Integer(), nullable=True),
        sa.Column("place", sa.String(length=300), nullable=True),
        sa.Column("commune_code", sa.String(length=5), nullable=True),
        sa.Column("requirements", sa.Text(), nullable=True),
        sa.Column("training", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("filled_on", sa.Date(), nullable=True),
        sa.Column("cancelled_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        *_sync_columns(),
        sa.ForeignKeyConstraint(["company_id"], ["company.id"], name=op.f("fk_job_offer_company_id_company")),
        sa.ForeignKeyConstraint(
            ["contract_type_id"], ["contract_type.id"], name=op.f("fk_job_offer_contract_type_id_contract_type")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_offer")),
        sa.UniqueConstraint("uuid", name=op.f("uq_job_offer_uuid")),
    )
    with op.batch_alter_table("job_offer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_job_offer_company_id"), ["company_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_job_offer_rome"), ["rome"], unique=False)
        batch_op.create_index(batch_op.f("ix_job_offer_status"), ["status"], unique=False)

    op.create_table(
        "job_offer_lot",
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column("lot_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["lot_id"], ["lot.id"], name=op.f("fk_job_offer_lot_lot_id_lot")),
        sa.ForeignKeyConstraint(
            ["offer_id"], ["job_offer.id"], name=op.f("fk_job_offer_lot_offer_id_job_offer"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("offer_id", "lot_id", name=op.f("pk_job_offer_lot")),
    )

    op.create_table(
        "candidate_job",
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("rome", sa.String(length=5), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"], ["participant.id"], name=op.f("fk_candidate_job_participant_id_participant"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("participant_id", "rome", name=op.f("pk_candidate_job")),
    )

    op.create_table(
        "application",
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=24), nullable=False),
        sa.Column("step_on", sa.Date(), nullable=False),
        sa.Column("proposed_on", sa.Date(), nullable=False),
        sa.Column("proposed_by", sa.String(length=200), nullable=True),
        sa.Column("proposed_by_referent", sa.String(length=200), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("avis_motive", sa.Boolean(), nullable=False),
        sa.Column("avis_motive_reason", sa.Text(), nullable=True),
        sa.Column("contract_id", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        *_sync_columns(),
        sa.ForeignKeyConstraint(["contract_id"], ["contract.id"], name=op.f("fk_application_contract_id_contract")),
        sa.ForeignKeyConstraint(["offer_id"], ["job_offer.id"], name=op.f("fk_application_offer_id_job_offer")),
        sa.ForeignKeyConstraint(
            ["participant_id"], ["participant.id"], name=op.f("fk_application_participant_id_participant")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_application")),
        sa.UniqueConstraint("uuid", name=op.f("uq_application_uuid")),
    )
    with op.batch_alter_table("application", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_application_contract_id"), ["contract_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_application_offer_id"), ["offer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_application_participant_id"), ["participant_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_application_step"), ["step"], unique=False)

    op.create_table(
        "application_step",
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=24), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        *_sync_columns(),
        sa.ForeignKeyConstraint(
            ["application_id"], ["application.id"], name=op.f("fk_application_step_application_id_application")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_application_step")),
        sa.UniqueConstraint("uuid", name=op.f("uq_application_step_uuid")),
    )
    with op.batch_alter_table("application_step", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_application_step_application_id"), ["application_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("application_step", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_application_step_application_id"))
    op.drop_table("application_step")
    with op.batch_alter_table("application", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_application_step"))
        batch_op.drop_index(batch_op.f("ix_application_participant_id"))
        batch_op.drop_index(batch_op.f("ix_application_offer_id"))
        batch_op.drop_index(batch_op.f("ix_application_contract_id"))
    op.drop_table("application")
    op.drop_table("candidate_job")
    op.drop_table("job_offer_lot")
    with op.batch_alter_table("job_offer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_job_offer_status"))
        batch_op.drop_index(batch_op.f("ix_job_offer_rome"))
        batch_op.drop_index(batch_op.f("ix_job_offer_company_id"))
    op.drop_table("job_offer")
    with op.batch_alter_table("participant", schema=None) as batch_op:
        for name in (
            "mobility", "has_vehicle", "driving_licence", "available_from", "prescriber_referent",
            "prescriber", "candidate_since",
        ):
            batch_op.drop_column(name)
