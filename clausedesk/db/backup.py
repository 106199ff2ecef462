"""Verified encrypted copies of the store: written to a temporary file, flushed, renamed, then checked."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Any

from clausedesk.core.errors import StoreError
from clausedesk.core.files import check_output, fsync_folder
from clausedesk.core.oserrors import database_reason, disk_trouble, os_reason
from clausedesk.db import keyring
from clausedesk.db.engine import DriverError, attach, file_key, raw_connection
from clausedesk.db.keyring import RawKey, WrongPassphraseError

SQLITE_HEADER = keyring.SQLITE_HEADER


def fsync_dir(folder: Path) -> None:
    """Make a rename durable (no-op where directories cannot be opened, e.g. Windows)."""
    fsync_folder(folder)


def fsync_file(path: Path) -> None:
    with path.open("rb+") as fh:
        os.fsync(fh.fileno())


def is_sqlite_file(path: Path) -> bool:
    """True for a plaintext SQLite file (a store from before encryption)."""
    return keyring.is_plaintext(path)


def _why(path: Path, exc: BaseException) -> str:
    """The French reason of a driver error on `path` (disk full, read-only, locked, damaged...)."""
    return disk_trouble(path.parent, str(exc)) or database_reason(exc).rstrip(".")


def _wrong_key(path: Path) -> WrongPassphraseError:
    return WrongPassphraseError(
        f"Le fichier {path} ne s'ouvre pas avec cette phrase de passe : soit la phrase de passe est "
        "incorrecte, soit ce n'est pas une base ou une sauvegarde ClauseDesk (ou elle est endommagée)."
    )


def verify_copy(
    path: Path, *, passphrase: str | None = None, key: RawKey | None = None, allow_plaintext: bool = False
) -> None:
    """Raise StoreError unless `path` is a sound, encrypted file holding a ClauseDesk schema."""
    if not path.is_file() or path.stat().st_size == 0:
        raise StoreError(f"La copie {path} est absente ou vide.")
    plaintext = keyring.is_plaintext(path)
    if plaintext and not allow_plaintext:
        raise StoreError(f"La copie {path} n'est pas chiffrée : elle ne devrait pas exister, supprimez-la.")
    use_key = None if plaintext else (key or file_key(path, passphrase))
    try:
        conn = raw_connection(path, use_key, read_only=True)
    except DriverError as exc:
        raise StoreError(f"La copie {path} est illisible : {_why(path, exc)}.") from exc
    try:
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except DriverError as exc:
            raise _wrong_key(path) from exc
        result = conn.execute("PRAGMA integrity_check").fetchone()
        if not result or result[0] != "ok":
            raise StoreError(f"La copie {path} est endommagée ({result[0] if result else '?'}).")
        if not plaintext:
            problems = conn.execute("PRAGMA cipher_integrity_check").fetchall()
            if problems:
                raise StoreError(f"La copie {path} est endommagée ({problems[0][0]}).")
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "alembic_version" not in tables:
            raise StoreError(f"La copie {path} n'est pas une base ClauseDesk.")
    except DriverError as exc:
        raise StoreError(f"La copie {path} est illisible ou endommagée : {_why(path, exc)}.") from exc
    finally:
        conn.close()


def default_backup_name(now: datetime | None = None) -> str:
    stamp = (now or datetime.now()).strftime("%Y-%m-%d_%H%M%S")
    return f"clausedesk_{stamp}.sqlite"


def _export(src: Any, tmp: Path, key: RawKey) -> None:
    """sqlcipher_export: rewrite every page of `src` into `tmp` encrypted with `key` (one read snapshot)."""
    attach(src, tmp, "copie", key)
    try:
        src.execute("BEGIN")
        try:
            src.execute("SELECT sqlcipher_export('copie')")
            version = src.execute("PRAGMA main.user_version").fetchone()[0]
            src.execute(f"PRAGMA copie.user_version = {int(version)}")
            src.execute("COMMIT")
        except Exception:
            src.execute("ROLLBACK")
            raise
    finally:
        src.execute("DETACH DATABASE copie")


def write_copy(
    source: Path, target: Path, *, source_key: RawKey | None, target_key: RawKey, what: str = "La sauvegarde"
) -> Path:
    """Copy `source` to `target` encrypted with `target_key`: temporary file, fsync, rename, verify.

    Uses SQLite's online backup when the keys are the same, `sqlcipher_export` otherwise
    (converting a plaintext store or changing the key). On any failure nothing is left at `target`.
    """
    target = check_output(target).absolute()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"Impossible de créer le dossier {target.parent} : {os_reason(exc)}.") from exc
    tmp = target.with_name(target.name + ".tmp")
    tmp.unlink(missing_ok=True)
    try:
        src = raw_connection(source, source_key, read_only=True)
        try:
            try:
                src.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except DriverError as exc:
                trouble = disk_trouble(source.parent, str(exc))
                if trouble is not None:
                    raise StoreError(f"{what} vers {target} est impossible : {trouble}.") from exc
                raise _wrong_key(source) from exc
            if source_key == target_key:
                dst = raw_connection(tmp, target_key)
                try:
                    src.backup(dst)
                    dst.execute("PRAGMA journal_mode=DELETE")
                finally:
                    dst.close()
            else:
                _export(src, tmp, target_key)
        finally:
            src.close()
        fsync_file(tmp)
        check_output(target)
        os.replace(tmp, target)
        fsync_dir(target.parent)
    except (OSError, DriverError) as exc:
        tmp.unlink(missing_ok=True)
        trouble = disk_trouble(target.parent, str(exc))
        if trouble is None:
            reason = os_reason(exc) if isinstance(exc, OSError) else database_reason(exc).rstrip(".")
            trouble = f"{reason}. Vérifiez l'espace disque et les droits d'écriture, puis recommencez"
        raise StoreError(f"{what} vers {target} a échoué : {trouble} ; aucune copie n'a été faite.") from exc
    except StoreError:
        tmp.unlink(missing_ok=True)
        raise
    try:
        verify_copy(target, key=target_key)
    except StoreError:
        target.unlink(missing_ok=True)
        raise
    return target


def backup_database(source: Path, target: Path, *, passphrase: str | None = None) -> Path:
    """An encrypted, verified copy of the live store `source` at `target` (atomic).

    The copy has the store's key; a plaintext store (from before encryption) is encrypted on the way.
    """
    phrase = keyring.passphrase(passphrase)
    source_key = file_key(source, phrase)
    target_key = source_key if source_key is not None else keyring.key_for_new_file(phrase)
    return write_copy(source, target, source_key=source_key, target_key=target_key)
