"""Opening the store: checks, verified backup, migrations, reference seeding; then one Session per unit of work."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session

from clausedesk.core.errors import StoreError
from clausedesk.db import migrate
from clausedesk.db.backup import backup_database, default_backup_name, is_sqlite_file
from clausedesk.db.engine import SessionFactory, make_engine, make_session_factory
from clausedesk.db.repositories.reference import ensure_seeded
from clausedesk.paths import Paths


class Store:
    """An open store. Pass it (or its `sessions` factory) to services; never keep a Session around."""

    def __init__(self, paths: Paths, engine: Engine) -> None:
        self.paths = paths
        self.engine = engine
        self.sessions: SessionFactory = make_session_factory(engine)

    @property
    def path(self) -> Path:
        return self.paths.store

    @classmethod
    def open(cls, paths: Paths, *, create: bool = False) -> Store:
        """Open (and if needed create or upgrade) the store of `paths`.

        Raises StoreError with a French message when the file is missing (and `create` is False),
        is not a ClauseDesk store, is damaged, or was written by a newer ClauseDesk.
        """
        db = paths.store
        if not db.exists():
            if not create:
                raise StoreError(
                    f"Aucune base ClauseDesk dans {paths.root}. Lancez « clausedesk » pour la créer, "
                    "ou « clausedesk demo » pour une base de démonstration."
                )
            try:
                paths.ensure()
            except OSError as exc:
                raise StoreError(
                    f"Impossible de créer le dossier de données {paths.root} : {exc.strerror}. "
                    "Choisissez un dossier où vous avez le droit d'écrire (option --data-dir)."
                ) from exc
        elif not is_sqlite_file(db) and db.stat().st_size > 0:
            raise StoreError(
                f"Le fichier {db} n'est pas une base ClauseDesk (ou il est chiffré ou endommagé). "
                "Restaurez une sauvegarde ou choisissez un autre dossier de données."
            )
        else:
            paths.ensure()
        prepare(paths)
        engine = make_engine(db)
        return cls(paths, engine)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed when the block ends normally, rolled back on any error."""
        with self.sessions() as session, session.begin():
            yield session

    def quick_check(self) -> str:
        with self.engine.connect() as conn:
            return str(conn.execute(text("PRAGMA quick_check")).scalar())

    def backup(self, target: Path | None = None) -> Path:
        return backup_database(self.path, target or self.paths.backups / default_backup_name())

    def close(self) -> None:
        self.engine.dispose()


def prepare(paths: Paths) -> None:
    """Check the file, refuse a newer schema, back up then migrate an older one, seed a new one."""
    db = paths.store
    is_new = not db.exists() or db.stat().st_size == 0
    engine = make_engine(db, foreign_keys=False)
    try:
        try:
            with engine.connect() as conn:
                check = conn.execute(text("PRAGMA quick_check")).scalar()
                if check != "ok":
                    raise StoreError(
                        f"La base {db} est endommagée (contrôle : {check}). Restaurez la dernière "
                        "sauvegarde (commande « clausedesk restore »)."
                    )
                current = migrate.current_revisions(conn)
                has_tables = migrate.has_tables(conn)
                conn.rollback()
        except (DatabaseError, OperationalError, sqlite3.DatabaseError) as exc:
            raise StoreError(
                f"Impossible d'ouvrir la base {db} : elle est illisible ou n'est pas une base ClauseDesk "
                f"({exc.orig if hasattr(exc, 'orig') else exc}). Restaurez une sauvegarde."
            ) from exc
        heads = migrate.head_revisions()
        if not current and has_tables:
            raise StoreError(f"Le fichier {db} contient une base SQLite qui n'est pas une base ClauseDesk.")
        unknown = current - migrate.known_revisions()
        if unknown:
            raise StoreError(
                f"La base {db} a été enregistrée par une version plus récente de ClauseDesk "
                f"(schéma « {', '.join(sorted(unknown))} »). Installez la dernière version de ClauseDesk "
                "pour l'ouvrir."
            )
        if current != heads:
            _upgrade(engine, paths, current, is_new)
    finally:
        engine.dispose()
    seeding = make_engine(db)
    try:
        with make_session_factory(seeding)() as session, session.begin():
            ensure_seeded(session)
    finally:
        seeding.dispose()


def _upgrade(engine: Engine, paths: Paths, current: frozenset[str], is_new: bool) -> None:
    db = paths.store
    if current and not is_new:
        label = "+".join(sorted(current))
        backup_database(db, paths.backups / f"avant-migration_{label}_{default_backup_name()}")
    try:
        migrate.upgrade(engine)
    except Exception as exc:  # the transaction rolled back: the file is as it was
        raise StoreError(
            f"La mise à jour du schéma de la base {db} a échoué ({exc}). La base est restée dans son "
            "état précédent ; une sauvegarde a été faite dans le dossier des sauvegardes."
        ) from exc
