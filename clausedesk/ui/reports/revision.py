"""Saving a document from the window tells what changed since the version sent (`core.services.sent`)."""

from __future__ import annotations

from pathlib import Path

from clausedesk.core.services import documents
from clausedesk.core.services.sent import Revision

Saved = tuple[Path, str]
"""The file written and what it changes against the version sent before it (French, possibly empty)."""


def dashboard_job(sessions: documents.SessionFactory, ref: str, month: str, path: Path, progress: object
                  ) -> Saved:  # fmt: skip
    said: list[Revision] = []
    written = documents.market_dashboard_pdf(sessions, ref, month, path, report=said.append)
    return written, "\n".join(r.text() for r in said)


def bilan_job(sessions: documents.SessionFactory, ref: str, path: Path, progress: object) -> Saved:
    said: list[Revision] = []
    written = documents.bilan_pdf(sessions, ref, path, report=said.append)
    return written, "\n".join(r.text() for r in said)


def saved_message(what: str, saved: Saved) -> str:
    """« Tableau de bord enregistré : FICHIER », then what changed since the version sent."""
    path, revision = saved
    return f"{what} : {path}" + (f"\n\n{revision}" if revision else "")
