"""Queries of the forecasts: the lots running in a month (dates, penalty), hours per lot and month."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clausedesk.db.models import Contract, HourEntry, Lot, Market
from clausedesk.db.repositories.hours_sql import counted, lot_target


class RunningLot(NamedTuple):
    id: int
    uuid: str
    ref: str
    number: str
    market_ref: str
    start: date
    end: date
    objective: Decimal
    penalty_per_hour: Decimal | None


def running_lots(session: Session, first: date, last: date, market_id: int | None = None) -> list[RunningLot]:
    """Live lots running during [first, last] (their dates, else their marché's), by end date and ref."""
    start = func.coalesce(Lot.start_date, Market.start_date)
    end = func.coalesce(Lot.end_date, Market.end_date)
    stmt = (
        select(
            Lot.id, Lot.uuid, Lot.ref, Lot.number, Market.ref, start, end, lot_target(), Lot.penalty_per_hour
        )
        .join(Market, Market.id == Lot.market_id)
        .where(Lot.deleted_at.is_(None), Market.deleted_at.is_(None), start <= last, end >= first)
        .order_by(end, Lot.ref)
    )
    if market_id is not None:
        stmt = stmt.where(Lot.market_id == market_id)
    rows = session.execute(stmt)
    return [
        RunningLot(i, u, r, n, m, _day(s), _day(e), Decimal(o or 0), p) for i, u, r, n, m, s, e, o, p in rows
    ]


def _day(value: date | str) -> date:
    """COALESCE of two Date columns comes back from SQLite as ISO text."""
    return value if isinstance(value, date) else date.fromisoformat(value)


def hours_by_month(session: Session, lot_ids: Sequence[int], month: str) -> dict[int, dict[str, Decimal]]:
    """Counted hours of each lot per month, up to `month` included: lot id → month → hours."""
    if not lot_ids:
        return {}
    rows = session.execute(
        select(HourEntry.lot_id, HourEntry.month, func.sum(counted()))
        .join(Lot, Lot.id == HourEntry.lot_id)
        .join(Contract, Contract.id == HourEntry.contract_id)
        .where(HourEntry.lot_id.in_(lot_ids), HourEntry.deleted_at.is_(None), HourEntry.month <= month)
        .group_by(HourEntry.lot_id, HourEntry.month)
    )
    out: dict[int, dict[str, Decimal]] = {}
    for lot_id, m, h in rows:
        out.setdefault(lot_id, {})[m] = Decimal(h or 0)
    return out
