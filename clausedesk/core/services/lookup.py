"""The window's global search (Ctrl+K): buyers, marchés, lots, companies and people matching a text.

Namesakes are told apart: a person reads « GAUTIER Lucas — Échirolles, chez BTP Alpes (né en 1990) »,
with their commune by name and their current or last employer.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from clausedesk.core.reference.geo import commune
from clausedesk.db.repositories import search as repo


def person_detail(context: repo.PersonContext) -> str:
    """« Échirolles, chez BTP Alpes (né en 1990) »: what tells a person from namesakes, or « »."""
    place = commune(context.commune_code) if context.commune_code else None
    parts = [place.name if place else context.commune_code or ""]
    if context.employer:
        now = context.employed_now
        parts.append(f"chez {context.employer}" if now else f"dernier employeur {context.employer}")
    text = ", ".join(p for p in parts if p)
    if context.birth_year:
        born = "née" if context.sex == "F" else "né"
        text = f"{text} ({born} en {context.birth_year})" if text else f"{born} en {context.birth_year}"
    return text


def search(session: Session, text: str, today: date | None = None) -> list[Any]:
    """Hits with `kind`, `uuid`, `label` and `detail`, best first."""
    hits = list(repo.search(session, text))
    people = [h.uuid for h in hits if h.kind == "participant"]
    contexts = repo.people_context(session, people, today or date.today())
    out = []
    for hit in hits:
        context = contexts.get(hit.uuid) if hit.kind == "participant" else None
        detail = person_detail(context) if context is not None else ""
        out.append(replace(hit, label=f"{hit.label} — {detail}", detail="Participant") if detail else hit)
    return out
