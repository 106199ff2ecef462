"""The desk's look: dialogs that grow to show their wrapped texts whole, the navigation's icons and style."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTreeView,
    QWidget,
)

T = TypeVar("T")


def fit_wrapped(dialog: QWidget) -> None:
    """Grow `dialog` so that each word-wrapped label shows all its lines.

    Qt sizes a window from its labels' one-line heights: a message of three lines set in a dialog
    (a refused passphrase) then overlaps what is above it. Each wrapped label gets as minimum the
    height its text needs at its present width, and the dialog grows (never shrinks) to hold them.
    """
    layout = dialog.layout()
    if layout is None:
        return
    layout.activate()
    changed = False
    for label in dialog.findChildren(QLabel):
        if not label.wordWrap() or not label.isVisibleTo(dialog) or label.width() <= 0:
            continue
        needed = label.heightForWidth(label.width())
        if needed > label.minimumHeight() and needed > label.height():
            label.setMinimumHeight(needed)
            changed = True
    if not changed:
        return
    layout.activate()
    least = dialog.minimumSizeHint()
    if least.height() > dialog.height() or least.width() > dialog.width():
        dialog.resize(max(dialog.width(), least.width()), max(dialog.height(), least.height()))


def _fit_file_columns(dialog: QFileDialog) -> None:
    """Qt's file dialog: size, type and date columns as wide as their text (« 02/12/… 03:26 » before),
    the name taking the rest."""
    view = dialog.findChild(QTreeView, "treeView")
    if view is None:
        return
    header = view.header()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(1, header.count()):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)


class DialogFitter(QObject):
    """Each dialog watched is fitted when shown and when its layout changes (a message set).

    Installed on each dialog (`FittedDialog`), and on the whole application only while Qt's file dialog is
    open (`fitting_file_dialogs`): a filter on the whole application would call Python for every event of
    every widget, and each call waits for the GIL while a background thread runs Python (ui/heap.py).
    """

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if kind == QEvent.Type.Show and isinstance(watched, QFileDialog):
            _fit_file_columns(watched)
        if (
            kind in (QEvent.Type.Show, QEvent.Type.LayoutRequest)
            and isinstance(watched, QDialog)
            and not (isinstance(watched, (QFileDialog, QMessageBox)))
        ):
            dialog = watched
            QTimer.singleShot(0, dialog, lambda: fit_wrapped(dialog) if dialog.isVisible() else None)
        return False


def fitter() -> DialogFitter:
    """The application's one fitter."""
    app = QApplication.instance()
    found = getattr(app, "_clausedesk_fitter", None)
    if found is None:
        found = DialogFitter(app)
        app._clausedesk_fitter = found  # type: ignore[attr-defined]
    return found


def install(app: QApplication) -> None:
    """Once per application: the fitter exists (dialogs install it on themselves)."""
    fitter()


class FittedDialog(QDialog):
    """The desk's dialogs: each grows to show its wrapped texts whole (see `fit_wrapped`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.installEventFilter(fitter())


def fit_dialog(dialog: QDialog) -> None:
    """A dialog made as a plain QDialog or QFileDialog, fitted as `FittedDialog` is."""
    dialog.installEventFilter(fitter())


def file_dialog(ask: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """`ask` (QFileDialog.getOpenFileName and the like) with the file dialog's columns fitted."""
    with fitting_file_dialogs():
        return ask(*args, **kwargs)


@contextmanager
def fitting_file_dialogs() -> Iterator[None]:
    """While Qt's own file dialog (QFileDialog.getSaveFileName and the like) is open: its columns fitted."""
    app = QApplication.instance()
    watcher = fitter()
    app.installEventFilter(watcher)
    try:
        yield
    finally:
        app.removeEventFilter(watcher)


# -- the navigation: drawn icons and its style ----------------------------------------------------------
NAVY, WHITE = "#1f3b5a", "#ffffff"

NAVIGATION_STYLE = """
QListWidget#navigation { background: #eef2f6; border: none; border-right: 1px solid #d3dae2;
                         font-size: 10.5pt; outline: 0; padding-top: 6px; }
QListWidget#navigation::item { padding: 6px 6px; margin: 1px 6px; border-radius: 4px; color: #1f2d3a; }
QListWidget#navigation::item:selected { background: #1f3b5a; color: white; }
QListWidget#navigation::item:hover:!selected { background: #dce4ee; }
"""


def _glyph(key: str, p: QPainter) -> None:
    """The glyph of screen `key` on a 24×24 grid (lines only; the pen is set by the caller)."""
    if key == "home":  # a house
        p.drawPolyline(QPolygonF([QPointF(3, 12), QPointF(12, 4), QPointF(21, 12)]))
        p.drawRect(QRectF(6, 11, 12, 9))
        p.drawRect(QRectF(10.5, 14, 3, 6))
    elif key == "markets":  # a contract: a page with a folded corner and lines
        page = [QPointF(5, 3), QPointF(15, 3), QPointF(19, 7), QPointF(19, 21), QPointF(5, 21)]
        p.drawPolygon(QPolygonF(page))
        p.drawPolyline(QPolygonF([QPointF(15, 3), QPointF(15, 7), QPointF(19, 7)]))
        for y in (11, 14, 17):
            p.drawLine(QPointF(8, y), QPointF(16, y))
    elif key == "companies":  # a works building with a saw-tooth roof and a chimney
        outline = [(3, 21), (3, 11), (8, 14), (8, 11), (13, 14), (13, 11), (18, 14), (18, 4), (21, 4),
                   (21, 21), (3, 21)]  # fmt: skip
        p.drawPolyline(QPolygonF([QPointF(x, y) for x, y in outline]))
        for x in (6, 11, 16):
            p.drawRect(QRectF(x - 1, 16, 2, 2))
    elif key == "participants":  # two people
        p.drawEllipse(QPointF(9, 8), 3, 3)
        p.drawArc(QRectF(3, 13, 12, 12), 0, 180 * 16)
        p.drawEllipse(QPointF(16.5, 9), 2.5, 2.5)
        p.drawArc(QRectF(13, 14, 9, 10), 0, 150 * 16)
    elif key == "hours":  # a clock
        p.drawEllipse(QPointF(12, 12), 8.5, 8.5)
        p.drawPolyline(QPolygonF([QPointF(12, 6.5), QPointF(12, 12), QPointF(16, 14)]))
    elif key == "recruitment":  # a briefcase
        p.drawRoundedRect(QRectF(3, 8, 18, 12), 2, 2)
        p.drawPolyline(QPolygonF([QPointF(9, 8), QPointF(9, 5), QPointF(15, 5), QPointF(15, 8)]))
        p.drawLine(QPointF(3, 13), QPointF(21, 13))
    elif key == "parcours":  # a path between two steps
        p.drawEllipse(QPointF(6, 18), 2.5, 2.5)
        p.drawEllipse(QPointF(18, 6), 2.5, 2.5)
        path = QPainterPath(QPointF(8.5, 18))
        path.cubicTo(QPointF(20, 18), QPointF(4, 6), QPointF(15.5, 6))
        p.drawPath(path)
    elif key == "reports":  # a bar chart
        p.drawLine(QPointF(3, 21), QPointF(21, 21))
        for left, top in ((5.0, 13.0), (10.5, 7.0), (16.0, 10.0)):
            p.drawRect(QRectF(left, top, 3.5, 21 - top))
    elif key == "journal":  # a calendar page
        p.drawRoundedRect(QRectF(4, 5, 16, 16), 2, 2)
        p.drawLine(QPointF(4, 10), QPointF(20, 10))
        for x in (8, 16):
            p.drawLine(QPointF(x, 3), QPointF(x, 7))
        p.drawLine(QPointF(8, 14), QPointF(16, 14))
        p.drawLine(QPointF(8, 17), QPointF(13, 17))
    elif key == "sync":  # two arrows turning
        p.drawArc(QRectF(4, 4, 16, 16), 30 * 16, 150 * 16)
        p.drawArc(QRectF(4, 4, 16, 16), 210 * 16, 150 * 16)
        p.drawPolyline(QPolygonF([QPointF(16, 4), QPointF(19, 7.5), QPointF(15, 9)]))
        p.drawPolyline(QPolygonF([QPointF(8, 20), QPointF(5, 16.5), QPointF(9, 15)]))
    else:  # settings: a gear
        p.drawEllipse(QPointF(12, 12), 6, 6)
        p.drawEllipse(QPointF(12, 12), 2.5, 2.5)
        for i in range(8):
            angle = math.radians(i * 45)
            p.drawLine(QPointF(12 + 6 * math.cos(angle), 12 + 6 * math.sin(angle)),
                       QPointF(12 + 9 * math.cos(angle), 12 + 9 * math.sin(angle)))  # fmt: skip


def _pixmap(key: str, colour: str, size: int) -> QPixmap:
    scale = 2  # drawn at twice the size: sharp on high-density screens too
    pixmap = QPixmap(size * scale, size * scale)
    pixmap.fill(Qt.GlobalColor.transparent)
    pixmap.setDevicePixelRatio(scale)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(size / 24, size / 24)
    pen = QPen(QColor(colour), 1.7)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    _glyph(key, painter)
    painter.end()
    return pixmap


def nav_icon(key: str, size: int = 20) -> QIcon:
    """The icon of screen `key` in the navigation: navy, white on the selected line (drawn here, no file)."""
    icon = QIcon()
    icon.addPixmap(_pixmap(key, NAVY, size), QIcon.Mode.Normal)
    icon.addPixmap(_pixmap(key, WHITE, size), QIcon.Mode.Selected)
    return icon


def fit_hint(edit: QLineEdit) -> QLineEdit:
    """An empty field shows its whole hint (« Rechercher un nom… », not « Rechercher un no… »)."""
    needed = edit.fontMetrics().horizontalAdvance(edit.placeholderText()) + 16
    if edit.isClearButtonEnabled():
        needed += 20
    edit.setMinimumWidth(max(edit.minimumWidth(), needed))
    return edit
