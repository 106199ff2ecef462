"""Driving the real main window on a demonstration store, as a person would, without a test runner.

Shared by bench_window.py (timings, stalls) and crash_scenarios.py (the three crashes of issue 12).
The driver never blocks the GUI thread: it waits by running the event loop in slices of 10 ms, so
a stall seen by the `StallMonitor` is the application's, not the driver's.
"""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("CLAUSEDESK_PASSPHRASE", "phrase de passe du banc")

from PySide6.QtCore import QElapsedTimer, QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit  # noqa: E402

from clausedesk.paths import Paths  # noqa: E402


def ensure_store(scale: str, root: Path) -> Path:
    """The demonstration store of `scale` under `root` (built once, reused afterwards)."""
    folder = root / scale
    if not (folder / "clausedesk.sqlite").exists():
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [sys.executable, "-m", "clausedesk", "--data-dir", str(folder), "demo", "--scale", scale],
            check=True,
        )
    return folder


def fresh_copy(source: Path, target: Path) -> Path:
    """A working copy of a store folder (the scenarios write; the reference store stays as built)."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for name in ("clausedesk.sqlite", "clausedesk.sqlite-wal"):
        if (source / name).exists():
            shutil.copyfile(source / name, target / name)
    return target


class StallMonitor:
    """A timer ticking every 10 ms: any gap over `threshold` ms is a stall of the GUI event loop."""

    def __init__(self, threshold_ms: float = 100.0) -> None:
        self.threshold = threshold_ms
        self.phase = "démarrage"
        self.stalls: list[dict[str, Any]] = []
        self.max_gap = 0.0
        self._clock = QElapsedTimer()
        self._clock.start()
        self._last = 0.0
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(10)
        self._timer.timeout.connect(self._tick)
        # full garbage collections (they hold the GIL: no thread runs meanwhile), to tell them from work
        self.full_collections: list[dict[str, Any]] = []
        self._gc_start = 0.0
        gc.callbacks.append(self._collected)

    def _collected(self, phase: str, info: dict[str, Any]) -> None:
        if info.get("generation") != 2:
            return
        now = time.perf_counter()
        if phase == "start":
            self._gc_start = now
        else:
            ms = (now - self._gc_start) * 1000
            if ms > 50:
                self.full_collections.append({"ms": round(ms, 1), "pendant": self.phase})

    def start(self) -> None:
        self._last = self._clock.nsecsElapsed() / 1e6
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        if self._collected in gc.callbacks:
            gc.callbacks.remove(self._collected)

    def pause(self) -> None:
        """The driver prepares data itself (not what a person does): not counted."""
        self._timer.stop()

    def resume(self) -> None:
        self.start()

    def _tick(self) -> None:
        now = self._clock.nsecsElapsed() / 1e6
        gap = now - self._last - 10.0
        self._last = now
        self.max_gap = max(self.max_gap, gap)
        if gap > self.threshold:
            self.stalls.append({"ms": round(gap, 1), "pendant": self.phase})


MESSAGES: list[str] = []  # the message boxes the window showed (closed by the driver, kept here)


def _dismiss_boxes() -> None:
    from PySide6.QtWidgets import QMessageBox

    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox) and widget.isVisible():
            MESSAGES.append(widget.text())
            print(f"message : {widget.text()}", file=sys.stderr, flush=True)
            widget.done(0)


_BOX_TIMER: QTimer | None = None


def watch_message_boxes() -> None:
    """A modal box would wait for a person forever: note its text and close it."""
    global _BOX_TIMER
    if _BOX_TIMER is None:
        _BOX_TIMER = QTimer()
        _BOX_TIMER.setInterval(200)
        _BOX_TIMER.timeout.connect(_dismiss_boxes)
        _BOX_TIMER.start()


def pump(ms: int = 10) -> None:
    QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, ms)
    time.sleep(0.001)


def wait_until(condition: Callable[[], bool], timeout_s: float = 120.0, what: str = "") -> None:
    end = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError(f"délai dépassé : {what}")
        pump()


def loaded(screen: Any) -> bool:
    return not getattr(screen, "loading", False)


@dataclass
class Desk:
    """The window and what the scenarios need of it."""

    app: QApplication
    session: Any
    window: Any
    monitor: StallMonitor
    timings: dict[str, float] = field(default_factory=dict)

    def close(self) -> None:
        self.window.close()
        pump(50)
        self.session.end()


def open_desk(folder: Path, monitor: StallMonitor | None = None) -> Desk:
    """Open the store and the window as `clausedesk` does; wait until the home figures are on screen."""
    from clausedesk.ui.app import make_application
    from clausedesk.ui.appsession import AppSession
    from clausedesk.ui.main_window import MainWindow
    from clausedesk.ui.trust import passphrase

    app = make_application()
    watch_message_boxes()
    monitor = monitor or StallMonitor()
    paths = Paths(folder)
    cpu0, wall0 = time.process_time(), time.perf_counter()
    session = AppSession(paths)
    session.take_lock()
    store = passphrase.open_store(paths)
    ctx = session.attach(store)
    cpu_open = time.process_time() - cpu0
    window = MainWindow(ctx)
    window.resize(1366, 768)
    window.show()
    monitor.start()
    home = window.screens["home"]
    wait_until(lambda: loaded(home) and home.status.isHidden(), what="chiffres de l'accueil")
    timings = {
        "open_cpu_s": cpu_open,
        "start_cpu_s": time.process_time() - cpu0,
        "start_wall_s": time.perf_counter() - wall0,
    }
    return Desk(app, session, window, monitor, timings)


def bare_window_cpu() -> float:
    """CPU time of a bare QMainWindow + QTableView (100 rows × 8 columns) until shown and painted."""
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QMainWindow, QTableView

    cpu0 = time.process_time()
    window = QMainWindow()
    model = QStandardItemModel(100, 8)
    for r in range(100):
        for c in range(8):
            model.setItem(r, c, QStandardItem(f"{r}-{c}"))
    view = QTableView()
    view.setModel(model)
    window.setCentralWidget(view)
    window.resize(1366, 768)
    window.show()
    for _ in range(3):
        pump(5)
    window.grab()
    cpu = time.process_time() - cpu0
    window.close()
    window.deleteLater()
    pump(5)
    return cpu


# -- the steps of the scenarios -------------------------------------------------------------------------
def previous_month(month: str) -> str:
    year, mm = int(month[:4]), int(month[5:7])
    return f"{year - 1:04d}-12" if mm == 1 else f"{year:04d}-{mm - 1:02d}"


def hours_screen(desk: Desk) -> Any:
    """« Heures du mois » on the latest month that has hours still to type (not all validated)."""
    screen = desk.window.show_screen("hours")
    wait_until(lambda: loaded(screen), what="lignes des heures")
    for _ in range(36):
        if screen.model.rowCount() >= 40:
            break
        screen.set_month(previous_month(screen.month))
        wait_until(lambda: loaded(screen), what="lignes des heures")
    if len(editable_rows(screen, 40)) < 40:
        # the demonstration validates every relevé it writes: put this month's back to « déclaré »
        from clausedesk.core.services import hours as service

        month = screen.month
        companies = sorted({r.company_uuid for r in screen.model.rows})
        desk.monitor.pause()
        desk.window.ctx.ops.run_now(
            lambda s: [service.set_releve_status(s, c, month, False) for c in companies]
        )
        desk.monitor.resume()
        screen.reload()
        wait_until(lambda: loaded(screen) and len(editable_rows(screen, 40)) >= 40, what="relevés rouverts")
    return screen


def type_cell(screen: Any, row: int, text: str) -> None:
    """Type `text` in the hours worked of `row`, then Entrée, through the real editor."""
    from clausedesk.ui.hours.models import GridModel

    screen.select_cell(row, GridModel.WORKED)
    screen.view.setFocus()
    QTest.keyClick(screen.view, Qt.Key.Key_F2)
    editor = screen.view.findChild(QLineEdit)
    if editor is None:
        return  # a validated relevé: the cell is not editable
    editor.selectAll()
    QTest.keyClicks(editor, text)
    QTest.keyClick(editor, Qt.Key.Key_Return)
    pump()


def editable_rows(screen: Any, count: int, start: int = 0) -> list[int]:
    from clausedesk.ui.hours.models import GridModel

    model, rows = screen.model, []
    for i in range(start, model.rowCount()):  # the first `count` only: the driver's own time is no stall
        if model.flags(model.index(i, GridModel.WORKED)) & Qt.ItemFlag.ItemIsEditable:
            rows.append(i)
            if len(rows) == count:
                break
    return rows


def interview_applications(
    folder: Path, count: int, monitor: StallMonitor | None = None
) -> list[tuple[str, str]]:
    """(offer uuid, application uuid) of applications at « Entretien » on open offers."""
    from sqlalchemy import select

    from clausedesk.db.models.recruitment import Application, JobOffer
    from clausedesk.db.store import Store

    if monitor is not None:
        monitor.pause()
    store = Store.open(Paths(folder))
    try:
        with store.session() as s:
            rows = s.execute(
                select(JobOffer.uuid, Application.uuid)
                .join(JobOffer, JobOffer.id == Application.offer_id)
                .where(Application.step == "entretien", JobOffer.status == "ouverte",
                       Application.deleted_at.is_(None))
                .limit(count)
            ).all()  # fmt: skip
        return [(str(o), str(a)) for o, a in rows]
    finally:
        store.close()
        if monitor is not None:
            monitor.resume()


def open_offer(desk: Desk, offer_uuid: str) -> Any:
    desk.window.navigate("job_offer", offer_uuid)
    page = desk.window.screens["recruitment"].page
    wait_until(lambda: page.offer_uuid == offer_uuid and loaded(page) and page.title.text(), what="offre")
    return page


def move_interview_forward(desk: Desk, offer_uuid: str, application_uuid: str) -> None:
    """Ctrl+→ on the candidate's card in « Entretien »; the contract form opens; close it."""
    from clausedesk.ui.recruitment.board import UUID

    page = open_offer(desk, offer_uuid)
    col = page.columns["entretien"]
    wait_until(lambda: any(col.item(i).data(UUID) == application_uuid for i in range(col.count())),
               what="carte en entretien")  # fmt: skip
    row = next(i for i in range(col.count()) if col.item(i).data(UUID) == application_uuid)
    col.setFocus()
    col.setCurrentRow(row)
    previous, said = page.dialog, len(MESSAGES)
    QTest.keyClick(col, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    wait_until(lambda: len(MESSAGES) > said or (
        page.dialog is not previous and isinstance(page.dialog, QDialog) and page.dialog.isVisible()
    ), what="formulaire du contrat")  # fmt: skip
    if len(MESSAGES) > said:
        return  # the move was refused with its French reason (e.g. every post of the offer is filled)
    page.dialog.reject()
    pump()
