"""The global search (Ctrl+K): buyers, marchés, lots, companies and people matching every typed word."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from clausedesk.db.models import Buyer, Company, Contract, Lot, Market, Participant


@dataclass(frozen=True)
class Hit:
    kind: str  # a kind of core.services.records.KINDS
    uuid: str
    label: str
    detail: str


def _match(words: list[str], *exprs: Any) -> list[Any]:
    return [or_(*(e.ilike(f"%{w}%") for e in exprs)) for w in words]


def search(session: Session, text: str, per_kind: int = 8) -> list[Hit]:
    """Live records matching every word of `text` (case-insensitive), grouped by kind."""
    words = [w.replace("%", "").replace("_", "") for w in text.split()]
    words = [w for w in words if w]
    if not words:
        return []
    hits: list[Hit] = []
    stmt = (
        select(Buyer.uuid, Buyer.name, Buyer.siret)
        .where(Buyer.deleted_at.is_(None), *_match(words, Buyer.name, Buyer.siret))
        .order_by(Buyer.name)
        .limit(per_kind)
    )
    hits += [Hit("buyer", u, n, f"Donneur d'ordre {s or ''}".strip()) for u, n, s in session.execute(stmt)]
    stmt2 = (
        select(Market.uuid, Market.ref, Market.title)
        .where(Market.deleted_at.is_(None), *_match(words, Market.ref, Market.title))
        .order_by(Market.ref)
        .limit(per_kind)
    )
    hits += [Hit("market", u, f"{r} – {t}", "Marché") for u, r, t in session.execute(stmt2)]
    stmt3 = (
        select(Lot.uuid, Lot.ref, Lot.title)
        .where(Lot.deleted_at.is_(None), *_match(words, Lot.ref, Lot.title))
        .order_by(Lot.ref)
        .limit(per_kind)
    )
    hits += [Hit("lot", u, f"{r} – {t}", "Lot") for u, r, t in session.execute(stmt3)]
    stmt4 = (
        select(Company.uuid, Company.name, Company.siret)
        .where(Company.deleted_at.is_(None), *_match(words, Company.name, Company.siret))
        .order_by(Company.name)
        .limit(per_kind)
    )
    hits += [Hit("company", u, n, f"Entreprise, SIRET {s}") for u, n, s in session.execute(stmt4)]
    stmt5 = (
        select(Participant.uuid, Participant.last_name, Participant.first_name)
        .where(
            Participant.deleted_at.is_(None),
            *_match(words, Participant.last_name, Participant.first_name),
        )
        .order_by(Participant.last_name, Participant.first_name)
        .limit(per_kind)
    )
    # what tells namesakes apart (commune, employer, year of birth): people_context, named by the service
    hits += [Hit("participant", u, f"{ln.upper()} {fn}", "Participant")
             for u, ln, fn in session.execute(stmt5)]
    return hits


@dataclass(frozen=True)
class PersonContext:
    """What tells a person from their namesakes: where they live, who employs or employed them."""

    commune_code: str | None
    sex: str | None
    birth_year: int | None
    employer: str | None  # the company of their latest contract
    employed_now: bool  # that contract runs today (no end, or an end not yet passed)


def people_context(session: Session, uuids: list[str], today: date) -> dict[str, PersonContext]:
    """For each person, their commune, sex, year of birth and latest employer (one query each)."""
    if not uuids:
        return {}
    who = (Participant.id, Participant.uuid, Participant.commune_code, Participant.sex,
           Participant.birth_date)
    people = session.execute(select(*who).where(Participant.uuid.in_(uuids))).all()
    ids = {pid: uuid for pid, uuid, *_rest in people}
    latest: dict[int, tuple[str, bool]] = {}
    contracts = session.execute(
        select(Contract.participant_id, Company.name, Contract.end_date)
        .join(Company, Company.id == Contract.company_id)
        .where(Contract.participant_id.in_(ids), Contract.deleted_at.is_(None))
        .order_by(Contract.participant_id, Contract.start_date.desc(), Contract.id.desc())
    )
    for pid, company, end in contracts:
        latest.setdefault(pid, (company, end is None or end >= today))
    return {
        uuid: PersonContext(commune, sex, birth.year if birth else None, *latest.get(pid, (None, False)))
        for pid, uuid, commune, sex, birth in people
    }
