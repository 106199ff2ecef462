"""Bulk loading of generated rows (demonstration data) in one transaction, in dependency order."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from clausedesk.db.models import Base, Buyer, Company, Market, Participant

ORDER = (
    "buyer",
    "operation",
    "market",
    "lot",
    "lot_mechanism",
    "amendment",
    "company",
    "attribution",
    "convention",
    "convention_lot",
    "participant",
    "eligibility_validation",
    "validation_category",
    "hour_source",
    "contract",
    "hour_entry",
    "situation",
    "meeting",
    "action",
    "job_offer", "job_offer_lot", "candidate_job", "application", "application_step",
    "hour_allocation", "training_session", "training_session_lot", "training_session_offer", "trainee",
)


def store_is_empty(session: Session) -> bool:
    for model in (Buyer, Market, Company, Participant):
        if session.scalar(select(func.count()).select_from(model)):
            return False
    return True


def load(session: Session, tables: dict[str, list[dict[str, Any]]], chunk: int = 20000) -> dict[str, int]:
    """Insert every table's rows (executemany by chunks); returns the row count per table."""
    counts: dict[str, int] = {}
    unknown = set(tables) - set(ORDER)
    if unknown:
        raise ValueError(f"unknown tables {unknown}")
    for name in ORDER:
        rows = tables.get(name)
        if not rows:
            continue
        table = Base.metadata.tables[name]
        for i in range(0, len(rows), chunk):
            session.execute(insert(table), rows[i : i + chunk])
        counts[name] = len(rows)
    return counts
