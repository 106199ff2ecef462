"""What an object's page shows: a lot, a company, a person, with their related rows (read-only queries)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clausedesk.db.models import (
    Amendment,
    Attribution,
    Buyer,
    Company,
    Contract,
    ContractType,
    EligibilityValidation,
    HourEntry,
    Lot,
    Market,
    Operation,
    OutcomeType,
    Participant,
    PublicCategory,
    Situation,
    validation_category,
)
from clausedesk.db.repositories import base as repo
from clausedesk.db.repositories.hours_sql import (
    converted_hours,
    converted_of_lots,
    counted_tutoring,
    lot_realised,
    sum_counted,
)


@dataclass
class LotPage:
    lot: Lot
    market: Market
    buyer_name: str
    mechanisms: list[str]
    current_amount: Decimal
    realised: Decimal
    realised_training: Decimal
    # uuid, company uuid, name, role, share, sub-contracted amount and its month
    attributions: list[tuple[str, str, str, str, Decimal | None, Decimal | None, str | None]]
    amendments: list[tuple[str, int, date, Decimal, date | None, str | None]]
    by_month: list[LotMonth] = field(default_factory=list)


@dataclass(frozen=True)
class LotMonth:
    """A month of a lot: hours worked, tutoring, converted sub-contracting, and what counts (the rule)."""

    month: str
    worked: Decimal
    tutoring: Decimal
    converted: Decimal
    counted: Decimal


def lot_months(session: Session, lot_id: int) -> list[LotMonth]:
    """The lot's months with hours or a converted amount, in order; `counted` follows `hours_sql.counted`."""
    declared = session.execute(
        select(HourEntry.month, func.sum(HourEntry.hours_worked), func.sum(counted_tutoring()), sum_counted())
        .join(Lot, Lot.id == HourEntry.lot_id)
        .join(Contract, Contract.id == HourEntry.contract_id)
        .where(HourEntry.lot_id == lot_id, HourEntry.deleted_at.is_(None))
        .group_by(HourEntry.month)
    )
    zero = Decimal(0)
    months = {m: [w or zero, t or zero, zero, c or zero] for m, w, t, c in declared}
    converted = converted_of_lots().add_columns(Attribution.subcontract_month, func.sum(converted_hours()))
    for m, h in session.execute(converted.where(Lot.id == lot_id).group_by(Attribution.subcontract_month)):
        if h:
            row = months.setdefault(m, [zero, zero, zero, zero])
            row[2] += h
            row[3] += h
    return [LotMonth(m, *months[m]) for m in sorted(months)]


def lot_page(session: Session, uuid: str) -> LotPage:
    lot = repo.get(session, Lot, uuid, "Le lot")
    market = session.get_one(Market, lot.market_id)
    buyer = session.get_one(Buyer, market.buyer_id)
    mechanisms = [m.mechanism for m in lot.mechanisms]
    attributions = [
        (a, cu, cn, r, s, amount, month)
        for a, cu, cn, r, s, amount, month in session.execute(
            select(Attribution.uuid, Company.uuid, Company.name, Attribution.role, Attribution.share_pct,
                   Attribution.subcontract_amount, Attribution.subcontract_month)
            .join(Company, Company.id == Attribution.company_id)
            .where(Attribution.lot_id == lot.id, Attribution.deleted_at.is_(None))
            .order_by(Attribution.role.desc(), Company.name)
        )
    ]
    amendments: list[Any] = [
        tuple(r)
        for r in session.execute(
            select(
                Amendment.uuid,
                Amendment.number,
                Amendment.signed_on,
                Amendment.amount_delta,
                Amendment.new_end_date,
                Amendment.description,
            )
            .where(Amendment.lot_id == lot.id, Amendment.deleted_at.is_(None))
            .order_by(Amendment.number)
        )
    ]
    delta = sum((r[3] for r in amendments), Decimal(0))
    by_month = lot_months(session, lot.id)
    training = session.scalar(
        select(func.sum(HourEntry.hours_training)).where(
            HourEntry.lot_id == lot.id, HourEntry.deleted_at.is_(None)
        )
    )
    return LotPage(
        lot=lot,
        market=market,
        buyer_name=buyer.name,
        mechanisms=mechanisms,
        current_amount=lot.amount_ht + delta,
        realised=sum((m.counted for m in by_month), Decimal(0)),
        realised_training=training or Decimal(0),
        attributions=attributions,
        amendments=amendments,
        by_month=by_month,
    )


@dataclass
class MarketPage:
    market: Market
    buyer_name: str
    buyer_uuid: str
    operation_name: str | None
    lots: list[tuple[str, str, str, Decimal, Decimal]]  # uuid, number, title, objective, realised


def market_page(session: Session, uuid: str) -> MarketPage:
    market = repo.get(session, Market, uuid, "Le marché")
    buyer = session.get_one(Buyer, market.buyer_id)
    op = session.get(Operation, market.operation_id) if market.operation_id else None
    realised = lot_realised()  # the dashboard's hours: the lot's counting options applied
    rows = session.execute(
        select(Lot.uuid, Lot.number, Lot.title, Lot.objective_hours, Lot.forced_hours, realised)
        .where(Lot.market_id == market.id, Lot.deleted_at.is_(None))
        .order_by(Lot.number)
    )
    lots = [(u, n, t, f if f is not None else o, r or Decimal(0)) for u, n, t, o, f, r in rows]
    return MarketPage(market, buyer.name, buyer.uuid, op.name if op else None, lots)


@dataclass
class CompanyPage:
    company: Company
    lots: list[tuple[str, str, str, str, Decimal | None]]  # lot uuid, ref, title, role, share
    people: list[tuple[str, str, str, date, date | None]]  # participant uuid, name, lot ref, start, end
    by_month: list[tuple[str, Decimal]]


def company_page(session: Session, uuid: str, people_limit: int = 500) -> CompanyPage:
    company = repo.get(session, Company, uuid, "L'entreprise")
    lots = [
        tuple(r)
        for r in session.execute(
            select(Lot.uuid, Lot.ref, Lot.title, Attribution.role, Attribution.share_pct)
            .join(Attribution, Attribution.lot_id == Lot.id)
            .where(Attribution.company_id == company.id, Attribution.deleted_at.is_(None))
            .where(Lot.deleted_at.is_(None))
            .order_by(Lot.ref)
        )
    ]
    people = [
        (u, f"{ln.upper()} {fn}", ref, s, e)
        for u, ln, fn, ref, s, e in session.execute(
            select(
                Participant.uuid,
                Participant.last_name,
                Participant.first_name,
                Lot.ref,
                Contract.start_date,
                Contract.end_date,
            )
            .join(Contract, Contract.participant_id == Participant.id)
            .join(Lot, Lot.id == Contract.lot_id)
            .where(Contract.company_id == company.id, Contract.deleted_at.is_(None))
            .where(Participant.deleted_at.is_(None))
            .order_by(Contract.start_date.desc())
            .limit(people_limit)
        )
    ]
    by_month = [
        (m, h or Decimal(0))
        for m, h in session.execute(
            select(HourEntry.month, func.sum(HourEntry.hours_worked))
            .join(Contract, Contract.id == HourEntry.contract_id)
            .where(Contract.company_id == company.id, HourEntry.deleted_at.is_(None))
            .group_by(HourEntry.month)
            .order_by(HourEntry.month.desc())
        )
    ]
    return CompanyPage(company, lots, people, by_month)  # type: ignore[arg-type]


@dataclass
class PersonPage:
    person: Participant
    validations: list[tuple[str, date, date | None, list[str], str | None, bool]]
    contracts: list[tuple[str, str, str, str, str, date, date | None, Decimal | None]]
    hours: list[
        tuple[str, str, str, Decimal, Decimal, str]
    ]  # month, company, lot ref, worked, training, status
    situations: list[tuple[str, date, str, str, str]]  # uuid, date, moment, outcome label, sortie category


def person_page(session: Session, uuid: str) -> PersonPage:
    person = repo.get(session, Participant, uuid, "Le participant")
    vals = list(
        session.execute(
            select(
                EligibilityValidation.id,
                EligibilityValidation.uuid,
                EligibilityValidation.validated_on,
                EligibilityValidation.expires_on,
                EligibilityValidation.prescriber,
                EligibilityValidation.avis_motive,
            )
            .where(EligibilityValidation.participant_id == person.id)
            .where(EligibilityValidation.deleted_at.is_(None))
            .order_by(EligibilityValidation.validated_on.desc())
        )
    )
    cats: dict[int, list[str]] = {}
    if vals:
        for vid, code in session.execute(
            select(validation_category.c.validation_id, PublicCategory.code)
            .join(PublicCategory, PublicCategory.id == validation_category.c.category_id)
            .where(validation_category.c.validation_id.in_([r[0] for r in vals]))
            .order_by(PublicCategory.sort_order)
        ):
            cats.setdefault(vid, []).append(code)
    validations = [(u, d, e, cats.get(i, []), p, bool(a)) for i, u, d, e, p, a in vals]
    contracts: list[Any] = [
        tuple(r)
        for r in session.execute(
            select(
                Contract.uuid,
                Company.name,
                Lot.ref,
                ContractType.label,
                Contract.modality,
                Contract.start_date,
                Contract.end_date,
                Contract.weekly_hours,
            )
            .join(Company, Company.id == Contract.company_id)
            .join(Lot, Lot.id == Contract.lot_id)
            .join(ContractType, ContractType.id == Contract.contract_type_id)
            .where(Contract.participant_id == person.id, Contract.deleted_at.is_(None))
            .order_by(Contract.start_date.desc())
        )
    ]
    hours: list[Any] = [
        tuple(r)
        for r in session.execute(
            select(
                HourEntry.month,
                Company.name,
                Lot.ref,
                HourEntry.hours_worked,
                HourEntry.hours_training,
                HourEntry.status,
            )
            .join(Contract, Contract.id == HourEntry.contract_id)
            .join(Company, Company.id == Contract.company_id)
            .join(Lot, Lot.id == HourEntry.lot_id)
            .where(Contract.participant_id == person.id, HourEntry.deleted_at.is_(None))
            .order_by(HourEntry.month.desc())
        )
    ]
    situations: list[Any] = [
        tuple(r)
        for r in session.execute(
            select(
                Situation.uuid, Situation.observed_on, Situation.moment, OutcomeType.label,
                OutcomeType.sortie_category,
            )
            .join(OutcomeType, OutcomeType.id == Situation.outcome_id)
            .where(Situation.participant_id == person.id, Situation.deleted_at.is_(None))
            .order_by(Situation.observed_on.desc())
        )
    ]  # fmt: skip
    return PersonPage(person, validations, contracts, hours, situations)


def buyer(session: Session, uuid: str) -> Buyer:
    return repo.get(session, Buyer, uuid, "Le donneur d'ordre")


def operation(session: Session, uuid: str) -> tuple[Operation, str]:
    op = repo.get(session, Operation, uuid, "L'opération")
    return op, session.get_one(Buyer, op.buyer_id).uuid


def operations_of(session: Session, buyer_uuid: str) -> list[tuple[str, str]]:
    b = repo.get(session, Buyer, buyer_uuid, "Le donneur d'ordre")
    return [
        (u, n)
        for u, n in session.execute(
            select(Operation.uuid, Operation.name)
            .where(Operation.buyer_id == b.id, Operation.deleted_at.is_(None))
            .order_by(Operation.name)
        )
    ]


def buyer_choices(session: Session) -> list[tuple[str, str]]:
    return [
        (u, n)
        for u, n in session.execute(
            select(Buyer.uuid, Buyer.name).where(Buyer.deleted_at.is_(None)).order_by(Buyer.name)
        )
    ]


def market_uuid_of_lot(session: Session, lot_uuid: str) -> str:
    return str(
        session.scalar(select(Market.uuid).join(Lot, Lot.market_id == Market.id).where(Lot.uuid == lot_uuid))
    )


def contract_values(session: Session, uuid: str) -> dict[str, Any]:
    """A contract as its form shows it: the uuids of its person, company and lot, its type's code."""
    contract = repo.get(session, Contract, uuid, "Le contrat")
    row = session.execute(
        select(Participant.uuid, Company.uuid, Lot.uuid, ContractType.code)
        .select_from(Contract)
        .join(Participant, Participant.id == Contract.participant_id)
        .join(Company, Company.id == Contract.company_id)
        .join(Lot, Lot.id == Contract.lot_id)
        .join(ContractType, ContractType.id == Contract.contract_type_id)
        .where(Contract.id == contract.id)
    ).one()
    return {
        "participant_uuid": row[0], "company_uuid": row[1], "lot_uuid": row[2], "contract_type_code": row[3],
        "modality": contract.modality, "start_date": contract.start_date, "end_date": contract.end_date,
        "rome": contract.rome, "job_label": contract.job_label, "weekly_hours": contract.weekly_hours,
        "notes": contract.notes,
    }  # fmt: skip
