"""One ClauseDesk at a time on a data folder: an advisory lock file held while the window is open."""

from __future__ import annotations

import os
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
