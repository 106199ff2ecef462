"""Alembic environment: runs on the connection handed over by `clausedesk.db.migrate`, in one transaction."""

from __future__ import annotations

from alembic import context
from sqlalchemy import text

from clausedesk.db.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
    # SQLite's DDL is transactional once the driver lets SQLAlchemy emit BEGIN (db/engine.py); without
    # this, Alembic commits after each revision and a crash could leave the store between two of them.
    transactional_ddl=True,
)
with context.begin_transaction():
    context.run_migrations()
    # PostgreSQL checks foreign keys on every statement; SQLite's migration engine runs with them off
    broken = (
        connection.execute(text("PRAGMA foreign_key_check")).fetchall()
        if connection.dialect.name == "sqlite" else []
    )
    if broken:
        raise RuntimeError(f"foreign_key_check failed after migration: {broken[:5]}")
