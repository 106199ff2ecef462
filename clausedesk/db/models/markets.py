"""Operations, marchés and lots with their clause mechanisms, amendments, attributions and conventions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clausedesk.db.models.base import Base, Synced
from clausedesk.db.types import Hundredths


class Operation(Synced, Base):
    """A project of a buyer (e.g. renovation of a school) that groups several marchés."""

    __tablename__ = "operation"

    buyer_id: Mapped[int] = mapped_column(ForeignKey("buyer.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    commune_code: Mapped[str | None] = mapped_column(String(5), default=None)
    anru: Mapped[bool] = mapped_column(Boolean, default=False)
    description: Mapped[str | None] = mapped_column(Text, default=None)


class Market(Synced, Base):
    __tablename__ = "market"
    __table_args__ = (
        # the few deleted marchés, so that the lots running today need not read every marché (home figures)
        Index("ix_market_deleted", "id", sqlite_where=text("deleted_at IS NOT NULL"),
              postgresql_where=text("deleted_at IS NOT NULL")),
    )  # fmt: skip

    ref: Mapped[str] = mapped_column(String(60), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    buyer_id: Mapped[int] = mapped_column(ForeignKey("buyer.id"), index=True)
    operation_id: Mapped[int | None] = mapped_column(ForeignKey("operation.id"), index=True, default=None)
    kind: Mapped[str] = mapped_column(String(20), default="travaux")
    cpv: Mapped[str | None] = mapped_column(String(10), default=None)
    notification_date: Mapped[date | None] = mapped_column(Date, default=None)
    start_date: Mapped[date | None] = mapped_column(Date, default=None)
    end_date: Mapped[date | None] = mapped_column(Date, default=None)
    bilan_comment: Mapped[str | None] = mapped_column(Text, default=None)
    # penalties of the clause at the bilan final (euros, None when not stated) and their explanation
    penalty_applied: Mapped[Decimal | None] = mapped_column(Hundredths, default=None)
    penalty_waived: Mapped[Decimal | None] = mapped_column(Hundredths, default=None)
    penalty_note: Mapped[str | None] = mapped_column(Text, default=None)
    notes: Mapped[str | None] = mapped_column(Text, default=None)

    lots: Mapped[list[Lot]] = relationship(back_populates="market", order_by="Lot.number")


class Lot(Synced, Base):
    """A lot and every input of its hours objective (kept so it can be recomputed)."""

    __tablename__ = "lot"
    __table_args__ = (
        # the lots running today with their objective, read from the index alone (home figures)
        Index("ix_lot_running", "end_date", "start_date", "market_id", "forced_hours", "objective_hours",
              sqlite_where=text("deleted_at IS NULL"), postgresql_where=text("deleted_at IS NULL")),
    )  # fmt: skip

    market_id: Mapped[int] = mapped_column(ForeignKey("market.id"), index=True)
    ref: Mapped[str] = mapped_column(String(80), unique=True)
    number: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(300))
    cpv: Mapped[str | None] = mapped_column(String(10), default=None)
    trade_code: Mapped[str | None] = mapped_column(String(40), default=None)
    amount_ht: Mapped[Decimal] = mapped_column(Hundredths, default=Decimal(0))
    labour_share_pct: Mapped[Decimal] = mapped_column(Hundredths, default=Decimal(50))
    insertion_rate_pct: Mapped[Decimal] = mapped_column(Hundredths, default=Decimal(5))
    hourly_cost: Mapped[Decimal] = mapped_column(Hundredths, default=Decimal(30))
    objective_hours: Mapped[Decimal] = mapped_column(Hundredths, default=Decimal(0))
    forced_hours: Mapped[Decimal | None] = mapped_column(Hundredths, default=None)
    start_date: Mapped[date | None] = mapped_column(Date, default=None)
    end_date: Mapped[date | None] = mapped_column(Date, default=None)
    count_training: Mapped[bool] = mapped_column(Boolean, default=False)
    count_tutoring: Mapped[bool] = mapped_column(Boolean, default=False)
    count_subcontracting: Mapped[bool] = mapped_column(Boolean, default=True)
    subcontract_hourly_cost: Mapped[Decimal | None] = mapped_column(Hundredths, default=None)
    # penalty the contract sets per missing insertion hour at the end (euros), None when it sets none
    penalty_per_hour: Mapped[Decimal | None] = mapped_column(Hundredths, default=None)
    notes: Mapped[str | None] = mapped_column(Text, default=None)

    market: Mapped[Market] = relationship(back_populates="lots")
    mechanisms: Mapped[list[LotMechanism]] = relationship(
        cascade="all, delete-orphan", order_by="LotMechanism.mechanism"
    )
    amendments: Mapped[list[Amendment]] = relationship(order_by="Amendment.signed_on")

    @property
    def target_hours(self) -> Decimal:
        """The objective in force: the forced value when set, else the computed one."""
        return self.forced_hours if self.forced_hours is not None else self.objective_hours


class LotMechanism(Base):
    __tablename__ = "lot_mechanism"

    lot_id: Mapped[int] = mapped_column(ForeignKey("lot.id", ondelete="CASCADE"), primary_key=True)
    mechanism: Mapped[str] = mapped_column(String(40), primary_key=True)


class Amendment(Synced, Base):
    """An avenant: changes the lot's amount (delta) and possibly its end date."""

    __tablename__ = "amendment"

    lot_id: Mapped[int] = mapped_column(ForeignKey("lot.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    signed_on: Mapped[date] = mapped_column(Date)
    amount_delta: Mapped[Decimal] = mapped_column(Hundredths, default=Decimal(0))
    new_end_date: Mapped[date | None] = mapped_column(Date, default=None)
    description: Mapped[str | None] = mapped_column(Text, default=None)


class Attribution(Synced, Base):
    """Which company holds which lot, in which role, with its share of the hours objective."""

    __tablename__ = "attribution"
    __table_args__ = (UniqueConstraint("lot_id", "company_id", name="uq_attribution_lot_company"),)

    lot_id: Mapped[int] = mapped_column(ForeignKey("lot.id"), index=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"), index=True)
    role: Mapped[str] = mapped_column(String(20), default="titulaire")
    share_pct: Mapped[Decimal | None] = mapped_column(Hundredths, default=None)
    # a sub-contractor's (SIAE, EA) amount HT and the month it counts in, converted into hours by the
    # lot's `subcontract_hourly_cost` (`db.repositories.hours_sql.converted_hours`)
    subcontract_amount: Mapped[Decimal | None] = mapped_column(Hundredths, default=None)
    subcontract_month: Mapped[str | None] = mapped_column(String(7), default=None)


convention_lot = Table(
    "convention_lot",
    Base.metadata,
    Column("convention_id", ForeignKey("convention.id", ondelete="CASCADE"), primary_key=True),
    Column("lot_id", ForeignKey("lot.id", ondelete="CASCADE"), primary_key=True),
)


class Convention(Synced, Base):
    """Convention de globalisation: lets a company's hours count across several buyers' lots."""

    __tablename__ = "convention"

    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"), index=True)
    ref: Mapped[str] = mapped_column(String(60), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    signed_on: Mapped[date | None] = mapped_column(Date, default=None)
    start_date: Mapped[date | None] = mapped_column(Date, default=None)
    end_date: Mapped[date | None] = mapped_column(Date, default=None)
    notes: Mapped[str | None] = mapped_column(Text, default=None)

    lots: Mapped[list[Lot]] = relationship(secondary=convention_lot)
