"""Queries on contracts and monthly hour entries."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from clausedesk.db.models import HourEntry


def hour_entry_for(session: Session, contract_id: int, lot_id: int, month: str) -> HourEntry | None:
    stmt = select(HourEntry).where(
        HourEntry.contract_id == contract_id, HourEntry.lot_id == lot_id, HourEntry.month == month
    )
    return session.scalars(stmt).one_or_none()
