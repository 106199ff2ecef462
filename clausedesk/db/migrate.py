"""Schema versions: which revisions a store is at, and upgrading it (after a verified backup).

Several features may add migrations branching from the same parent while they are developed; the
store is "current" when it stands at every head, and `upgrade` goes to all heads.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revisions() -> frozenset[str]:
    return frozenset(_scripts().get_heads())


def known_revisions() -> set[str]:
    return {s.revision for s in _scripts().walk_revisions()}


def current_revisions(conn: Connection) -> frozenset[str]:
    return frozenset(MigrationContext.configure(conn).get_current_heads())


def has_tables(conn: Connection) -> bool:
    return bool(inspect(conn).get_table_names())


def upgrade(engine: Engine, target: str = "heads") -> None:
    """Upgrade in one transaction (the engine must come from `make_engine(foreign_keys=False)`)."""
    cfg = alembic_config()
    with engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, target)
        conn.commit()
