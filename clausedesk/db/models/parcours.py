"""Parcours records (issue 20): hours allocated within a convention de globalisation, pre-hiring training."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import CheckConstraint, Column, Date, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from clausedesk.db.models.base import Base, Synced
from clausedesk.db.types import Hundredths


class HourAllocation(Synced, Base):
    """Hours worked by the convention's company on one of its lots in a month, allocated to another of its
    lots by the facilitator (with the reason): they count for the receiving lot instead of the worked one."""

    __tablename__ = "hour_allocation"
    __table_args__ = (
        CheckConstraint("hours > 0", name="hours_positive"),
        CheckConstraint("from_lot_id <> to_lot_id", name="two_lots"),
        # a month "YYYY-MM", in each engine's pattern syntax (as hour_entry's, db/models/work.py)
        CheckConstraint("month GLOB '[12][0-9][0-9][0-9]-[01][0-9]'", name="month_format").ddl_if(
            dialect="sqlite"
        ),
        CheckConstraint("month ~ '^[12][0-9]{3}-[01][0-9]$'", name="month_format").ddl_if(
            dialect="postgresql"
        ),
    )

    convention_id: Mapped[int] = mapped_column(ForeignKey("convention.id"), index=True)
    from_lot_id: Mapped[int] = mapped_column(ForeignKey("lot.id"), index=True)
    to_lot_id: Mapped[int] = mapped_column(ForeignKey("lot.id"), index=True)
    month: Mapped[str] = mapped_column(String(7))  # the month the hours were worked
    hours: Mapped[Decimal] = mapped_column(Hundredths)
    reason: Mapped[str] = mapped_column(Text)
    allocated_on: Mapped[date] = mapped_column(Date)


training_session_lot = Table(
    "training_session_lot",
    Base.metadata,
    Column("session_id", ForeignKey("training_session.id", ondelete="CASCADE"), primary_key=True),
    Column("lot_id", ForeignKey("lot.id", ondelete="CASCADE"), primary_key=True),
)

training_session_offer = Table(
    "training_session_offer",
    Base.metadata,
    Column("session_id", ForeignKey("training_session.id", ondelete="CASCADE"), primary_key=True),
    Column("offer_id", ForeignKey("job_offer.id", ondelete="CASCADE"), primary_key=True),
)


class TrainingSession(Synced, Base):
    """A pre-hiring training session; its trainees' hours count on `counted_lot_id` when that lot counts
    training hours (one lot, so that an hour never counts twice)."""

    __tablename__ = "training_session"
    __table_args__ = (
        CheckConstraint("hours > 0", name="hours_positive"),
        CheckConstraint("end_date >= start_date", name="dates_ordered"),
    )

    title: Mapped[str] = mapped_column(String(300))
    organisation: Mapped[str] = mapped_column(String(200))
    funder: Mapped[str | None] = mapped_column(String(200), default=None)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    hours: Mapped[Decimal] = mapped_column(Hundredths)
    place: Mapped[str | None] = mapped_column(String(200), default=None)
    counted_lot_id: Mapped[int | None] = mapped_column(ForeignKey("lot.id"), default=None)


class Trainee(Synced, Base):
    """A person on a training session: hours attended and outcome (en_cours, termine, embauche, abandon)."""

    __tablename__ = "trainee"
    __table_args__ = (
        UniqueConstraint("session_id", "participant_id", name="uq_trainee_session_person"),
        CheckConstraint("attended_hours >= 0", name="attended_positive"),
    )

    session_id: Mapped[int] = mapped_column(ForeignKey("training_session.id"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id"), index=True)
    attended_hours: Mapped[Decimal] = mapped_column(Hundredths, default=Decimal(0))
    outcome: Mapped[str] = mapped_column(String(20), default="en_cours")
