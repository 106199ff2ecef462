"""Opening the store: passphrase, checks, encryption of an old plaintext store, verified backup, migrations,
reference seeding; then one engine and one Session per unit of work.

A routine open costs no whole-file check: `quick_check` runs when asked (`check`, restore) and after
a run that did not end cleanly (the marker `<store>.ouverte`, written on open and removed on close,
is still there).
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, text
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session

from clausedesk.core.errors import StoreError
from clausedesk.core.oserrors import database_reason, disk_trouble, os_reason
from clausedesk.db import erasures, keyring, migrate
from clausedesk.db.backup import fsync_dir, write_copy
from clausedesk.db.engine import DriverError, SessionFactory, file_key, make_engine, make_session_factory
from clausedesk.db.keyring import RawKey, WrongPassphraseError
from clausedesk.db.lock import SharedWrites
from clausedesk.db.repositories.reference import ensure_seeded
from clausedesk.db.repositories.rgpd import ERASED_KEY
from clausedesk.paths import Paths

log = logging.getLogger(__name__)
_HOLDS_WRITE_LOCK = "clausedesk_write_lock"


class Store:
    """An open store. Pass it (or its `sessions` factory) to services; never keep a Session around."""

    file_based = True  # a store file of the data folder (False: the coordinator's store on a server)

    def __init__(self, paths: Paths, engine: Engine, passphrase: str | None = None) -> None:
        self.paths = paths
        self.verified = False  # whether this open ran the whole-file quick_check
        self.engine = engine
        self.passphrase = passphrase
        self.sessions: SessionFactory = make_session_factory(engine)
        self.changed = False
        event.listen(self.sessions, "after_flush", self._mark_changed)
        event.listen(self.sessions, "before_commit", self._journal_erasures)
        event.listen(self.sessions, "after_rollback", lambda s: s.info.pop(ERASED_KEY, None))
        self._writes = SharedWrites(paths)
        event.listen(self.sessions, "after_begin", self._enter_write)
        event.listen(self.sessions, "after_transaction_end", self._leave_write)

    def _enter_write(self, session: Session, _transaction: Any, _connection: Any) -> None:
        """Every transaction holds the folder's write lock shared: no restore or re-keying meanwhile."""
        if not session.info.get(_HOLDS_WRITE_LOCK):
            self._writes.enter()
            session.info[_HOLDS_WRITE_LOCK] = True

    def _leave_write(self, session: Session, transaction: Any) -> None:
        if transaction.parent is None and session.info.pop(_HOLDS_WRITE_LOCK, False):
            self._writes.leave()

    def _mark_changed(self, session: Session, _context: Any) -> None:
        self.changed = True

    def _journal_erasures(self, session: Session) -> None:
        """Note the people erased in this transaction beside the store before it commits (a failure
        to note them aborts the commit: no erasure that a restore could undo)."""
        session.flush()
        erased = session.info.pop(ERASED_KEY, None)
        if erased:
            erasures.record(self.paths, sorted(erased))

    @property
    def path(self) -> Path:
        return self.paths.store

    @property
    def location(self) -> str:
        """Where the store is, for people: its file, or the server's address without password."""
        return str(self.paths.store)

    @classmethod
    def open(
        cls, paths: Paths, *, create: bool = False, passphrase: str | None = None, verify: bool = False
    ) -> Store:
        """Open (and if needed create, encrypt or upgrade) the store of `paths`.

        The passphrase is `passphrase`, else the one typed in the window, else CLAUSEDESK_PASSPHRASE.
        Raises StoreError with a French message when the file is missing (and `create` is False),
        is not a ClauseDesk store, does not open with the passphrase, is damaged, or was written by
        a newer ClauseDesk. The whole file is checked when `verify` is set or the last run on it
        did not end cleanly.
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
                    f"Impossible de créer le dossier de données {paths.root} : {os_reason(exc)}. "
                    "Choisissez un dossier où vous avez le droit d'écrire (option --data-dir)."
                ) from exc
        else:
            paths.ensure()
        phrase = keyring.passphrase(passphrase)
        marker = open_marker(paths)
        verify = verify or marker.exists()
        engine = prepare(paths, phrase, verify=verify)
        store = cls(paths, engine, phrase)
        store.verified = verify
        with contextlib.suppress(OSError):  # a read-only folder: the next open just cannot tell
            marker.touch()
        return store

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed when the block ends normally, rolled back on any error."""
        with self.sessions() as session, session.begin():
            yield session

    def quick_check(self) -> str:
        with self.engine.connect() as conn:
            return str(conn.execute(text("PRAGMA quick_check")).scalar())

    def backup(self, target: Path | None = None, *, reason: str | None = None) -> Path:
        """A verified encrypted copy: at `target`, else in the rotating backups folder."""
        from clausedesk.db import backup_rotation

        if target is not None:
            from clausedesk.db.backup import backup_database

            return backup_database(self.path, target, passphrase=self.passphrase)
        return backup_rotation.take(self.paths, reason=reason, passphrase=self.passphrase)

    def close(self) -> None:
        """Release the connections; the run ended cleanly, so the next open needs no whole-file check."""
        self.engine.dispose()
        open_marker(self.paths).unlink(missing_ok=True)


def open_marker(paths: Paths) -> Path:
    """Present while a process has the store open: left behind by a run that did not end cleanly."""
    return paths.store.with_name(paths.store.name + ".ouverte")


def _refuse_unreadable(db: Path, exc: BaseException) -> StoreError:
    detail = getattr(exc, "orig", None) or exc
    trouble = disk_trouble(db.parent, str(detail))
    if trouble is not None:
        return StoreError(
            f"Impossible d'ouvrir la base {db} : {trouble} (la base elle-même n'est pas endommagée)."
        )
    if not keyring.is_plaintext(db) and "not a database" in str(detail):
        return WrongPassphraseError(
            f"La base {db} ne s'ouvre pas avec cette phrase de passe : la phrase de passe est incorrecte, "
            "ou ce fichier n'est pas une base ClauseDesk (ou il est endommagé). Vérifiez la phrase de "
            "passe (majuscules, accents) ; sinon restaurez une sauvegarde."
        )
    return StoreError(
        f"Impossible d'ouvrir la base {db} : elle est illisible ou n'est pas une base ClauseDesk "
        f"({detail}). Restaurez une sauvegarde."
    )


def _inspect(engine: Engine, db: Path, *, verify: bool = True) -> tuple[frozenset[str], bool]:
    """quick_check the file (when `verify`), then return (its schema revisions, whether it has tables)."""
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT count(*) FROM sqlite_master")).scalar()
            check = conn.execute(text("PRAGMA quick_check")).scalar() if verify else "ok"
            if check != "ok":
                raise StoreError(
                    f"La base {db} est endommagée (contrôle : {check}). Restaurez la dernière "
                    "sauvegarde (commande « clausedesk restore »)."
                )
            current = migrate.current_revisions(conn)
            has_tables = migrate.has_tables(conn)
            conn.rollback()
    except (DatabaseError, OperationalError, DriverError) as exc:
        raise _refuse_unreadable(db, exc) from exc
    if not current and has_tables:
        raise StoreError(f"Le fichier {db} contient une base SQLite qui n'est pas une base ClauseDesk.")
    unknown = current - migrate.known_revisions()
    if unknown:
        raise StoreError(
            f"La base {db} a été enregistrée par une version plus récente de ClauseDesk "
            f"(schéma « {', '.join(sorted(unknown))} »). Installez la dernière version de ClauseDesk "
            "pour l'ouvrir."
        )
    return current, has_tables


def prepare(paths: Paths, passphrase: str | None = None, *, verify: bool = True) -> Engine:
    """Check the file (the whole of it when `verify`), refuse a newer schema, encrypt a plaintext one,
    back up then migrate an older one, seed a new one; return the store's engine.

    A current store costs one engine and reads only: the migration engine (foreign keys off) is made
    only when a migration is due, and seeding writes only into a store never seeded.
    """
    db = paths.store
    phrase = keyring.passphrase(passphrase)
    if keyring.is_plaintext(db):
        _encrypt_plaintext_store(paths, phrase)
    is_new = not db.exists() or db.stat().st_size == 0
    engine = make_engine(db, passphrase=phrase)
    try:
        current, _ = _inspect(engine, db, verify=verify and not is_new)
        if current != migrate.head_revisions():
            engine.dispose()
            migrating = make_engine(db, foreign_keys=False, passphrase=phrase)
            try:
                _upgrade(migrating, paths, current, is_new, phrase)
            finally:
                migrating.dispose()
        erased = erasures.journalled(paths)
        with make_session_factory(engine)() as session, session.begin():
            ensure_seeded(session)
            erasures.reapply(session, erased)  # a restored copy never brings an erased person back
            session.info.pop(ERASED_KEY, None)  # already in the journal
    except BaseException:
        engine.dispose()
        raise
    return engine


def _stamp() -> str:
    return datetime.now().strftime("%Y-%m-%d_%H%M%S")


def _encrypt_plaintext_store(paths: Paths, phrase: str) -> None:
    """Convert a store written before encryption: checked, encrypted backup verified, then swapped in.

    A crash at any point leaves either the plaintext store or the encrypted one, complete.
    """
    db = paths.store
    plain = make_engine(db, foreign_keys=False)
    try:
        _inspect(plain, db)
        with plain.connect() as conn:  # fold the WAL into the file so the copy sees everything
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        plain.dispose()
    key = keyring.key_for_new_file(phrase)
    backup = write_copy(db, paths.backups / f"avant-chiffrement_clausedesk_{_stamp()}.sqlite",
                        source_key=None, target_key=key, what="La copie chiffrée")
    replace_store_file(paths, backup, keep_source=True)


def replace_store_file(
    paths: Paths, source: Path, *, keep_source: bool, old_key: RawKey | None = None
) -> None:
    """Atomically put the verified encrypted file `source` in place of the store (no engine may be open).

    The new content goes to a temporary file next to the store, is flushed, then renamed over it;
    the old store's WAL is folded in first and removed, so it can never be replayed onto the new file.
    """
    import shutil

    db = paths.store
    tmp = db.with_name(db.name + ".remplacement.tmp")
    try:
        if keep_source:
            shutil.copyfile(source, tmp)
        else:
            os.replace(source, tmp)
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
        _retire_wal(db, old_key)
        os.replace(tmp, db)
        fsync_dir(db.parent)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StoreError(
            f"Impossible de remplacer la base {db} : {os_reason(exc)}. La base est restée telle quelle."
        ) from exc


def _retire_wal(db: Path, key: RawKey | None) -> None:
    """Fold the store's WAL into its file and remove -wal/-shm (they belong to the old content)."""
    wal = Path(str(db) + "-wal")
    if wal.exists() and wal.stat().st_size > 0 and db.exists():
        try:
            engine = make_engine(db, foreign_keys=False, key=key or file_key(db))
        except StoreError:
            engine = None
        if engine is not None:
            try:
                with engine.connect() as conn:
                    conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            except (DatabaseError, OperationalError, DriverError):
                pass  # damaged or foreign key: the old content is in the backup taken before
            finally:
                engine.dispose()
    for suffix in ("-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)


def _upgrade(engine: Engine, paths: Paths, current: frozenset[str], is_new: bool, phrase: str) -> None:
    db = paths.store
    backup: Path | None = None
    if current and not is_new:
        from clausedesk.db import backup_rotation

        label = "+".join(sorted(r.split("_", 1)[0] for r in current))  # e.g. 0005: short, file-safe
        backup = backup_rotation.take(paths, reason=f"avant-migration_{label}", passphrase=phrase)
    try:
        migrate.upgrade(engine)
    except Exception as exc:  # the transaction rolled back: the file is as it was
        log.error("schema upgrade failed: %s", type(getattr(exc, "orig", exc)).__name__)
        reason = disk_trouble(db.parent, str(getattr(exc, "orig", exc))) or database_reason(exc)
        if is_new:
            raise StoreError(
                f"La création de la base {db} a échoué : {reason.rstrip('.')}. Aucune base n'a été créée."
            ) from exc
        kept = f" ; une sauvegarde a été faite avant : {backup}" if backup is not None else ""
        raise StoreError(
            f"La mise à jour du schéma de la base {db} a échoué : {reason.rstrip('.')}. La base est "
            f"restée dans son état précédent{kept}."
        ) from exc
