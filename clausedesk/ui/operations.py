"""The screens' only way to the store: reads and writes as plain calls, run on the worker thread.

A screen asks `ops.read(self, fn, on_done)` or `ops.write(self, fn, on_done, changes="hours")` where
`fn(session)` calls the core services with plain values (never a repository). `fn` runs on the worker
thread in its own unit of work; its result, or its typed French error, comes back on the GUI thread.
A write then tells the open screens what changed (`bus.changed`). While an operation runs, the
cursor shows the application is busy; the window is never frozen. Long jobs with a progress dialog
(`task`) receive the session factory, as the report and package jobs expect. A modal form, which
must know whether its record was saved before it closes, waits for its one short unit of work
(`call`): it still runs on the worker thread, in turn with the other work on the store.

Anki's `aqt.operations` (QueryOp / CollectionOp) is the model.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from clausedesk.ui.errors import present
from clausedesk.ui.tasks import Progress, TaskRunner, run_task

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

T = TypeVar("T")


class Bus(QObject):
    """Application-wide notifications: `changed(kind)` after a write, so open lists can reload."""

    changed = Signal(str)


class _Busy:
    """The busy cursor, shown while at least one operation a person waits for is running."""

    def __init__(self) -> None:
        self.count = 0

    def enter(self) -> None:
        self.count += 1
        if self.count == 1 and QGuiApplication.instance() is not None:
            QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)

    def leave(self) -> None:
        if self.count == 0:
            return
        self.count -= 1
        if self.count == 0 and QGuiApplication.instance() is not None:
            QGuiApplication.restoreOverrideCursor()


class Operations:
    """Reads and writes for the screens. Holds the open store; screens hold this, never the store."""

    def __init__(self, store: Any, runner: TaskRunner, bus: Bus | None = None) -> None:
        self._store = store
        self.runner = runner
        self.bus = bus or Bus()
        self._busy = _Busy()
        self._latest: dict[tuple[int, str], int] = {}
        self._serial = 0

    @property
    def data_root(self) -> Path:
        return Path(self._store.paths.root)

    @property
    def paths(self) -> Any:
        return self._store.paths

    @property
    def location(self) -> str:
        """Where the store is, for people: its file, or the server's address without password."""
        return str(self._store.location)

    # -- reads and writes ----------------------------------------------------------------------------
    def read(
        self,
        owner: QWidget,
        fn: Callable[[Session], T],
        on_done: Callable[[T], None],
        *,
        on_error: Callable[[BaseException], None] | None = None,
        latest: str = "",
        busy: bool = True,
    ) -> Progress:
        """Run `fn(session)` on the worker and hand its result to `on_done` on the GUI thread.

        With `latest`, only the last read of that name for `owner` is delivered (a month changed
        twice quickly shows the second month, never the first one late).
        """
        return self._submit(owner, fn, on_done, on_error, latest=latest, busy=busy, changes="")

    def read_sessions(
        self,
        owner: QWidget,
        fn: Callable[[Any], T],
        on_done: Callable[[T], None],
        *,
        latest: str = "",
        busy: bool = True,
    ) -> Progress:
        """As `read`, for a service that opens its own units of work from the session factory."""
        return self._submit(owner, fn, on_done, None, latest=latest, busy=busy, changes="", sessions=True)

    def write(
        self,
        owner: QWidget,
        fn: Callable[[Session], T],
        on_done: Callable[[T], None] | None = None,
        *,
        changes: str,
        on_error: Callable[[BaseException], None] | None = None,
        busy: bool = True,
    ) -> Progress:
        """Run `fn(session)` in one transaction on the worker; then `bus.changed(changes)` and `on_done`.

        On a refusal the transaction is rolled back (the store is as before) and `on_error` (else the
        shared presenter) receives the typed French error.
        """
        return self._submit(owner, fn, on_done, on_error, latest="", busy=busy, changes=changes)

    def _submit(
        self,
        owner: QWidget,
        fn: Callable[[Session], Any],
        on_done: Callable[[Any], None] | None,
        on_error: Callable[[BaseException], None] | None,
        *,
        latest: str,
        busy: bool,
        changes: str,
        sessions: bool = False,
    ) -> Progress:
        store = self._store
        self._serial += 1
        serial = self._serial
        key = (id(owner), latest)
        if latest:
            self._latest[key] = serial
        if busy:
            self._busy.enter()

        def work(progress: Progress) -> Any:
            if sessions:
                return fn(store.sessions)
            with store.session() as session:
                return fn(session)

        def current() -> bool:
            """False when the owner was destroyed meanwhile, or a newer read of the same name was asked."""
            return shiboken6.isValid(owner) and (not latest or self._latest.get(key) == serial)

        def done(result: Any) -> None:
            if busy:
                self._busy.leave()
            if changes:
                self.bus.changed.emit(changes)
            if on_done is not None and current():
                on_done(result)

        def failed(exc: BaseException) -> None:
            if busy:
                self._busy.leave()
            if not current():
                return
            if on_error is not None:
                on_error(exc)
            else:
                present(owner, exc)

        return self.runner.submit(work, on_done=done, on_error=failed)

    def task(
        self,
        owner: QWidget,
        title: str,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        show_progress: bool = True,
        changes: str = "",
        with_store: bool = False,
    ) -> Progress:
        """A long job `fn(sessions, *args, progress=...)` with a cancellable progress dialog.

        `with_store`: the job also receives `store=` (an import takes its backup before writing); it runs
        on the worker, the screen itself never holds the store.
        """
        if with_store:
            store, job = self._store, fn

            def fn(sessions: Any, *job_args: Any, progress: Any) -> Any:
                return job(sessions, *job_args, store=store, progress=progress)

        def finished(result: Any) -> None:
            if changes:
                self.bus.changed.emit(changes)
            if on_done is not None:
                on_done(result)

        return run_task(owner, title, fn, self._store.sessions, *args, on_done=finished,
                        on_error=on_error, show_progress=show_progress)  # fmt: skip

    def call(self, fn: Callable[[Session], T], *, changes: str = "") -> T:
        """A short unit of work the caller waits for (a form's values, a form's save, a confirmation).

        `fn(session)` runs on the worker thread before the work still queued, in one transaction; its
        result is returned, its error raised here (a form shows it in place, its typing kept). After a
        write, `bus.changed(changes)`.
        """
        store = self._store

        def unit() -> T:
            with store.session() as session:
                return fn(session)

        return self._wait(unit, changes)

    def call_sessions(self, fn: Callable[[Any], T], *, changes: str = "") -> T:
        """As `call`, for a service that opens its own units of work from the session factory."""
        store = self._store
        return self._wait(lambda: fn(store.sessions), changes)

    def _wait(self, unit: Callable[[], T], changes: str) -> T:
        finished = threading.Event()
        outcome: dict[str, Any] = {}

        def work(progress: Progress) -> None:
            try:
                outcome["result"] = unit()
            except BaseException as exc:  # raised again on the caller's thread
                outcome["error"] = exc
            finally:
                finished.set()

        if threading.current_thread() is self._worker_thread():
            work(Progress(lambda *_a: None))
        else:
            self.runner.submit(work, urgent=True)  # ahead of the reads queued, after the running one
            finished.wait()
        if "error" in outcome:
            raise outcome["error"]
        if changes:
            self.bus.changed.emit(changes)
        return outcome["result"]  # type: ignore[no-any-return]

    def _worker_thread(self) -> threading.Thread | None:
        return self.runner._thread

    def backup(self, reason: str = "") -> Path:
        """A verified copy of the store now (the backups screen, before a purge); waits for the worker."""
        return self.call(lambda _s: self._store.backup(reason=reason) if reason else self._store.backup())

    def describe_backup(self, path: Path) -> Any:
        """What a backup file holds (its counts), read with the store's passphrase."""
        from clausedesk.core.services import desk

        return desk.describe_backup(path, self._store.passphrase)

    def restore(self, source: Path) -> None:
        """Replace the store's file by `source` (the store must be closed or idle; the caller restarts)."""
        from clausedesk.core.services import desk

        desk.restore_backup(self._store.paths, source, self._store.passphrase)

    def run_now(self, fn: Callable[[Session], T]) -> T:
        """A read on the calling thread, for tests and command-line helpers only (never from a screen)."""
        with self._store.session() as session:
            return fn(session)
