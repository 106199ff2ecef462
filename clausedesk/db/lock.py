"""Locks on a data folder: one window at a time (instance lock), and the write lock (shared, exclusive)."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import IO

from clausedesk.core.errors import StoreError
from clausedesk.paths import Paths

LOCK_FILE = "clausedesk.verrou"


class StoreLock:
    """An exclusive, non-blocking lock on the data folder (released automatically if the process dies)."""

    def __init__(self, paths: Paths) -> None:
        self.path: Path = paths.root / LOCK_FILE
        self._fh: IO[bytes] | None = None

    def acquire(self) -> bool:
        if self._fh is not None:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fh = self.path.open("a+b")
        try:
            if os.name == "nt":  # pragma: no cover - Windows
                import msvcrt

                fh.seek(0)
                msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
            else:
                import fcntl

                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.close()
            return False
        self._fh = fh
        return True

    def require(self) -> StoreLock:
        """Acquire or refuse with a French message (the store is in use by another ClauseDesk)."""
        if not self.acquire():
            raise StoreError(
                "La base est en cours d'utilisation par une autre fenêtre ou commande ClauseDesk. "
                "Fermez-la, puis recommencez."
            )
        return self

    def release(self) -> None:
        if self._fh is not None:
            self._fh.close()  # closing the file releases the lock
            self._fh = None

    def __enter__(self) -> StoreLock:
        return self.require()

    def __exit__(self, *_exc: object) -> None:
        self.release()


WRITE_LOCK_FILE = "clausedesk.ecriture.verrou"
ENV_WAIT = "CLAUSEDESK_LOCK_WAIT"  # seconds a writer waits for the folder (tests shorten it)
DEFAULT_WAIT = 30.0
_POLL = 0.05


def _wait_seconds() -> float:
    try:
        return max(0.0, float(os.environ.get(ENV_WAIT, DEFAULT_WAIT)))
    except ValueError:
        return DEFAULT_WAIT


class WriteLock:
    """The folder's write lock: shared by ordinary writes, exclusive for restore and re-keying.

    Every transaction on an open store holds it shared (see `Store`), so a restore or a passphrase
    change never replaces the store file under a write, and no write starts while the file is being
    replaced. A writer waits up to CLAUSEDESK_LOCK_WAIT seconds (30 by default), then is refused in
    French. POSIX `flock`; on Windows only the exclusive side is enforced.
    """

    def __init__(self, paths: Paths, *, exclusive: bool = False) -> None:
        self.path: Path = paths.root / WRITE_LOCK_FILE
        self.exclusive = exclusive
        self._fh: IO[bytes] | None = None

    def _try(self, fh: IO[bytes]) -> bool:
        if os.name == "nt":  # pragma: no cover - Windows
            if not self.exclusive:
                return True
            import msvcrt

            try:
                fh.seek(0)
                msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
            except OSError:
                return False
            return True
        import fcntl

        mode = fcntl.LOCK_EX if self.exclusive else fcntl.LOCK_SH
        try:
            fcntl.flock(fh.fileno(), mode | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def acquire(self) -> WriteLock:
        """Take the lock, waiting for the other side; StoreError in French when it stays busy."""
        if self._fh is not None:
            return self
        try:
            fh = self.path.open("a+b")
        except OSError as exc:
            from clausedesk.core.oserrors import os_reason

            raise StoreError(
                f"Impossible de verrouiller le dossier des données {self.path.parent} : {os_reason(exc)}. "
                "Rien n'a été modifié."
            ) from exc
        deadline = time.monotonic() + _wait_seconds()
        while not self._try(fh):
            if time.monotonic() >= deadline:
                fh.close()
                if self.exclusive:
                    raise StoreError(
                        "Une autre commande ou fenêtre ClauseDesk est en train d'écrire dans la base : "
                        "attendez qu'elle ait fini, puis recommencez. Rien n'a été modifié."
                    )
                raise StoreError(
                    "La base est en cours de remplacement (restauration ou changement de phrase de passe "
                    "dans une autre commande ou fenêtre) : attendez la fin de cette opération, puis "
                    "recommencez. Rien n'a été modifié."
                )
            time.sleep(_POLL)
        self._fh = fh
        return self

    def release(self) -> None:
        if self._fh is not None:
            self._fh.close()  # closing the file releases the lock
            self._fh = None

    def __enter__(self) -> WriteLock:
        return self.acquire()

    def __exit__(self, *_exc: object) -> None:
        self.release()


class SharedWrites:
    """The shared write lock of one open store, held while any of its transactions is open (counted)."""

    def __init__(self, paths: Paths) -> None:
        self._lock = WriteLock(paths)
        self._count = 0
        self._mutex = threading.Lock()

    def enter(self) -> None:
        with self._mutex:
            if self._count == 0:
                self._lock.acquire()
            self._count += 1

    def leave(self) -> None:
        with self._mutex:
            self._count = max(0, self._count - 1)
            if self._count == 0:
                self._lock.release()
