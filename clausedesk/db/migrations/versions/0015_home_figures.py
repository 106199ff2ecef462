"""Home figures that do not grow with the store (issue 12): a maintained monthly total, indexes read alone.

- `hour_month_total` (month, hours_worked): the live hours worked of each month, kept by triggers on
  hour_entry in the transaction of every write (insert, update of month/hours/deletion, delete), so the
  figure cannot drift from the entries whatever code writes them; the home's year total reads ≤ 12 rows.
  A later migration that rebuilds hour_entry (batch mode) must create the triggers again: a test checks
  they stand at the head;

- `ix_hour_entry_month_live` (month, contract_id, hours_worked) over live entries: the relevés received
  in a month (and the missing ones) come from the index, never from the month's rows;
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

_SQLITE_TRIGGERS = (
    """CREATE TRIGGER hour_month_total_insert AFTER INSERT ON hour_entry WHEN NEW.deleted_at IS NULL
    BEGIN
        INSERT INTO hour_month_total (month, hours_worked) VALUES (NEW.month, NEW.hours_worked)
        ON CONFLICT (month) DO UPDATE SET hours_worked = hours_worked + excluded.hours_worked;
    END""",
    """CREATE TRIGGER hour_month_total_delete AFTER DELETE ON hour_entry WHEN OLD.deleted_at IS NULL
    BEGIN
        UPDATE hour_month_total SET hours_worked = hours_worked - OLD.hours_worked WHERE month = OLD.month;
    END""",
    """CREATE TRIGGER hour_month_total_update AFTER UPDATE OF month, hours_worked, deleted_at ON hour_entry
    BEGIN
        UPDATE hour_month_total SET hours_worked = hours_worked - OLD.hours_worked
        WHERE month = OLD.month AND OLD.deleted_at IS NULL;
        INSERT INTO hour_month_total (month, hours_worked)
        SELECT NEW.month, NEW.hours_worked WHERE NEW.deleted_at IS NULL
        ON CONFLICT (month) DO UPDATE SET hours_worked = hours_worked + excluded.hours_worked;
    END""",
)
_POSTGRESQL_TRIGGERS = (
    """CREATE FUNCTION hour_month_total_keep() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP <> 'INSERT' THEN
            IF OLD.deleted_at IS NULL THEN
                UPDATE hour_month_total SET hours_worked = hours_worked - OLD.hours_worked
                WHERE month = OLD.month;
            END IF;
        END IF;
        IF TG_OP <> 'DELETE' THEN
            IF NEW.deleted_at IS NULL THEN
                INSERT INTO hour_month_total (month, hours_worked) VALUES (NEW.month, NEW.hours_worked)
                ON CONFLICT (month) DO UPDATE
                SET hours_worked = hour_month_total.hours_worked + EXCLUDED.hours_worked;
            END IF;
        END IF;
        RETURN NULL;
    END
    $$""",
    """CREATE TRIGGER hour_month_total_keep
    AFTER INSERT OR DELETE OR UPDATE OF month, hours_worked, deleted_at ON hour_entry
    FOR EACH ROW EXECUTE FUNCTION hour_month_total_keep()""",
)


def upgrade() -> None:
    op.create_table(
        "hour_month_total",
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("hours_worked", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("month", name=op.f("pk_hour_month_total")),
    )
    op.execute(
        "INSERT INTO hour_month_total (month, hours_worked) "
        "SELECT month, SUM(hours_worked) FROM hour_entry WHERE deleted_at IS NULL GROUP BY month"
    )
    postgresql = op.get_bind().dialect.name == "postgresql"
    for statement in _POSTGRESQL_TRIGGERS if postgresql else _SQLITE_TRIGGERS:
        op.execute(statement)
    op.create_index("ix_hour_entry_month_live", "hour_entry", ["month", "contract_id", "hours_worked"],
                    sqlite_where=_LIVE, postgresql_where=_LIVE)  # fmt: skip
    op.create_index("ix_contract_running", "contract", ["end_date", "start_date", "participant_id", "company_id"],
                    sqlite_where=_LIVE, postgresql_where=_LIVE)  # fmt: skip
    op.create_index("ix_lot_running", "lot", ["end_date", "start_date", "market_id", "forced_hours", "objective_hours"],
                    sqlite_where=_LIVE, postgresql_where=_LIVE)  # fmt: skip
    deleted = sa.text("deleted_at IS NOT NULL")
    op.create_index("ix_market_deleted", "market", ["id"], sqlite_where=deleted, postgresql_where=deleted)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER hour_month_total_keep ON hour_entry")
        op.execute("DROP FUNCTION hour_month_total_keep()")
    else:
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER hour_month_total_{name}")
    op.drop_table("hour_month_total")
    op.drop_index("ix_market_deleted", table_name="market")
    op.drop_index("ix_lot_running", table_name="lot")
    op.drop_index("ix_contract_running", table_name="contract")
    op.drop_index("ix_hour_entry_month_live", table_name="hour_entry")
