"""Participants (never a NIR), their dated eligibility validations and their situations (outcomes)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Column, Date, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clausedesk.db.models.base import Base, Synced
from clausedesk.db.models.reference import PublicCategory


class Participant(Synced, Base):
    """A person in insertion. No social security number field exists, on purpose."""

    __tablename__ = "participant"

    last_name: Mapped[str] = mapped_column(String(120), index=True)
    first_name: Mapped[str] = mapped_column(String(120))
    sex: Mapped[str | None] = mapped_column(String(1), default=None)
    birth_date: Mapped[date | None] = mapped_column(Date, default=None)
    commune_code: Mapped[str | None] = mapped_column(String(5), default=None)
    qpv: Mapped[bool] = mapped_column(Boolean, default=False)
    qualification_level: Mapped[str | None] = mapped_column(String(10), default=None)
    phone: Mapped[str | None] = mapped_column(String(40), default=None)
    email: Mapped[str | None] = mapped_column(String(200), default=None)
    address: Mapped[str | None] = mapped_column(Text, default=None)
    referent: Mapped[str | None] = mapped_column(String(200), default=None)
    notes: Mapped[str | None] = mapped_column(Text, default=None)
    # candidate profile (recruitment, migration 0005_recruitment): set before any contract
    candidate_since: Mapped[date | None] = mapped_column(Date, default=None)
    prescriber: Mapped[str | None] = mapped_column(String(200), default=None)
    prescriber_referent: Mapped[str | None] = mapped_column(String(200), default=None)
    available_from: Mapped[date | None] = mapped_column(Date, default=None)
    driving_licence: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    has_vehicle: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    mobility: Mapped[str | None] = mapped_column(String(20), default=None)

    validations: Mapped[list[EligibilityValidation]] = relationship(
        back_populates="participant", order_by="EligibilityValidation.validated_on"
    )


validation_category = Table(
    "validation_category",
    Base.metadata,
    Column("validation_id", ForeignKey("eligibility_validation.id", ondelete="CASCADE"), primary_key=True),
    Column("category_id", ForeignKey("public_category.id"), primary_key=True),
)


class EligibilityValidation(Synced, Base):
    """Why a person may count for a clause: dated, with categories, prescriber and proof."""

    __tablename__ = "eligibility_validation"

    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id"), index=True)
    validated_on: Mapped[date] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date, default=None)
    prescriber: Mapped[str | None] = mapped_column(String(200), default=None)
    validator: Mapped[str | None] = mapped_column(String(200), default=None)
    proof_date: Mapped[date | None] = mapped_column(Date, default=None)
    avis_motive: Mapped[bool] = mapped_column(Boolean, default=False)
    avis_motive_reason: Mapped[str | None] = mapped_column(Text, default=None)

    participant: Mapped[Participant] = relationship(back_populates="validations")
    categories: Mapped[list[PublicCategory]] = relationship(secondary=validation_category)


class Situation(Synced, Base):
    """What became of a participant at a moment (exit, +6 months, later)."""

    __tablename__ = "situation"

    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id"), index=True)
    observed_on: Mapped[date] = mapped_column(Date)
    moment: Mapped[str] = mapped_column(String(20), default="sortie")
    outcome_id: Mapped[int] = mapped_column(ForeignKey("outcome_type.id"))
    contract_id: Mapped[int | None] = mapped_column(ForeignKey("contract.id"), default=None)
    comment: Mapped[str | None] = mapped_column(Text, default=None)
