"""Queries of a person's parcours across marchés, companies and buyers, and of the contracts ending soon."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clausedesk.db.models import (
    Buyer,
    Company,
    Contract,
    ContractType,
    HourEntry,
    JobOffer,
    Lot,
    Market,
    Participant,
)


class ContractLine(NamedTuple):
    uuid: str
    participant_uuid: str
    person: str
    company: str
    buyer: str
    market_ref: str
    lot_ref: str
    contract_type: str
    modality: str
    job: str | None
    start: date
    end: date | None


def _contracts() -> Any:
    """SELECT of live contracts of live people with their company, buyer, marché, lot and type."""
    return (
        select(Contract.uuid, Participant.uuid, (Participant.last_name + " " + Participant.first_name),
               Company.name, Buyer.name, Market.ref, Lot.ref, ContractType.label, Contract.modality,
               Contract.job_label, Contract.start_date, Contract.end_date)
        .join(Participant, Participant.id == Contract.participant_id)
        .join(Company, Company.id == Contract.company_id)
        .join(Lot, Lot.id == Contract.lot_id)
        .join(Market, Market.id == Lot.market_id)
        .join(Buyer, Buyer.id == Market.buyer_id)
        .join(ContractType, ContractType.id == Contract.contract_type_id)
        .where(Contract.deleted_at.is_(None), Participant.deleted_at.is_(None))
    )  # fmt: skip


def person_contracts(session: Session, participant_id: int) -> list[ContractLine]:
    """The person's live contracts, every marché, company and buyer, earliest first."""
    stmt = _contracts().where(Contract.participant_id == participant_id)
    stmt = stmt.order_by(Contract.start_date, Contract.id)
    return [ContractLine(*row) for row in session.execute(stmt)]


def ending_between(session: Session, first: date, last: date) -> list[ContractLine]:
    """Live contracts ending between `first` and `last` (both included), soonest first."""
    stmt = _contracts().where(Contract.end_date >= first, Contract.end_date <= last)
    stmt = stmt.order_by(Contract.end_date, Participant.last_name)
    return [ContractLine(*row) for row in session.execute(stmt)]


def person_hours_by_month(session: Session, participant_id: int) -> list[tuple[str, Decimal, Decimal]]:
    """(month, hours worked, hours of training) of the person, all employers and lots, by month."""
    stmt = (
        select(HourEntry.month, func.sum(HourEntry.hours_worked), func.sum(HourEntry.hours_training))
        .join(Contract, Contract.id == HourEntry.contract_id)
        .where(Contract.participant_id == participant_id, HourEntry.deleted_at.is_(None),
               Contract.deleted_at.is_(None))
        .group_by(HourEntry.month)
        .order_by(HourEntry.month)
    )  # fmt: skip
    return [(m, Decimal(w or 0), Decimal(t or 0)) for m, w, t in session.execute(stmt)]


def open_offer_uuids(session: Session) -> list[str]:
    """Uuids of the live open job offers, oldest first."""
    stmt = (
        select(JobOffer.uuid)
        .where(JobOffer.deleted_at.is_(None), JobOffer.status == "ouverte")
        .order_by(JobOffer.opened_on, JobOffer.id)
    )
    return list(session.scalars(stmt))
