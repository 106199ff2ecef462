"""The migrations build exactly the schema the models describe (no drift between the two)."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from clausedesk.db.models import Base
from clausedesk.db.store import Store


def test_migrated_schema_matches_the_models(store: Store) -> None:
    with store.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "render_as_batch": True})
        diff = compare_metadata(ctx, Base.metadata)
    assert diff == []


def test_migrations_form_one_linear_history() -> None:
    """Every feature's migration follows the previous one: a store has exactly one schema version."""
    from clausedesk.db import migrate

    assert len(migrate.head_revisions()) == 1
    seen = migrate.known_revisions()
    assert {r.split("_", 1)[0] for r in seen} == {f"{n:04d}" for n in range(1, len(seen) + 1)}
