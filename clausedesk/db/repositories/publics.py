"""Queries of the publics-at-entry rule: validation spans, people at work and their entry, lots running."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session

from clausedesk.core.rules.publics import ValidationSpan
from clausedesk.db.models import (
    Application,
    Contract,
    EligibilityValidation,
    HourEntry,
    Lot,
    Market,
    Participant,
    PublicCategory,
    validation_category,
)

_CHUNK = 900


@dataclass(frozen=True)
class PersonAtEntry:
    """A person with hours worked in a period, and the start of their earliest contract with such hours."""

    participant_id: int
    sex: str | None
    birth_date: date | None
    qpv: bool
    start: date


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for i in range(0, len(ids), _CHUNK):
        yield ids[i : i + _CHUNK]


def validation_spans(session: Session, participant_ids: Iterable[int]) -> dict[int, list[ValidationSpan]]:
    """participant id → their live validations as spans (every category code, sensitive ones included)."""
    ids = sorted(set(participant_ids))
    out: dict[int, list[ValidationSpan]] = {}
    for chunk in _chunks(ids):
        codes: dict[int, set[str]] = {}
        rows = session.execute(
            select(EligibilityValidation.id, EligibilityValidation.participant_id,
                   EligibilityValidation.validated_on, EligibilityValidation.expires_on,
                   EligibilityValidation.avis_motive, PublicCategory.code)
            .outerjoin(validation_category, validation_category.c.validation_id == EligibilityValidation.id)
            .outerjoin(PublicCategory, PublicCategory.id == validation_category.c.category_id)
            .where(EligibilityValidation.participant_id.in_(chunk),
                   EligibilityValidation.deleted_at.is_(None))
            .order_by(EligibilityValidation.id)
        ).all()  # fmt: skip
        heads: dict[int, tuple[int, date, date | None, bool]] = {}
        for vid, pid, valid_from, valid_until, avis, code in rows:
            heads[vid] = (pid, valid_from, valid_until, bool(avis))
            if code is not None:
                codes.setdefault(vid, set()).add(code)
        for vid, (pid, valid_from, valid_until, avis) in heads.items():
            span = ValidationSpan(valid_from, valid_until, frozenset(codes.get(vid, ())), avis)
            out.setdefault(pid, []).append(span)
    return out


def sensitive_codes(session: Session) -> frozenset[str]:
    """Codes of the categories that are health data (RQTH, AAH, invalidité...)."""
    return frozenset(session.scalars(select(PublicCategory.code).where(PublicCategory.sensitive.is_(True))))


def category_labels(session: Session) -> dict[str, str]:
    """code → French label of every public category (inactive ones included: old records use them)."""
    return {code: label for code, label in session.execute(select(PublicCategory.code, PublicCategory.label))}


def worked() -> Any:
    """An entry that says the person was at work: live, with hours worked."""
    return and_(HourEntry.deleted_at.is_(None), HourEntry.hours_worked > 0)


def people_at_entry(
    session: Session, first_month: str, last_month: str, lot_ids: Iterable[int] | None = None
) -> list[PersonAtEntry]:
    """Distinct people with hours worked in [first_month, last_month] (on `lot_ids` when given), each with
    the start of their earliest contract having such hours."""
    stmt = (
        select(Participant.id, Participant.sex, Participant.birth_date, Participant.qpv,
               func.min(Contract.start_date))
        .select_from(HourEntry)
        .join(Contract, Contract.id == HourEntry.contract_id)
        .join(Participant, Participant.id == Contract.participant_id)
        .where(worked(), Contract.deleted_at.is_(None), HourEntry.month.between(first_month, last_month))
        .group_by(Participant.id)
    )  # fmt: skip
    if lot_ids is not None:
        stmt = stmt.where(HourEntry.lot_id.in_(list(lot_ids)))
    rows = session.execute(stmt)
    return [PersonAtEntry(pid, sex, birth, bool(qpv), start) for pid, sex, birth, qpv, start in rows]


def active_lots(session: Session, first: date, last: date) -> int:
    """Live lots running during [first, last]: their dates (else their marché's) cover part of it."""
    start = func.coalesce(Lot.start_date, Market.start_date)
    end = func.coalesce(Lot.end_date, Market.end_date)
    stmt = (
        select(func.count(Lot.id))
        .join(Market, Market.id == Lot.market_id)
        .where(
            Lot.deleted_at.is_(None), Market.deleted_at.is_(None),
            start.is_not(None), start <= last, or_(end.is_(None), end >= first),
        )
    )  # fmt: skip
    return int(session.scalar(stmt) or 0)


def _no_validation_at_start() -> Any:
    """The contract's person has no live validation in force on its start date."""
    in_force = exists().where(
        EligibilityValidation.participant_id == Contract.participant_id,
        EligibilityValidation.deleted_at.is_(None),
        EligibilityValidation.validated_on <= Contract.start_date,
        or_(EligibilityValidation.expires_on.is_(None),
            EligibilityValidation.expires_on >= Contract.start_date),
    )
    return ~in_force


def _on_avis_motive() -> Any:
    """The contract comes from an application retained on an avis motivé (with its reason)."""
    return exists().where(
        Application.contract_id == Contract.id,
        Application.deleted_at.is_(None),
        Application.avis_motive.is_(True),
        Application.avis_motive_reason.is_not(None),
    )


def contract_on_avis_motive(session: Session, contract_id: int) -> bool:
    stmt = select(Contract.id).where(Contract.id == contract_id, _on_avis_motive())
    return session.scalar(stmt) is not None


def contracts_without_eligibility(
    session: Session, since: date, limit: int
) -> tuple[int, list[tuple[str, str, date]]]:
    """Live contracts running on or after `since` whose person had no validation in force on the start
    date (and no avis motivé): (total, [(participant uuid, "NOM Prénom", contract start)])."""
    base = (
        select(Participant.uuid, Participant.last_name, Participant.first_name, Contract.start_date)
        .join(Participant, Participant.id == Contract.participant_id)
        .where(
            Contract.deleted_at.is_(None), Participant.deleted_at.is_(None),
            or_(Contract.end_date.is_(None), Contract.end_date >= since),
            _no_validation_at_start(), ~_on_avis_motive(),
        )
    )  # fmt: skip
    total = int(session.scalar(select(func.count()).select_from(base.subquery())) or 0)
    rows = session.execute(base.order_by(Contract.start_date.desc(), Contract.id).limit(limit))
    return total, [(u, f"{ln.upper()} {fn}", start) for u, ln, fn, start in rows]
