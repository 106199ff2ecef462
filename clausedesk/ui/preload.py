"""Loading ahead what the window will need, a little at a time: the screens' modules (on the GUI thread
while it is idle, one module at a time) and the reference tables searched by name (communes, ROME; on a
thread of their own while the GUI thread is calm).

Python code running on another thread slows the GUI thread (see ui/heap.py). So the modules are
imported on the GUI thread itself, one per turn of its event loop, in the order they finish loading
(ui/preload_order.py): each turn costs one module's own code, a few milliseconds, and a screen shown
the first time no longer imports a whole tree of modules at once. The tables, which are only data, are
built on a thread that waits while the store's worker works (it answers the person; this is only ahead
of time) and until the GUI thread has been calm for a moment (no screen built, no result shown), loads
one piece, then rests as long as the piece took. Full collections are held off meanwhile, and what was
loaded (it lasts as long as the window) then leaves the collector's walk.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer

from clausedesk.ui import heap

log = logging.getLogger("clausedesk.ui")

START_AFTER_MS = 2000  # the modules wait for the first screen's figures, this long at most
REST_AT_LEAST = 0.02  # seconds left to the GUI thread after each table piece, however small
WORKER_WAIT_MS = 2000  # a table piece waits this long at most for the worker to be idle
CALM = 0.4  # seconds the GUI thread has done nothing heavy before a table piece starts
CALM_WAIT = 5.0  # a table piece waits this long at most for the GUI thread to be calm


def module_order(screens: list[str]) -> list[str]:
    """Every module the screens import, leaves first, then the screens' own modules (in case the list
    written by scripts/preload_order.py is older than a screen)."""
    from clausedesk.ui.preload_order import MODULES

    return [*MODULES, *(name for name in screens if name not in MODULES)]


class IdleImports(QObject):
    """Imports `names` one per turn of the GUI thread's event loop; `done()` once all are imported."""

    def __init__(
        self, names: list[str], parent: QObject | None = None, on_done: Callable[[], None] | None = None
    ) -> None:
        super().__init__(parent)
        self._names = [name for name in names if name not in sys.modules]
        self._next = 0
        self._on_done = on_done
        self.stopped = threading.Event()  # the window closed: the tables' thread stops between pieces
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._one)

    def start(self, shown: Any = None, after_ms: int = START_AFTER_MS) -> None:
        """Begin once the first screen says it is `shown` (a signal), or after `after_ms` at most: the
        start's own work comes first."""
        if shown is not None:
            shown.connect(self._begin)
        QTimer.singleShot(after_ms, self, self._begin)

    def _begin(self) -> None:
        """Once only (the signal or the timer, whichever comes first); `_on_done` is called even when
        everything was imported already (a second window)."""
        if not self._timer.isActive() and (not self.done() or self._on_done is not None):
            self._timer.start()

    def done(self) -> bool:
        return self._next >= len(self._names)

    def on_done(self, then: Callable[[], None]) -> None:
        self._on_done = then

    def stop(self) -> None:
        """The window closes: no more imports, and the tables are not loaded."""
        self._next = len(self._names)
        self._timer.stop()
        self._on_done = None
        self.stopped.set()

    def _one(self) -> None:
        while self._next < len(self._names):
            name = self._names[self._next]
            self._next += 1
            if name in sys.modules:
                continue
            try:
                if importlib.util.find_spec(name) is not None:
                    importlib.import_module(name)
            except Exception as exc:  # a screen that fails to import says so when it is shown
                log.warning("preloading %s: %s", name, exc)
            return  # one module per turn: the events waiting go first
        self._timer.stop()
        done, self._on_done = self._on_done, None
        if done is not None:
            done()


def table_pieces() -> list[tuple[str, Callable[[], object]]]:
    """The communes first (a form may be opened at once), then the ROME (about 0.7 s in all)."""
    from clausedesk.core.reference import geo, rome

    return [
        ("communes", geo.load_tables),
        ("noms des communes", geo.load_names),
        ("communes par nom", geo.preload),
        ("ROME", rome.load_tables),
        ("titres du ROME", rome.load_index),
        ("appellations du ROME", rome.preload),
    ]


def _wait_for_calm() -> None:
    """Until the GUI thread has been calm for `CALM` seconds (a person reading a screen), at most
    `CALM_WAIT` seconds."""
    end = time.monotonic() + CALM_WAIT
    while (calm := heap.gui_calm_for()) < CALM and time.monotonic() < end:
        time.sleep(CALM - calm)


def load_tables(
    worker_idle: Callable[[int], bool], stopped: threading.Event | None = None
) -> threading.Thread:
    """Build the reference tables on a thread of their own; `worker_idle(ms)` waits for the worker; the
    thread ends between two pieces once `stopped` is set."""
    stopped = stopped or threading.Event()

    def work() -> None:
        holds = heap.installed()  # a window's session (tests' windows leave the collector alone)
        if holds:
            heap.hold("preload")
        try:
            for what, load in table_pieces():
                worker_idle(WORKER_WAIT_MS)
                _wait_for_calm()
                if stopped.is_set():
                    return
                began = time.perf_counter()
                try:
                    load()
                except Exception as exc:  # a lookup then loads its table itself
                    log.warning("preloading %s: %s", what, exc)
                time.sleep(max(REST_AT_LEAST, time.perf_counter() - began))
        finally:
            if holds:
                heap.release("preload")
                heap.settle()

    thread = threading.Thread(target=work, name="clausedesk-preload", daemon=True)
    thread.start()
    return thread


def start(
    window: QObject, screens: list[str], worker_idle: Callable[[int], bool], shown: Any = None
) -> IdleImports:
    """The screens' modules on the GUI thread while it is idle (once the first screen is `shown`), then
    the tables on their thread."""
    imports = IdleImports(module_order(screens), window)
    imports.on_done(lambda: load_tables(worker_idle, imports.stopped))
    imports.start(shown)
    return imports
