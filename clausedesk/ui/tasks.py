"""Background work: one worker thread runs plain functions, reports progress, allows cancelling.

The function receives a `Progress` it calls as `progress(done, total, message)`; when the user
cancels, the next call raises `Cancelled`. Results and errors come back on the GUI thread.

Only integers and strings cross the thread boundary through Qt signals: a finished job is kept in a
dictionary and the worker emits its ticket number; the GUI thread takes the job back from there.
Passing Python objects (results, None, exceptions) through `Signal(object)` across threads, and
letting Qt own Python-made QRunnables, is what crashed the process (« none_dealloc »).
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from clausedesk.ui import heap
from clausedesk.ui.errors import Cancelled, present

log = logging.getLogger("clausedesk.ui")

__all__ = ["Cancelled", "Progress", "TaskRunner", "default_runner", "run_task", "wait_idle"]


class Progress:
    def __init__(self, report: Callable[[int, int, str], None]) -> None:
        self._report = report
        self.cancel_event = threading.Event()

    def __call__(self, done: int, total: int, message: str = "") -> None:
        if self.cancel_event.is_set():
            raise Cancelled()
        self._report(done, total, message)

    @property
    def cancelled(self) -> bool:
        return self.cancel_event.is_set()


@dataclass
class _Job:
    ticket: int
    fn: Callable[..., Any]
    args: tuple[Any, ...]
    progress: Progress
    on_done: Callable[[Any], None] | None
    on_error: Callable[[BaseException], None] | None
    owner: QObject | None
    on_progress: Callable[[int, int, str], None] | None = None
    result: Any = None
    error: BaseException | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class TaskRunner(QObject):
    """One worker thread: work on the store is serialised, the GUI thread never waits for it."""

    _finished = Signal(int)
    _progressed = Signal(int, int, int, str)

    def __init__(self) -> None:
        super().__init__()
        # (0 for a unit of work someone waits for, 1 otherwise; ticket): FIFO within each priority
        self._jobs: queue.PriorityQueue[tuple[int, int, _Job]] = queue.PriorityQueue()
        self._done: dict[int, _Job] = {}
        self._waiting: dict[int, _Job] = {}
        self._lock = threading.Lock()
        self._idle = threading.Condition()
        self._pending = 0
        self._tickets = itertools.count(1)
        self._thread: threading.Thread | None = None
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._progressed.connect(self._report, Qt.ConnectionType.QueuedConnection)

    def submit(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
        owner: QObject | None = None,
        urgent: bool = False,
    ) -> Progress:
        """Run `fn(*args, progress=...)` on the worker; `on_done(result)` / `on_error(exc)` on the GUI thread.

        Callbacks are dropped when `owner` (a widget) has been destroyed meanwhile. An `urgent` job (a
        short unit of work the GUI waits for) runs before the jobs still queued, after the running one.
        """
        ticket = next(self._tickets)
        progress = Progress(lambda d, t, m: self._progressed.emit(ticket, d, t, m))
        job = _Job(ticket, fn, args, progress, on_done, on_error, owner, on_progress)
        with self._lock:
            self._waiting[ticket] = job
        with self._idle:
            self._pending += 1
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._loop, name="clausedesk-worker", daemon=True)
            self._thread.start()
        self._jobs.put((0 if urgent else 1, ticket, job))
        return progress

    def _loop(self) -> None:
        while True:
            job = self._jobs.get()[2]
            heap.hold()  # no full collection (a stall of the GUI thread) while the store is worked on
            try:
                job.result = job.fn(*job.args, progress=job.progress)
            except BaseException as exc:  # handed to the GUI thread, never lost
                job.error = exc
            ticket = job.ticket
            with self._lock:
                self._done[ticket] = job
                # Dropped under the lock the GUI thread pops it with: the last reference to the job (its
                # callbacks, owner widget, result) is always released on the GUI thread, never here, so
                # no Qt object is ever destroyed on the worker thread.
                del job
            self._finished.emit(ticket)
            with self._idle:
                self._pending -= 1
                if self._jobs.empty():
                    heap.release()
                self._idle.notify_all()

    def _alive(self, job: _Job) -> bool:
        return job.owner is None or shiboken6.isValid(job.owner)

    def _report(self, ticket: int, done: int, total: int, message: str) -> None:
        with self._lock:
            job = self._waiting.get(ticket)
        if job is not None and job.on_progress is not None and self._alive(job):
            job.on_progress(done, total, message)

    def _deliver(self, ticket: int) -> None:
        with self._lock:
            job = self._done.pop(ticket, None)
            self._waiting.pop(ticket, None)
        if job is None or not self._alive(job):
            return
        heap.gui_busy()
        if job.error is not None:
            if job.on_error is not None:
                job.on_error(job.error)
            else:
                present(job.owner if isinstance(job.owner, QWidget) else None, job.error)
        elif job.on_done is not None:
            job.on_done(job.result)

    def wait_idle(self, msecs: int = 30000) -> bool:
        """For tests and shutdown: wait until the worker has nothing left (results not yet delivered)."""
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout=msecs / 1000)

    def busy(self) -> bool:
        with self._idle:
            return self._pending > 0


_default: TaskRunner | None = None


def default_runner() -> TaskRunner:
    """The runner of the application session (made on first use for screens built alone in tests)."""
    global _default
    if _default is None:
        _default = TaskRunner()
    return _default


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

    Errors go to `ui.errors.present` (a ClauseDeskError as its French message, Cancelled silently,
    anything else as an unexpected-error message, details in the log); `on_error` replaces that.
    """
    dialog: QProgressDialog | None = None
    if show_progress:
        dialog = QProgressDialog(title, "Annuler", 0, 0, parent)
        dialog.setWindowTitle("ClauseDesk")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(400)

    def _on_progress(done: int, total: int, message: str) -> None:
        if dialog is not None and shiboken6.isValid(dialog):
            dialog.setMaximum(total)
            dialog.setValue(done)
            if message:
                dialog.setLabelText(message)

    def _close() -> None:
        if dialog is not None and shiboken6.isValid(dialog):
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
        else:
            present(parent, exc)

    progress = default_runner().submit(
        fn, *args, on_done=_finished, on_error=_failed, on_progress=_on_progress, owner=parent
    )
    if dialog is not None:
        dialog.canceled.connect(progress.cancel_event.set)
    return progress


def wait_idle(msecs: int = 30000) -> bool:
    """For tests and shutdown: wait until the worker has nothing left."""
    return default_runner().wait_idle(msecs)
