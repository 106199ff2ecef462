"""Queries of the dashboard and the bilan: hours per lot and company, people, splits, gaps, situations."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from clausedesk.db.models import (
    Attribution,
    Buyer,
    Company,
    Contract,
    ContractType,
    EligibilityValidation,
    HourEntry,
    Lot,
    Market,
    OutcomeType,
    Participant,
    PublicCategory,
    Situation,
    validation_category,
)
from clausedesk.db.repositories.hours_sql import counted

_ZERO = Decimal(0)


def _dec(value: Any) -> Decimal:
    """A SUM of a Hundredths expression (already a Decimal through the column type); None → 0."""
    return _ZERO if value is None else Decimal(value)


def live_lots(session: Session, market_id: int) -> list[Lot]:
    stmt = select(Lot).where(Lot.market_id == market_id, Lot.deleted_at.is_(None))
    lots = list(session.scalars(stmt))
    return sorted(lots, key=lambda lot: (len(lot.number), lot.number, lot.ref))


def _hours_base(lot_ids: Sequence[int], last_month: str) -> Any:
    return (
        select()
        .select_from(HourEntry)
        .join(Lot, Lot.id == HourEntry.lot_id)
        .join(Contract, Contract.id == HourEntry.contract_id)
        .where(HourEntry.lot_id.in_(lot_ids), HourEntry.deleted_at.is_(None), HourEntry.month <= last_month)
    )


def _month_and_total(month: str) -> tuple[Any, Any]:
    in_month = func.sum(case((HourEntry.month == month, counted()), else_=0))
    return in_month, func.sum(counted())


def hours_by_lot_company(session: Session, lot_ids: Sequence[int], month: str) -> list[tuple[Any, ...]]:
    """(lot id, company id, hours in `month`, hours up to `month` included)."""
    in_month, total = _month_and_total(month)
    stmt = _hours_base(lot_ids, month).add_columns(HourEntry.lot_id, Contract.company_id, in_month, total)
    stmt = stmt.group_by(HourEntry.lot_id, Contract.company_id)
    return [(lot, company, _dec(m), _dec(t)) for lot, company, m, t in session.execute(stmt)]


def attributions(session: Session, lot_ids: Sequence[int]) -> list[tuple[Any, ...]]:
    """(lot id, company id, role, share %) of the live attributions."""
    stmt = select(Attribution.lot_id, Attribution.company_id, Attribution.role, Attribution.share_pct).where(
        Attribution.lot_id.in_(lot_ids), Attribution.deleted_at.is_(None)
    )
    return [tuple(row) for row in session.execute(stmt)]


def company_names(session: Session, ids: Sequence[int]) -> dict[int, tuple[str, str]]:
    stmt = select(Company.id, Company.name, Company.siret).where(Company.id.in_(ids))
    return {cid: (name, siret) for cid, name, siret in session.execute(stmt)}


def monthly_hours(session: Session, lot_ids: Sequence[int], last_month: str) -> list[tuple[str, Decimal]]:
    """(month, hours) of every month with entries, up to `last_month`, in order."""
    stmt = _hours_base(lot_ids, last_month).add_columns(HourEntry.month, func.sum(counted()))
    stmt = stmt.group_by(HourEntry.month).order_by(HourEntry.month)
    return [(m, _dec(h)) for m, h in session.execute(stmt)]


def split_by(session: Session, lot_ids: Sequence[int], month: str, key: str) -> list[tuple[Any, ...]]:
    """(key, hours in `month`, hours up to `month`) with key "modality" or "contract_type" (its label)."""
    in_month, total = _month_and_total(month)
    column: Any = Contract.modality if key == "modality" else ContractType.label
    stmt = _hours_base(lot_ids, month).add_columns(column, in_month, total)
    if key != "modality":
        stmt = stmt.join(ContractType, ContractType.id == Contract.contract_type_id)
        stmt = stmt.group_by(column, ContractType.sort_order).order_by(ContractType.sort_order)
    else:
        stmt = stmt.group_by(column).order_by(column)
    return [(k, _dec(m), _dec(t)) for k, m, t in session.execute(stmt)]


def people(session: Session, lot_ids: Sequence[int], month: str) -> list[tuple[Any, ...]]:
    """One row per person with hours up to `month`: (id, sex, birth, qpv, first contract start, in month)."""
    worked_in_month = func.max(case((HourEntry.month == month, 1), else_=0))
    stmt = (
        _hours_base(lot_ids, month)
        .join(Participant, Participant.id == Contract.participant_id)
        .add_columns(
            Participant.id, Participant.sex, Participant.birth_date, Participant.qpv,
            func.min(Contract.start_date), worked_in_month,
        )
        .group_by(Participant.id)
    )  # fmt: skip
    return [tuple(row) for row in session.execute(stmt)]


def category_codes(
    session: Session, participant_ids: Sequence[int], codes: Sequence[str]
) -> set[tuple[int, str]]:
    """(participant id, code) pairs for the given category codes, from live validations."""
    if not participant_ids:
        return set()
    stmt = (
        select(EligibilityValidation.participant_id, PublicCategory.code)
        .join(validation_category, validation_category.c.validation_id == EligibilityValidation.id)
        .join(PublicCategory, PublicCategory.id == validation_category.c.category_id)
        .where(
            EligibilityValidation.participant_id.in_(participant_ids),
            EligibilityValidation.deleted_at.is_(None),
            PublicCategory.code.in_(codes),
        )
        .distinct()
    )
    return {(pid, code) for pid, code in session.execute(stmt)}


def contracts_without_hours(session: Session, lot_ids: Sequence[int], month: str, first: date, last: date
                            ) -> list[tuple[int, int, int]]:  # fmt: skip
    """(lot id, company id, number of contracts) running in the month with no hour entry for it."""
    has_entry = (
        select(HourEntry.id)
        .where(HourEntry.contract_id == Contract.id, HourEntry.month == month, HourEntry.deleted_at.is_(None))
        .exists()
    )
    stmt = (
        select(Contract.lot_id, Contract.company_id, func.count(Contract.id))
        .where(
            Contract.lot_id.in_(lot_ids),
            Contract.deleted_at.is_(None),
            Contract.start_date <= last,
            or_(Contract.end_date.is_(None), Contract.end_date >= first),
            ~has_entry,
        )
        .group_by(Contract.lot_id, Contract.company_id)
    )
    return [(lot, company, int(n)) for lot, company, n in session.execute(stmt)]


def last_hours_month(session: Session, lot_ids: Sequence[int]) -> str | None:
    stmt = select(func.max(HourEntry.month)).where(
        HourEntry.lot_id.in_(lot_ids), HourEntry.deleted_at.is_(None)
    )
    value = session.scalar(stmt)
    return str(value) if value else None


def has_hours_in(session: Session, lot_ids: Sequence[int], month: str) -> bool:
    stmt = select(HourEntry.id).where(
        HourEntry.lot_id.in_(lot_ids), HourEntry.month == month, HourEntry.deleted_at.is_(None)
    )
    return session.scalar(stmt.limit(1)) is not None


def markets_active_in(session: Session, first: date, last: date, month: str, buyer_id: int | None = None
                      ) -> list[Market]:  # fmt: skip
    """Live marchés with a lot running during [first, last] or hours entered for `month`, by reference."""
    lot_running = and_(
        or_(Lot.start_date.is_(None), Lot.start_date <= last),
        or_(Lot.end_date.is_(None), Lot.end_date >= first),
        or_(Lot.start_date.is_not(None), Lot.end_date.is_not(None)),
    )
    hours_in_month = (
        select(HourEntry.id)
        .where(HourEntry.lot_id == Lot.id, HourEntry.month == month, HourEntry.deleted_at.is_(None))
        .exists()
    )
    lots = select(Lot.market_id).where(Lot.deleted_at.is_(None), or_(lot_running, hours_in_month))
    stmt = select(Market).where(Market.deleted_at.is_(None), Market.id.in_(lots))
    if buyer_id is not None:
        stmt = stmt.where(Market.buyer_id == buyer_id)
    return list(session.scalars(stmt.order_by(Market.ref)))


def buyer_names(session: Session, buyer_id: int) -> str:
    return str(session.scalar(select(Buyer.name).where(Buyer.id == buyer_id)) or "")


def find_buyers(session: Session, text: str) -> list[Buyer]:
    """Buyers whose SIRET, uuid or name (case-insensitive) is `text`; else whose name contains it."""
    needle = text.strip()
    exact = select(Buyer).where(
        Buyer.deleted_at.is_(None),
        or_(Buyer.siret == needle, Buyer.uuid == needle, func.lower(Buyer.name) == needle.lower()),
    )
    found = list(session.scalars(exact))
    if found:
        return found
    like = select(Buyer).where(Buyer.deleted_at.is_(None), Buyer.name.ilike(f"%{needle}%"))
    return list(session.scalars(like.order_by(Buyer.name)))


def bilan_contracts(session: Session, lot_ids: Sequence[int]) -> list[tuple[Any, ...]]:
    """Every live contract on the lots with its hours: (participant id, last, first, sex, birth, contract id,
    company id, company name, contract type label, modality, start, end, counted hours)."""
    hours = (
        select(HourEntry.contract_id.label("cid"), func.sum(counted()).label("h"))
        .join(Lot, Lot.id == HourEntry.lot_id)
        .where(HourEntry.lot_id.in_(lot_ids), HourEntry.deleted_at.is_(None))
        .group_by(HourEntry.contract_id)
        .subquery()
    )
    stmt = (
        select(
            Participant.id, Participant.last_name, Participant.first_name, Participant.sex,
            Participant.birth_date, Contract.id, Company.id, Company.name, ContractType.label,
            Contract.modality, Contract.start_date, Contract.end_date, hours.c.h,
        )
        .join(Participant, Participant.id == Contract.participant_id)
        .join(Company, Company.id == Contract.company_id)
        .join(ContractType, ContractType.id == Contract.contract_type_id)
        .outerjoin(hours, hours.c.cid == Contract.id)
        .where(Contract.lot_id.in_(lot_ids), Contract.deleted_at.is_(None))
        .order_by(Participant.last_name, Participant.first_name, Participant.id, Contract.start_date)
    )  # fmt: skip
    return [tuple(row) for row in session.execute(stmt)]


def situations(session: Session, participant_ids: Sequence[int]) -> list[tuple[Any, ...]]:
    """(participant id, observed on, moment, outcome code, outcome label, contract id), by date."""
    if not participant_ids:
        return []
    stmt = (
        select(
            Situation.participant_id, Situation.observed_on, Situation.moment, OutcomeType.code,
            OutcomeType.label, Situation.contract_id,
        )
        .join(OutcomeType, OutcomeType.id == Situation.outcome_id)
        .where(Situation.participant_id.in_(participant_ids), Situation.deleted_at.is_(None))
        .order_by(Situation.participant_id, Situation.observed_on, Situation.id)
    )  # fmt: skip
    return [tuple(row) for row in session.execute(stmt)]
