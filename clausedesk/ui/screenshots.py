"""Rendering every screen and every dialog of a window to PNG files (offscreen), each checked for cuts."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from clausedesk.core.services import desk
from clausedesk.ui.main_window import MainWindow
from clausedesk.ui.widgets.layout_audit import cut_texts
from clausedesk.ui.widgets.lookup import choose


@contextmanager
def offscreen_screen(size: tuple[int, int]) -> Iterator[None]:
    """Qt's offscreen platform with one screen of `size` (its default screen is 800×800), so that dialogs
    size themselves as on the person's laptop; a platform already chosen (a real display) is kept."""
    chosen = os.environ.get("QT_QPA_PLATFORM")
    if chosen not in (None, "", "offscreen") or QApplication.instance() is not None:
        yield
        return
    with tempfile.TemporaryDirectory(prefix="clausedesk-ecran-") as folder:
        config = Path(folder) / "ecran.json"
        screen = {"name": "ecran", "x": 0, "y": 0, "width": size[0], "height": size[1],
                  "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}  # fmt: skip
        config.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
        os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
        try:
            yield
        finally:
            if chosen is None:
                os.environ.pop("QT_QPA_PLATFORM", None)
            else:
                os.environ["QT_QPA_PLATFORM"] = chosen


class Camera:
    """Shows a widget, lets the background reads land, checks it for cut texts, saves its picture."""

    def __init__(self, app: QApplication, window: MainWindow, target: Path, size: tuple[int, int]) -> None:
        self.app, self.window, self.target, self.size = app, window, target, size
        self.files: list[Path] = []
        self.problems: list[str] = []

    def settle(self) -> None:
        """The background reads landed and what they set laid out (a header sizes its columns a moment
        after its rows arrive)."""
        for _ in range(6):
            self.window.ctx.ops.runner.wait_idle(100)
            self.app.processEvents()
            self.app.sendPostedEvents()
        QThread.msleep(30)
        self.app.processEvents()

    def wait(self, busy: Any) -> None:
        """Until `busy()` is false (a screen or dialog filling itself in the background)."""
        for _ in range(600):
            if not busy():
                break
            self.window.ctx.ops.runner.wait_idle(50)
            self.app.processEvents()
        self.settle()

    def shot(self, widget: QWidget, name: str) -> Path:
        if widget is not self.window:
            widget.show()
        self.settle()
        screen = QWidget.screen(widget)  # the main window names its own screen(key)
        room = screen.availableGeometry().size() if screen is not None else None
        size = self.size if widget is self.window or room is None else (room.width(), room.height())
        self.problems += [f"{name} : {p}" for p in cut_texts(widget, size)]
        if widget is not self.window and (widget.width() > size[0] or widget.height() > size[1]):
            self.problems.append(f"{name} : {widget.width()}×{widget.height()} px, plus grand que l'écran")
        path = self.target / f"{name}.png"
        widget.grab().save(str(path))
        self.files.append(path)
        return path

    def close(self, widget: QWidget) -> None:
        """Close a dialog without its « abandon the changes? » question (nothing was meant to be saved)."""
        if isinstance(widget, QMessageBox):
            widget.done(0)
        elif isinstance(widget, QDialog):
            QDialog.done(widget, QDialog.DialogCode.Rejected)
        else:
            widget.close()
        self.settle()


DOC_MONTH = "2026-09"  # a month with hours on the demonstration store


def capture_all(
    app: QApplication, window: MainWindow, target: Path, size: tuple[int, int] = (1366, 768)
) -> tuple[list[Path], list[str]]:
    """Every screen (with an object open where the screen has pages), then every dialog; returns the files
    written and the cut texts found (in French, one line each)."""
    from clausedesk.ui.screenshot_dialogs import capture_dialogs

    camera = Camera(app, window, target, size)
    ops = window.ctx.ops
    lots, companies, people = ops.run_now(lambda s: (desk.rows(s, "lots"), desk.rows(s, "companies"),
                                                     desk.rows(s, "participants")))  # fmt: skip
    samples = {
        "markets": ("lot", lots[min(3, len(lots) - 1)]["uuid"]) if lots else None,
        "companies": ("company", companies[0]["uuid"]) if companies else None,
        "participants": ("participant", people[0]["uuid"]) if people else None,
    }
    for key in list(window.screens):
        screen = window.show_screen(key)
        # a screen filling itself in the background (Accueil: figures, then alert counts and first lines)
        camera.wait(lambda s=screen: getattr(s, "loading", False) or getattr(s, "reading_alerts", False))
        sample = samples.get(key)
        if sample is not None:
            window.navigate(*sample)
        if key == "reports" and screen is not None:  # the dashboard of the first marché, as it is sent
            camera.wait(lambda s=screen: s.market.count() == 0)
            if lots:  # the marché of the lot shown on the Marchés screen
                market = lots[min(3, len(lots) - 1)]["market_ref"]
                choose(screen.market, market, market)  # type: ignore[attr-defined]
                screen.month.set_month(DOC_MONTH)  # type: ignore[attr-defined]
                screen.preview()  # type: ignore[attr-defined]
                camera.wait(lambda s=screen: s.previewing)
        if key == "recruitment" and screen is not None:
            camera.wait(lambda s=screen: s.loading)
            if screen.model.rows:  # type: ignore[attr-defined]
                screen.table.selectRow(0)  # type: ignore[attr-defined]
                camera.wait(lambda s=screen: s.page.loading)
        camera.settle()
        camera.shot(window, key)
    capture_dialogs(camera)
    return camera.files, camera.problems
