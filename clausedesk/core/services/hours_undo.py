"""Undoing a relevé import (every entry it touched put back as it was) and the list of past imports."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from clausedesk.core.errors import ConflictError, NotFoundError
from clausedesk.core.formatting import date_fr
from clausedesk.db.models.base import utcnow
from clausedesk.db.repositories import hours_import as repo


def undo_import(session: Session, source_id: int) -> int:
    """Put back every entry an import touched as it was before; refused when one was changed since."""
    source = repo.source_by_id(session, source_id)
    if source is None or source.kind != "import":
        raise NotFoundError(f"L'import n° {source_id} est introuvable.")
    if source.undone_at is not None:
        raise ConflictError(
            f"L'import de « {source.file_name} » a déjà été annulé le {date_fr(source.undone_at)}."
        )
    changes = repo.changes_with_current(session, source_id)
    moved = [c for c in changes if c[8] != c[7]]
    if moved:
        raise ConflictError(
            f"{len(moved)} {'ligne importée' if len(moved) == 1 else 'lignes importées'} depuis "
            f"« {source.file_name} » {'a été modifiée' if len(moved) == 1 else 'ont été modifiées'} "
            "depuis (saisie ou import plus récent) : annulez d'abord l'import le plus récent, ou corrigez "
            "les heures à la main. "
            "Rien n'a été annulé."
        )
    now = utcnow()
    created_ids = [c[0] for c in changes if c[1]]
    rows = [
        {
            "e_id": entry_id,
            "e_worked": worked,
            "e_training": training,
            "e_tutoring": tutoring,  # None in a journal from before tutoring was imported: kept as it is
            "e_status": status,
            "e_source": source,
            "e_deleted": deleted,
        }
        for entry_id, created, worked, training, status, source, deleted, _a, _r, tutoring in changes
        if not created
    ]
    repo.update_entries(session, rows)
    repo.tombstone_entries(session, created_ids, now)
    repo.mark_undone(session, source_id, now)
    return len(changes)


def past_imports(session: Session) -> list[dict[str, Any]]:
    """Past imports, newest first, as plain dicts for the window and the command line."""
    return [
        {
            "id": r[0],
            "file_name": r[1],
            "sha256": r[2],
            "month": r[3],
            "imported_at": r[4],
            "undone_at": r[5],
            "company": r[6],
            "rows": int(r[7] or 0),
        }
        for r in repo.import_sources(session)
    ]
