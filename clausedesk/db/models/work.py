"""Contracts (mises à l'emploi) and the monthly hour entries of the relevés, with their sources."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from clausedesk.db.models.base import Base, Synced, utcnow
from clausedesk.db.types import Hundredths


class Contract(Synced, Base):
    """One employment of a participant on clause hours."""

    __tablename__ = "contract"
    __table_args__ = (
        # the contracts running at a date, read from the index alone (home figures and alerts): those
        # still open (end_date NULL or later) are one range of it, whatever the store's size
        Index("ix_contract_running", "end_date", "start_date", "participant_id", "company_id",
              sqlite_where=text("deleted_at IS NULL"), postgresql_where=text("deleted_at IS NULL")),
    )  # fmt: skip

    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id"), index=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"), index=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("lot.id"), index=True)
    modality: Mapped[str] = mapped_column(String(30))
    contract_type_id: Mapped[int] = mapped_column(ForeignKey("contract_type.id"))
    rome: Mapped[str | None] = mapped_column(String(5), default=None)
    job_label: Mapped[str | None] = mapped_column(String(200), default=None)
    start_date: Mapped[date] = mapped_column(Date, index=True)
    end_date: Mapped[date | None] = mapped_column(Date, default=None)
    weekly_hours: Mapped[Decimal | None] = mapped_column(Hundredths, default=None)
    convention_id: Mapped[int | None] = mapped_column(ForeignKey("convention.id"), default=None)
    notes: Mapped[str | None] = mapped_column(Text, default=None)


class HourSource(Base):
    """Where hour entries came from: typed in the window, or an imported file (name, SHA-256)."""

    __tablename__ = "hour_source"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # saisie | import | demo
    file_name: Mapped[str | None] = mapped_column(String(400), default=None)
    sha256: Mapped[str | None] = mapped_column(String(64), default=None)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("company.id"), default=None)
    month: Mapped[str | None] = mapped_column(String(7), default=None)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    undone_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)


class HourEntry(Synced, Base):
    """Hours of one participant, for one employer (the contract's), on one lot, in one month."""

    __tablename__ = "hour_entry"
    __table_args__ = (
        UniqueConstraint("contract_id", "lot_id", "month", name="uq_hour_entry_contract_lot_month"),
        # a month "YYYY-MM", in each engine's pattern syntax (the coordinator's store may be PostgreSQL)
        CheckConstraint("month GLOB '[12][0-9][0-9][0-9]-[01][0-9]'", name="month_format").ddl_if(
            dialect="sqlite"
        ),
        CheckConstraint("month ~ '^[12][0-9]{3}-[01][0-9]$'", name="month_format").ddl_if(
            dialect="postgresql"
        ),
        CheckConstraint("hours_worked >= 0 AND hours_training >= 0", name="hours_positive"),
        # a month's (and a year's) hours and relevés from the index alone (home figures, missing relevés)
        Index("ix_hour_entry_month_live", "month", "contract_id", "hours_worked",
              sqlite_where=text("deleted_at IS NULL"), postgresql_where=text("deleted_at IS NULL")),
    )  # fmt: skip

    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id"), index=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("lot.id"), index=True)
    month: Mapped[str] = mapped_column(String(7), index=True)
    hours_worked: Mapped[Decimal] = mapped_column(Hundredths, default=Decimal(0))
    hours_training: Mapped[Decimal] = mapped_column(Hundredths, default=Decimal(0))
    # hours the employer's staff spent tutoring the person this month (declared with the relevé)
    hours_tutoring: Mapped[Decimal] = mapped_column(Hundredths, default=Decimal(0), server_default="0")
    status: Mapped[str] = mapped_column(String(10), default="declare")
    source_id: Mapped[int | None] = mapped_column(ForeignKey("hour_source.id"), default=None)
    convention_id: Mapped[int | None] = mapped_column(ForeignKey("convention.id"), default=None)


class HourMonthTotal(Base):
    """Live hours worked per month, kept by the store's own triggers on hour_entry (0015_home_figures) in the
    transaction of every write, whatever makes it (grid, import and its undo, demo, sync, erasure): the home's
    month and year totals read at most twelve rows instead of the year's entries."""

    __tablename__ = "hour_month_total"

    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    hours_worked: Mapped[Decimal] = mapped_column(Hundredths, default=Decimal(0))
