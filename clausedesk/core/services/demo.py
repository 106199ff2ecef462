"""Loading the demonstration data set into an empty store, in one transaction."""

from __future__ import annotations

from clausedesk.core.demo.generator import Reference, generate
from clausedesk.core.errors import ConflictError
from clausedesk.db.engine import SessionFactory
from clausedesk.db.repositories import bulk, reference


def load_demo(sessions: SessionFactory, scale: str, seed: int, until: str) -> dict[str, int]:
    """Generate and insert the demo data; refuses (ConflictError) a store that already holds data."""
    with sessions() as session, session.begin():
        if not bulk.store_is_empty(session):
            raise ConflictError(
                "La base contient déjà des données : la démonstration ne se charge que dans une base vide. "
                "Utilisez un autre dossier de données (--data-dir)."
            )
        ref = Reference(
            categories={c.code: c.id for c in reference.categories(session, include_inactive=True)},
            contract_types={c.code: c.id for c in reference.contract_types(session, include_inactive=True)},
            outcomes={o.code: o.id for o in reference.outcome_types(session, include_inactive=True)},
        )
        data = generate(scale, seed, until, ref)
        return bulk.load(session, data.tables)
