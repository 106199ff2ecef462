"""Buyers (donneurs d'ordre) and companies (entreprises, SIAE, GEIQ, EA, ESAT)."""

from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from clausedesk.db.models.base import Base, Synced


class Buyer(Synced, Base):
    __tablename__ = "buyer"

    name: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    siret: Mapped[str | None] = mapped_column(String(14), default=None)
    address: Mapped[str | None] = mapped_column(Text, default=None)
    commune_code: Mapped[str | None] = mapped_column(String(5), default=None)
    contact_name: Mapped[str | None] = mapped_column(String(200), default=None)
    contact_email: Mapped[str | None] = mapped_column(String(200), default=None)
    contact_phone: Mapped[str | None] = mapped_column(String(40), default=None)
    notes: Mapped[str | None] = mapped_column(Text, default=None)


class Company(Synced, Base):
    __tablename__ = "company"

    siret: Mapped[str] = mapped_column(String(14), unique=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    naf: Mapped[str | None] = mapped_column(String(6), default=None)
    kind: Mapped[str] = mapped_column(String(20), default="entreprise")
    address: Mapped[str | None] = mapped_column(Text, default=None)
    commune_code: Mapped[str | None] = mapped_column(String(5), default=None)
    contact_name: Mapped[str | None] = mapped_column(String(200), default=None)
    contact_email: Mapped[str | None] = mapped_column(String(200), default=None)
    contact_phone: Mapped[str | None] = mapped_column(String(40), default=None)
    notes: Mapped[str | None] = mapped_column(Text, default=None)
