"""Rows of the Excel exports (marchés, entreprises, participants, heures, liste annuelle), summed in SQL."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import func, select, type_coerce
from sqlalchemy.orm import Session, aliased

from clausedesk.db.models import (
    Amendment,
    Attribution,
    Buyer,
    Company,
    Contract,
    ContractType,
    EligibilityValidation,
    HourEntry,
    HourSource,
    Lot,
    Market,
    Operation,
    Participant,
    PublicCategory,
    validation_category,
)
from clausedesk.db.repositories.dashboard import CONVERTED_LABEL
from clausedesk.db.repositories.hours_sql import (
    SUBCONTRACTING,
    converted_hours,
    converted_of_lots,
    counted,
    lot_target,
    sum_counted,
)
from clausedesk.db.types import Hundredths

_STREAM = 2000


def markets(session: Session) -> list[tuple[Any, ...]]:
    """ref, title, buyer, operation, kind, cpv, notified, start, end, lots, amount, objective, realised."""
    amendments = (
        select(Amendment.lot_id, func.sum(Amendment.amount_delta).label("delta"))
        .where(Amendment.deleted_at.is_(None))
        .group_by(Amendment.lot_id)
        .subquery()
    )
    per_lot = (
        select(
            Lot.market_id.label("market_id"),
            func.count(Lot.id).label("n_lots"),
            type_coerce(func.sum(Lot.amount_ht + func.coalesce(amendments.c.delta, 0)), Hundredths()).label(
                "amount"
            ),
            func.sum(lot_target()).label("objective"),
        )
        .outerjoin(amendments, amendments.c.lot_id == Lot.id)
        .where(Lot.deleted_at.is_(None))
        .group_by(Lot.market_id)
        .subquery()
    )
    realised = (
        select(Lot.market_id.label("market_id"), func.sum(counted()).label("hours"))
        .select_from(HourEntry)
        .join(Lot, Lot.id == HourEntry.lot_id)
        .join(Contract, Contract.id == HourEntry.contract_id)
        .where(HourEntry.deleted_at.is_(None), Lot.deleted_at.is_(None))
        .group_by(Lot.market_id)
        .subquery()
    )
    stmt = (
        select(
            Market.ref, Market.title, Buyer.name, Operation.name, Market.kind, Market.cpv,
            Market.notification_date, Market.start_date, Market.end_date,
            func.coalesce(per_lot.c.n_lots, 0), per_lot.c.amount, per_lot.c.objective, realised.c.hours,
            Market.id,
        )
        .join(Buyer, Buyer.id == Market.buyer_id)
        .outerjoin(Operation, Operation.id == Market.operation_id)
        .outerjoin(per_lot, per_lot.c.market_id == Market.id)
        .outerjoin(realised, realised.c.market_id == Market.id)
        .where(Market.deleted_at.is_(None))
        .order_by(Market.ref)
    )  # fmt: skip
    converted = _converted_by(session, Lot.market_id)
    rows = []
    for row in session.execute(stmt):
        *head, amount, objective, hours, market_id = row
        rows.append((*head, amount, objective, (hours or 0) + converted.get(market_id, 0)))
    return rows


def _converted_by(session: Session, key: Any) -> dict[int, Any]:
    """Sub-contracted amounts converted into hours (`hours_sql.converted_hours`), summed by `key`."""
    stmt = converted_of_lots().add_columns(key, func.sum(converted_hours())).group_by(key)
    return {k: h for k, h in session.execute(stmt) if h}


def companies(session: Session) -> list[tuple[Any, ...]]:
    """siret, name, kind, naf, commune, lots attributed, participants (distinct), hours realised, contact."""
    attributed = (
        select(Attribution.company_id, func.count(func.distinct(Attribution.lot_id)).label("n"))
        .join(Lot, Lot.id == Attribution.lot_id)
        .where(Attribution.deleted_at.is_(None), Lot.deleted_at.is_(None))
        .group_by(Attribution.company_id)
        .subquery()
    )
    worked = (
        select(
            Contract.company_id.label("company_id"),
            func.count(func.distinct(Contract.participant_id)).label("people"),
            func.sum(counted()).label("hours"),
        )
        .select_from(HourEntry)
        .join(Contract, Contract.id == HourEntry.contract_id)
        .join(Lot, Lot.id == HourEntry.lot_id)
        .where(HourEntry.deleted_at.is_(None), Contract.deleted_at.is_(None))
        .group_by(Contract.company_id)
        .subquery()
    )
    stmt = (
        select(
            Company.siret, Company.name, Company.kind, Company.naf, Company.commune_code,
            func.coalesce(attributed.c.n, 0), func.coalesce(worked.c.people, 0), worked.c.hours,
            Company.contact_name, Company.contact_email, Company.contact_phone, Company.id,
        )
        .outerjoin(attributed, attributed.c.company_id == Company.id)
        .outerjoin(worked, worked.c.company_id == Company.id)
        .where(Company.deleted_at.is_(None))
        .order_by(Company.name, Company.siret)
    )  # fmt: skip
    converted = _converted_by(session, Attribution.company_id)
    rows = session.execute(stmt)
    return [(*row[:7], (row[7] or 0) + converted.get(row[-1], 0), *row[8:-1]) for row in rows]


def public_category_labels(session: Session) -> dict[int, str]:
    """participant id → labels of their NON-sensitive categories (live validations), sorted, joined."""
    stmt = (
        select(EligibilityValidation.participant_id, PublicCategory.label)
        .join(validation_category, validation_category.c.validation_id == EligibilityValidation.id)
        .join(PublicCategory, PublicCategory.id == validation_category.c.category_id)
        .where(EligibilityValidation.deleted_at.is_(None), PublicCategory.sensitive.is_(False))
        .distinct()
    )
    found: dict[int, set[str]] = {}
    for pid, label in session.execute(stmt):
        found.setdefault(pid, set()).add(label)
    return {pid: " ; ".join(sorted(labels)) for pid, labels in found.items()}


def participants(session: Session) -> list[tuple[Any, ...]]:
    """id, last, first, sex, birth, commune, qpv, level, referent, first contract, contracts, hours."""
    contracts = (
        select(
            Contract.participant_id.label("pid"),
            func.count(Contract.id).label("n"),
            func.min(Contract.start_date).label("first"),
        )
        .where(Contract.deleted_at.is_(None))
        .group_by(Contract.participant_id)
        .subquery()
    )
    worked = (
        select(Contract.participant_id.label("pid"), func.sum(counted(tutoring=False)).label("hours"))
        .select_from(HourEntry)
        .join(Contract, Contract.id == HourEntry.contract_id)
        .join(Lot, Lot.id == HourEntry.lot_id)
        .where(HourEntry.deleted_at.is_(None), Contract.deleted_at.is_(None))
        .group_by(Contract.participant_id)
        .subquery()
    )
    stmt = (
        select(
            Participant.id, Participant.last_name, Participant.first_name, Participant.sex,
            Participant.birth_date, Participant.commune_code, Participant.qpv,
            Participant.qualification_level, Participant.referent,
            contracts.c.first, func.coalesce(contracts.c.n, 0), worked.c.hours,
        )
        .outerjoin(contracts, contracts.c.pid == Participant.id)
        .outerjoin(worked, worked.c.pid == Participant.id)
        .where(Participant.deleted_at.is_(None))
        .order_by(Participant.last_name, Participant.first_name, Participant.id)
    )  # fmt: skip
    return [(*row[:11], row[11] or 0) for row in session.execute(stmt)]


def count_hour_entries(session: Session) -> int:
    """Lines of the hours sheet: live entries and converted sub-contracted amounts."""
    stmt = select(func.count(HourEntry.id)).where(HourEntry.deleted_at.is_(None))
    return int(session.scalar(stmt) or 0) + count_converted_entries(session)


def hour_entries(session: Session) -> Iterator[tuple[Any, ...]]:
    """Every live monthly entry, streamed: month, market, lot, company, siret, person, modality, hours..."""
    source = aliased(HourSource)
    stmt = (
        select(
            HourEntry.month, Market.ref, Lot.number, Lot.title, Company.name, Company.siret,
            Participant.last_name, Participant.first_name, Contract.modality, ContractType.label,
            HourEntry.hours_worked, HourEntry.hours_training, HourEntry.hours_tutoring,
            counted(), HourEntry.status, source.kind, source.file_name,
        )
        .select_from(HourEntry)
        .join(Lot, Lot.id == HourEntry.lot_id)
        .join(Market, Market.id == Lot.market_id)
        .join(Contract, Contract.id == HourEntry.contract_id)
        .join(Company, Company.id == Contract.company_id)
        .join(Participant, Participant.id == Contract.participant_id)
        .join(ContractType, ContractType.id == Contract.contract_type_id)
        .outerjoin(source, source.id == HourEntry.source_id)
        .where(HourEntry.deleted_at.is_(None))
        .order_by(HourEntry.month, Market.ref, Lot.number, Company.name, Participant.last_name, HourEntry.id)
        .execution_options(yield_per=_STREAM)
    )  # fmt: skip
    for row in session.execute(stmt):
        yield tuple(row)
    yield from converted_entries(session)


def _converted_entries_stmt() -> Any:
    return (
        converted_of_lots()
        .add_columns(Attribution.subcontract_month, Market.ref, Lot.number, Lot.title, Company.name,
                     Company.siret, converted_hours())
        .join(Market, Market.id == Lot.market_id)
        .join(Company, Company.id == Attribution.company_id)
        .where(converted_hours() > 0)
        .order_by(Attribution.subcontract_month, Market.ref, Lot.number, Company.name)
    )  # fmt: skip


def converted_entries(session: Session) -> Iterator[tuple[Any, ...]]:
    """Each sub-contracted amount that counts, as a line of the hours sheet (no person, no worked hours)."""
    for month, ref, number, title, company, siret, hours in session.execute(_converted_entries_stmt()):
        yield (month, ref, number, title, company, siret, "", "", SUBCONTRACTING, CONVERTED_LABEL,
               0, 0, 0, hours, "", "converti", None)  # fmt: skip


def count_converted_entries(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(_converted_entries_stmt().subquery())) or 0)


def annual(session: Session, year: int) -> list[tuple[Any, ...]]:
    """Clause employees of `year` by marché and work period (one row per contract and lot).

    market ref, buyer, lot number, lot title, company, siret, participant id, last, first, sex, birth,
    contract type, modality, contract start, contract end, first month, last month, hours.
    """
    first, last = f"{year:04d}-01", f"{year:04d}-12"
    stmt = (
        select(
            Market.ref, Buyer.name, Lot.number, Lot.title, Company.name, Company.siret,
            Participant.id, Participant.last_name, Participant.first_name, Participant.sex,
            Participant.birth_date, ContractType.label, Contract.modality,
            Contract.start_date, Contract.end_date,
            func.min(HourEntry.month), func.max(HourEntry.month), sum_counted(tutoring=False),
        )
        .select_from(HourEntry)
        .join(Lot, Lot.id == HourEntry.lot_id)
        .join(Market, Market.id == Lot.market_id)
        .join(Buyer, Buyer.id == Market.buyer_id)
        .join(Contract, Contract.id == HourEntry.contract_id)
        .join(Company, Company.id == Contract.company_id)
        .join(Participant, Participant.id == Contract.participant_id)
        .join(ContractType, ContractType.id == Contract.contract_type_id)
        .where(HourEntry.deleted_at.is_(None), HourEntry.month.between(first, last))
        .group_by(Contract.id, HourEntry.lot_id)
        .order_by(Market.ref, Lot.number, Participant.last_name, Participant.first_name, Contract.start_date)
    )  # fmt: skip
    return [tuple(row) for row in session.execute(stmt)]


__all__ = [
    "annual",
    "companies",
    "count_hour_entries",
    "hour_entries",
    "markets",
    "participants",
    "public_category_labels",
]
