"""Flat rows of every list the `list` command prints (plain dicts, ready for JSON)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from clausedesk.db.models import (
    Buyer,
    Company,
    Contract,
    ContractType,
    EligibilityValidation,
    HourEntry,
    Lot,
    Market,
    Participant,
    PublicCategory,
    validation_category,
)
from clausedesk.db.repositories import conventions, recruitment, trainings


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _num(x: Any) -> float | None:
    return None if x is None else float(x)


def buyers(session: Session) -> list[dict[str, Any]]:
    stmt = select(Buyer).where(Buyer.deleted_at.is_(None)).order_by(Buyer.name)
    return [
        {"uuid": b.uuid, "name": b.name, "kind": b.kind, "siret": b.siret, "commune_code": b.commune_code}
        for b in session.scalars(stmt)
    ]


def markets(session: Session) -> list[dict[str, Any]]:
    stmt = (
        select(Market, Buyer.name)
        .join(Buyer, Buyer.id == Market.buyer_id)
        .where(Market.deleted_at.is_(None))
        .order_by(Market.ref)
    )
    return [
        {
            "uuid": m.uuid,
            "ref": m.ref,
            "title": m.title,
            "kind": m.kind,
            "buyer": buyer,
            "cpv": m.cpv,
            "start": _iso(m.start_date),
            "end": _iso(m.end_date),
        }
        for m, buyer in session.execute(stmt)
    ]


def lots(session: Session) -> list[dict[str, Any]]:
    stmt = (
        select(Lot, Market.ref)
        .join(Market, Market.id == Lot.market_id)
        .where(Lot.deleted_at.is_(None))
        .order_by(Lot.ref)
    )
    return [
        {
            "uuid": lot.uuid,
            "ref": lot.ref,
            "market_ref": mref,
            "number": lot.number,
            "title": lot.title,
            "amount_ht": _num(lot.amount_ht),
            "objective_hours": _num(lot.target_hours),
            "start": _iso(lot.start_date),
            "end": _iso(lot.end_date),
        }
        for lot, mref in session.execute(stmt)
    ]


def companies(session: Session) -> list[dict[str, Any]]:
    stmt = select(Company).where(Company.deleted_at.is_(None)).order_by(Company.name)
    return [
        {"uuid": c.uuid, "siret": c.siret, "name": c.name, "naf": c.naf, "kind": c.kind}
        for c in session.scalars(stmt)
    ]


def participants(session: Session) -> list[dict[str, Any]]:
    stmt = (
        select(Participant)
        .where(Participant.deleted_at.is_(None))
        .order_by(Participant.last_name, Participant.first_name)
    )
    return [
        {
            "uuid": p.uuid,
            "last_name": p.last_name,
            "first_name": p.first_name,
            "sex": p.sex,
            "birth_date": _iso(p.birth_date),
            "commune_code": p.commune_code,
            "qpv": p.qpv,
        }
        for p in session.scalars(stmt)
    ]


def contracts(session: Session) -> list[dict[str, Any]]:
    stmt = (
        select(Contract, Participant.uuid, Company.siret, Lot.ref, ContractType.code)
        .join(Participant, Participant.id == Contract.participant_id)
        .join(Company, Company.id == Contract.company_id)
        .join(Lot, Lot.id == Contract.lot_id)
        .join(ContractType, ContractType.id == Contract.contract_type_id)
        .where(Contract.deleted_at.is_(None))
        .order_by(Contract.start_date, Contract.id)
    )
    return [
        {
            "uuid": c.uuid,
            "participant_uuid": puid,
            "company_siret": siret,
            "lot_ref": lref,
            "modality": c.modality,
            "contract_type": ctype,
            "rome": c.rome,
            "start": _iso(c.start_date),
            "end": _iso(c.end_date),
            "weekly_hours": _num(c.weekly_hours),
        }
        for c, puid, siret, lref, ctype in session.execute(stmt)
    ]


def validations(session: Session) -> list[dict[str, Any]]:
    """Live eligibility validations with their category codes (sorted) and period of validity."""
    spans: dict[int, list[str]] = {}
    for vid, code in session.execute(
        select(validation_category.c.validation_id, PublicCategory.code)
        .join(PublicCategory, PublicCategory.id == validation_category.c.category_id)
    ):  # fmt: skip
        spans.setdefault(vid, []).append(code)
    stmt = (
        select(EligibilityValidation, Participant.uuid)
        .join(Participant, Participant.id == EligibilityValidation.participant_id)
        .where(EligibilityValidation.deleted_at.is_(None))
        .order_by(EligibilityValidation.validated_on, EligibilityValidation.id)
    )
    return [
        {
            "uuid": val.uuid,
            "participant_uuid": puid,
            "categories": sorted(spans.get(val.id, [])),
            "valid_from": _iso(val.validated_on),
            "valid_until": _iso(val.expires_on),
            "avis_motive": bool(val.avis_motive),
        }
        for val, puid in session.execute(stmt)
    ]


def hours(session: Session) -> list[dict[str, Any]]:
    """Live monthly hour entries: contract, month, hours worked, of training and of tutoring."""
    stmt = (
        select(HourEntry.uuid, Contract.uuid, HourEntry.month, HourEntry.hours_worked,
               HourEntry.hours_training, HourEntry.hours_tutoring)
        .join(Contract, Contract.id == HourEntry.contract_id)
        .where(HourEntry.deleted_at.is_(None))
        .order_by(HourEntry.month, HourEntry.id)
    )
    return [
        {"uuid": uuid, "contract_uuid": cuid, "month": month, "hours_worked": _num(worked),
         "hours_training": _num(training), "hours_tutoring": _num(tutoring)}
        for uuid, cuid, month, worked, training, tutoring in session.execute(stmt)
    ]  # fmt: skip


LISTS: dict[str, Callable[[Session], list[dict[str, Any]]]] = {
    "buyers": buyers,
    "markets": markets,
    "lots": lots,
    "companies": companies,
    "participants": participants,
    "contracts": contracts,
    "validations": validations,
    "hours": hours,
    "offers": recruitment.list_offers,
    "applications": recruitment.list_applications,
    "conventions": conventions.list_conventions,
    "trainings": trainings.list_trainings,
}
