"""Loading ahead, on a thread of its own and a little at a time, what the window will need: the screens'
modules and the reference tables searched by name (communes, ROME).

Python code running on another thread slows the GUI thread (see ui/heap.py): so this thread waits
while the store's worker works (it answers the person; this is only ahead of time) and until the GUI
thread has been calm for a moment (no screen built, no result shown), loads one piece, then rests as
long as the piece took, so that the GUI thread has the interpreter to itself at least half of the time.
Full collections are held off meanwhile, and what was loaded (it lasts as long as the window) then
leaves the collector's walk.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import threading
import time
from collections.abc import Callable

from clausedesk.ui import heap

log = logging.getLogger("clausedesk.ui")

REST_AT_LEAST = 0.02  # seconds left to the GUI thread after each piece, however small
WORKER_WAIT_MS = 2000  # a piece waits this long at most for the worker to be idle
CALM = 0.4  # seconds the GUI thread has done nothing heavy before a piece starts
CALM_WAIT = 5.0  # a piece waits this long at most for the GUI thread to be calm


def pieces(modules: list[str]) -> list[tuple[str, Callable[[], object]]]:
    """What to load, in order: each screen's module (about 0.05 s each, none imports a PDF or spreadsheet
    library), then the communes and the ROME (about 0.7 s in all)."""
    from clausedesk.core.reference import geo, rome

    out: list[tuple[str, Callable[[], object]]] = [(n, lambda n=n: _import(n)) for n in modules]
    out += [
        ("communes", geo.load_tables),
        ("noms des communes", geo.load_names),
        ("communes par nom", geo.preload),
        ("ROME", rome.load_tables),
        ("titres du ROME", rome.load_index),
        ("appellations du ROME", rome.preload),
    ]
    return out


def _import(name: str) -> None:
    if importlib.util.find_spec(name) is not None:
        importlib.import_module(name)


def _wait_for_calm() -> None:
    """Until the GUI thread has been calm for `CALM` seconds (a person reading a screen), at most
    `CALM_WAIT` seconds."""
    end = time.monotonic() + CALM_WAIT
    while (calm := heap.gui_calm_for()) < CALM and time.monotonic() < end:
        time.sleep(CALM - calm)


def start(modules: list[str], worker_idle: Callable[[int], bool]) -> threading.Thread:
    """Start loading `modules` and the tables; `worker_idle(ms)` waits for the store's worker."""

    def work() -> None:
        heap.hold("preload")
        try:
            for what, load in pieces(modules):
                worker_idle(WORKER_WAIT_MS)
                _wait_for_calm()
                began = time.perf_counter()
                try:
                    load()
                except Exception as exc:  # a screen that fails to import says so when it is shown
                    log.warning("preloading %s: %s", what, exc)
                time.sleep(max(REST_AT_LEAST, time.perf_counter() - began))
        finally:
            heap.release("preload")
            heap.settle()

    thread = threading.Thread(target=work, name="clausedesk-preload", daemon=True)
    thread.start()
    return thread
