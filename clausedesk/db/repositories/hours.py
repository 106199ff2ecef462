"""All SQL of the monthly hours: the grid, lot totals, filters, validation (import: hours_import.py)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Table, and_, func, or_, select, type_coerce, update
from sqlalchemy.orm import Session

from clausedesk.db.models import (
    Attribution,
    Buyer,
    Company,
    Contract,
    HourEntry,
    HourSource,
    Lot,
    Market,
    Participant,
)
from clausedesk.db.models.base import utcnow
from clausedesk.db.repositories.hours_sql import converted_hours, converted_of_lots, sum_counted
from clausedesk.db.types import Hundredths

_ENTRY: Table = HourEntry.__table__  # type: ignore[assignment]


def _active_in(first: date, last: date) -> Any:
    return and_(
        Contract.start_date <= last,
        or_(Contract.end_date.is_(None), Contract.end_date >= first),
        Contract.deleted_at.is_(None),
    )


@dataclass(frozen=True)
class GridFilter:
    buyer_uuid: str | None = None
    market_uuid: str | None = None
    lot_uuid: str | None = None
    company_uuid: str | None = None


def grid_rows(session: Session, month: str, first: date, last: date, filt: GridFilter) -> Sequence[Any]:
    """One row per contract active in the month, with its hour entry on the contract's lot (if any)."""
    entry_join = and_(
        HourEntry.contract_id == Contract.id,
        HourEntry.lot_id == Contract.lot_id,
        HourEntry.month == month,
        HourEntry.deleted_at.is_(None),
    )
    stmt = (
        select(
            Contract.uuid,
            Contract.modality,
            Contract.start_date,
            Contract.end_date,
            Participant.last_name,
            Participant.first_name,
            Company.uuid,
            Company.name,
            Company.siret,
            Lot.uuid,
            Lot.ref,
            Lot.title,
            Market.ref,
            HourEntry.uuid,
            HourEntry.hours_worked,
            HourEntry.hours_training,
            HourEntry.status,
            HourSource.kind,
            HourSource.file_name,
            HourSource.created_at,
            HourEntry.hours_tutoring,
        )
        .join(Participant, Participant.id == Contract.participant_id)
        .join(Company, Company.id == Contract.company_id)
        .join(Lot, Lot.id == Contract.lot_id)
        .join(Market, Market.id == Lot.market_id)
        .outerjoin(HourEntry, entry_join)
        .outerjoin(HourSource, HourSource.id == HourEntry.source_id)
        .where(_active_in(first, last))
        .order_by(Company.name, Lot.ref, Participant.last_name, Participant.first_name, Contract.id)
    )
    if filt.company_uuid:
        stmt = stmt.where(Company.uuid == filt.company_uuid)
    if filt.lot_uuid:
        stmt = stmt.where(Lot.uuid == filt.lot_uuid)
    if filt.market_uuid:
        stmt = stmt.where(Market.uuid == filt.market_uuid)
    if filt.buyer_uuid:
        stmt = stmt.join(Buyer, Buyer.id == Market.buyer_id).where(Buyer.uuid == filt.buyer_uuid)
    return session.execute(stmt).all()


def lots_summary(session: Session, lot_uuids: Iterable[str], month: str) -> Sequence[Any]:
    """Per lot: uuid, ref, title, objective, start, end, the hours realised before `month`, the amounts
    converted in `month` and the lot's counting options (training, tutoring, sub-contracting, its cost)."""
    uuids = list(dict.fromkeys(lot_uuids))
    if not uuids:
        return []
    before = (  # the dashboard's hours (the lot's counting options) and converted amounts, before the month
        select(HourEntry.lot_id.label("lot_id"), sum_counted().label("done"))
        .join(Lot, Lot.id == HourEntry.lot_id)
        .join(Contract, Contract.id == HourEntry.contract_id)
        .where(HourEntry.month < month, HourEntry.deleted_at.is_(None), Lot.uuid.in_(uuids))
        .group_by(HourEntry.lot_id)
        .subquery()
    )
    converted = (
        converted_of_lots()
        .add_columns(Attribution.lot_id.label("lot_id"), func.sum(converted_hours()).label("done"))
        .where(Attribution.subcontract_month < month, Lot.uuid.in_(uuids))
        .group_by(Attribution.lot_id)
        .subquery()
    )
    this_month = (  # amounts converted in the month itself: the grid adds them to the entries typed
        converted_of_lots()
        .add_columns(Attribution.lot_id.label("lot_id"), func.sum(converted_hours()).label("done"))
        .where(Attribution.subcontract_month == month, Lot.uuid.in_(uuids))
        .group_by(Attribution.lot_id)
        .subquery()
    )
    stmt = (
        select(
            Lot.uuid,
            Lot.ref,
            Lot.title,
            Lot.objective_hours,
            Lot.forced_hours,
            Lot.start_date,
            Lot.end_date,
            Market.start_date,
            Market.end_date,
            type_coerce(func.coalesce(before.c.done, 0) + func.coalesce(converted.c.done, 0), Hundredths()),
            type_coerce(func.coalesce(this_month.c.done, 0), Hundredths()),
            Lot.count_training,
            Lot.count_tutoring,
            Lot.count_subcontracting,
            Lot.subcontract_hourly_cost,
        )
        .join(Market, Market.id == Lot.market_id)
        .outerjoin(before, before.c.lot_id == Lot.id)
        .outerjoin(converted, converted.c.lot_id == Lot.id)
        .outerjoin(this_month, this_month.c.lot_id == Lot.id)
        .where(Lot.uuid.in_(uuids))
    )
    return session.execute(stmt).all()


def filter_choices(session: Session, first: date, last: date) -> dict[str, list[tuple[str, str]]]:
    """(uuid, label) of the buyers, marchés, lots and companies having a contract active in the month."""
    base = (
        select(Buyer.uuid, Buyer.name, Market.uuid, Market.ref, Lot.uuid, Lot.ref, Company.uuid, Company.name)
        .select_from(Contract)
        .join(Company, Company.id == Contract.company_id)
        .join(Lot, Lot.id == Contract.lot_id)
        .join(Market, Market.id == Lot.market_id)
        .join(Buyer, Buyer.id == Market.buyer_id)
        .where(_active_in(first, last))
        .distinct()
    )
    out: dict[str, dict[str, str]] = {"buyer": {}, "market": {}, "lot": {}, "company": {}}
    for bu, bn, mu, mr, lu, lr, cu, cn in session.execute(base):
        out["buyer"][bu], out["market"][mu], out["lot"][lu], out["company"][cu] = bn, mr, lr, cn
    return {k: sorted(v.items(), key=lambda kv: kv[1].lower()) for k, v in out.items()}


def set_status(session: Session, company_id: int, month: str, status: str, keep: str) -> int:
    """Set the status of the company's live entries of the month (those with status `keep`); rev + 1."""
    contract_ids = select(Contract.id).where(Contract.company_id == company_id)
    stmt = (
        update(_ENTRY)
        .where(
            _ENTRY.c.contract_id.in_(contract_ids),
            _ENTRY.c.month == month,
            _ENTRY.c.deleted_at.is_(None),
            _ENTRY.c.status == keep,
        )
        .values(status=status, rev=_ENTRY.c.rev + 1, updated_at=utcnow())
    )
    return int(session.connection().execute(stmt).rowcount)


def company_month_hours(session: Session, company_id: int, month: str) -> tuple[Decimal, int]:
    stmt = (
        select(func.sum(HourEntry.hours_worked), func.count())
        .join(Contract, Contract.id == HourEntry.contract_id)
        .where(Contract.company_id == company_id, HourEntry.month == month, HourEntry.deleted_at.is_(None))
    )
    total, n = session.execute(stmt).one()
    return total or Decimal(0), int(n)


def companies_with_contracts(session: Session, first: date, last: date) -> Sequence[Any]:
    """uuid, name, siret of the companies having a contract active in the month."""
    stmt = (
        select(Company.uuid, Company.name, Company.siret)
        .join(Contract, Contract.company_id == Company.id)
        .where(_active_in(first, last), Company.deleted_at.is_(None))
        .distinct()
        .order_by(Company.name)
    )
    return session.execute(stmt).all()


def month_tutoring(session: Session, month: str) -> Decimal:
    """The month's live tutoring hours as declared (whether they count is each lot's option), store-wide."""
    total = session.scalar(
        select(func.sum(HourEntry.hours_tutoring)).where(
            HourEntry.deleted_at.is_(None), HourEntry.month == month
        )
    )
    return Decimal(total or 0)
