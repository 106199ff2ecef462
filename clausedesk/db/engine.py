"""The connection factory: the only place that opens the SQLite file (a later step encrypts it here)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

SessionFactory = sessionmaker[Session]


def make_engine(path: Path, *, foreign_keys: bool = True, read_only: bool = False) -> Engine:
    """An engine on `path` with WAL, synchronous=FULL, foreign keys and transactional DDL.

    SQLite's Python driver opens transactions lazily and never around DDL; following SQLAlchemy's
    documented recipe, the driver is put in autocommit mode and SQLAlchemy emits BEGIN itself, so
    a failed migration step rolls back whole and SAVEPOINTs work.
    """
    uri = path.resolve().as_uri() + ("?mode=ro" if read_only else "")

    def _connect() -> sqlite3.Connection:
        return sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=15)

    engine = create_engine("sqlite+pysqlite://", creator=_connect, poolclass=NullPool)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            if not read_only:
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
            cursor.execute("PRAGMA busy_timeout=15000")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN")

    return engine


def make_session_factory(engine: Engine) -> SessionFactory:
    return sessionmaker(bind=engine, expire_on_commit=False)
