"""The coordinator's or the region's store on a PostgreSQL server: opening it (reachable, a ClauseDesk
schema, migrated, seeded) and refusing what only a store file can do (file backup and whole-file check).

The keys stay in the data folder (`--data-dir`, folder « cles »), sealed by their passphrase as beside a
store file; the department's (or the region's) pseudonym secret stays in the database (`sync_state`), so
that a pg_dump of the database carries everything the figures need. Backups and checks are PostgreSQL's
own tools (pg_dump, pg_restore; see the README).
"""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from clausedesk.core.errors import StoreError
from clausedesk.db import migrate
from clausedesk.db.engine import make_server_engine, make_session_factory, server_url
from clausedesk.db.repositories.reference import ensure_seeded
from clausedesk.db.store import Store
from clausedesk.paths import Paths

log = logging.getLogger(__name__)

BACKUP_HINT = (
    "sauvegardez-la avec l'outil de PostgreSQL : « pg_dump --format=custom --file=clausedesk.dump "
    "URL » (restauration : « pg_restore --clean --if-exists --dbname=URL clausedesk.dump »)"
)
CHECK_HINT = (
    "son intégrité est assurée par le serveur PostgreSQL ; pour la vérifier, faites une sauvegarde "
    "complète (« pg_dump URL > /dev/null » lit chaque table) et restaurez-la sur une base d'essai"
)


#: Whose store a server database is, as messages name it: (« la base … », « réservée … »).
ROLES = {
    "coordinator": ("du coordinateur", "au coordinateur"),
    "region": ("de la région", "à la région"),
}


class ServerStore(Store):
    """The coordinator's or the region's store on PostgreSQL: same sessions and services, no file."""

    file_based = False

    def __init__(self, paths: Paths, engine: Engine, url: URL, role: str = "coordinator") -> None:
        super().__init__(paths, engine)
        self.url = url
        self.role = role

    @property
    def where(self) -> str:
        """The address without its password, for messages."""
        return self.url.set(drivername="postgresql").render_as_string(hide_password=True)

    @classmethod
    def open_url(cls, paths: Paths, address: str, role: str = "coordinator") -> ServerStore:
        """Open (and if new, create the schema of) the PostgreSQL database at `address`, the store of
        `role` (« coordinator » or « region », for the messages).

        StoreError in French when the server cannot be reached or refuses the login, when the database
        holds tables that are not ClauseDesk's, or when a newer ClauseDesk wrote its schema.
        """
        url = server_url(address)
        of, _ = ROLES[role]
        try:
            paths.ensure()
        except OSError as exc:
            raise StoreError(
                f"Impossible de créer le dossier de données {paths.root} (il garde les clés {of}) : "
                f"{exc.strerror or exc}. Choisissez un autre dossier (--data-dir)."
            ) from exc
        engine = make_server_engine(url)
        try:
            _prepare(engine, url, role)
        except BaseException:
            engine.dispose()
            raise
        return cls(paths, engine, url, role)

    @property
    def location(self) -> str:
        return self.where

    def quick_check(self) -> str:
        raise StoreError(f"La base {ROLES[self.role][0]} est sur PostgreSQL ({self.where}) : {CHECK_HINT}.")

    def backup(self, target: Path | None = None, *, reason: str | None = None) -> Path:
        raise StoreError(f"La base {ROLES[self.role][0]} est sur PostgreSQL ({self.where}) : {BACKUP_HINT}.")

    def close(self) -> None:
        self.engine.dispose()


def _unreachable(url: URL, exc: DBAPIError) -> StoreError:
    where = url.set(drivername="postgresql").render_as_string(hide_password=True)
    detail = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else ""
    log.error("PostgreSQL refused the connection: %s", type(exc.orig).__name__)
    lowered = detail.lower()
    unknown_role = 'role "' in lowered and "does not exist" in lowered
    if "password" in lowered or "authentication" in lowered or unknown_role:
        what = "le serveur a refusé l'identifiant ou le mot de passe"
    elif "does not exist" in lowered:
        what = "cette base n'existe pas sur le serveur (créez-la : « createdb NOM »)"
    else:
        what = "le serveur ne répond pas (adresse, port, pare-feu ?)"
    return StoreError(
        f"Impossible d'ouvrir la base PostgreSQL {where} : {what}. Détail du serveur : {detail}"
    )


def _prepare(engine: Engine, url: URL, role: str) -> None:
    """Refuse a foreign or newer schema, migrate an older or empty one, seed the references once."""
    where = url.set(drivername="postgresql").render_as_string(hide_password=True)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            current = migrate.current_revisions(conn)
            has_tables = migrate.has_tables(conn)
            conn.rollback()
    except DBAPIError as exc:
        raise _unreachable(url, exc) from exc
    if not current and has_tables:
        raise StoreError(
            f"La base PostgreSQL {where} contient déjà des tables qui ne sont pas celles de ClauseDesk : "
            f"donnez une base vide, réservée {ROLES[role][1]}."
        )
    unknown = current - migrate.known_revisions()
    if unknown:
        raise StoreError(
            f"La base PostgreSQL {where} a été enregistrée par une version plus récente de ClauseDesk "
            f"(schéma « {', '.join(sorted(unknown))} »). Installez la dernière version de ClauseDesk."
        )
    if current != migrate.head_revisions():
        try:
            migrate.upgrade(engine)  # one transaction: PostgreSQL's DDL is transactional
        except DBAPIError as exc:
            log.error("schema upgrade failed on PostgreSQL: %s", type(exc.orig).__name__)
            raise StoreError(
                f"La mise à jour du schéma de la base PostgreSQL {where} a échoué ({exc.orig}). La base est "
                "restée dans son état précédent."
            ) from exc
    with make_session_factory(engine)() as session, session.begin():
        ensure_seeded(session)
