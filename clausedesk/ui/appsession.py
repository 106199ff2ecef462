"""The application session of one window: the folder lock, the open store, the task runner, the log.

One object instead of module globals: `run_gui` makes it, the window's context is built from it,
and `end()` leaves the worker idle, takes the end-of-session backup (only after a change), closes
the store and releases the folder.
"""

from __future__ import annotations

import faulthandler
import logging
from typing import IO, Any

from clausedesk.core.errors import ClauseDeskError
from clausedesk.core.services import desk
from clausedesk.paths import Paths
from clausedesk.ui import heap
from clausedesk.ui.context import UiContext
from clausedesk.ui.operations import Operations
from clausedesk.ui.tasks import TaskRunner, default_runner

log = logging.getLogger("clausedesk.ui")


class AppSession:
    def __init__(self, paths: Paths, runner: TaskRunner | None = None) -> None:
        self.paths = paths
        self.runner = runner or default_runner()
        self.store: Any = None
        self.ops: Operations | None = None
        self._lock: desk.StoreLock | None = None
        self._fault_log: IO[str] | None = None

    # -- the folder ------------------------------------------------------------------------------------
    def take_lock(self) -> bool:
        """Hold the folder for this window; False when another ClauseDesk already holds it."""
        lock = desk.StoreLock(self.paths)
        if not lock.acquire():
            return False
        self._lock = lock
        return True

    def release_lock(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def trace_fatal_errors(self) -> None:
        """A fatal error (segmentation fault, « none_dealloc », abort) leaves its stack in the log folder."""
        try:
            self.paths.logs.mkdir(parents=True, exist_ok=True)
            self._fault_log = (self.paths.logs / "clausedesk.log").open("a", encoding="utf-8")
        except OSError:
            return
        faulthandler.enable(file=self._fault_log, all_threads=True)

    # -- the store ------------------------------------------------------------------------------------
    def attach(self, store: Any) -> UiContext:
        """The store is open: the operations layer and the context the screens receive."""
        self.store = store
        heap.install()  # full collections never stall the window (see ui/heap.py)
        self.ops = Operations(store, self.runner)
        ctx = UiContext(self.ops)
        ctx.app = self
        return ctx

    def end(self) -> None:
        """After the window closed: worker idle, backup if something changed, store closed, folder freed."""
        self.runner.wait_idle()
        if self.store is not None:
            try:
                desk.end_of_session_backup(self.store)
            except ClauseDeskError as exc:
                log.warning("end-of-session backup failed: %s", exc.message)
            self.store.close()
            self.store = None
        self.release_lock()
        heap.uninstall()
        if self._fault_log is not None:
            faulthandler.disable()
            self._fault_log.close()
            self._fault_log = None
