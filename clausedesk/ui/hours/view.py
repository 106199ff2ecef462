"""The grid's view of the "Heures du mois" screen: pasting a block, copying, clearing, like a spreadsheet."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QTableView

if TYPE_CHECKING:
    from clausedesk.ui.hours.screen import HoursScreen


class HoursView(QTableView):
    """The grid's view: Ctrl+V pastes a block of cells (tab-separated), Ctrl+C copies one, Suppr clears."""

    def __init__(self, screen: HoursScreen) -> None:
        super().__init__()
        self.hours_screen = screen

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if self.state() != QAbstractItemView.State.EditingState:
            if event.matches(QKeySequence.StandardKey.Paste):
                self.hours_screen.paste_text(QGuiApplication.clipboard().text())
                return
            if event.matches(QKeySequence.StandardKey.Copy):
                self.hours_screen.copy_selection()
                return
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.hours_screen.clear_selection()
                return
        super().keyPressEvent(event)
