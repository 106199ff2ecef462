"""Editable reference tables (public categories, contract types, outcomes, trades) and settings."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Boolean, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from clausedesk.db.models.base import Base, Synced
from clausedesk.db.types import Hundredths


class PublicCategory(Synced, Base):
    __tablename__ = "public_category"

    code: Mapped[str] = mapped_column(String(40), unique=True)
    label: Mapped[str] = mapped_column(String(200))
    sensitive: Mapped[bool] = mapped_column(Boolean, default=False)
    requires_reason: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class ContractType(Synced, Base):
    __tablename__ = "contract_type"

    code: Mapped[str] = mapped_column(String(40), unique=True)
    label: Mapped[str] = mapped_column(String(200))
    outcome_kind: Mapped[str] = mapped_column(String(40), default="autre")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class OutcomeType(Synced, Base):
    """One possible situation of a participant, mapped to a sortie category (editable)."""

    __tablename__ = "outcome_type"

    code: Mapped[str] = mapped_column(String(40), unique=True)
    label: Mapped[str] = mapped_column(String(200))
    sortie_category: Mapped[str] = mapped_column(String(40), default="autre")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class Trade(Synced, Base):
    """A trade (corps d'état) with its default labour share, used by the hours-objective calculator."""

    __tablename__ = "trade"

    code: Mapped[str] = mapped_column(String(40), unique=True)
    label: Mapped[str] = mapped_column(String(200))
    labour_share_pct: Mapped[Decimal] = mapped_column(Hundredths)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class StructureRule(Synced, Base):
    """What one kind of company (code = CompanyKind value) can carry: modalities and contract types.

    Both lists are comma-separated codes; a contract outside them is refused (`core.rules.structures`).
    """

    __tablename__ = "structure_rule"

    code: Mapped[str] = mapped_column(String(40), unique=True)
    label: Mapped[str] = mapped_column(String(200))
    modalities: Mapped[str] = mapped_column(Text, default="")
    contract_types: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class Setting(Base):
    """One territory or organisation setting; keys and types are declared in `core.settings`."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
