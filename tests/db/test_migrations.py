"""The migrations build exactly the schema the models describe (no drift between the two)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from clausedesk.db.models import Base
from clausedesk.db.store import Store

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


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


def test_a_failing_migration_leaves_the_store_at_its_previous_revision(tmp_path: Path) -> None:
    """All revisions run in one transaction: a failure in the third rolls back the second too."""
    from sqlalchemy import inspect, text

    from clausedesk.db import migrate
    from clausedesk.db.engine import make_engine

    db = tmp_path / "ancienne.sqlite"
    shutil.copyfile(FIXTURES / "store_v0001_small.sqlite", db)
    engine = make_engine(db, foreign_keys=False)
    with engine.begin() as conn:  # a table in the way of 0003_sync: that revision will fail
        conn.execute(text("CREATE TABLE sync_state (x INTEGER)"))
    with pytest.raises(Exception, match="sync_state"):
        migrate.upgrade(engine)
    with engine.connect() as conn:
        assert migrate.current_revisions(conn) == {"0001_initial"}
        assert "hour_import_change" not in inspect(conn).get_table_names()  # 0002 rolled back too
    engine.dispose()
