"""Queries of the dashboards per recipient: a company's lots across buyers, its workers' hours and people."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from clausedesk.db.models import Attribution, Buyer, Contract, HourEntry, Lot, Market
from clausedesk.db.repositories.hours_sql import counted, lot_target


class CompanyLot(NamedTuple):
    """A lot the company holds (attribution) or works on (its contracts), with its marché and buyer."""

    lot_id: int
    lot_ref: str
    lot_number: str
    lot_title: str
    market_id: int
    market_ref: str
    market_title: str
    buyer: str
    start: date | None
    end: date | None
    objective: Decimal
    role: str | None  # attribution role, None when the company works on the lot without one
    share_pct: Decimal | None


class CompanyHours(NamedTuple):
    """The company's counted hours on one lot in one modality, and its people (distinct) with hours."""

    lot_id: int
    modality: str
    month: Decimal
    cumulated: Decimal


def _day(value: date | str | None) -> date | None:
    """COALESCE of two Date columns comes back from SQLite as ISO text."""
    return value if value is None or isinstance(value, date) else date.fromisoformat(value)


def company_lots(session: Session, company_id: int, first: date, last: date) -> list[CompanyLot]:
    """Live lots the company holds or has contracts on, running during [first, last] or with its hours by
    then; by buyer, marché and lot."""
    start = func.coalesce(Lot.start_date, Market.start_date)
    end = func.coalesce(Lot.end_date, Market.end_date)
    works_on = select(Contract.lot_id).where(
        Contract.company_id == company_id, Contract.deleted_at.is_(None), Contract.start_date <= last
    )
    holds = select(Attribution.lot_id).where(
        Attribution.company_id == company_id, Attribution.deleted_at.is_(None)
    )
    running = and_(or_(start.is_(None), start <= last), or_(end.is_(None), end >= first))
    stmt = (
        select(Lot.id, Lot.ref, Lot.number, Lot.title, Market.id, Market.ref, Market.title, Buyer.name, start,
               end, lot_target(), Attribution.role, Attribution.share_pct)
        .join(Market, Market.id == Lot.market_id)
        .join(Buyer, Buyer.id == Market.buyer_id)
        .outerjoin(Attribution, and_(Attribution.lot_id == Lot.id, Attribution.company_id == company_id,
                                     Attribution.deleted_at.is_(None)))
        .where(Lot.deleted_at.is_(None), Market.deleted_at.is_(None),
               or_(Lot.id.in_(works_on), and_(Lot.id.in_(holds), running)))
        .order_by(Buyer.name, Market.ref, Lot.ref)
    )  # fmt: skip
    return [
        CompanyLot(*row[:8], _day(row[8]), _day(row[9]), Decimal(row[10] or 0), row[11], row[12])
        for row in session.execute(stmt)
    ]


def company_hours(session: Session, company_id: int, lot_ids: list[int], month: str) -> list[CompanyHours]:
    """Counted hours of the company's contracts per lot and modality: in `month`, and up to it included."""
    if not lot_ids:
        return []
    in_month = func.sum(case((HourEntry.month == month, counted()), else_=0))
    rows = session.execute(
        select(HourEntry.lot_id, Contract.modality, in_month, func.sum(counted()))
        .join(Lot, Lot.id == HourEntry.lot_id)
        .join(Contract, Contract.id == HourEntry.contract_id)
        .where(Contract.company_id == company_id, HourEntry.lot_id.in_(lot_ids),
               HourEntry.deleted_at.is_(None), HourEntry.month <= month)
        .group_by(HourEntry.lot_id, Contract.modality)
    )  # fmt: skip
    return [CompanyHours(lot, modality, Decimal(m or 0), Decimal(t or 0)) for lot, modality, m, t in rows]


def company_people(session: Session, company_id: int, lot_ids: list[int], first_month: str, month: str
                   ) -> dict[int | None, int]:  # fmt: skip
    """People (distinct) with hours worked for the company between two months included: per lot id, and
    over all its lots under the key None (a person on two lots counts once there)."""
    if not lot_ids:
        return {None: 0}
    people = func.count(func.distinct(Contract.participant_id))
    base = (
        select(people)
        .select_from(HourEntry)
        .join(Contract, Contract.id == HourEntry.contract_id)
        .where(Contract.company_id == company_id, HourEntry.lot_id.in_(lot_ids))
        .where(HourEntry.deleted_at.is_(None), HourEntry.hours_worked > 0)
        .where(HourEntry.month >= first_month, HourEntry.month <= month)
    )
    per_lot = base.with_only_columns(HourEntry.lot_id, people).group_by(HourEntry.lot_id)
    out: dict[int | None, int] = {lot: int(n) for lot, n in session.execute(per_lot)}
    out[None] = int(session.scalar(base) or 0)
    return out


def holders(session: Session, lot_ids: list[int]) -> dict[int, int]:
    """Number of companies holding each lot (live attributions)."""
    rows = session.execute(
        select(Attribution.lot_id, func.count(Attribution.id))
        .where(Attribution.lot_id.in_(lot_ids), Attribution.deleted_at.is_(None))
        .group_by(Attribution.lot_id)
    )
    return {lot: int(n) for lot, n in rows}
