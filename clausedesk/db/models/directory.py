"""The coordinator's directory: each facilitator's structure, contacts, territory; chefs de file by buyer."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from clausedesk.db.models.base import Base, utcnow


class CoordDirectoryEntry(Base):
    """What the coordinator knows of an enrolled facilitator beyond the key: structure and contacts.

    `contacts_json` is a JSON list of the contact lines typed by the coordinator (telephone, e-mail...).
    """

    __tablename__ = "coord_directory_entry"

    facilitator_id: Mapped[int] = mapped_column(ForeignKey("coord_facilitator.id"), primary_key=True)
    structure: Mapped[str | None] = mapped_column(String(30), default=None)
    contacts_json: Mapped[str] = mapped_column(Text, default="[]")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class CoordTerritory(Base):
    """One piece of a facilitator's territory: an EPCI (SIREN, 9 digits) or a commune (INSEE code, 5)."""

    __tablename__ = "coord_territory"

    facilitator_id: Mapped[int] = mapped_column(ForeignKey("coord_facilitator.id"), primary_key=True)
    code: Mapped[str] = mapped_column(String(9), primary_key=True)


class CoordChefDeFile(Base):
    """The facilitator designated to coordinate the others on one buyer's marchés."""

    __tablename__ = "coord_chef_de_file"

    buyer_siret: Mapped[str] = mapped_column(String(14), primary_key=True)
    facilitator_id: Mapped[int] = mapped_column(ForeignKey("coord_facilitator.id"), index=True)
    designated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
