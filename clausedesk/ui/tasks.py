"""Background work: run a plain function on a worker thread, report progress, allow cancelling.

The function receives a `Progress` it calls as `progress(done, total, message)`; when the user
cancels, the next call raises `Cancelled`. Results and errors come back on the GUI thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from clausedesk.core.errors import ClauseDeskError

log = logging.getLogger("clausedesk.ui")


class Cancelled(Exception):
    """Raised inside a task when the user pressed "Annuler"."""


class Progress:
    def __init__(self, signals: _Signals) -> None:
        self._signals = signals
        self.cancel_event = threading.Event()

    def __call__(self, done: int, total: int, message: str = "") -> None:
        if self.cancel_event.is_set():
            raise Cancelled()
        self._signals.progress.emit(done, total, message)

    @property
    def cancelled(self) -> bool:
        return self.cancel_event.is_set()


class _Signals(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object)


class _Runnable(QRunnable):
    def __init__(
        self, fn: Callable[..., Any], args: tuple[Any, ...], signals: _Signals, progress: Progress
    ) -> None:
        super().__init__()
        # Python keeps the runnable (see _runnables): letting Qt delete a Python-made QRunnable while
        # its wrapper may be collected on another thread crashed the process now and then.
        self.setAutoDelete(False)
        self.fn, self.args, self.signals, self.progress = fn, args, signals, progress
        self.done = False

    def run(self) -> None:
        try:
            result = self.fn(*self.args, progress=self.progress)
        except BaseException as exc:  # handed to the GUI thread, never lost
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)
        finally:
            self.done = True


_pool: QThreadPool | None = None
_running: set[_Signals] = set()
_runnables: list[_Runnable] = []  # kept alive until they have returned; pruned when a new task starts


def pool() -> QThreadPool:
    """One worker thread: writes to the store are serialised."""
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(1)
    return _pool


def run_task(
    parent: QWidget | None,
    title: str,
    fn: Callable[..., Any],
    *args: Any,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    show_progress: bool = True,
) -> Progress:
    """Run `fn(*args, progress=...)` in the background with a cancellable progress dialog.

    Errors: a ClauseDeskError is shown as its French message, Cancelled silently, anything else as
    an unexpected-error message (details go to the log). `on_error` replaces that handling.
    """
    signals = _Signals()
    progress = Progress(signals)
    dialog: QProgressDialog | None = None
    if show_progress:
        dialog = QProgressDialog(title, "Annuler", 0, 0, parent)
        dialog.setWindowTitle("ClauseDesk")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(400)
        dialog.canceled.connect(progress.cancel_event.set)

        def _on_progress(done: int, total: int, message: str) -> None:
            assert dialog is not None
            dialog.setMaximum(total)
            dialog.setValue(done)
            if message:
                dialog.setLabelText(message)

        signals.progress.connect(_on_progress)

    def _close() -> None:
        _running.discard(signals)
        if dialog is not None:
            dialog.reset()
            dialog.deleteLater()

    def _finished(result: Any) -> None:
        _close()
        if on_done is not None:
            on_done(result)

    def _failed(exc: BaseException) -> None:
        _close()
        if on_error is not None:
            on_error(exc)
        elif isinstance(exc, Cancelled):
            return
        elif isinstance(exc, ClauseDeskError):
            QMessageBox.warning(parent, "ClauseDesk", exc.message)
        else:
            log.error("background task failed", exc_info=exc)
            QMessageBox.critical(
                parent, "ClauseDesk",
                "Une erreur inattendue a interrompu l'opération ; rien n'a été modifié. "
                "Les détails sont dans le journal de l'application.",
            )  # fmt: skip

    signals.finished.connect(_finished)
    signals.failed.connect(_failed)
    _running.add(signals)
    _runnables[:] = [r for r in _runnables if not r.done]
    runnable = _Runnable(fn, args, signals, progress)
    _runnables.append(runnable)
    pool().start(runnable)
    return progress


def wait_idle(msecs: int = 30000) -> bool:
    """For tests and shutdown: wait until the worker has nothing left."""
    return pool().waitForDone(msecs)
