"""Documents as sent: each dashboard, bilan or attestation saved for a recipient (local, never synced)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from clausedesk.db.models.base import Base, utcnow


class SentReport(Base):
    """One document written for a recipient: what, about what, for whom, when, its file's SHA-256, and its key
    figures as printed (JSON: label → text), so that a later version can say what changed since."""

    __tablename__ = "sent_report"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # tableau_de_bord | bilan | attestation
    subject: Mapped[str] = mapped_column(String(200))  # marché reference, buyer name or SIRET
    period: Mapped[str] = mapped_column(String(7), default="")  # AAAA-MM, AAAA, or "" (bilan)
    recipient: Mapped[str] = mapped_column(String(300))
    file_name: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    sent_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    figures: Mapped[str] = mapped_column(Text, default="{}")
