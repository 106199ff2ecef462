"""Home figures that do not grow with the store (issue 12): partial indexes the home reads alone.

- `ix_hour_entry_month_live` (month, contract_id, hours_worked, deleted_at) over live entries: the
  month's and the year's hours worked and the relevés received in a month (and the missing ones) come
  from the index alone, a covering range (deleted_at, NULL throughout, is there so that SQLite's planner
  counts the index as covering the query's `deleted_at IS NULL`), never from the entries' rows. No
  trigger nor maintained total on hour_entry: a write pays this index only (about +16 % on 10 000 raw
  inserts and updates) and a rebuild of the table loses nothing;
- `ix_contract_running` (end_date, start_date, participant_id, company_id) over live contracts: the
  contracts running at a date are one range of it (those ended before are skipped);
- `ix_lot_running` (end_date, start_date, market_id, forced_hours, objective_hours) over live lots, and
  `ix_market_deleted` (the few deleted marchés): the lots running today and their objective from the index
  (a lot or marché row is read only for a lot without its own dates).

Revision ID: 0015_home_figures
Revises: 0014_tutorat_releve
Create Date: 2026-12-02 03:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015_home_figures"
down_revision = "0014_tutorat_releve"
branch_labels = None
depends_on = None

_LIVE = sa.text("deleted_at IS NULL")


def upgrade() -> None:
    op.create_index("ix_hour_entry_month_live", "hour_entry", ["month", "contract_id", "hours_worked", "deleted_at"],
                    sqlite_where=_LIVE, postgresql_where=_LIVE)  # fmt: skip
    op.create_index("ix_contract_running", "contract", ["end_date", "start_date", "participant_id", "company_id"],
                    sqlite_where=_LIVE, postgresql_where=_LIVE)  # fmt: skip
    op.create_index("ix_lot_running", "lot", ["end_date", "start_date", "market_id", "forced_hours", "objective_hours"],
                    sqlite_where=_LIVE, postgresql_where=_LIVE)  # fmt: skip
    deleted = sa.text("deleted_at IS NOT NULL")
    op.create_index("ix_market_deleted", "market", ["id"], sqlite_where=deleted, postgresql_where=deleted)


def downgrade() -> None:
    op.drop_index("ix_market_deleted", table_name="market")
    op.drop_index("ix_lot_running", table_name="lot")
    op.drop_index("ix_contract_running", table_name="contract")
    op.drop_index("ix_hour_entry_month_live", table_name="hour_entry")
