"""The global search (Ctrl+K): buyers, marchés, lots, companies and people matching every typed word."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from clausedesk.db.models import Buyer, Company, Lot, Market, Participant


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
        select(Participant.uuid, Participant.last_name, Participant.first_name, Participant.birth_date)
        .where(
            Participant.deleted_at.is_(None),
            *_match(words, Participant.last_name, Participant.first_name),
        )
        .order_by(Participant.last_name, Participant.first_name)
        .limit(per_kind)
    )
    hits += [
        Hit("participant", u, f"{ln.upper()} {fn}", "Participant" + (f", naissance en {b.year}" if b else ""))
        for u, ln, fn, b in session.execute(stmt5)
    ]
    return hits
