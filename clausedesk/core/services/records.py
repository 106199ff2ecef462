"""Generic record operations: applying validated data, deleting with a tombstone, restoring from the trash."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from sqlalchemy.orm import Session

from clausedesk.core.errors import ConflictError
from clausedesk.db.models import (
    Action,
    Amendment,
    Attribution,
    Buyer,
    Company,
    Contract,
    Convention,
    EligibilityValidation,
    HourEntry,
    Lot,
    Market,
    Meeting,
    Operation,
    Participant,
    Situation,
    Synced,
)
from clausedesk.db.repositories import base as repo
from clausedesk.db.repositories.lookup import live_dependants

# kind → (model, French name with article, used in messages)
KINDS: dict[str, tuple[type[Synced], str]] = {
    "buyer": (Buyer, "Le donneur d'ordre"),
    "operation": (Operation, "L'opération"),
    "market": (Market, "Le marché"),
    "lot": (Lot, "Le lot"),
    "amendment": (Amendment, "L'avenant"),
    "company": (Company, "L'entreprise"),
    "attribution": (Attribution, "L'attribution"),
    "convention": (Convention, "La convention"),
    "participant": (Participant, "Le participant"),
    "validation": (EligibilityValidation, "La validation d'éligibilité"),
    "contract": (Contract, "Le contrat"),
    "hour_entry": (HourEntry, "Le relevé"),
    "situation": (Situation, "La situation"),
    "meeting": (Meeting, "La réunion"),
    "action": (Action, "L'action"),
}

_FEMININE = {"L'opération", "L'entreprise", "L'attribution", "L'action"}


def apply(obj: Any, data: Any, skip: tuple[str, ...] = ()) -> None:
    """Copy every field of the dataclass `data` onto `obj` (fields named in `skip` excepted)."""
    for key, value in asdict(data).items():
        if key not in skip:
            setattr(obj, key, value)


def get(session: Session, kind: str, uuid: str, *, deleted_ok: bool = False) -> Synced:
    model, what = KINDS[kind]
    return repo.get(session, model, uuid, what, deleted_ok=deleted_ok)


def values_of(session: Session, kind: str, uuid: str, keys: list[str]) -> dict[str, Any]:
    """A record's fields by name, as its form shows them (read in its unit of work)."""
    obj = get(session, kind, uuid)
    return {key: getattr(obj, key) for key in keys}


def delete_refusal(session: Session, kind: str, uuid: str) -> str | None:
    """Why the record cannot be deleted now (French, what to do), or None: asked before any confirmation."""
    model, what = KINDS[kind]
    obj = repo.get(session, model, uuid, what)
    blockers = live_dependants(session, obj)
    if not blockers:
        return None
    feminine = what.startswith("La ") or what in _FEMININE
    agreed = "supprimée : elle est encore utilisée" if feminine else "supprimé : il est encore utilisé"
    listed = " et ".join(blockers) if len(blockers) <= 2 else ", ".join(blockers)
    return (
        f"{what} ne peut pas être {agreed} par {listed}. Supprimez-les ou rattachez-les ailleurs "
        "d'abord ; rien n'a été supprimé."
    )


def delete(session: Session, kind: str, uuid: str) -> Synced:
    """Tombstone a record, refusing while live records still depend on it."""
    refusal = delete_refusal(session, kind, uuid)
    if refusal is not None:
        raise ConflictError(refusal)
    model, what = KINDS[kind]
    obj = repo.get(session, model, uuid, what)
    repo.tombstone(obj)
    if isinstance(obj, Amendment):
        from clausedesk.core.services.catalog import recompute_objective

        session.flush()
        recompute_objective(session, session.get(Lot, obj.lot_id))  # type: ignore[arg-type]
    return obj


def restore(session: Session, kind: str, uuid: str) -> Synced:
    model, what = KINDS[kind]
    obj = repo.get(session, model, uuid, what, deleted_ok=True)
    repo.restore(obj)
    if isinstance(obj, Amendment):
        from clausedesk.core.services.catalog import recompute_objective

        session.flush()
        recompute_objective(session, session.get(Lot, obj.lot_id))  # type: ignore[arg-type]
    return obj


def trash(session: Session, kind: str) -> list[Synced]:
    model, _ = KINDS[kind]
    return list(repo.deleted(session, model))
