"""Schema versions: which revisions a store is at, and upgrading it (after a verified backup).

Several features may add migrations branching from the same parent while they are developed; the
store is "current" when it stands at every head, and `upgrade` goes to all heads.

Reading the versions costs no Alembic import: the revision graph is read from the migration files'
`revision` / `down_revision` lines and the store's revisions from its `alembic_version` table;
Alembic itself is imported only when a migration is due (`upgrade`).
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def _literal(tree: ast.Module, name: str) -> Any:
    for node in tree.body:
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        if any(isinstance(t, ast.Name) and t.id == name for t in targets):
            return ast.literal_eval(value)
    return None


@cache
def _graph() -> dict[str, frozenset[str]]:
    """Each revision of the migration files with the revisions it follows."""
    graph: dict[str, frozenset[str]] = {}
    for path in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        revision = _literal(tree, "revision")
        if not isinstance(revision, str):
            continue
        down = _literal(tree, "down_revision")
        parents = (down,) if isinstance(down, str) else tuple(down or ())
        graph[revision] = frozenset(parents)
    return graph


def head_revisions() -> frozenset[str]:
    graph = _graph()
    parents = {p for ps in graph.values() for p in ps}
    return frozenset(r for r in graph if r not in parents)


def known_revisions() -> set[str]:
    return set(_graph())


def current_revisions(conn: Connection) -> frozenset[str]:
    """The revisions the store stands at (empty for a new file or an empty database)."""
    if conn.dialect.name == "sqlite":
        exists = conn.execute(
            text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'")
        ).first() is not None
    else:
        exists = inspect(conn).has_table("alembic_version")
    if not exists:
        return frozenset()
    return frozenset(str(v) for v in conn.execute(text("SELECT version_num FROM alembic_version")).scalars())


def has_tables(conn: Connection) -> bool:
    if conn.dialect.name != "sqlite":
        return bool(inspect(conn).get_table_names())
    found = conn.execute(
        text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' LIMIT 1")
    ).first()
    return found is not None


def upgrade(engine: Engine, target: str = "heads") -> None:
    """Upgrade in one transaction (the engine must come from `make_engine(foreign_keys=False)`)."""
    from alembic import command

    cfg = alembic_config()
    with engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, target)
        conn.commit()
