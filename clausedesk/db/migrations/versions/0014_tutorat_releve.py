"""Tutoring hours in the relevé import (issue 16): the undo journal keeps an entry's previous tutoring hours.

`hour_import_change.prev_hours_tutoring` (hundredths, NULL for the journals written before: those imports
never changed tutoring, so their undo leaves it as it is).

Revision ID: 0014_tutorat_releve
Revises: 0013_parcours_conventions
Create Date: 2026-12-02 00:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014_tutorat_releve"
down_revision = "0013_parcours_conventions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("hour_import_change", schema=None) as batch_op:
        batch_op.add_column(sa.Column("prev_hours_tutoring", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("hour_import_change", schema=None) as batch_op:
        batch_op.drop_column("prev_hours_tutoring")
