"""Funders' targets: for a year, an amount of insertion hours and optional shares by public."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, DateTime, Integer, Text
from sqlalchemy.orm import Mapped, mapped_column

from clausedesk.db.models.base import Base, utcnow
from clausedesk.db.types import Hundredths


class FundingTarget(Base):
    """A year's target (the facilitator's funded operation, or the department on the coordinator's side).

    `shares_json` maps a public code to its share of the hours in percent, e.g. {"BRSA": "30"}.
    """

    __tablename__ = "funding_target"
    __table_args__ = (CheckConstraint("hours > 0", name="target_hours_positive"),)

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    hours: Mapped[Decimal] = mapped_column(Hundredths)
    shares_json: Mapped[str] = mapped_column(Text, default="{}")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
