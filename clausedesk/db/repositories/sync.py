"""Facilitator side of synchronisation: pseudonymous export of records, sync state, sent-package history.

`export_records` turns every synchronised row (deleted ones included, as tombstones) into a plain
dict `{"type", "uuid", "rev", "deleted", "data"}` carrying no name, no birth date, no free text and no
sensitive category: participants are represented by the keyed pseudonym `pseudonym(last, first,
birth)` computed by the caller, and each contract carries the age band at its start.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from clausedesk.core.errors import ValidationError
from clausedesk.core.rules.people import age_at, age_band
from clausedesk.db.models import (
    Attribution,
    Buyer,
    Company,
    Contract,
    ContractType,
    EligibilityValidation,
    HourEntry,
    Lot,
    LotMechanism,
    Market,
    Meeting,
    OutcomeType,
    Participant,
    PublicCategory,
    SentPackage,
    SentRecord,
    Situation,
    SyncState,
    validation_category,
)
from clausedesk.db.models.base import utcnow

Pseudonym = Callable[[str, str, date | None], str]
Record = dict[str, Any]

#: Record types a package may carry, in the order they are exported.
RECORD_TYPES = (
    "buyer",
    "company",
    "market",
    "lot",
    "attribution",
    "participant",
    "validation",
    "contract",
    "hour_entry",
    "situation",
    "meeting",
)


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _num(value: Decimal | None) -> str | None:
    return None if value is None else str(value.quantize(Decimal("0.01")))


def _rec(kind: str, uuid: str, rev: int, deleted_at: datetime | None, data: dict[str, Any]) -> Record:
    return {"type": kind, "uuid": uuid, "rev": int(rev), "deleted": deleted_at is not None, "data": data}


def _uuid_map(session: Session, model: Any) -> dict[int, str]:
    return {row_id: uuid for row_id, uuid in session.execute(select(model.id, model.uuid))}


def export_records(session: Session, until_month: str, pseudonym: Pseudonym) -> list[Record]:
    """Every synchronised record as pseudonymous dicts; hour entries after `until_month` are left out."""
    buyers = _uuid_map(session, Buyer)
    companies = _uuid_map(session, Company)
    markets = _uuid_map(session, Market)
    lots = _uuid_map(session, Lot)
    participants = _uuid_map(session, Participant)
    contracts = _uuid_map(session, Contract)
    out: list[Record] = []
    for b in session.scalars(select(Buyer).order_by(Buyer.id)):
        data: dict[str, Any] = {
            "name": b.name,
            "kind": b.kind,
            "siret": b.siret,
            "commune_code": b.commune_code,
        }
        out.append(_rec("buyer", b.uuid, b.rev, b.deleted_at, data))
    for c in session.scalars(select(Company).order_by(Company.id)):
        data = {
            "name": c.name,
            "siret": c.siret,
            "naf": c.naf,
            "kind": c.kind,
            "commune_code": c.commune_code,
        }
        out.append(_rec("company", c.uuid, c.rev, c.deleted_at, data))
    for m in session.scalars(select(Market).order_by(Market.id)):
        data = {
            "ref": m.ref, "title": m.title, "buyer": buyers.get(m.buyer_id), "kind": m.kind, "cpv": m.cpv,
            "notification_date": _iso(m.notification_date), "start_date": _iso(m.start_date),
            "end_date": _iso(m.end_date),
        }  # fmt: skip
        out.append(_rec("market", m.uuid, m.rev, m.deleted_at, data))
    mechanisms: dict[int, list[str]] = {}
    for lot_id, mech in session.execute(select(LotMechanism.lot_id, LotMechanism.mechanism)):
        mechanisms.setdefault(lot_id, []).append(mech)
    for lot in session.scalars(select(Lot).order_by(Lot.id)):
        data = {
            "market": markets.get(lot.market_id), "ref": lot.ref, "number": lot.number, "cpv": lot.cpv,
            "trade_code": lot.trade_code, "amount_ht": _num(lot.amount_ht),
            "target_hours": _num(lot.target_hours),
            "mechanisms": sorted(mechanisms.get(lot.id, [])), "start_date": _iso(lot.start_date),
            "end_date": _iso(lot.end_date),
        }  # fmt: skip
        out.append(_rec("lot", lot.uuid, lot.rev, lot.deleted_at, data))
    for a in session.scalars(select(Attribution).order_by(Attribution.id)):
        data = {
            "lot": lots.get(a.lot_id),
            "company": companies.get(a.company_id),
            "role": a.role,
        }
        out.append(_rec("attribution", a.uuid, a.rev, a.deleted_at, data))
    for p in session.scalars(select(Participant).order_by(Participant.id)):
        data = {
            "pseudonym": pseudonym(p.last_name, p.first_name, p.birth_date), "sex": p.sex,
            "commune_code": p.commune_code, "qpv": bool(p.qpv), "qualification_level": p.qualification_level,
        }  # fmt: skip
        out.append(_rec("participant", p.uuid, p.rev, p.deleted_at, data))
    out.extend(_validations(session, participants))
    out.extend(_contracts(session, participants, companies, lots))
    entries = select(HourEntry).where(HourEntry.month <= until_month).order_by(HourEntry.id)
    for h in session.scalars(entries):
        data = {
            "contract": contracts.get(h.contract_id), "lot": lots.get(h.lot_id), "month": h.month,
            "hours_worked": _num(h.hours_worked), "hours_training": _num(h.hours_training),
            "status": h.status,
        }  # fmt: skip
        out.append(_rec("hour_entry", h.uuid, h.rev, h.deleted_at, data))
    outcomes = {o.id: (o.code, o.sortie_category) for o in session.scalars(select(OutcomeType))}
    for s in session.scalars(select(Situation).order_by(Situation.id)):
        code, category = outcomes.get(s.outcome_id, (None, "autre"))
        data = {
            "participant": participants.get(s.participant_id), "observed_on": _iso(s.observed_on),
            "moment": s.moment, "outcome": code, "sortie_category": category,
            "contract": contracts.get(s.contract_id) if s.contract_id else None,
        }  # fmt: skip
        out.append(_rec("situation", s.uuid, s.rev, s.deleted_at, data))
    for mt in session.scalars(select(Meeting).order_by(Meeting.id)):
        data = {
            "held_on": _iso(mt.held_on),
            "kind": mt.kind,
            "market": markets.get(mt.market_id or 0),
        }
        out.append(_rec("meeting", mt.uuid, mt.rev, mt.deleted_at, data))
    return out


def _validations(session: Session, participants: dict[int, str]) -> list[Record]:
    """Eligibility validations with their non-sensitive category codes only."""
    cats: dict[int, list[str]] = {}
    stmt = (
        select(validation_category.c.validation_id, PublicCategory.code)
        .join(PublicCategory, PublicCategory.id == validation_category.c.category_id)
        .where(PublicCategory.sensitive.is_(False))
    )
    for vid, code in session.execute(stmt):
        cats.setdefault(vid, []).append(code)
    out: list[Record] = []
    for v in session.scalars(select(EligibilityValidation).order_by(EligibilityValidation.id)):
        data = {
            "participant": participants.get(v.participant_id), "validated_on": _iso(v.validated_on),
            "categories": sorted(cats.get(v.id, [])), "avis_motive": bool(v.avis_motive),
        }  # fmt: skip
        out.append(_rec("validation", v.uuid, v.rev, v.deleted_at, data))
    return out


def _contracts(
    session: Session, participants: dict[int, str], companies: dict[int, str], lots: dict[int, str]
) -> list[Record]:
    person = aliased(Participant)
    stmt = (
        select(Contract, ContractType.code, person.birth_date)
        .join(ContractType, ContractType.id == Contract.contract_type_id)
        .join(person, person.id == Contract.participant_id)
        .order_by(Contract.id)
    )
    out: list[Record] = []
    for c, type_code, birth in session.execute(stmt):
        band = None
        if birth is not None:
            try:
                band = age_band(age_at(birth, c.start_date))
            except ValidationError:
                band = None
        data = {
            "participant": participants.get(c.participant_id), "company": companies.get(c.company_id),
            "lot": lots.get(c.lot_id), "modality": c.modality, "contract_type": type_code, "rome": c.rome,
            "start_date": _iso(c.start_date), "end_date": _iso(c.end_date), "age_band": band,
            "weekly_hours": _num(c.weekly_hours),
        }  # fmt: skip
        out.append(_rec("contract", c.uuid, c.rev, c.deleted_at, data))
    return out


# --- state -------------------------------------------------------------------------------------------


def state(session: Session) -> SyncState:
    """The single sync state row (created empty on first use)."""
    row = session.get(SyncState, 1)
    if row is None:
        row = SyncState(id=1, referential_version=0)
        session.add(row)
        session.flush()
    return row


def peek_state(session: Session) -> SyncState:
    """The sync state for reading: the stored row, else an empty one not added (reading never writes)."""
    row = session.get(SyncState, 1)
    return row if row is not None else SyncState(id=1, referential_version=0)


def sent_hashes(session: Session) -> dict[tuple[str, str], str]:
    return {
        (k, u): h
        for k, u, h in session.execute(select(SentRecord.kind, SentRecord.uuid, SentRecord.content_sha256))
    }


def last_sent(session: Session) -> SentPackage | None:
    return session.scalars(select(SentPackage).order_by(SentPackage.sequence.desc()).limit(1)).first()


def history(session: Session) -> list[SentPackage]:
    return list(session.scalars(select(SentPackage).order_by(SentPackage.sequence.desc())))


def record_sent(session: Session, package: SentPackage, hashes: dict[tuple[str, str], str]) -> None:
    """Remember a built package and the content hash of each record it carried."""
    session.add(package)
    existing = {(r.kind, r.uuid): r for r in session.scalars(select(SentRecord))}
    for (kind, uuid), digest in hashes.items():
        row = existing.get((kind, uuid))
        if row is None:
            session.add(SentRecord(kind=kind, uuid=uuid, content_sha256=digest, sequence=package.sequence))
        else:
            row.content_sha256 = digest
            row.sequence = package.sequence
    session.flush()


def now() -> datetime:
    return utcnow()


def month_aggregates(session: Session, month: str) -> dict[str, Any]:
    """The month's totals for the coordinator (counts only: sensitive categories appear here as numbers)."""
    from sqlalchemy import distinct, func

    live_hours = (HourEntry.deleted_at.is_(None), HourEntry.month == month)
    worked, training = session.execute(
        select(func.sum(HourEntry.hours_worked), func.sum(HourEntry.hours_training)).where(*live_hours)
    ).one()
    people_q = (
        select(Contract.participant_id)
        .join(HourEntry, HourEntry.contract_id == Contract.id)
        .where(*live_hours, Contract.deleted_at.is_(None))
    )
    people = session.scalar(select(func.count(distinct(people_q.subquery().c.participant_id)))) or 0
    by_category: dict[str, int | None] = {}
    stmt = (
        select(PublicCategory.code, func.count(distinct(EligibilityValidation.participant_id)))
        .join(validation_category, validation_category.c.category_id == PublicCategory.id)
        .join(EligibilityValidation, EligibilityValidation.id == validation_category.c.validation_id)
        .where(
            EligibilityValidation.deleted_at.is_(None),
            EligibilityValidation.participant_id.in_(people_q.scalar_subquery()),
        )
        .group_by(PublicCategory.code)
    )
    from clausedesk.db.repositories.reference import get_setting

    threshold = int(get_setting(session, "small_count_threshold"))
    sensitive = set(session.scalars(select(PublicCategory.code).where(PublicCategory.sensitive.is_(True))))
    for code, n in session.execute(stmt):
        # health data: a small count could single someone out, so it is masked (None) below the threshold
        by_category[code] = None if code in sensitive and int(n) < threshold else int(n)
    return {
        "period": month,
        "hours_worked": _num(worked or Decimal(0)),
        "hours_training": _num(training or Decimal(0)),
        "participants_with_hours": int(people),
        "participants_by_category": by_category,
    }
