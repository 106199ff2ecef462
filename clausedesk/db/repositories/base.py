"""Shared query helpers: look-ups by uuid, live (non-deleted) selections, tombstones and restore."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from clausedesk.core.errors import NotFoundError
from clausedesk.db.models import Synced
from clausedesk.db.models.base import utcnow

M = TypeVar("M", bound=Synced)


def live(model: type[M]) -> Select[M]:
    """SELECT of the records of `model` that are not deleted."""
    return select(model).where(model.deleted_at.is_(None))


def get(session: Session, model: type[M], uuid: str, what: str, *, deleted_ok: bool = False) -> M:
    """The record with this uuid, or NotFoundError naming `what` (French, e.g. "Le marché")."""
    obj = session.scalars(select(model).where(model.uuid == uuid)).one_or_none()
    if obj is None or (obj.deleted_at is not None and not deleted_ok):
        raise NotFoundError(
            f"{what} est introuvable (identifiant {uuid}) : actualisez l'affichage ou consultez la corbeille."
        )
    return obj


def count_live(session: Session, model: type[Synced]) -> int:
    return int(session.scalar(select(func.count()).select_from(model).where(model.deleted_at.is_(None))) or 0)


def tombstone(obj: Synced) -> None:
    """Mark deleted (the row stays so it can be restored and the deletion synchronised)."""
    obj.deleted_at = utcnow()


def restore(obj: Synced) -> None:
    obj.deleted_at = None


def deleted(session: Session, model: type[M], limit: int = 500) -> list[M]:
    """The most recently deleted records of `model` (the trash)."""
    stmt = select(model).where(model.deleted_at.is_not(None)).order_by(model.deleted_at.desc()).limit(limit)
    return list(session.scalars(stmt))


def first_by(session: Session, model: type[M], **criteria: Any) -> M | None:
    stmt = select(model).filter_by(**criteria).limit(1)
    return session.scalars(stmt).first()
