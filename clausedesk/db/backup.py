"""Verified copies of the store: written to a temporary file, flushed, renamed, then checked."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

from clausedesk.core.errors import StoreError

SQLITE_HEADER = b"SQLite format 3\x00"


def fsync_dir(folder: Path) -> None:
    """Make a rename durable (no-op where directories cannot be opened, e.g. Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def is_sqlite_file(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(16) == SQLITE_HEADER
    except OSError:
        return False


def verify_copy(path: Path) -> None:
    """Raise StoreError unless `path` is a sound SQLite file holding a ClauseDesk schema."""
    if not is_sqlite_file(path):
        raise StoreError(f"La copie {path} n'est pas une base SQLite lisible.")
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        result = conn.execute("PRAGMA integrity_check").fetchone()
        if not result or result[0] != "ok":
            raise StoreError(f"La copie {path} est endommagée ({result[0] if result else '?'}).")
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "alembic_version" not in tables:
            raise StoreError(f"La copie {path} n'est pas une base ClauseDesk.")
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"La copie {path} est illisible : {exc}.") from exc
    finally:
        conn.close()


def default_backup_name(now: datetime | None = None) -> str:
    stamp = (now or datetime.now()).strftime("%Y-%m-%d_%H%M%S")
    return f"clausedesk_{stamp}.sqlite"


def backup_database(source: Path, target: Path) -> Path:
    """Copy the live store at `source` to `target` with SQLite's online backup, atomically.

    The copy goes to `target.tmp`, is fsync'ed, renamed over `target`, then verified; on any
    failure the temporary file is removed and nothing is left at `target`.
    """
    target = target.resolve()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"Impossible de créer le dossier {target.parent} : {exc.strerror}.") from exc
    tmp = target.with_name(target.name + ".tmp")
    try:
        src = sqlite3.connect(source.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(tmp)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        finally:
            src.close()
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        fsync_dir(target.parent)
    except (OSError, sqlite3.Error) as exc:
        tmp.unlink(missing_ok=True)
        detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise StoreError(
            f"La sauvegarde vers {target} a échoué : {detail}. Vérifiez l'espace disque et les droits "
            "d'écriture, puis recommencez."
        ) from exc
    try:
        verify_copy(target)
    except StoreError:
        target.unlink(missing_ok=True)
        raise
    return target
