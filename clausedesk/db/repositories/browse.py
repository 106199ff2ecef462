"""Pages of the big lists (participants, companies): filtered and sorted in SQL, fetched by LIMIT/OFFSET."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Select, and_, case, exists, func, or_, select
from sqlalchemy.orm import Session

from clausedesk.core.reference import geo
from clausedesk.db.models import (
    Attribution,
    Company,
    Contract,
    EligibilityValidation,
    HourEntry,
    Lot,
    Participant,
    PublicCategory,
    Situation,
    validation_category,
)

PARTICIPANT_STATUSES = ("en_contrat", "sorti", "sans_contrat")


@dataclass
class ListQuery:
    """What a list shows: free text (every word must match), filters by key, sort column and direction."""

    text: str = ""
    filters: dict[str, str] = field(default_factory=dict)
    sort: str = ""
    descending: bool = False
    today: date | None = None


@dataclass(frozen=True)
class Built:
    stmt: Select[Any]  # selects the uuid first, then one value per column
    columns: dict[str, Any]
    tie: Any


def _words(text: str) -> list[str]:
    return [w.replace("%", "").replace("_", "") for w in text.split() if w.strip("%_")]


def _like_any(word: str, *exprs: Any) -> Any:
    pattern = f"%{word}%"
    return or_(*(e.ilike(pattern) for e in exprs))


def _or_commune(word: str, commune_code: Any, condition: Any) -> Any:
    """`condition`, or a commune named with the word (« echirolles » finds people living in 38151)."""
    if len(word) < 3 or word.isdigit():
        return condition
    codes = {c.part_of or c.code for c in geo.search_communes(word, limit=300)}
    return or_(condition, commune_code.in_(sorted(codes))) if codes else condition


def _participants(q: ListQuery) -> Built:
    today = q.today or date.today()
    active = exists().where(
        Contract.participant_id == Participant.id,
        Contract.deleted_at.is_(None),
        Contract.start_date <= today,
        or_(Contract.end_date.is_(None), Contract.end_date >= today),
    )
    exited = exists().where(Situation.participant_id == Participant.id, Situation.deleted_at.is_(None))
    status = case((active, "en_contrat"), (exited, "sorti"), else_="sans_contrat")
    last_company = (
        select(Company.name)
        .join(Contract, Contract.company_id == Company.id)
        .where(Contract.participant_id == Participant.id, Contract.deleted_at.is_(None))
        .order_by(Contract.start_date.desc(), Contract.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    hours = (
        select(func.sum(HourEntry.hours_worked))
        .join(Contract, Contract.id == HourEntry.contract_id)
        .where(Contract.participant_id == Participant.id, HourEntry.deleted_at.is_(None))
        .scalar_subquery()
    )
    columns: dict[str, Any] = {
        "last_name": Participant.last_name,
        "first_name": Participant.first_name,
        "birth_date": Participant.birth_date,
        "commune_code": Participant.commune_code,
        "status": status,
        "company": last_company,
        "hours": hours,
    }
    stmt = select(Participant.uuid, *columns.values()).where(Participant.deleted_at.is_(None))
    for word in _words(q.text):
        stmt = stmt.where(
            _or_commune(word, Participant.commune_code, _like_any(
                word, Participant.last_name, Participant.first_name, Participant.commune_code))
        )
    f = q.filters
    if f.get("status"):
        stmt = stmt.where(status == f["status"])
    if f.get("category"):
        stmt = stmt.where(
            exists()
            .where(
                EligibilityValidation.participant_id == Participant.id,
                EligibilityValidation.deleted_at.is_(None),
                validation_category.c.validation_id == EligibilityValidation.id,
                validation_category.c.category_id == PublicCategory.id,
            )
            .where(PublicCategory.code == f["category"])
        )
    if f.get("company"):
        stmt = stmt.where(
            exists().where(
                Contract.participant_id == Participant.id,
                Contract.deleted_at.is_(None),
                Contract.company_id == Company.id,
                Company.uuid == f["company"],
            )
        )
    if f.get("lot"):
        stmt = stmt.where(
            exists().where(
                Contract.participant_id == Participant.id,
                Contract.deleted_at.is_(None),
                Contract.lot_id == Lot.id,
                Lot.uuid == f["lot"],
            )
        )
    return Built(stmt, columns, Participant.id)


def _companies(q: ListQuery) -> Built:
    lots_held = (
        select(func.count(Attribution.id))
        .where(Attribution.company_id == Company.id, Attribution.deleted_at.is_(None))
        .scalar_subquery()
    )
    people = (
        select(func.count(func.distinct(Contract.participant_id)))
        .where(Contract.company_id == Company.id, Contract.deleted_at.is_(None))
        .scalar_subquery()
    )
    columns: dict[str, Any] = {
        "name": Company.name,
        "siret": Company.siret,
        "kind": Company.kind,
        "naf": Company.naf,
        "commune_code": Company.commune_code,
        "lots": lots_held,
        "people": people,
    }
    stmt = select(Company.uuid, *columns.values()).where(Company.deleted_at.is_(None))
    for word in _words(q.text):
        found = _like_any(word, Company.name, Company.siret, Company.naf, Company.commune_code)
        stmt = stmt.where(_or_commune(word, Company.commune_code, found))
    if q.filters.get("kind"):
        stmt = stmt.where(Company.kind == q.filters["kind"])
    return Built(stmt, columns, Company.id)


BUILDERS: dict[str, Callable[[ListQuery], Built]] = {
    "participants": _participants,
    "companies": _companies,
}


def columns(name: str) -> list[str]:
    return list(BUILDERS[name](ListQuery()).columns)


def count(session: Session, name: str, q: ListQuery) -> int:
    built = BUILDERS[name](q)
    return int(session.scalar(select(func.count()).select_from(built.stmt.subquery())) or 0)


def page(session: Session, name: str, q: ListQuery, offset: int, limit: int) -> list[tuple[Any, ...]]:
    """Rows (uuid, value per column) of one page, sorted by `q.sort` then by id for a stable order."""
    built = BUILDERS[name](q)
    key = q.sort if q.sort in built.columns else next(iter(built.columns))
    expr = built.columns[key]
    order = [expr.desc() if q.descending else expr.asc(), built.tie.desc() if q.descending else built.tie]
    stmt = built.stmt.order_by(*order).offset(offset).limit(limit)
    return [tuple(row) for row in session.execute(stmt)]


def all_rows(session: Session, name: str, q: ListQuery) -> list[tuple[Any, ...]]:
    """Every row of the list (for the benchmark's baseline and small exports)."""
    return page(session, name, q, 0, -1)


def company_choices(session: Session, text: str = "", limit: int = 50) -> list[tuple[str, str]]:
    """(uuid, "Name (SIRET)") of live companies matching text, for pickers."""
    stmt = select(Company.uuid, Company.name, Company.siret).where(Company.deleted_at.is_(None))
    for word in _words(text):
        stmt = stmt.where(_like_any(word, Company.name, Company.siret))
    stmt = stmt.order_by(Company.name).limit(limit)
    return [(u, f"{n} ({s})") for u, n, s in session.execute(stmt)]


def participant_choices(
    session: Session, text: str = "", limit: int = 50
) -> list[tuple[str, str, str, bool]]:
    """(uuid, last name, first name, already a candidate) of live participants matching text, by name."""
    candidate = Participant.candidate_since.is_not(None)
    stmt = select(Participant.uuid, Participant.last_name, Participant.first_name, candidate).where(
        Participant.deleted_at.is_(None)
    )
    for word in _words(text):
        stmt = stmt.where(_like_any(word, Participant.last_name, Participant.first_name))
    stmt = stmt.order_by(Participant.last_name, Participant.first_name).limit(limit)
    return [(u, last, first, bool(c)) for u, last, first, c in session.execute(stmt)]


def lot_choices(
    session: Session, text: str = "", limit: int = 50, company_uuid: str | None = None
) -> list[tuple[str, str]]:
    """(uuid, "REF – title") of live lots matching text; restricted to a company's lots when given."""
    stmt = select(Lot.uuid, Lot.ref, Lot.title).where(Lot.deleted_at.is_(None))
    if company_uuid:
        stmt = stmt.where(
            exists().where(
                and_(
                    Attribution.lot_id == Lot.id,
                    Attribution.deleted_at.is_(None),
                    Attribution.company_id == Company.id,
                    Company.uuid == company_uuid,
                )
            )
        )
    for word in _words(text):
        stmt = stmt.where(_like_any(word, Lot.ref, Lot.title))
    stmt = stmt.order_by(Lot.ref).limit(limit)
    return [(u, f"{r} – {t}") for u, r, t in session.execute(stmt)]
