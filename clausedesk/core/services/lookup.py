"""The window's global search (Ctrl+K): buyers, marchés, lots, companies and people matching a text."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from clausedesk.db.repositories import search as repo


def search(session: Session, text: str) -> list[Any]:
    """Hits with `kind`, `uuid`, `label` and `detail`, best first."""
    return list(repo.search(session, text))
