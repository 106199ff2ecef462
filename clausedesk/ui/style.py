"""The desk's look: dialogs that grow to show their wrapped texts whole, and the navigation's style."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QLabel, QMessageBox, QWidget


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


class DialogFitter(QObject):
    """Application-wide: each dialog is fitted when shown and when its layout changes (a message set)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if (
            kind in (QEvent.Type.Show, QEvent.Type.LayoutRequest)
            and isinstance(watched, QDialog)
            and not (isinstance(watched, (QFileDialog, QMessageBox)))
        ):
            dialog = watched
            QTimer.singleShot(0, dialog, lambda: fit_wrapped(dialog) if dialog.isVisible() else None)
        return False


def install(app: QApplication) -> None:
    """Once per application."""
    if getattr(app, "_clausedesk_fitter", None) is None:
        fitter = DialogFitter(app)
        app.installEventFilter(fitter)
        app._clausedesk_fitter = fitter  # type: ignore[attr-defined]
