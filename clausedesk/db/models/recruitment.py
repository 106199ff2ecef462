"""Recruitment: job offers (fiches de poste), the jobs candidates seek, applications and their dated steps."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Boolean, Column, Date, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clausedesk.db.models.base import Base, Synced
from clausedesk.db.models.markets import Lot
from clausedesk.db.types import Hundredths

job_offer_lot = Table(
    "job_offer_lot",
    Base.metadata,
    Column("offer_id", ForeignKey("job_offer.id", ondelete="CASCADE"), primary_key=True),
    Column("lot_id", ForeignKey("lot.id"), primary_key=True),
)


class JobOffer(Synced, Base):
    """A fiche de poste written with a company: the job, the posts, the conditions, and where it stands."""

    __tablename__ = "job_offer"

    company_id: Mapped[int] = mapped_column(ForeignKey("company.id"), index=True)
    rome: Mapped[str] = mapped_column(String(5), index=True)
    job_label: Mapped[str] = mapped_column(String(200))
    posts: Mapped[int] = mapped_column(Integer, default=1)
    contract_type_id: Mapped[int | None] = mapped_column(ForeignKey("contract_type.id"), default=None)
    modality: Mapped[str | None] = mapped_column(String(30), default=None)
    start_date: Mapped[date | None] = mapped_column(Date, default=None)
    duration_months: Mapped[int | None] = mapped_column(Integer, default=None)
    weekly_hours: Mapped[Decimal | None] = mapped_column(Hundredths, default=None)
    place: Mapped[str | None] = mapped_column(String(300), default=None)
    commune_code: Mapped[str | None] = mapped_column(String(5), default=None)
    requirements: Mapped[str | None] = mapped_column(Text, default=None)
    training: Mapped[str | None] = mapped_column(Text, default=None)
    status: Mapped[str] = mapped_column(String(12), default="ouverte", index=True)
    opened_on: Mapped[date] = mapped_column(Date)
    filled_on: Mapped[date | None] = mapped_column(Date, default=None)
    cancelled_on: Mapped[date | None] = mapped_column(Date, default=None)
    notes: Mapped[str | None] = mapped_column(Text, default=None)

    lots: Mapped[list[Lot]] = relationship(secondary=job_offer_lot, order_by="Lot.ref")


class CandidateJob(Base):
    """A job (ROME code) a candidate seeks; a participant may seek several."""

    __tablename__ = "candidate_job"

    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), primary_key=True
    )
    rome: Mapped[str] = mapped_column(String(5), primary_key=True)


class Application(Synced, Base):
    """A candidature: one candidate proposed for one offer, at its current step (linked to its contract)."""

    __tablename__ = "application"

    offer_id: Mapped[int] = mapped_column(ForeignKey("job_offer.id"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id"), index=True)
    step: Mapped[str] = mapped_column(String(24), default="proposee", index=True)
    step_on: Mapped[date] = mapped_column(Date)
    proposed_on: Mapped[date] = mapped_column(Date)
    proposed_by: Mapped[str | None] = mapped_column(String(200), default=None)
    proposed_by_referent: Mapped[str | None] = mapped_column(String(200), default=None)
    reason: Mapped[str | None] = mapped_column(Text, default=None)
    avis_motive: Mapped[bool] = mapped_column(Boolean, default=False)
    avis_motive_reason: Mapped[str | None] = mapped_column(Text, default=None)
    contract_id: Mapped[int | None] = mapped_column(ForeignKey("contract.id"), index=True, default=None)
    notes: Mapped[str | None] = mapped_column(Text, default=None)

    steps: Mapped[list[ApplicationStep]] = relationship(
        back_populates="application", order_by="(ApplicationStep.on, ApplicationStep.id)"
    )


class ApplicationStep(Synced, Base):
    """One dated step of an application (the history; the application holds the current one)."""

    __tablename__ = "application_step"

    application_id: Mapped[int] = mapped_column(ForeignKey("application.id"), index=True)
    step: Mapped[str] = mapped_column(String(24))
    on: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text, default=None)

    application: Mapped[Application] = relationship(back_populates="steps")
