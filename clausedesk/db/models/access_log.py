"""The access log: who opened, exported, erased or purged which person's record (by uuid, never a name)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from clausedesk.db.models.base import Base, utcnow


class AccessLog(Base):
    """One access to a person's record. Local to this computer (never sent), pruned after a set period."""

    __tablename__ = "access_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(20))  # consultation | export | effacement | purge
    subject_uuid: Mapped[str] = mapped_column(String(36), index=True)
    channel: Mapped[str] = mapped_column(String(20), default="fenetre")  # fenetre | commande
