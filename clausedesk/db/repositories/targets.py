"""Funders' targets (one per year) and the facilitator's hours by participant over a range of months."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clausedesk.db.models import Contract, FundingTarget, HourEntry
from clausedesk.db.repositories.publics import worked


@dataclass(frozen=True)
class TargetRow:
    year: int
    hours: Decimal
    shares: dict[str, Decimal]  # public code → percent of the hours


def targets(session: Session) -> list[TargetRow]:
    rows = session.scalars(select(FundingTarget).order_by(FundingTarget.year))
    return [
        TargetRow(t.year, t.hours, {k: Decimal(v) for k, v in json.loads(t.shares_json).items()})
        for t in rows
    ]


def save_target(session: Session, year: int, hours: Decimal, shares: dict[str, Decimal]) -> None:
    """Create or replace the year's target."""
    target = session.get(FundingTarget, year) or FundingTarget(year=year)
    target.hours = hours
    target.shares_json = json.dumps({k: str(v) for k, v in sorted(shares.items())})
    session.add(target)
    session.flush()


def hours_by_participant(session: Session, first_month: str, last_month: str) -> dict[int, Decimal]:
    """participant id → hours worked from `first_month` to `last_month` (live entries and contracts)."""
    stmt = (
        select(Contract.participant_id, func.sum(HourEntry.hours_worked))
        .join(Contract, Contract.id == HourEntry.contract_id)
        .where(worked(), Contract.deleted_at.is_(None), HourEntry.month.between(first_month, last_month))
        .group_by(Contract.participant_id)
    )
    return {pid: Decimal(total or 0) for pid, total in session.execute(stmt)}  # Hundredths: hours already
