"""All SQL of the monthly hours: the grid, lot totals, the relevé import (bulk writes) and its undo."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Table, and_, bindparam, func, insert, or_, select, update
from sqlalchemy.orm import Session

from clausedesk.db.models import (
    Buyer,
    Company,
    Contract,
    HourEntry,
    HourImportChange,
    HourSource,
    Lot,
    Market,
    Participant,
)
from clausedesk.db.models.base import new_uuid, utcnow
from clausedesk.db.types import Hundredths

_ENTRY: Table = HourEntry.__table__  # type: ignore[assignment]
_CHANGE: Table = HourImportChange.__table__  # type: ignore[assignment]
_CHUNK = 900  # SQLite's default limit on bound parameters per statement is 999


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
    """Per lot: uuid, ref, title, objective, start, end and the hours realised before `month`."""
    uuids = list(dict.fromkeys(lot_uuids))
    if not uuids:
        return []
    before = (
        select(HourEntry.lot_id, func.sum(HourEntry.hours_worked).label("done"))
        .where(HourEntry.month < month, HourEntry.deleted_at.is_(None))
        .group_by(HourEntry.lot_id)
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
            before.c.done,
        )
        .join(Market, Market.id == Lot.market_id)
        .outerjoin(before, before.c.lot_id == Lot.id)
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


def company_contracts(session: Session, company_id: int, first: date, last: date) -> Sequence[Any]:
    """The company's contracts active in the month: id, uuid, lot_id, names, lot ref/number/title, dates."""
    stmt = (
        select(
            Contract.id,
            Contract.uuid,
            Contract.lot_id,
            Participant.last_name,
            Participant.first_name,
            Lot.ref,
            Lot.number,
            Lot.title,
            Contract.start_date,
            Contract.end_date,
            Contract.modality,
        )
        .join(Participant, Participant.id == Contract.participant_id)
        .join(Lot, Lot.id == Contract.lot_id)
        .where(Contract.company_id == company_id, _active_in(first, last))
        .order_by(Lot.ref, Participant.last_name, Participant.first_name, Contract.start_date)
    )
    return session.execute(stmt).all()


def contracts_by_uuid(session: Session, uuids: Sequence[str]) -> dict[str, Any]:
    """Contracts (even deleted or of other companies) by uuid: uuid, company name, dates, deleted_at."""
    out: dict[str, Any] = {}
    for i in range(0, len(uuids), _CHUNK):
        stmt = (
            select(
                Contract.uuid,
                Contract.company_id,
                Company.name,
                Contract.start_date,
                Contract.end_date,
                Contract.deleted_at,
            )
            .join(Company, Company.id == Contract.company_id)
            .where(Contract.uuid.in_(uuids[i : i + _CHUNK]))
        )
        out.update({r[0]: r for r in session.execute(stmt)})
    return out


def company_ids_of_contracts(session: Session, uuids: Sequence[str]) -> set[int]:
    return {r[1] for r in contracts_by_uuid(session, uuids).values()}


def company_month_entries(session: Session, company_id: int, month: str) -> dict[tuple[int, int], Any]:
    """Every entry (live or tombstoned) of the company's contracts in the month, keyed (contract_id, lot_id).

    Columns: id, contract_id, lot_id, hours_worked, hours_training, status, source_id, deleted_at, rev.
    """
    stmt = (
        select(
            HourEntry.id,
            HourEntry.contract_id,
            HourEntry.lot_id,
            HourEntry.hours_worked,
            HourEntry.hours_training,
            HourEntry.status,
            HourEntry.source_id,
            HourEntry.deleted_at,
            HourEntry.rev,
        )
        .join(Contract, Contract.id == HourEntry.contract_id)
        .where(Contract.company_id == company_id, HourEntry.month == month)
    )
    return {(r[1], r[2]): r for r in session.execute(stmt)}


def add_source(
    session: Session,
    *,
    kind: str,
    file_name: str | None,
    sha256: str | None,
    company_id: int | None,
    month: str | None,
) -> int:
    source = HourSource(kind=kind, file_name=file_name, sha256=sha256, company_id=company_id, month=month)
    session.add(source)
    session.flush()
    return source.id


def insert_entries(session: Session, rows: list[dict[str, Any]]) -> dict[tuple[int, int], int]:
    """Insert new entries (contract_id, lot_id, month, hours..., status, source_id); returns their ids."""
    now = utcnow()
    for r in rows:
        r.update(uuid=new_uuid(), rev=1, created_at=now, updated_at=now, deleted_at=None, convention_id=None)
    ids: dict[tuple[int, int], int] = {}
    if rows:
        stmt = insert(_ENTRY).returning(_ENTRY.c.id, _ENTRY.c.contract_id, _ENTRY.c.lot_id)
        for got in session.execute(stmt, rows):
            ids[(got[1], got[2])] = got[0]
    return ids


_UPDATE = (
    update(_ENTRY)
    .where(_ENTRY.c.id == bindparam("e_id"))
    .values(
        hours_worked=bindparam("e_worked", type_=Hundredths()),
        hours_training=bindparam("e_training", type_=Hundredths()),
        status=bindparam("e_status"),
        source_id=bindparam("e_source"),
        deleted_at=bindparam("e_deleted"),
        rev=_ENTRY.c.rev + 1,
        updated_at=bindparam("e_now"),
    )
)


def update_entries(session: Session, rows: list[dict[str, Any]]) -> None:
    """Executemany UPDATE by id (keys e_id, e_worked, e_training, e_status, e_source, e_deleted); rev + 1."""
    if not rows:
        return
    now = utcnow()
    for r in rows:
        r["e_now"] = now
    session.connection().execute(_UPDATE, rows)


def tombstone_entries(session: Session, entry_ids: list[int], when: datetime) -> None:
    """Mark entries deleted (rev + 1), by chunks of ids."""
    for i in range(0, len(entry_ids), _CHUNK):
        stmt = (
            update(_ENTRY)
            .where(_ENTRY.c.id.in_(entry_ids[i : i + _CHUNK]))
            .values(deleted_at=when, rev=_ENTRY.c.rev + 1, updated_at=when)
        )
        session.connection().execute(stmt)


def insert_changes(session: Session, rows: list[dict[str, Any]]) -> None:
    if rows:
        session.execute(insert(_CHANGE), rows)


def import_sources(session: Session, limit: int = 200) -> Sequence[Any]:
    """Past imports, newest first: id, file_name, sha256, month, created_at, undone_at, company, count."""
    count = (
        select(HourImportChange.source_id, func.count().label("n"))
        .group_by(HourImportChange.source_id)
        .subquery()
    )
    stmt = (
        select(
            HourSource.id,
            HourSource.file_name,
            HourSource.sha256,
            HourSource.month,
            HourSource.created_at,
            HourSource.undone_at,
            Company.name,
            count.c.n,
        )
        .outerjoin(Company, Company.id == HourSource.company_id)
        .outerjoin(count, count.c.source_id == HourSource.id)
        .where(HourSource.kind == "import")
        .order_by(HourSource.created_at.desc(), HourSource.id.desc())
        .limit(limit)
    )
    return session.execute(stmt).all()


def source_by_id(session: Session, source_id: int) -> HourSource | None:
    return session.get(HourSource, source_id)


def changes_with_current(session: Session, source_id: int) -> Sequence[Any]:
    """The changes of an import with the entry's current rev: HourImportChange columns + entry rev."""
    stmt = (
        select(
            HourImportChange.entry_id,
            HourImportChange.created,
            HourImportChange.prev_hours_worked,
            HourImportChange.prev_hours_training,
            HourImportChange.prev_status,
            HourImportChange.prev_source_id,
            HourImportChange.prev_deleted_at,
            HourImportChange.rev_after,
            HourEntry.rev,
        )
        .join(HourEntry, HourEntry.id == HourImportChange.entry_id)
        .where(HourImportChange.source_id == source_id)
    )
    return session.execute(stmt).all()


def mark_undone(session: Session, source_id: int, when: datetime) -> None:
    session.execute(update(HourSource).where(HourSource.id == source_id).values(undone_at=when))


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
