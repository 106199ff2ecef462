"""Meetings (réunions de chantier, comités, visits) and the follow-up actions they produce."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from clausedesk.db.models.base import Base, Synced


class Meeting(Synced, Base):
    __tablename__ = "meeting"

    held_on: Mapped[date] = mapped_column(Date, index=True)
    kind: Mapped[str] = mapped_column(String(20), default="chantier")
    title: Mapped[str] = mapped_column(String(300))
    market_id: Mapped[int | None] = mapped_column(ForeignKey("market.id"), default=None)
    lot_id: Mapped[int | None] = mapped_column(ForeignKey("lot.id"), default=None)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("company.id"), default=None)
    attendees: Mapped[str | None] = mapped_column(Text, default=None)
    notes: Mapped[str | None] = mapped_column(Text, default=None)
    decisions: Mapped[str | None] = mapped_column(Text, default=None)


class Action(Synced, Base):
    """A follow-up action: what, who must do it, by when, and when it was done."""

    __tablename__ = "action"

    title: Mapped[str] = mapped_column(String(300))
    owner: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[date | None] = mapped_column(Date, index=True, default=None)
    done_on: Mapped[date | None] = mapped_column(Date, default=None)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id"), default=None)
    market_id: Mapped[int | None] = mapped_column(ForeignKey("market.id"), default=None)
    lot_id: Mapped[int | None] = mapped_column(ForeignKey("lot.id"), default=None)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("company.id"), default=None)
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participant.id"), default=None)
    notes: Mapped[str | None] = mapped_column(Text, default=None)
