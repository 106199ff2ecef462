"""Restoring a backup over the store: checked first, current store backed up, swapped in atomically."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from clausedesk.core.errors import StoreError
from clausedesk.core.files import MAX_BACKUP, check_input
from clausedesk.db import backup_rotation, erasures, keyring, migrate
from clausedesk.db.backup import verify_copy, write_copy
from clausedesk.db.engine import DriverError, make_engine, make_session_factory
from clausedesk.db.keyring import WrongPassphraseError
from clausedesk.db.lock import StoreLock, WriteLock
from clausedesk.db.store import Store, replace_store_file
from clausedesk.paths import Paths

STAGING = "restauration-en-cours.sqlite"


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    previous_store_backup: Path | None


def _check_schema(source: Path, key: keyring.RawKey | None) -> None:
    engine = make_engine(source, read_only=True, key=key) if key else make_engine(source, read_only=True)
    try:
        with engine.connect() as conn:
            revisions = migrate.current_revisions(conn)
    except DriverError as exc:  # pragma: no cover - verify_copy read it a moment ago
        raise StoreError(f"La sauvegarde {source} est illisible ({type(exc).__name__}).") from exc
    finally:
        engine.dispose()
    unknown = revisions - migrate.known_revisions()
    if unknown:
        raise StoreError(
            f"La sauvegarde {source} vient d'une version plus récente de ClauseDesk : installez la "
            "dernière version pour la restaurer."
        )


def _save_current(paths: Paths, phrase: str) -> Path | None:
    """Back up the current store before it is replaced; a damaged one is kept byte for byte."""
    if not paths.store.exists() or paths.store.stat().st_size == 0:
        return None
    try:
        return backup_rotation.take(paths, reason="avant-restauration", passphrase=phrase)
    except WrongPassphraseError:
        raise
    except StoreError:
        stamp = datetime.now().strftime("%Y-%m-%d_%H%M%S")
        kept = paths.backups / f"endommagee_clausedesk_{stamp}.sqlite"
        shutil.copyfile(paths.store, kept)
        return kept


def _journal_current_erasures(paths: Paths, key: keyring.RawKey) -> None:
    """Copy into the erasure journal whoever the current store shows erased (an erasure made before the
    journal existed), so that the restored copy gets them erased again."""
    if not paths.store.exists() or keyring.is_plaintext(paths.store):
        return
    engine = make_engine(paths.store, read_only=True, key=key)
    try:
        with make_session_factory(engine)() as session:
            erased = erasures.erased_in_store(session)
    except (DriverError, DBAPIError):
        return  # a damaged store: it was kept byte for byte above, and the journal has what it had
    finally:
        engine.dispose()
    known = erasures.journalled(paths)
    erasures.record(paths, [u for u in erased if u not in known])


def restore(
    paths: Paths, source: Path, *, passphrase: str | None = None, source_passphrase: str | None = None
) -> RestoreResult:
    """Replace the store of `paths` with the backup `source`.

    The backup is verified (ours, sound, not newer than this ClauseDesk) before anything changes;
    the current store is backed up; the restored file gets the current passphrase. Refused while
    another ClauseDesk uses the folder. On any refusal the store is exactly as before.
    """
    source = source.resolve()
    if not source.exists():
        raise StoreError(f"Le fichier {source} n'existe pas. Indiquez le chemin d'une sauvegarde ClauseDesk.")
    check_input(source, MAX_BACKUP, "La sauvegarde")
    if paths.store.exists() and source == paths.store.resolve():
        raise StoreError("Ce fichier est la base elle-même : choisissez une sauvegarde.")
    phrase = keyring.passphrase(passphrase)
    plaintext = keyring.is_plaintext(source)
    source_key = None if plaintext else keyring.key_for_file(source, source_passphrase or phrase)
    try:
        verify_copy(source, key=source_key, allow_plaintext=True)
    except WrongPassphraseError as exc:
        raise WrongPassphraseError(
            f"La sauvegarde {source} ne s'ouvre pas avec cette phrase de passe : ce n'est pas une "
            "sauvegarde ClauseDesk, elle est endommagée, ou elle a été faite avec une autre phrase de "
            "passe (indiquez-la alors dans CLAUSEDESK_BACKUP_PASSPHRASE)."
        ) from exc
    _check_schema(source, source_key)
    with StoreLock(paths.ensure()), WriteLock(paths, exclusive=True):
        if paths.store.exists() and paths.store.stat().st_size > 0 and not keyring.is_plaintext(paths.store):
            target_key = keyring.key_for_file(paths.store, phrase)
        else:
            target_key = keyring.key_for_new_file(phrase)
        previous = _save_current(paths, phrase)
        _journal_current_erasures(paths, target_key)
        staging = paths.backups / STAGING
        staging.unlink(missing_ok=True)
        write_copy(source, staging, source_key=source_key, target_key=target_key, what="La restauration")
        old_key = None if keyring.is_plaintext(paths.store) else target_key
        replace_store_file(paths, staging, keep_source=False, old_key=old_key)
    Store.open(paths, passphrase=phrase, verify=True).close()  # checks it; migrates an older schema
    return RestoreResult(source, previous)
