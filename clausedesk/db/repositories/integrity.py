"""The full integrity check of a store: SQLite's own checks, then the domain's invariants."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from clausedesk.db.repositories.rgpd import ERASED_NAME

# (French description of the problem, SQL counting offending rows)
_INVARIANTS: tuple[tuple[str, str], ...] = (
    ("contrats se terminant avant leur début", "SELECT count(*) FROM contract WHERE end_date < start_date"),
    ("lots se terminant avant leur début", "SELECT count(*) FROM lot WHERE end_date < start_date"),
    ("marchés se terminant avant leur début", "SELECT count(*) FROM market WHERE end_date < start_date"),
    ("heures négatives", "SELECT count(*) FROM hour_entry WHERE hours_worked < 0 OR hours_training < 0"),
    (
        "heures saisies hors de la période du contrat",
        "SELECT count(*) FROM hour_entry h JOIN contract c ON c.id = h.contract_id "
        "WHERE h.deleted_at IS NULL AND (h.month < substr(c.start_date, 1, 7) "
        "OR (c.end_date IS NOT NULL AND h.month > substr(c.end_date, 1, 7)))",
    ),
    (
        "heures actives sur un contrat supprimé",
        "SELECT count(*) FROM hour_entry h JOIN contract c ON c.id = h.contract_id "
        "WHERE h.deleted_at IS NULL AND c.deleted_at IS NOT NULL",
    ),
    (
        "contrats actifs rattachés à une personne supprimée (autrement que par un effacement RGPD)",
        "SELECT count(*) FROM contract c JOIN participant p ON p.id = c.participant_id "
        f"WHERE c.deleted_at IS NULL AND p.deleted_at IS NOT NULL AND p.last_name <> '{ERASED_NAME}'",
    ),
    ("montants négatifs", "SELECT count(*) FROM lot WHERE amount_ht < 0 OR objective_hours < 0"),
    (
        "identifiants uuid manquants",
        "SELECT count(*) FROM participant WHERE uuid IS NULL OR length(uuid) <> 36",
    ),
)


def check_store(session: Session) -> list[str]:
    """Every problem found, in French; an empty list means the store is sound."""
    problems: list[str] = []
    rows = session.execute(text("PRAGMA integrity_check")).scalars().all()
    if rows != ["ok"]:
        problems.extend(f"intégrité SQLite : {r}" for r in rows[:20])
    fk = session.execute(text("PRAGMA foreign_key_check")).fetchall()
    if fk:
        problems.append(f"{len(fk)} références vers des enregistrements inexistants (table {fk[0][0]}, …)")
    for label, sql in _INVARIANTS:
        n = int(session.execute(text(sql)).scalar() or 0)
        if n:
            problems.append(f"{n} {label}")
    return problems
