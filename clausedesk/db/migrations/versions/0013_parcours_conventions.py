"""Conventions de globalisation's allocations and pre-hiring training (issue 20).

- `hour_allocation`: hours worked by a convention's company on one of its lots in a month, allocated to
  another lot of the convention by the facilitator, with the reason;
- `training_session` (with its lots `training_session_lot` and job offers `training_session_offer`) and
  `trainee` (a person on a session: hours attended, outcome).

Revision ID: 0013_parcours_conventions
Revises: 0012_directory
Create Date: 2026-12-02 00:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_parcours_conventions"
down_revision = "0012_directory"
branch_labels = None
depends_on = None


def _synced() -> list[sa.Column[object]]:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("rev", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
    ]


#: A month "YYYY-MM" in each engine's pattern syntax (the coordinator's store may be PostgreSQL), as 0001's.
MONTH_CHECK = {
    "sqlite": "month GLOB '[12][0-9][0-9][0-9]-[01][0-9]'",
    "postgresql": "month ~ '^[12][0-9]{3}-[01][0-9]$'",
}


def upgrade() -> None:
    op.create_table(
        "hour_allocation",
        sa.Column("convention_id", sa.Integer(), nullable=False),
        sa.Column("from_lot_id", sa.Integer(), nullable=False),
        sa.Column("to_lot_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("hours", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("allocated_on", sa.Date(), nullable=False),
        *_synced(),
        sa.CheckConstraint("hours > 0", name=op.f("ck_hour_allocation_hours_positive")),
        sa.CheckConstraint("from_lot_id <> to_lot_id", name=op.f("ck_hour_allocation_two_lots")),
        sa.CheckConstraint(MONTH_CHECK[op.get_bind().dialect.name], name=op.f("ck_hour_allocation_month_format")),
        sa.ForeignKeyConstraint(["convention_id"], ["convention.id"],
                                name=op.f("fk_hour_allocation_convention_id_convention")),
        sa.ForeignKeyConstraint(["from_lot_id"], ["lot.id"], name=op.f("fk_hour_allocation_from_lot_id_lot")),
        sa.ForeignKeyConstraint(["to_lot_id"], ["lot.id"], name=op.f("fk_hour_allocation_to_lot_id_lot")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hour_allocation")),
        sa.UniqueConstraint("uuid", name=op.f("uq_hour_allocation_uuid")),
    )  # fmt: skip
    with op.batch_alter_table("hour_allocation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_hour_allocation_convention_id"), ["convention_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_hour_allocation_from_lot_id"), ["from_lot_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_hour_allocation_to_lot_id"), ["to_lot_id"], unique=False)
    op.create_table(
        "training_session",
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("funder", sa.String(length=200), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("hours", sa.Integer(), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=True),
        sa.Column("counted_lot_id", sa.Integer(), nullable=True),
        *_synced(),
        sa.CheckConstraint("hours > 0", name=op.f("ck_training_session_hours_positive")),
        sa.CheckConstraint("end_date >= start_date", name=op.f("ck_training_session_dates_ordered")),
        sa.ForeignKeyConstraint(["counted_lot_id"], ["lot.id"],
                                name=op.f("fk_training_session_counted_lot_id_lot")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_session")),
        sa.UniqueConstraint("uuid", name=op.f("uq_training_session_uuid")),
    )  # fmt: skip
    for table, other, target in (("training_session_lot", "lot_id", "lot"),
                                 ("training_session_offer", "offer_id", "job_offer")):  # fmt: skip
        op.create_table(
            table,
            sa.Column("session_id", sa.Integer(), nullable=False),
            sa.Column(other, sa.Integer(), nullable=False),
            sa.ForeignKeyConstraint(["session_id"], ["training_session.id"],
                                    name=op.f(f"fk_{table}_session_id_training_session"), ondelete="CASCADE"),
            sa.ForeignKeyConstraint([other], [f"{target}.id"], name=op.f(f"fk_{table}_{other}_{target}"),
                                    ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("session_id", other, name=op.f(f"pk_{table}")),
        )  # fmt: skip
    op.create_table(
        "trainee",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("attended_hours", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        *_synced(),
        sa.CheckConstraint("attended_hours >= 0", name=op.f("ck_trainee_attended_positive")),
        sa.ForeignKeyConstraint(["session_id"], ["training_session.id"],
                                name=op.f("fk_trainee_session_id_training_session")),
        sa.ForeignKeyConstraint(["participant_id"], ["participant.id"],
                                name=op.f("fk_trainee_participant_id_participant")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trainee")),
        sa.UniqueConstraint("session_id", "participant_id", name="uq_trainee_session_person"),
        sa.UniqueConstraint("uuid", name=op.f("uq_trainee_uuid")),
    )  # fmt: skip
    with op.batch_alter_table("trainee", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_trainee_session_id"), ["session_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_trainee_participant_id"), ["participant_id"], unique=False)


def downgrade() -> None:
    op.drop_table("trainee")
    op.drop_table("training_session_offer")
    op.drop_table("training_session_lot")
    op.drop_table("training_session")
    op.drop_table("hour_allocation")
