"""Routine news said quietly: on the window's status bar, kept in `last_message`, never a box to close."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMainWindow, QWidget

SECONDS = 15


def main_window_of(widget: QWidget) -> QMainWindow | None:
    """The main window `widget` lives in, through the dialogs opened above it."""
    current: QWidget | None = widget
    while current is not None:
        window = current.window()
        if isinstance(window, QMainWindow):
            return window
        current = window.parentWidget()
    return None


def tell(widget: QWidget, text: str, *, place: QLabel | None = None) -> None:
    """Say `text` where the person looks: in `place` when given (a dialog's own line), and on the status bar
    of the main window; `widget.last_message` keeps it (what tests and the accessibility tools read)."""
    if place is not None:
        place.setText(text)
    window = main_window_of(widget)
    if window is not None:
        window.statusBar().showMessage(" ".join(text.replace("\n\n", " — ").replace("\n", " ; ").split()),
                                       SECONDS * 1000)  # fmt: skip
        window.last_message = text  # type: ignore[attr-defined]
    widget.last_message = text  # type: ignore[attr-defined]
