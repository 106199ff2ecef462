"""The window's hold on its data folder: the instance lock, and the backup at the end of a working session."""

from __future__ import annotations

import logging

from clausedesk.core.errors import ClauseDeskError
from clausedesk.db.lock import StoreLock
from clausedesk.db.store import Store
from clausedesk.paths import Paths

log = logging.getLogger(__name__)
_lock: StoreLock | None = None


def take_lock(paths: Paths) -> bool:
    """Hold the folder for this window; False when another ClauseDesk already holds it."""
    global _lock
    lock = StoreLock(paths)
    if not lock.acquire():
        return False
    _lock = lock
    return True


def release_lock() -> None:
    global _lock
    if _lock is not None:
        _lock.release()
        _lock = None


def end_session(store: Store) -> None:
    """After a working session with changes: a rotating backup (failure is logged, never fatal)."""
    if not store.changed:
        return
    try:
        store.backup(reason="fin-de-session")
    except ClauseDeskError as exc:
        log.warning("end-of-session backup failed: %s", exc.message)
