"""The connection factory: the only place that opens store files (SQLCipher) or a server (PostgreSQL).

Every file ClauseDesk writes is a SQLCipher database keyed with the raw key of `db.keyring`. A
plaintext SQLite file (a store written before encryption) is still opened, without a key, so that
`Store.open` can convert it. The coordinator's store may instead live on a PostgreSQL server
(`make_server_engine`, through psycopg 3); facilitators always keep their encrypted file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from clausedesk.core.errors import StoreError
from clausedesk.db import keyring
from clausedesk.db.keyring import RawKey

SessionFactory = sessionmaker[Session]
DriverError: type[Exception] = sqlcipher.Error
DriverDatabaseError: type[Exception] = sqlcipher.DatabaseError


def file_key(path: Path, passphrase: str | None = None) -> RawKey | None:
    """The key that opens `path`: None for a legacy plaintext file, else derived from the passphrase."""
    if keyring.is_plaintext(path):
        return None
    return keyring.key_for_file(path, keyring.passphrase(passphrase))


def raw_connection(path: Path, key: RawKey | None, *, read_only: bool = False) -> Any:
    """A driver connection on `path` (keyed unless `key` is None), in autocommit mode.

    For copies, exports and checks (`db.backup`); application code uses `make_engine`.
    """
    uri = path.resolve().as_uri() + ("?mode=ro" if read_only else "")
    conn = sqlcipher.connect(uri, uri=True, check_same_thread=False, timeout=15, isolation_level=None)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        if key is not None:
            conn.execute(f'PRAGMA key = "{key.pragma_value}"')
        conn.execute("PRAGMA temp_store = MEMORY")  # sorts and temporary tables never touch the disk
    except Exception:
        conn.close()
        raise
    return conn


def attach(conn: Any, path: Path, alias: str, key: RawKey) -> None:
    """Attach `path` to `conn` under `alias`, encrypted with `key` (created if missing)."""
    conn.execute(f"ATTACH DATABASE ? AS {alias} KEY \"{key.pragma_value}\"", (str(path),))


def make_engine(
    path: Path,
    *,
    foreign_keys: bool = True,
    read_only: bool = False,
    passphrase: str | None = None,
    key: RawKey | None = None,
) -> Engine:
    """An engine on `path` with WAL, synchronous=FULL, foreign keys and transactional DDL.

    The key is `key` when given, else derived once from `passphrase` (or the remembered one, or
    CLAUSEDESK_PASSPHRASE); connections then cost no key derivation. SQLite's Python driver opens
    transactions lazily and never around DDL; following SQLAlchemy's documented recipe, the driver
    is put in autocommit mode and SQLAlchemy emits BEGIN itself, so a failed migration step rolls
    back whole and SAVEPOINTs work.
    """
    use_key = key if key is not None else file_key(path, passphrase)

    def _connect() -> Any:
        return raw_connection(path, use_key, read_only=read_only)

    engine = create_engine("sqlite+pysqlite://", module=sqlcipher, creator=_connect, poolclass=NullPool)

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


#: The environment variable naming the coordinator's PostgreSQL store (as `--database-url` does).
ENV_DATABASE_URL = "CLAUSEDESK_DATABASE_URL"
_SERVER_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")


def server_url(text: str) -> URL:
    """The SQLAlchemy URL of a `postgresql://…` address, on psycopg 3; StoreError for anything else."""
    try:
        url = make_url(text.strip())
    except ArgumentError as exc:
        raise StoreError(
            f"Adresse de base de données illisible : « {_masked_text(text)} ». Donnez une adresse de la "
            "forme postgresql://utilisateur:motdepasse@serveur:5432/base."
        ) from exc
    if url.drivername not in _SERVER_SCHEMES:
        raise StoreError(
            f"Adresse de base de données « {url.render_as_string(hide_password=True)} » non prise en "
            "charge : "
            "seul PostgreSQL est possible (postgresql://utilisateur:motdepasse@serveur:5432/base). "
            "Sans --database-url, la base du coordinateur est le fichier chiffré de son dossier de données."
        )
    if not url.database:
        raise StoreError(
            f"L'adresse « {url.render_as_string(hide_password=True)} » ne nomme pas de base : ajoutez "
            "/nom_de_la_base à la fin."
        )
    return url.set(drivername="postgresql+psycopg")


def _masked_text(text: str) -> str:
    """An address as typed, its password (between ':' and '@' after '//') replaced by ***."""
    head, sep, rest = text.partition("//")
    creds, at, host = rest.rpartition("@")
    if not sep or not at or ":" not in creds:
        return text
    return f"{head}//{creds.split(':', 1)[0]}:***@{host}"


def make_server_engine(url: URL) -> Engine:
    """An engine on a PostgreSQL database (the coordinator's store on a server), through psycopg 3.

    Connections are pooled (a server connection costs a round trip) and checked before use; each
    transaction is a real one, DDL included, so a failed migration rolls back whole.
    """
    return create_engine(
        url, pool_pre_ping=True, pool_size=2, max_overflow=2, connect_args={"connect_timeout": 10}
    )
