"""Look-ups by business key (marché and lot references, SIRET) and dependency checks before deletion."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clausedesk.core.errors import NotFoundError
from clausedesk.core.formatting import plural
from clausedesk.db.models import (
    Amendment,
    Attribution,
    Company,
    Contract,
    EligibilityValidation,
    HourEntry,
    Lot,
    Market,
    Operation,
    Situation,
    Synced,
)


def market_by_ref(session: Session, ref: str, *, deleted_ok: bool = False) -> Market:
    market = session.scalars(select(Market).where(Market.ref == ref)).one_or_none()
    if market is None or (market.deleted_at is not None and not deleted_ok):
        raise NotFoundError(
            f"Aucun marché de référence « {ref} ». Vérifiez la référence (commande « list markets »)."
        )
    return market


def lot_by_ref(session: Session, ref: str) -> Lot:
    lot = session.scalars(select(Lot).where(Lot.ref == ref, Lot.deleted_at.is_(None))).one_or_none()
    if lot is None:
        raise NotFoundError(
            f"Aucun lot de référence « {ref} ». Vérifiez la référence (commande « list lots »)."
        )
    return lot


def company_by_siret(session: Session, siret: str) -> Company:
    company = session.scalars(select(Company).where(Company.siret == siret)).one_or_none()
    if company is None or company.deleted_at is not None:
        raise NotFoundError(f"Aucune entreprise de SIRET {siret} dans la base.")
    return company


def amendments_total(session: Session, lot_id: int) -> Decimal:
    stmt = select(func.sum(Amendment.amount_delta)).where(
        Amendment.lot_id == lot_id, Amendment.deleted_at.is_(None)
    )
    return session.scalar(stmt) or Decimal(0)


def next_amendment_number(session: Session, lot_id: int) -> int:
    return int(session.scalar(select(func.max(Amendment.number)).where(Amendment.lot_id == lot_id)) or 0) + 1


# What must be deleted first: model → list of (child model, foreign key column, French singular, plural).
_DEPENDANTS: dict[type[Synced], list[tuple[type[Synced], str, str, str]]] = {
    Market: [(Lot, "market_id", "lot", "lots")],
    Lot: [
        (Contract, "lot_id", "contrat", "contrats"),
        (Attribution, "lot_id", "attribution", "attributions"),
    ],
    Company: [
        (Contract, "company_id", "contrat", "contrats"),
        (Attribution, "company_id", "attribution", "attributions"),
    ],
    Operation: [(Market, "operation_id", "marché", "marchés")],
    Contract: [(HourEntry, "contract_id", "relevé d'heures", "relevés d'heures")],
}


def live_dependants(session: Session, obj: Synced) -> list[str]:
    """French descriptions of the live records that still depend on `obj` (« 1 contrat », « 3 contrats »)."""
    found = []
    for child, fk, one, many in _DEPENDANTS.get(type(obj), []):
        column = getattr(child, fk)
        n = session.scalar(
            select(func.count()).select_from(child).where(column == obj.id, child.deleted_at.is_(None))
        )
        if n:
            found.append(plural(int(n), one, many))
    return found


def participant_children(session: Session, participant_id: int) -> dict[str, int]:
    """Counts of a person's live validations, contracts and situations."""
    out = {}
    for model, label in (
        (EligibilityValidation, "validations"),
        (Contract, "contrats"),
        (Situation, "situations"),
    ):
        out[label] = int(
            session.scalar(
                select(func.count())
                .select_from(model)
                .where(model.participant_id == participant_id, model.deleted_at.is_(None))
            )
            or 0
        )
    return out
